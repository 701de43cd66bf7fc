package project

import (
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

func TestSnapshot(t *testing.T) {
	p := newProject(t)
	ingest(t, p, "alice", false, map[string]string{"P1.txt": transcript})
	l := lock(t, p)
	e, err := p.Edit(l, "alice", "code add")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Codebook.AddCode("Trust", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.AddCoding(coding.Coding{ID: "c1", Code: "Trust", Source: "P1", Turn: 2, Start: 0, End: 1, Quote: "I", Coder: "alice", Created: t0}); err != nil {
		t.Fatal(err)
	}
	e.AddMemo(coding.Memo{ID: "2026-01-15-aaaaaa", Target: coding.Target{Kind: coding.TargetProject}, Author: "alice", Created: t0, Body: "m"})
	if _, err := e.Commit("test"); err != nil {
		t.Fatal(err)
	}
	l.Unlock()

	s, err := p.Snapshot(WithMemos | WithParticipants)
	if err != nil {
		t.Fatal(err)
	}
	if s.Codebook.Code("Trust") == nil || len(s.Sources) != 1 || len(s.Codings) != 1 || len(s.Memos) != 1 || s.Participants == nil {
		t.Errorf("snapshot = %+v", s)
	}
	if s.Turns != nil {
		t.Error("turns were read without WithTurns")
	}
	s, err = p.Snapshot(0)
	if err != nil || s.Memos != nil || s.Participants != nil {
		t.Errorf("Snapshot(0) read memos or participants: %+v, %v", s, err)
	}
	s, err = p.Snapshot(WithTurns)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Turns["P1"]) != s.Sources[0].Turns {
		t.Errorf("WithTurns read %d turns of P1, want %d", len(s.Turns["P1"]), s.Sources[0].Turns)
	}
}
