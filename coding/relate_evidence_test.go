package coding_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

func TestRelateEvidence(t *testing.T) {
	ctx := context.Background()
	s := newFake(t, "alice", "Showing up", "No judgement")
	s.seed(coding.Coding{ID: "aaaa00000001", Code: "Showing up", Source: "P1", Turn: 2, Start: 2, End: 24, Quote: "just kept showing up"})
	// Refused citations change nothing.
	for _, tc := range []struct {
		cite string
		want any
	}{
		{"bbbb00000002", new(*errs.NotFound)},
		{"P1#9", new(*errs.Invalid)},
		{"P7#1", new(*errs.Invalid)},
		{"P1#2:5-99", new(*errs.Invalid)},
		{"no such id", new(*errs.Invalid)},
	} {
		_, err := coding.Relate(ctx, s, coding.RelateRequest{From: "Showing up", To: "No judgement", As: "condition", Evidence: []string{"P2#1", tc.cite}})
		if err == nil || !errors.As(err, tc.want) {
			t.Errorf("%s: error %v (%T), want %T", tc.cite, err, err, tc.want)
		}
		if len(s.cb.Relations) != 0 {
			t.Fatalf("%s: a refused request changed the codebook: %+v", tc.cite, s.cb.Relations[0])
		}
	}
	res, err := coding.Relate(ctx, s, coding.RelateRequest{From: "showing up", To: "No judgement", As: "condition", Evidence: []string{"aaaa00000001", "P2#1"}})
	if err != nil || !res.New || !slices.Equal(res.Added, []string{"aaaa00000001", "P2#1"}) {
		t.Fatalf("Relate = %+v, %v", res, err)
	}
	res, err = coding.Relate(ctx, s, coding.RelateRequest{From: "Showing up", To: "No judgement", As: "Condition", Evidence: []string{"P2#1", "P1#2:2-6"}})
	if err != nil || res.New || !slices.Equal(res.Added, []string{"P1#2:2-6"}) {
		t.Fatalf("second Relate = %+v, %v", res, err)
	}
	if got := s.cb.Relations[0].Evidence; !slices.Equal(got, []string{"aaaa00000001", "P2#1", "P1#2:2-6"}) {
		t.Errorf("evidence %q", got)
	}

	// ResolveEvidence quotes each citation as the transcript has it and
	// reports what it cannot resolve.
	evs := coding.ResolveEvidence([]string{"aaaa00000001", "P2#1", "cccc00000003", "P7#1"}, s.begin, func(src string) ([]corpus.Turn, error) { return s.Turns(src) })
	if evs[0].Quote != "just kept showing up, " || evs[0].Ref != "P1#2:2-24" || evs[0].Code != "Showing up" {
		t.Errorf("coding citation %+v", evs[0])
	}
	if evs[1].Quote != "Nobody judged me there." || evs[1].Problem != "" {
		t.Errorf("passage citation %+v", evs[1])
	}
	if evs[2].Problem == "" || evs[3].Problem == "" {
		t.Errorf("unresolved citations without a problem: %+v %+v", evs[2], evs[3])
	}
}

func TestUncite(t *testing.T) {
	ctx := context.Background()
	s := newFake(t, "alice", "Showing up", "No judgement")
	if _, err := coding.Relate(ctx, s, coding.RelateRequest{From: "Showing up", To: "No judgement", As: "condition", Evidence: []string{"P2#1", "P1#2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := coding.Uncite(ctx, s, coding.UnciteRequest{From: "Showing up", To: "No judgement", Cites: []string{"P1#2", "P1#1"}}); !errors.As(err, new(*errs.NotFound)) {
		t.Fatalf("uncite of a citation the relation lacks: %v", err)
	}
	if got := s.cb.Relations[0].Evidence; len(got) != 2 {
		t.Fatalf("a refused uncite changed the evidence: %q", got)
	}
	res, err := coding.Uncite(ctx, s, coding.UnciteRequest{From: "showing up", To: "no judgement", As: "Condition", Cites: []string{" P2#1"}})
	if err != nil || !slices.Equal(res.Removed, []string{"P2#1"}) || !slices.Equal(s.cb.Relations[0].Evidence, []string{"P1#2"}) {
		t.Fatalf("Uncite = %+v, %v; evidence %q", res, err, s.cb.Relations[0].Evidence)
	}
	if _, err := coding.Uncite(ctx, s, coding.UnciteRequest{From: "Showing up", To: "Nowhere", Cites: []string{"P1#2"}}); !errors.As(err, new(*errs.NotFound)) {
		t.Errorf("uncite on a missing relation: %v", err)
	}
}
