package project

import (
	"fmt"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

// TestCheckOrderWithOneSourceHeld: Check reads each source's coding files
// while it holds that source's turns (checkstream.go) but reports in the
// order of before: the sources section, then the coding files in path
// order (alice/P1, alice/P2, bob/P1), then memos. bob/P1.jsonl names P2,
// so it is checked against P2's turns, read again; a memo about a turn of
// P1 is resolved after both sources were let go.
func TestCheckOrderWithOneSourceHeld(t *testing.T) {
	p := newProject(t)
	ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript, "P2.txt": strings.ReplaceAll(transcript, "Tuesday", "Friday")})
	a1 := codingAt(t, p, "Trust", "alice", "P1", "Every Tuesday")
	a2 := codingAt(t, p, "Trust", "alice", "P2", "Every Friday")
	b1 := codingAt(t, p, "Trust", "bob", "P1", "Not at first")
	code(t, p, "alice", a1, a2)
	code(t, p, "bob", b1)
	edit(t, p, "alice", "memo add", func(e *Edit) error {
		e.AddMemo(coding.Memo{ID: "2026-01-15-aaaaaa", Target: coding.Target{Kind: coding.TargetRef, Name: "P1#4:200-210"}, Author: "alice", Created: t0, Body: "x"})
		return nil
	})
	a1.Code = "Ghost"
	writeShard(t, p, "alice", "P1", a1)
	a2.Quote = "Every Monday"
	writeShard(t, p, "alice", "P2", a2)
	b1.Source = "P2"
	b1.Quote = "not the words"
	writeShard(t, p, "bob", "P1", b1)

	r := check(t, p, false)
	var got []string
	for _, pr := range r.Problems {
		got = append(got, fmt.Sprintf("%s:%d %s", pr.File, pr.Line, pr.Message))
	}
	want := []string{
		`codings/alice/P1.jsonl:1 coding ` + a1.ID + ` uses code "Ghost"`,
		`codings/alice/P2.jsonl:1 coding ` + a2.ID + `: the text at P2#`,
		`codings/bob/P1.jsonl:1 coding ` + b1.ID + ` names source "P2" but is in the file of "P1"`,
		`codings/bob/P1.jsonl:1 coding ` + b1.ID + `: the text at P2#`,
		`memos/2026-01-15-aaaaaa.md:0 memo 2026-01-15-aaaaaa: `,
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s\nwant %d, starting:\n%s", strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d is\n  %s\nwant it to start\n  %s", i, got[i], want[i])
		}
	}
	if r.Sources != 2 || r.Codings != 3 || r.Memos != 1 {
		t.Errorf("counted %d sources, %d codings, %d memos; want 2, 3, 1", r.Sources, r.Codings, r.Memos)
	}
}
