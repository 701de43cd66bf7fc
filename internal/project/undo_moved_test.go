package project

import (
	"strings"
	"testing"
)

// TestUndoRefusesMovedCoding: when a transcript is replaced and a coding
// is re-anchored to a new span (same id, code, turn and quote), undoing the
// change that added it must not take the moved coding away as if it were
// unchanged: the identity check includes the span, so the undo is refused
// and nothing is written.
//
// Planted bug it catches: sameCoding in edit.go ignoring Start/End.
func TestUndoRefusesMovedCoding(t *testing.T) {
	p := setup(t)
	c := codingAt(t, p, "Trust", "alice", "P1", "took months")
	code(t, p, "alice", c)

	// The lead corrects the transcript: words are inserted before the
	// quote in the same turn, so the coding moves but keeps its quote.
	corrected := strings.Replace(transcript, "Not at first.", "Not at first, no.", 1)
	plans, _ := ingest(t, p, "lead", true, map[string]string{"P1.txt": corrected})
	if len(plans) != 1 || plans[0].Moved != 1 || plans[0].Orphaned != 0 {
		t.Fatalf("replace plan = %+v; the scenario needs exactly one moved coding", plans)
	}
	after := allCodings(t, p)
	if len(after) != 1 || after[0].ID != c.ID || after[0].Quote != c.Quote || after[0].Turn != c.Turn {
		t.Fatalf("codings after replace = %+v", after)
	}
	if after[0].Start == c.Start || after[0].End == c.End {
		t.Fatalf("coding did not move: before %d-%d, after %d-%d", c.Start, c.End, after[0].Start, after[0].End)
	}

	before := state(t, p)
	hist := readFile(t, p.Path(HistoryRel("alice")))
	_, err := undo(t, p, "alice")
	if err == nil || !strings.Contains(err.Error(), "has changed or gone since") {
		t.Fatalf("undo of a moved coding: err = %v; want a refusal", err)
	}
	if state(t, p) != before || readFile(t, p.Path(HistoryRel("alice"))) != hist {
		t.Error("a refused undo wrote something")
	}
	if got := allCodings(t, p); len(got) != 1 || got[0].ID != c.ID {
		t.Errorf("the moved coding is gone: %+v", got)
	}
}
