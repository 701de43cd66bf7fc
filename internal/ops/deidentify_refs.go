package ops

import (
	"fmt"
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/deid"
	"github.com/grounded-qda/grounded/internal/project"
)

// reanchorCitations moves the passages that relations cite as evidence
// and that memos are about onto the de-identified turns, as codings are
// moved: a span (SRC#N:S-E, SRC:S-E) in a rewritten source keeps its
// words, whose offsets shift when a name is replaced by a pseudonym of
// another length. A whole turn (SRC#N) needs no change. It returns how
// many citations and memo targets moved.
func reanchorCitations(e *project.Edit, plan *deid.Plan, old, new map[string][]corpus.Turn, changed map[string]bool) (int, error) {
	moveRef := func(s string) (string, error) {
		r, err := corpus.ParseRef(s)
		if err != nil || !changed[r.Source] || (!r.HasSpan && r.Turn != 0) {
			return s, nil // not a passage of a rewritten source, or a whole turn
		}
		c := coding.Coding{ID: s, Source: r.Source, Turn: r.Turn, Start: r.Start, End: r.End}
		moved, err := plan.Reanchor([]coding.Coding{c}, old, new)
		if err != nil {
			return "", fmt.Errorf("passage %s: %w", s, err)
		}
		return moved[0].Ref().String(), nil
	}
	n := 0
	for _, r := range e.WorkingCodebook().Relations {
		for i, ev := range r.Evidence {
			if !codebook.IsPassageEvidence(ev) {
				continue // a coding id: the coding itself is re-anchored
			}
			to, err := moveRef(ev)
			if err != nil {
				return n, fmt.Errorf("relation %s → %s cites %w", r.From, r.To, err)
			}
			if to != ev {
				r.Evidence[i] = to
				n++
			}
		}
	}
	ms, err := e.Memos()
	if err != nil {
		return n, err
	}
	for _, m := range ms {
		nm := m
		nm.Targets = slices.Clone(m.Targets)
		moved := false
		for _, t := range append([]*coding.Target{&nm.Target}, ptrs(nm.Targets)...) {
			if t.Kind != coding.TargetRef {
				continue
			}
			to, err := moveRef(t.Name)
			if err != nil {
				return n, fmt.Errorf("memo %s is about %w", m.ID, err)
			}
			if to != t.Name {
				t.Name = to
				moved = true
				n++
			}
		}
		if moved {
			e.RemoveMemo(m)
			e.AddMemo(nm)
		}
	}
	return n, nil
}

func ptrs[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}
