package project

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
)

// TestCheckHistoryDroppedDetail: the warning about a dropped coding names
// its code and place (from the entry that added it, among the others that
// entry added); the repair records it as removed in that coder's history,
// after which check is clean about it.
func TestCheckHistoryDroppedDetail(t *testing.T) {
	p, cs := coded(t)
	a, b := cs[0], cs[1]
	writeShard(t, p, "alice", "P1", a) // b dropped by a merge
	want := fmt.Sprintf("the history says coding %s (%q at %s) was added and never removed", b.ID, b.Code, b.Ref())
	r := check(t, p, false)
	if n := countProblems(r, want); n != 1 {
		t.Fatalf("want one problem %q, got %+v", want, r.Problems)
	}
	histBefore, _ := p.ReadHistory("alice")
	r = check(t, p, true)
	var fixed bool
	for _, pr := range r.Problems {
		if strings.Contains(pr.Message, want) {
			fixed = pr.Fixed && strings.HasSuffix(pr.Message, "; recorded as removed in the history")
		}
	}
	if !fixed {
		t.Errorf("repair did not record the dropped coding: %+v", r.Problems)
	}
	hist, _ := p.ReadHistory("alice")
	if len(hist) != len(histBefore)+1 {
		t.Fatalf("history has %d entries, want %d", len(hist), len(histBefore)+1)
	}
	last := hist[len(hist)-1]
	if last.Command != "check --repair" || len(last.Removed) != 1 || last.Removed[0].ID != b.ID || last.Coder != "alice" {
		t.Errorf("repair entry = %+v", last)
	}
	if r := check(t, p, false); countProblems(r, b.ID) != 0 {
		t.Errorf("after the repair: %+v", r.Problems)
	}
}

func countProblems(r *CheckReport, sub string) int {
	n := 0
	for _, pr := range r.Problems {
		if strings.Contains(pr.Message, sub) {
			n++
		}
	}
	return n
}

// TestCheckHistorySameInstant: when two coders' histories mention one
// coding at the same instant, the order of the two changes is unknown and
// check does not judge that coding.
func TestCheckHistorySameInstant(t *testing.T) {
	for _, later := range []time.Duration{0, time.Second} {
		p, cs := coded(t)
		a := cs[0]
		hist, err := p.ReadHistory("alice")
		if err != nil {
			t.Fatal(err)
		}
		var added *Entry
		for i := range hist {
			if len(hist[i].Added) > 0 {
				added = &hist[i]
			}
		}
		// bob's history removes alice's coding a at the instant it was
		// added, or a second later.
		e := Entry{ID: coding.NewID(), Time: added.Time.Add(later), Coder: "bob", Command: "uncode", Summary: "x", Removed: []coding.Coding{a}}
		f, err := os.OpenFile(p.Path(HistoryDir, CoderSlug("bob")+".jsonl"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(coding.AppendJSONL(nil, e)); err != nil {
			t.Fatal(err)
		}
		f.Close()
		r := check(t, p, false)
		if later == 0 && countProblems(r, a.ID) != 0 {
			t.Errorf("a coding mentioned by two histories at one instant was judged: %+v", r.Problems)
		}
		if later > 0 && countProblems(r, "coding "+a.ID+" is here, but the history") != 1 {
			t.Errorf("a second later, want the coding reported as brought back: %+v", r.Problems)
		}
	}
}
