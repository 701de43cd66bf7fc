package coding_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Operation results the front ends print, written from the mutation-testing
// triage (docs/mutation/coding.md).

func TestUncodeIDsRemovesEveryOne(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	s.seed(cod("a", "Trust", "P1", 2, 0, 5, "bob"), cod("b", "Trust", "P1", 2, 7, 11, "ann"), cod("c", "Trust", "P2", 1, 0, 6, "ann"))
	res, err := coding.UncodeIDs(ctx, s, coding.UncodeIDsRequest{IDs: []string{"a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "c=Trust" || len(res.Removed) != 2 || res.Summary != "removed 2 coding(s)" {
		t.Errorf("after uncoding a and b: codings %s, removed %d, summary %q", got, len(res.Removed), res.Summary)
	}
}

func TestCodeNotFoundFiveSuggestions(t *testing.T) {
	s := newFake(t, "ann", "Trust 1", "Trust 2", "Trust 3", "Trust 4", "Trust 5")
	var nf *errs.NotFound
	if !errors.As(coding.CodeNotFound(s.cb, "trust"), &nf) || len(nf.Near) != 5 {
		t.Errorf("five near names: near = %q, want all five", nf.Near)
	}
	if _, err := s.cb.AddCode("Trust 6", ""); err != nil {
		t.Fatal(err)
	}
	if !errors.As(coding.CodeNotFound(s.cb, "trust"), &nf) || len(nf.Near) != 0 {
		t.Errorf("six near names: near = %q, want none (too many to help)", nf.Near)
	}
}

func TestResolveArgQuoteInSourceSpan(t *testing.T) {
	s := newFake(t, "ann")
	_, err := coding.ResolveArg(s, "P1:0-10", "How")
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Rule != coding.RuleSourceSpanQuote {
		t.Errorf("a quote inside a source-level span: %v, want %s", err, coding.RuleSourceSpanQuote)
	}
	sp, err := coding.ResolveArg(s, "P1#2:7-21", "kept")
	if err != nil || sp.Turn != 2 || sp.Start != 7 || sp.End != 11 {
		t.Errorf("a quote inside a turn's span: %+v, %v", sp, err)
	}
}

func TestApplyToCodeInItsCategory(t *testing.T) {
	s := newFake(t, "ann")
	if _, err := s.cb.AddCategory("Being there", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.cb.AddCode("Showing up", "Being there"); err != nil {
		t.Fatal(err)
	}
	res, err := coding.Apply(ctx, s, coding.ApplyRequest{Code: "showing up", Category: "being there", Refs: []string{"P1#2"}})
	if err != nil || len(res.Made) != 1 {
		t.Errorf("applying a code with its own category: %+v, %v", res, err)
	}
	_, err = coding.Apply(ctx, s, coding.ApplyRequest{Code: "showing up", Category: "Elsewhere", Refs: []string{"P2#1"}})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Rule != coding.RuleOtherCategory {
		t.Errorf("applying a code with another category: %v, want %s", err, coding.RuleOtherCategory)
	}
}

func TestRenameSummary(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	s.seed(cod("a", "Trust", "P1", 2, 0, 5, "ann"))
	res, err := coding.Rename(ctx, s, coding.RenameRequest{Old: "Trust", New: "Faith"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != `renamed code "Trust" to "Faith" (1 codings)` {
		t.Errorf("summary = %q", res.Summary)
	}
}

func TestDeleteUnusedCodeNeedsNoForce(t *testing.T) {
	s := newFake(t, "ann", "Misc", "Trust")
	s.seed(cod("b", "Trust", "P1", 2, 0, 5, "ann"))
	res, err := coding.DeleteCode(ctx, s, coding.DeleteCodeRequest{Code: "misc"})
	if err != nil || res.Removed != 0 || s.cb.Code("Misc") != nil {
		t.Errorf("deleting an unused code: %+v, %v", res, err)
	}
}

func TestAddProjectMemo(t *testing.T) {
	s := newFake(t, "ann")
	res, err := coding.AddMemo(ctx, s, coding.MemoRequest{Body: "about the whole study"})
	if err != nil {
		t.Fatal(err)
	}
	m := s.memos[res.Memo.ID]
	if m.Target.Kind != coding.TargetProject || len(m.Targets) != 0 || m.Body != "about the whole study" {
		t.Errorf("project memo = %+v", m)
	}
}

func TestEditMemoBodyOnlyAndNoChange(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	res, err := coding.AddMemo(ctx, s, coding.MemoRequest{Code: "Trust", Type: coding.MemoAnalytic, Body: "draft"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Memo.ID
	ed, err := coding.EditMemo(ctx, s, coding.EditMemoRequest{ID: id, Body: "final"})
	if err != nil {
		t.Fatal(err)
	}
	if m := s.memos[id]; m.Body != "final" || m.Type != coding.MemoAnalytic || !strings.Contains(ed.Summary, "edited memo") {
		t.Errorf("after editing the text only: %+v, summary %q", m, ed.Summary)
	}
	same, err := coding.EditMemo(ctx, s, coding.EditMemoRequest{ID: id, Body: "final"})
	if err != nil || same.Summary != "" {
		t.Errorf("an edit that changes nothing: summary %q, %v; want none", same.Summary, err)
	}
}

// TestRemoveTheOnlyNegativeCase: the first (here the only) memo of the
// project can be removed as a negative case.
func TestRemoveTheOnlyNegativeCase(t *testing.T) {
	s := newFake(t, "ann")
	if _, err := s.cb.AddCategory("Trusting", "", ""); err != nil {
		t.Fatal(err)
	}
	res, err := coding.AddNegativeCase(ctx, s, coding.NegativeRequest{Ref: "P1#2", Against: "Trusting", Why: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coding.RemoveNegativeCase(ctx, s, res.Memo.ID); err != nil || len(s.memos) != 0 {
		t.Errorf("removing the only negative case: %v, %d memos left", err, len(s.memos))
	}
}

// TestNegativeCaseNamesTheStageAsListed: against a stage (also the first),
// the memo names the stage as the core lists it (a hand-edited codebook
// may spell it in another case than the category).
func TestNegativeCaseNamesTheStageAsListed(t *testing.T) {
	s := newFake(t, "ann")
	for _, c := range []string{"Arriving", "Staying"} {
		if _, err := s.cb.AddCategory(c, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	s.cb.Core = &codebook.Core{Name: "Finding a place", Stages: []string{"arriving", "staying"}}
	for _, against := range []string{"Arriving", "STAYING"} {
		res, err := coding.AddNegativeCase(ctx, s, coding.NegativeRequest{Ref: "P1#2", Against: against, Why: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if _, got, _ := coding.NegativeCaseOf(res.Memo); got != strings.ToLower(against) {
			t.Errorf("against %q: the memo names %q, want the stage as listed", against, got)
		}
	}
}
