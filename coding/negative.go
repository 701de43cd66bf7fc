package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// A negative case is a typed memo (Type MemoNegativeCase) whose Target is
// the passage or source that challenges the model and whose first further
// target is the category (a stage or a category under one) it challenges.

// NegativeRequest records a negative case: Ref is a passage reference
// (SRC#N, SRC#N:S-E) or a source id, Against a stage or category.
type NegativeRequest struct {
	Ref, Against, Why string
}

// NegativeResult is the memo written or removed.
type NegativeResult struct {
	Memo    Memo
	Summary string
}

// RuleNotStageOrCategory: a negative case must be against a stage or a
// category of the codebook.
const RuleNotStageOrCategory = "negative-against"

// AddNegativeCase writes a negative-case memo after checking that the
// passage or source exists and that Against is a stage or a category.
func AddNegativeCase(ctx context.Context, s Store, req NegativeRequest) (NegativeResult, error) {
	var res NegativeResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	why := strings.TrimSpace(req.Why)
	if why == "" {
		return res, &errs.Invalid{Field: "body", Rule: RuleEmptyMemo, Reason: "a negative case needs its reason: why the passage speaks against the stage"}
	}
	cb := s.WorkingCodebook()
	against := strings.TrimSpace(req.Against)
	name := ""
	if i := cb.StageIndex(against); i >= 0 {
		name = cb.Core.Stages[i]
	} else if c := cb.Category(against); c != nil {
		name = c.Name
	}
	if name == "" {
		var near []string
		if cb.Core != nil {
			near = append(near, cb.Core.Stages...)
		}
		return res, &errs.Invalid{Field: "against", Rule: RuleNotStageOrCategory, Value: req.Against,
			Reason: fmt.Sprintf("%q is neither a stage of the core nor a category (stages: %s)", req.Against, strings.Join(near, ", "))}
	}
	ref := strings.TrimSpace(req.Ref)
	var t Target
	if !strings.ContainsAny(ref, "#:") {
		if _, err := s.Turns(ref); err != nil {
			return res, err
		}
		t = Target{Kind: TargetSource, Name: ref}
	} else {
		if _, err := ResolveArg(s, ref, ""); err != nil {
			return res, err
		}
		r, _ := corpus.ParseRef(ref) // parsed by ResolveArg
		t = Target{Kind: TargetRef, Name: r.String()}
	}
	now := s.Now()
	m := Memo{ID: s.NewMemoID(now), Target: t, Targets: []Target{{Kind: TargetCategory, Name: name}},
		Author: s.CoderName(), Created: now, Type: MemoNegativeCase, Body: why}
	s.AddMemo(m)
	res.Memo = m
	res.Summary = fmt.Sprintf("negative case %s: %s against %q", m.ID, t.Name, name)
	return res, nil
}

// NegativeCaseOf returns the passage or source and the stage or category
// of a negative-case memo; ok is false for other memos.
func NegativeCaseOf(m Memo) (ref, against string, ok bool) {
	if m.Type != MemoNegativeCase {
		return "", "", false
	}
	ref = m.Target.Name
	for _, t := range m.Targets {
		if t.Kind == TargetCategory {
			return ref, t.Name, true
		}
	}
	return ref, "", true
}

// NegativeCases returns the negative-case memos among ms, oldest first.
func NegativeCases(ms []Memo) []Memo {
	var out []Memo
	for _, m := range ms {
		if _, _, ok := NegativeCaseOf(m); ok {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b Memo) int { return a.Created.Compare(b.Created) })
	return out
}

// RemoveNegativeCase removes a negative-case memo by id. It refuses a
// memo of another type.
func RemoveNegativeCase(ctx context.Context, s Store, id string) (NegativeResult, error) {
	var res NegativeResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	ms, err := s.Memos()
	if err != nil {
		return res, err
	}
	i := slices.IndexFunc(ms, func(m Memo) bool { return m.ID == strings.TrimSpace(id) })
	if i < 0 || ms[i].Type != MemoNegativeCase {
		var near []string
		for _, m := range NegativeCases(ms) {
			near = append(near, m.ID)
		}
		return res, &errs.NotFound{Kind: "negative case", Name: id, Near: near}
	}
	s.RemoveMemo(ms[i])
	_, against, _ := NegativeCaseOf(ms[i])
	res.Memo = ms[i]
	res.Summary = fmt.Sprintf("negative case %s removed (%s against %q)", id, ms[i].Target.Name, against)
	return res, nil
}
