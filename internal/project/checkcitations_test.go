package project

import (
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/errs"
)

// TestCheckCitations: a relation citing a coding that is gone and a
// passage out of range gets one warning per citation, at the relation's
// line of codebook.yaml, with the uncite action; the citations that
// resolve get none.
func TestCheckCitations(t *testing.T) {
	p, cs := coded(t)
	edit(t, p, "alice", "relate", func(e *Edit) error {
		r, _, err := e.Codebook.Relate("Showing up", "Trust", "condition", "")
		if err != nil {
			return err
		}
		_, err = r.AddEvidence(cs[0].ID, "0123456789ab", "P1#1", "P1#99")
		return err
	})
	r := check(t, p, false)
	var got []Problem
	for _, pr := range r.Problems {
		if pr.Action == errs.ActionUncite {
			got = append(got, pr)
		}
	}
	if len(got) != 2 {
		t.Fatalf("citation problems %+v, want 2 (all problems %+v)", got, r.Problems)
	}
	for i, cite := range []string{"0123456789ab", "P1#99"} {
		pr := got[i]
		if pr.Severity != "warning" || pr.File != CodebookFile || pr.Line == 0 ||
			!slices.Equal(pr.Args, []string{"Showing up", "Trust", "condition", cite}) ||
			!strings.Contains(pr.Message, `relation "Showing up" → "Trust" (condition) cites `+cite+", which no longer resolves") {
			t.Errorf("problem %d: %+v", i, pr)
		}
	}
}
