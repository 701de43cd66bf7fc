package coding_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// fakeStore is an in-memory coding.Store: the operations are tested
// without a project on disk.
type fakeStore struct {
	cb      *codebook.Codebook
	coder   string
	now     time.Time
	turns   map[string][]corpus.Turn
	codings []coding.Coding // as they stand
	begin   []coding.Coding // as they were when the change began
	memos   map[string]coding.Memo
	nmemo   int
}

func newFake(t *testing.T, coder string, codes ...string) *fakeStore {
	t.Helper()
	cb := codebook.New()
	for _, c := range codes {
		if _, err := cb.AddCode(c, ""); err != nil {
			t.Fatal(err)
		}
	}
	return &fakeStore{cb: cb, coder: coder, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		turns: map[string][]corpus.Turn{
			"P1": {{N: 1, Speaker: "I", Text: "How did it start?"}, {N: 2, Speaker: "P", Text: "I just kept showing up, every week."}},
			"P2": {{N: 1, Speaker: "P", Text: "Nobody judged me there."}},
		},
		memos: map[string]coding.Memo{}}
}

// seed adds codings as if they were on disk before the change.
func (s *fakeStore) seed(cs ...coding.Coding) {
	s.codings = append(s.codings, cs...)
	s.begin = slices.Clone(s.codings)
}

func (s *fakeStore) WorkingCodebook() *codebook.Codebook { return s.cb }
func (s *fakeStore) CoderName() string                   { return s.coder }
func (s *fakeStore) Now() time.Time                      { return s.now }
func (s *fakeStore) Turns(src string) ([]corpus.Turn, error) {
	t, ok := s.turns[src]
	if !ok {
		return nil, &errs.NotFound{Kind: errs.KindSource, Name: src}
	}
	return t, nil
}
func (s *fakeStore) Codings(src string) ([]coding.Coding, error) {
	var out []coding.Coding
	for _, c := range s.codings {
		if c.Source == src {
			out = append(out, c)
		}
	}
	return out, nil
}
func (s *fakeStore) AllCodings() ([]coding.Coding, error) { return slices.Clone(s.begin), nil }
func (s *fakeStore) AddCoding(c coding.Coding) (bool, error) {
	if slices.ContainsFunc(s.codings, func(x coding.Coding) bool { return coding.SameSpan(x, c) }) {
		return false, nil
	}
	s.codings = append(s.codings, c)
	return true, nil
}
func (s *fakeStore) RemoveCoding(c coding.Coding) error {
	i := slices.IndexFunc(s.codings, func(x coding.Coding) bool { return x.ID == c.ID })
	if i < 0 {
		return fmt.Errorf("coding %s is not in the store", c.ID)
	}
	s.codings = slices.Delete(s.codings, i, i+1)
	return nil
}
func (s *fakeStore) ReplaceCoding(old, new coding.Coding) error {
	if err := s.RemoveCoding(old); err != nil {
		return err
	}
	s.codings = append(s.codings, new)
	return nil
}
func (s *fakeStore) Memos() ([]coding.Memo, error) {
	var out []coding.Memo
	for _, m := range s.memos {
		out = append(out, m)
	}
	return out, nil
}
func (s *fakeStore) AddMemo(m coding.Memo)    { s.memos[m.ID] = m }
func (s *fakeStore) RemoveMemo(m coding.Memo) { delete(s.memos, m.ID) }
func (s *fakeStore) NewMemoID(time.Time) string {
	s.nmemo++
	return fmt.Sprintf("m%d", s.nmemo)
}

func cod(id, code, src string, turn, start, end int, coder string) coding.Coding {
	return coding.Coding{ID: id, Code: code, Source: src, Turn: turn, Start: start, End: end, Coder: coder}
}

// codesOf lists "id=code" for the store's codings, sorted.
func codesOf(s *fakeStore) string {
	var out []string
	for _, c := range s.codings {
		out = append(out, c.ID+"="+c.Code)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

var ctx = context.Background()

func TestApplyQuoteCreatesCodeAndSkipsDuplicates(t *testing.T) {
	s := newFake(t, "ann")
	req := coding.ApplyRequest{Code: "Showing up", Refs: []string{"P1#2"}, Quote: "kept showing up", Memo: "m"}
	res, err := coding.Apply(ctx, s, req)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || s.cb.Code("showing up") == nil {
		t.Errorf("the code was not created: %+v", res)
	}
	if len(res.Made) != 1 || len(s.codings) != 1 {
		t.Fatalf("made %d, store has %d; want 1 coding", len(res.Made), len(s.codings))
	}
	c := s.codings[0]
	if got := fmt.Sprintf("%s %d-%d %q %s %s", c.Ref().Source, c.Start, c.End, c.Quote, c.Coder, c.Memo); got != `P1 7-22 "kept showing up" ann m` {
		t.Errorf("coding = %s", got)
	}
	if !c.Created.Equal(s.now) {
		t.Errorf("created %v, want the store's clock %v", c.Created, s.now)
	}
	res, err = coding.Apply(ctx, s, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created || len(res.Made) != 0 || res.Duplicates != 1 || len(s.codings) != 1 {
		t.Errorf("second apply: %+v, store has %d codings; want one duplicate and no change", res, len(s.codings))
	}
}

func TestApplyChecksEveryTargetFirst(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	_, err := coding.Apply(ctx, s, coding.ApplyRequest{Code: "Trust", Refs: []string{"P1#2", "P1#9"}})
	if err == nil {
		t.Fatal("a turn that does not exist was accepted")
	}
	if len(s.codings) != 0 {
		t.Errorf("the first target was coded before the second was checked: %v", codesOf(s))
	}
	var inv *errs.Invalid
	_, err = coding.Apply(ctx, s, coding.ApplyRequest{Code: "Trust", Refs: []string{"P1"}})
	if !errors.As(err, &inv) || inv.Rule != coding.RuleBareSource {
		t.Errorf("a bare source without a quote: %v, want Invalid %s", err, coding.RuleBareSource)
	}
	_, err = coding.Apply(ctx, s, coding.ApplyRequest{Code: "Trust", Refs: []string{"P1#2:3-3"}})
	if !errors.As(err, &inv) || inv.Rule != coding.RuleEmptySpan {
		t.Errorf("an empty span: %v, want Invalid %s", err, coding.RuleEmptySpan)
	}
	_, err = coding.Apply(ctx, s, coding.ApplyRequest{InVivo: true, Refs: []string{"P1#2"}})
	if !errors.As(err, &inv) || inv.Rule != coding.RuleInVivoWords {
		t.Errorf("in vivo without words: %v, want Invalid %s", err, coding.RuleInVivoWords)
	}
}

func TestApplyInVivo(t *testing.T) {
	s := newFake(t, "ann")
	res, err := coding.Apply(ctx, s, coding.ApplyRequest{InVivo: true, Refs: []string{"P2#1"}, Quote: "Nobody  judged me"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Code != "Nobody judged me" || s.cb.Code("Nobody judged me") == nil {
		t.Errorf("in-vivo code = %q", res.Code)
	}
}

func TestRenameMovesEveryCodersCodingsAndMemos(t *testing.T) {
	s := newFake(t, "ann", "Showing up", "Trust")
	s.seed(cod("a", "Showing up", "P1", 2, 0, 5, "ann"), cod("b", "showing UP", "P2", 1, 0, 6, "bob"), cod("c", "Trust", "P1", 2, 0, 5, "ann"))
	s.memos["m0"] = coding.Memo{ID: "m0", Target: coding.Target{Kind: coding.TargetCode, Name: "Showing up"}}
	res, err := coding.Rename(ctx, s, coding.RenameRequest{Old: "showing up", New: "Being there"})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "a=Being there b=Being there c=Trust" {
		t.Errorf("codings after rename: %s", got)
	}
	if res.Moved != 2 || res.Old != "Showing up" || res.New != "Being there" {
		t.Errorf("result %+v", res)
	}
	if s.memos["m0"].Target.Name != "Being there" {
		t.Errorf("the memo on the code did not follow: %+v", s.memos["m0"])
	}
	if s.cb.Code("Showing up") != nil || s.cb.Code("Being there") == nil {
		t.Error("the codebook was not renamed")
	}
	_, err = coding.Rename(ctx, s, coding.RenameRequest{Old: "Nope", New: "X"})
	var nf *errs.NotFound
	if !errors.As(err, &nf) || nf.Kind != errs.KindCode {
		t.Errorf("renaming a missing code: %v, want NotFound code", err)
	}
}

func TestMergeCollapsesDuplicatesAndKeepsDefinitions(t *testing.T) {
	s := newFake(t, "ann", "Being there", "Showing up")
	s.cb.Code("Being there").Description = "present for them"
	s.seed(
		cod("a", "Being there", "P1", 2, 0, 5, "ann"),
		cod("b", "Showing up", "P1", 2, 0, 5, "ann"), // same span, same coder: collapses
		cod("c", "Showing up", "P1", 2, 0, 5, "bob"), // another coder: moves
		cod("d", "Showing up", "P2", 1, 0, 6, "ann"),
	)
	res, err := coding.Merge(ctx, s, coding.MergeRequest{Codes: []string{"Showing up", "Being there"}, Into: "Showing up"})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "b=Showing up c=Showing up d=Showing up" {
		t.Errorf("codings after merge: %s", got)
	}
	if res.Moved != 0 || res.Collapsed != 1 {
		t.Errorf("moved %d collapsed %d, want 0 and 1", res.Moved, res.Collapsed)
	}
	if s.cb.Code("Being there") != nil {
		t.Error("the merged code is still in the codebook")
	}
	if len(s.memos) != 1 || !strings.Contains(s.memos["m1"].Body, "present for them") {
		t.Errorf("the merged definition is not kept in a memo: %+v", s.memos)
	}
	_, err = coding.Merge(ctx, s, coding.MergeRequest{Codes: []string{"Showing up"}, Into: "showing up"})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Rule != coding.RuleNothingToMerge {
		t.Errorf("merging a code into itself: %v", err)
	}
}

func TestMergeIntoNewCodeMovesAll(t *testing.T) {
	s := newFake(t, "ann", "A", "B")
	s.seed(cod("a", "A", "P1", 2, 0, 5, "ann"), cod("b", "B", "P1", 2, 0, 5, "ann"), cod("c", "B", "P1", 2, 0, 5, "bob"))
	res, err := coding.Merge(ctx, s, coding.MergeRequest{Codes: []string{"A", "B"}, Into: "C"})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "a=C c=C" || res.Moved != 2 || res.Collapsed != 1 {
		t.Errorf("codings %s, moved %d, collapsed %d; want a=C c=C, 2, 1", got, res.Moved, res.Collapsed)
	}
}

func TestDeleteCodeRefusesWhileInUse(t *testing.T) {
	s := newFake(t, "ann", "Misc", "Trust")
	s.seed(cod("a", "Misc", "P1", 2, 0, 5, "bob"), cod("b", "Trust", "P1", 2, 0, 5, "ann"))
	_, err := coding.DeleteCode(ctx, s, coding.DeleteCodeRequest{Code: "misc"})
	var iu *errs.InUse
	if !errors.As(err, &iu) || iu.Count != 1 {
		t.Fatalf("deleting a code in use: %v, want InUse with 1", err)
	}
	res, err := coding.DeleteCode(ctx, s, coding.DeleteCodeRequest{Code: "misc", Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "b=Trust" || res.Removed != 1 || s.cb.Code("Misc") != nil {
		t.Errorf("after forced delete: codings %s, removed %d, code left: %v", got, res.Removed, s.cb.Code("Misc") != nil)
	}
}

func TestUncodeOnlyTheCodersOwn(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	s.seed(
		cod("a", "Trust", "P1", 2, 0, 5, "ann"),
		cod("b", "Trust", "P1", 2, 7, 22, "ann"),
		cod("c", "Trust", "P1", 2, 0, 5, "bob"),
		cod("d", "Trust", "P1", 1, 0, 3, "bob"),
	)
	res, err := coding.Uncode(ctx, s, coding.UncodeRequest{Code: "Trust", Ref: "P1#2:0-5"})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "b=Trust c=Trust d=Trust" || len(res.Removed) != 1 {
		t.Errorf("after uncoding a span: %s", got)
	}
	if _, err := coding.Uncode(ctx, s, coding.UncodeRequest{Code: "Trust", Ref: "P1#2"}); err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "c=Trust d=Trust" {
		t.Errorf("after uncoding a whole turn: %s", got)
	}
	_, err = coding.Uncode(ctx, s, coding.UncodeRequest{Code: "Trust", Ref: "P1#1"})
	var cf *errs.Conflict
	if !errors.As(err, &cf) || cf.Others != 1 || cf.Coder != "ann" {
		t.Errorf("uncoding another coder's coding: %v, want Conflict", err)
	}
	_, err = coding.Uncode(ctx, s, coding.UncodeRequest{Code: "Trust", Ref: "P2#1"})
	var nf *errs.NotFound
	if !errors.As(err, &nf) || nf.Kind != errs.KindCoding || nf.Source != "P2" {
		t.Errorf("uncoding where nothing is coded: %v, want NotFound coding in P2", err)
	}
	if got := codesOf(s); got != "c=Trust d=Trust" {
		t.Errorf("a refused uncode changed the codings: %s", got)
	}
}

func TestCodeNotFoundSuggests(t *testing.T) {
	s := newFake(t, "ann", "Trust", "did they trust you", "Showing up")
	var nf *errs.NotFound
	if !errors.As(coding.CodeNotFound(s.cb, "Trus"), &nf) || strings.Join(nf.Near, "|") != "Trust|did they trust you" {
		t.Errorf("near = %q", nf.Near)
	}
}

func TestDescribeSetsOnlyGivenFields(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	s.cb.Code("Trust").Example = "keep"
	d, empty := "believing them", ""
	if _, err := coding.Describe(ctx, s, coding.DescribeRequest{Code: "trust", Description: &d, Color: &empty}); err != nil {
		t.Fatal(err)
	}
	c := s.cb.Code("Trust")
	if c.Description != d || c.Example != "keep" || c.Color != "" {
		t.Errorf("after describe: %+v", c)
	}
	_, err := coding.Describe(ctx, s, coding.DescribeRequest{Code: "Trust"})
	var inv *errs.Invalid
	if !errors.As(err, &inv) || inv.Rule != coding.RuleNoField {
		t.Errorf("describe with nothing to set: %v", err)
	}
}

func TestAddMemoChecksItsTarget(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	res, err := coding.AddMemo(ctx, s, coding.MemoRequest{Ref: "P1#2", Body: "  a thought \n"})
	if err != nil {
		t.Fatal(err)
	}
	if m := s.memos[res.Memo.ID]; m.Target.Name != "P1#2" || m.Body != "a thought" || m.Author != "ann" {
		t.Errorf("memo = %+v", m)
	}
	for _, req := range []coding.MemoRequest{
		{Ref: "P1#9", Body: "x"}, {Source: "P9", Body: "x"}, {Code: "Nope", Body: "x"},
		{Category: "Nope", Body: "x"}, {Code: "Trust", Body: " "},
		{Code: "Trust", Refs: []string{"P1#2", "P1#9"}, Body: "x"}, {Code: "Trust", Type: "musing", Body: "x"},
		{Code: "Trust", Links: []string{"2026-01-01-000000"}, Body: "x"},
	} {
		if _, err := coding.AddMemo(ctx, s, req); err == nil {
			t.Errorf("%+v was accepted", req)
		}
	}
	if len(s.memos) != 1 {
		t.Errorf("refused memos were written: %d memos", len(s.memos))
	}
}

func TestUncodeIDsAnyCoder(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	s.seed(cod("a", "Trust", "P1", 2, 0, 5, "bob"), cod("b", "Trust", "P1", 2, 0, 5, "ann"))
	if _, err := coding.UncodeIDs(ctx, s, coding.UncodeIDsRequest{IDs: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	if got := codesOf(s); got != "b=Trust" {
		t.Errorf("after uncode a: %s", got)
	}
	s.seed() // a new change
	_, err := coding.UncodeIDs(ctx, s, coding.UncodeIDsRequest{IDs: []string{"a"}})
	var nf *errs.NotFound
	if !errors.As(err, &nf) || nf.Kind != errs.KindCoding {
		t.Errorf("uncoding a missing id: %v", err)
	}
}
