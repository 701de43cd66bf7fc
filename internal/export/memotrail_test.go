package export

import (
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

func trailFixture() ([]coding.Memo, PassageFunc) {
	at := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	ms := []coding.Memo{
		{ID: "2026-11-22-bbbbbb", Target: coding.Target{Kind: coding.TargetCode, Name: "Showing up"}, Author: "alice", Created: at(22),
			Type: coding.MemoAnalytic, Links: []string{"2026-11-20-aaaaaa", "2026-01-01-gone00"},
			Targets: []coding.Target{{Kind: coding.TargetRef, Name: "P03#2:4-20"}}, Body: "Reliability again\n\n# Aside\nturning up matters."},
		{ID: "2026-11-20-aaaaaa", Target: coding.Target{Kind: coding.TargetProject}, Author: "bob", Created: at(20),
			Type: coding.MemoReflexive, Body: "My own recovery shapes what I hear."},
		{ID: "2026-11-21-cccccc", Target: coding.Target{Kind: coding.TargetRef, Name: "P09#1"}, Author: "alice", Created: at(21),
			Type: coding.MemoNegativeCase, Body: "A case that does not fit."},
	}
	turns := map[string][]corpus.Turn{"P03": {{N: 1, Text: "Hello."}, {N: 2, Text: "She always turned up on time, always."}}}
	return ms, PassagesFrom(turns)
}

func TestMemoTrailByTime(t *testing.T) {
	ms, passages := trailFixture()
	doc, problems, err := MemoTrail(ms, MemoTrailOptions{Passages: passages})
	if err != nil {
		t.Fatal(err)
	}
	out := string(doc)
	// Oldest first.
	a, c, b := strings.Index(out, "## My own recovery"), strings.Index(out, "## A case that"), strings.Index(out, "## Reliability again")
	if a < 0 || c < a || b < c {
		t.Fatalf("not in time order (%d %d %d):\n%s", a, c, b, out)
	}
	for _, want := range []string{
		"*memo 2026-11-22-bbbbbb · analytic · alice · 2026-11-22 09:00 UTC*",
		"About: code Showing up; ref P03#2:4-20",
		"> always turned up (P03#2:4-20)",
		"Builds on: [My own recovery shapes what I hear.](#memo-2026-11-20-aaaaaa) (2026-11-20-aaaaaa); memo 2026-01-01-gone00 (not found)",
		"Taken up in: [Reliability again](#memo-2026-11-22-bbbbbb)",
		"### Aside",
		"(passage P09#1 could not be quoted: P09#1: no source \"P09\")",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "2026-01-01-gone00") && !strings.Contains(problems[1], "2026-01-01-gone00") {
		t.Errorf("problems %q", problems)
	}
}

func TestMemoTrailByTarget(t *testing.T) {
	ms, passages := trailFixture()
	doc, _, err := MemoTrail(ms, MemoTrailOptions{Order: TrailByTarget, Passages: passages})
	if err != nil {
		t.Fatal(err)
	}
	out := string(doc)
	heads := []string{"## The project", "## Code: Showing up", "## Passage: P03#2:4-20", "## Passage: P09#1"}
	last := -1
	for _, h := range heads {
		i := strings.Index(out, h)
		if i <= last {
			t.Fatalf("group %q missing or out of order:\n%s", h, out)
		}
		last = i
	}
	// The memo about a code and a passage is written once, and referred to
	// under the passage.
	if n := strings.Count(out, "### Reliability again"); n != 1 {
		t.Errorf("memo written %d times", n)
	}
	if !strings.Contains(out, "See [Reliability again](#memo-2026-11-22-bbbbbb) (2026-11-22-bbbbbb), under code Showing up.") {
		t.Errorf("no cross-reference:\n%s", out)
	}
	if _, _, err := MemoTrail(ms, MemoTrailOptions{Order: "alphabet"}); err == nil {
		t.Error("an unknown order is accepted")
	}
}
