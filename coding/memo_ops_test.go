package coding_test

import (
	"errors"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

func TestAddMemoTargetsTypeLinks(t *testing.T) {
	s := newFake(t, "ann", "Trust", "Showing up")
	first, err := coding.AddMemo(ctx, s, coding.MemoRequest{Code: "Trust", Body: "first"})
	if err != nil {
		t.Fatal(err)
	}
	s.now = s.now.Add(1)
	res, err := coding.AddMemo(ctx, s, coding.MemoRequest{
		Codes: []string{"trust", "Showing up"}, Sources: []string{"P2"}, Refs: []string{"P1#2", "P1#2"},
		Type: coding.MemoNegativeCase, Links: []string{first.Memo.ID, first.Memo.ID}, Body: "second"})
	if err != nil {
		t.Fatal(err)
	}
	m := s.memos[res.Memo.ID]
	got := []coding.Target{}
	got = append(got, m.AllTargets()...)
	want := []coding.Target{{Kind: "code", Name: "Trust"}, {Kind: "code", Name: "Showing up"}, {Kind: "source", Name: "P2"}, {Kind: "ref", Name: "P1#2"}}
	if len(got) != len(want) {
		t.Fatalf("targets = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("target %d = %v, want %v", i, got[i], want[i])
		}
	}
	if m.Type != coding.MemoNegativeCase || len(m.Links) != 1 || m.Links[0] != first.Memo.ID {
		t.Errorf("memo = %+v", m)
	}
}

func TestEditAndRemoveMemo(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	res, err := coding.AddMemo(ctx, s, coding.MemoRequest{Code: "Trust", Type: coding.MemoAnalytic, Body: "draft"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Memo.ID
	refl := coding.MemoReflexive
	if _, err := coding.EditMemo(ctx, s, coding.EditMemoRequest{ID: id, Body: " final \n", Type: &refl}); err != nil {
		t.Fatal(err)
	}
	if m := s.memos[id]; m.Body != "final" || m.Type != refl || m.Target.Name != "Trust" || m.Author != "ann" {
		t.Errorf("edited memo = %+v", m)
	}
	bad := "musing"
	for _, req := range []coding.EditMemoRequest{{ID: id, Body: "  "}, {ID: id, Body: "x", Type: &bad}, {ID: "2026-01-01-000000", Body: "x"}} {
		if _, err := coding.EditMemo(ctx, s, req); err == nil {
			t.Errorf("%+v was accepted", req)
		}
	}
	if m := s.memos[id]; m.Body != "final" {
		t.Errorf("a refused edit changed the memo: %+v", m)
	}
	var nf *errs.NotFound
	if _, err := coding.RemoveMemo(ctx, s, coding.RemoveMemoRequest{ID: "2026-01-01-000000"}); !errors.As(err, &nf) {
		t.Errorf("removing a missing memo: %v", err)
	}
	if _, err := coding.RemoveMemo(ctx, s, coding.RemoveMemoRequest{ID: id}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.memos[id]; ok {
		t.Error("the memo is still there")
	}
}
