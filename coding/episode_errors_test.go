package coding

import (
	"errors"
	"strings"
	"testing"
)

// TestValidateEpisodesNamesTheFirstHolder: a duplicate name is reported
// with the 1-based number and range of the episode that holds it first.
func TestValidateEpisodesNamesTheFirstHolder(t *testing.T) {
	es := []Episode{
		{Name: "Other", Source: "P01", From: 1, To: 2},
		{Name: "Crisis night", Source: "P02", From: 3, To: 5},
		{Name: " crisis NIGHT ", Source: "P03", From: 1, To: 1},
	}
	err := ValidateEpisodes(es, nil)
	if !errors.Is(err, ErrInvalidEpisode) {
		t.Fatalf("err = %v", err)
	}
	if want := "already used by episode 2 (P02#3-5)"; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %q, want it to say %q", err, want)
	}
}

// TestEpisodeFileErrorPosition: a position is printed only when there is
// one.
func TestEpisodeFileErrorPosition(t *testing.T) {
	cause := errors.New("bad")
	if got := (&EpisodeFileError{File: "episodes.yaml", Err: cause}).Error(); got != "episodes.yaml: bad" {
		t.Errorf("without a line: %q", got)
	}
	if got := (&EpisodeFileError{File: "episodes.yaml", Line: 1, Column: 3, Err: cause}).Error(); got != "episodes.yaml:1:3: bad" {
		t.Errorf("line 1: %q", got)
	}
}
