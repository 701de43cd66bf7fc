package export

import (
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
)

// A memo about several codes and categories appears at each of them.
func TestHierarchyMemosWithSeveralTargets(t *testing.T) {
	in := fixture(t)
	in.Memos = append(in.Memos, coding.Memo{ID: "m4", Type: coding.MemoNegativeCase, Author: "ann", Created: time.Now(),
		Target:  coding.Target{Kind: coding.TargetSource, Name: "P1"},
		Targets: []coding.Target{{Kind: coding.TargetCode, Name: "Burnout"}, {Kind: coding.TargetCategory, Name: "Self-disclosure"}},
		Body:    "Does not fit."})
	h := Build(in, Options{})
	for _, name := range []string{"Burnout", "Self-disclosure"} {
		n := find(h, name)
		if n == nil || len(n.Memos) != 1 || n.Memos[0].ID != "m4" {
			t.Errorf("%s: memos %v, want m4", name, n.Memos)
		}
	}
	if n := find(h, "Showing up"); len(n.Memos) != 0 {
		t.Errorf("Showing up has memos %v", n.Memos)
	}
}
