package project

import (
	"strings"
	"testing"
)

// TestCheckHistoryAgreement: a coding that the history removed but that a
// merge brought back is an error; one the history added but that is gone
// is a warning; both name the coding.
func TestCheckHistoryAgreement(t *testing.T) {
	p, cs := coded(t)
	a, b := cs[0], cs[1]
	edit(t, p, "alice", "uncode", func(e *Edit) error { return e.RemoveCoding(a) })
	if r := check(t, p, false); len(r.Problems) != 0 {
		t.Fatalf("clean project: %+v", r.Problems)
	}
	// A line union brings a back and loses b.
	writeShard(t, p, "alice", "P1", a)
	r := check(t, p, false)
	var back, gone bool
	for _, pr := range r.Problems {
		switch {
		case pr.Severity == "error" && strings.Contains(pr.Message, "coding "+a.ID+" is here, but the history") && strings.Contains(pr.Message, "history/alice.jsonl"):
			back = true
		case pr.Severity == "warning" && strings.Contains(pr.Message, "coding "+b.ID) && strings.Contains(pr.Message, "never removed"):
			gone = true
		default:
			t.Errorf("unexpected problem: %+v", pr)
		}
	}
	if !back || !gone {
		t.Errorf("brought back reported %v, dropped reported %v: %+v", back, gone, r.Problems)
	}
}
