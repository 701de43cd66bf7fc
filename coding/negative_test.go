package coding_test

import (
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

func TestNegativeCaseIsATypedMemoAgainstAStage(t *testing.T) {
	s := newFake(t, "ann", "Trust")
	if _, err := s.cb.AddCategory("Trusting", "", ""); err != nil {
		t.Fatal(err)
	}
	res, err := coding.AddNegativeCase(ctx, s, coding.NegativeRequest{Ref: "P1#2", Against: "trusting", Why: " rebuilt after every crisis "})
	if err != nil {
		t.Fatal(err)
	}
	m := s.memos[res.Memo.ID]
	ref, against, ok := coding.NegativeCaseOf(m)
	if !ok || m.Type != coding.MemoNegativeCase || ref != "P1#2" || against != "Trusting" || m.Body != "rebuilt after every crisis" || m.Author != "ann" {
		t.Errorf("memo = %+v (ref %q, against %q, ok %v)", m, ref, against, ok)
	}
	if _, err := coding.AddNegativeCase(ctx, s, coding.NegativeRequest{Ref: "P2", Against: "Trusting", Why: "x"}); err != nil {
		t.Errorf("a whole source: %v", err)
	}
	for _, req := range []coding.NegativeRequest{
		{Ref: "P1#9", Against: "Trusting", Why: "x"}, {Ref: "P9", Against: "Trusting", Why: "x"},
		{Ref: "P1#2", Against: "Nowhere", Why: "x"}, {Ref: "P1#2", Against: "Trusting", Why: "  "},
	} {
		if _, err := coding.AddNegativeCase(ctx, s, req); err == nil {
			t.Errorf("%+v was accepted", req)
		}
	}
	if len(s.memos) != 2 {
		t.Errorf("refused negative cases were written: %d memos", len(s.memos))
	}
	ms, _ := s.Memos()
	if got := coding.NegativeCases(ms); len(got) != 2 {
		t.Errorf("NegativeCases = %d, want 2", len(got))
	}
	if _, err := coding.RemoveNegativeCase(ctx, s, "nope"); err == nil {
		t.Error("removing an unknown id was accepted")
	}
	s.AddMemo(coding.Memo{ID: "plain", Body: "an analytic memo"})
	if _, err := coding.RemoveNegativeCase(ctx, s, "plain"); err == nil {
		t.Error("removing a memo of another type was accepted")
	}
	if _, err := coding.RemoveNegativeCase(ctx, s, res.Memo.ID); err != nil || len(s.memos) != 2 {
		t.Errorf("remove: %v, %d memos left (want 2)", err, len(s.memos))
	}
}
