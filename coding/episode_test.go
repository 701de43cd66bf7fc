package coding

import (
	"errors"
	"strings"
	"testing"
)

func TestEpisodeValidate(t *testing.T) {
	ok := Episode{Name: "Client K, first weeks", Source: "P04", From: 12, To: 30, Client: "K"}
	if err := ok.Validate(40); err != nil {
		t.Fatalf("valid episode: %v", err)
	}
	for _, tc := range []struct {
		e     Episode
		turns int
		want  string
	}{
		{Episode{Name: "", Source: "P04", From: 1, To: 2}, 0, "empty"},
		{Episode{Name: "A", Source: " ", From: 1, To: 2}, 0, "no source"},
		{Episode{Name: "A", Source: "P04", From: 0, To: 2}, 0, "1 <= FIRST"},
		{Episode{Name: "A", Source: "P04", From: 5, To: 4}, 0, "1 <= FIRST <= LAST"},
		{Episode{Name: "A", Source: "P04", From: 5, To: 41}, 40, "has 40 turns"},
		{Episode{Name: "A", Source: "P04", From: 1, To: 2, Client: "a\nb"}, 0, "control"},
	} {
		err := tc.e.Validate(tc.turns)
		if err == nil || !errors.Is(err, ErrInvalidEpisode) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.e, err, tc.want)
		}
	}
	err := ValidateEpisodes([]Episode{ok, {Name: "client k, FIRST weeks", Source: "P05", From: 1, To: 1}}, nil)
	if err == nil || !strings.Contains(err.Error(), "already used") {
		t.Errorf("duplicate names: %v", err)
	}
}

func TestEpisodeContains(t *testing.T) {
	e := Episode{Name: "A", Source: "P04", From: 3, To: 5}
	for _, tc := range []struct {
		c    Coding
		want bool
	}{
		{Coding{Source: "P04", Turn: 3}, true},
		{Coding{Source: "P04", Turn: 5}, true},
		{Coding{Source: "P04", Turn: 2}, false},
		{Coding{Source: "P04", Turn: 6}, false},
		{Coding{Source: "P05", Turn: 4}, false},
		{Coding{Source: "P04", Turn: 0}, false},
		{Coding{Source: "P04", Turn: 4, Orphaned: true}, false},
	} {
		if got := e.Contains(tc.c); got != tc.want {
			t.Errorf("Contains(%s#%d orphaned=%v) = %v", tc.c.Source, tc.c.Turn, tc.c.Orphaned, got)
		}
	}
	if e.Ref() != "P04#3-5" {
		t.Errorf("Ref = %q", e.Ref())
	}
}
