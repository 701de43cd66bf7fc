package project

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

// coded returns a project with one source and two codings by alice and
// one by bob, which checks clean.
func coded(t *testing.T) (*Project, []coding.Coding) {
	t.Helper()
	p := setup(t)
	a := codingAt(t, p, "Showing up", "alice", "P1", "Every Tuesday")
	b := codingAt(t, p, "Trust", "alice", "P1", "took months")
	c := codingAt(t, p, "Trust", "bob", "P1", "Not at first")
	code(t, p, "alice", a, b)
	code(t, p, "bob", c)
	edit(t, p, "alice", "memo add", func(e *Edit) error {
		e.AddMemo(coding.Memo{ID: "2026-01-15-aaaaaa", Target: coding.Target{Kind: coding.TargetCode, Name: "Trust"}, Author: "alice", Created: t0, Body: "x"})
		return nil
	})
	return p, []coding.Coding{a, b, c}
}

func check(t *testing.T, p *Project, repair bool) *CheckReport {
	t.Helper()
	var l *Lock
	var err error
	if repair {
		l, err = p.Lock()
	} else {
		l, err = p.RLock()
	}
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	r, err := p.Check(repair)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func writeShard(t *testing.T, p *Project, coder, source string, cs ...coding.Coding) {
	t.Helper()
	if err := os.WriteFile(p.Path(ShardRel(coder, source)), coding.EncodeJSONL(cs), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckClean(t *testing.T) {
	p, _ := coded(t)
	r := check(t, p, false)
	if len(r.Problems) != 0 || r.Sources != 1 || r.Codings != 3 || r.Memos != 1 {
		t.Errorf("report = %+v", r)
	}
	// The JSON form always has a problems list.
	b, _ := json.Marshal(r)
	if !strings.Contains(string(b), `"problems":[]`) {
		t.Errorf("JSON = %s", b)
	}
}

func TestCheckFindings(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(t *testing.T, p *Project, cs []coding.Coding)
		sev    string
		file   string
		line   int
		msg    string
	}{
		{"quote no longer matches", func(t *testing.T, p *Project, cs []coding.Coding) {
			a, b := cs[0], cs[1]
			b.Quote = "took weeks"
			writeShard(t, p, "alice", "P1", a, b)
		}, "error", "codings/alice/P1.jsonl", 2, `not the stored quote "took weeks"`},
		{"code missing from the codebook", func(t *testing.T, p *Project, cs []coding.Coding) {
			c := cs[2]
			c.Code = "Ghost"
			writeShard(t, p, "bob", "P1", c)
		}, "error", "codings/bob/P1.jsonl", 1, `uses code "Ghost", which is not in the codebook`},
		{"span past the end of its turn", func(t *testing.T, p *Project, cs []coding.Coding) {
			c := cs[2]
			c.End = 500
			writeShard(t, p, "bob", "P1", c)
		}, "error", "codings/bob/P1.jsonl", 1, "past the end of turn"},
		{"negative turn", func(t *testing.T, p *Project, cs []coding.Coding) {
			c := cs[2]
			c.Turn = -3
			writeShard(t, p, "bob", "P1", c)
		}, "error", "codings/bob/P1.jsonl", 1, "turn -3 does not exist"},
		{"orphaned coding", func(t *testing.T, p *Project, cs []coding.Coding) {
			c := cs[2]
			c.Orphaned = true
			c.Quote = "words that are gone"
			writeShard(t, p, "bob", "P1", c)
		}, "warning", "codings/bob/P1.jsonl", 1, "is orphaned: its quote \"words that are gone\" was not found"},
		{"coding in another coder's folder", func(t *testing.T, p *Project, cs []coding.Coding) {
			c := cs[2]
			c.Coder = "carol"
			writeShard(t, p, "bob", "P1", c)
		}, "warning", "codings/bob/P1.jsonl", 1, `is by "carol" but is in the folder of "bob"`},
		{"coding of a missing source", func(t *testing.T, p *Project, cs []coding.Coding) {
			c := cs[2]
			c.Source = "P9"
			if err := os.WriteFile(p.Path(ShardRel("bob", "P9")), coding.EncodeJSONL([]coding.Coding{c}), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "error", "codings/bob/P9.jsonl", 1, `refers to source "P9", which does not exist`},
		{"duplicate id", func(t *testing.T, p *Project, cs []coding.Coding) {
			b := cs[1]
			b.ID = cs[0].ID
			writeShard(t, p, "alice", "P1", cs[0], b)
		}, "error", "codings/alice/P1.jsonl", 2, "appears twice"},
		{"tampered transcript", func(t *testing.T, p *Project, cs []coding.Coding) {
			f := p.Path(SourcesDir, "P1", SourceTurnsFile)
			data := strings.Replace(readFile(t, f), "Tuesday", "Monday", 1)
			if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "error", "sources/P1/turns.jsonl", 0, "was changed outside grounded (its checksum does not match source.yaml)"},
		{"changed original", func(t *testing.T, p *Project, cs []coding.Coding) {
			if err := os.WriteFile(p.Path(SourcesDir, "P1", "original.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "warning", "sources/P1/original.txt", 0, "differs from the one ingested"},
		{"bad codebook", func(t *testing.T, p *Project, cs []coding.Coding) {
			if err := os.WriteFile(p.Path(CodebookFile), []byte("version: 1\ncodes:\n  - name: A\n    colr: red\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "error", "codebook.yaml", 4, `unknown key "colr"`},
		{"memo about a missing code", func(t *testing.T, p *Project, cs []coding.Coding) {
			m := coding.Memo{ID: "2026-01-15-bbbbbb", Target: coding.Target{Kind: coding.TargetCode, Name: "Ghost"}, Author: "a", Created: t0, Body: "x"}
			if err := os.WriteFile(p.Path(MemoRel(m.ID)), coding.EncodeMemo(m), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "warning", "memos/2026-01-15-bbbbbb.md", 0, `about code "Ghost"`},
		{"memo about a missing passage", func(t *testing.T, p *Project, cs []coding.Coding) {
			m := coding.Memo{ID: "2026-01-15-cccccc", Target: coding.Target{Kind: coding.TargetRef, Name: "P1#9"}, Author: "a", Created: t0, Body: "x"}
			if err := os.WriteFile(p.Path(MemoRel(m.ID)), coding.EncodeMemo(m), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "warning", "memos/2026-01-15-cccccc.md", 0, "turn 9 does not exist"},
		{"unreadable memo", func(t *testing.T, p *Project, cs []coding.Coding) {
			if err := os.WriteFile(p.Path(MemosDir, "junk.md"), []byte("no front matter"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "error", "memos/junk.md", 0, "a memo starts with a '---' line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, cs := coded(t)
			tc.break_(t, p, cs)
			r := check(t, p, false)
			var found *Problem
			for i, pr := range r.Problems {
				if pr.File == tc.file && strings.Contains(pr.Message, tc.msg) {
					found = &r.Problems[i]
				}
			}
			if found == nil {
				t.Fatalf("no %s in %s about %q; problems: %+v", tc.sev, tc.file, tc.msg, r.Problems)
			}
			if found.Severity != tc.sev || found.Line != tc.line {
				t.Errorf("problem = %+v, want %s at line %d", found, tc.sev, tc.line)
			}
			if (tc.sev == "error") != (r.Errors() > 0) {
				t.Errorf("Errors() = %d for a %s", r.Errors(), tc.sev)
			}
		})
	}
}

// TestCheckTornLine: a coding file cut off by a crash is reported; with
// repair the broken line moves to FILE.rejected and the lines before it
// stay.
func TestCheckTornLine(t *testing.T) {
	p, cs := coded(t)
	shard := p.Path(ShardRel("alice", "P1"))
	good := readFile(t, shard)
	torn := good + `{"id":"deadbeef0000","code":"Trust","sou`
	if err := os.WriteFile(shard, []byte(torn), 0o644); err != nil {
		t.Fatal(err)
	}
	r := check(t, p, false)
	if !hasProblem(r, "error", "codings/alice/P1.jsonl", "the last line is incomplete") || r.Errors() != 1 {
		t.Fatalf("problems = %+v", r.Problems)
	}
	if r.Problems[0].Line != 3 || r.Codings != 3 {
		t.Errorf("line %d, %d codings counted", r.Problems[0].Line, r.Codings)
	}
	if readFile(t, shard) != torn {
		t.Fatal("check without --repair changed the file")
	}
	// The project's readers report it too, naming the file and line.
	if _, err := p.ReadCodings(""); err == nil || !strings.Contains(err.Error(), "P1.jsonl:3: the last line is incomplete") {
		t.Errorf("ReadCodings = %v", err)
	}

	r = check(t, p, true)
	if r.Errors() != 0 || len(r.Problems) != 1 || !r.Problems[0].Fixed || !strings.Contains(r.Problems[0].Message, "moved to codings/alice/P1.jsonl.rejected") {
		t.Fatalf("repair: %+v", r.Problems)
	}
	if got := readFile(t, shard); got != good {
		t.Errorf("repaired file = %q, want %q", got, good)
	}
	if got := readFile(t, shard+".rejected"); got != `{"id":"deadbeef0000","code":"Trust","sou`+"\n" {
		t.Errorf("rejected = %q", got)
	}
	if n := len(allCodings(t, p)); n != len(cs) {
		t.Errorf("%d codings after repair", n)
	}
	if r := check(t, p, false); len(r.Problems) != 0 {
		t.Errorf("after repair: %+v", r.Problems)
	}
}

// TestCheckBadMiddleLine: an unreadable line in the middle of a history
// file is reported and, with repair, moved aside.
func TestCheckBadMiddleLine(t *testing.T) {
	p, _ := coded(t)
	hist := p.Path(HistoryRel("alice"))
	lines := strings.SplitAfter(readFile(t, hist), "\n")
	bad := lines[0] + "garbage\n" + strings.Join(lines[1:], "")
	if err := os.WriteFile(hist, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	r := check(t, p, false)
	if !hasProblem(r, "error", "history/alice.jsonl", "unreadable line") || r.Problems[0].Line != 2 {
		t.Fatalf("problems = %+v", r.Problems)
	}
	r = check(t, p, true)
	if r.Errors() != 0 {
		t.Fatalf("repair: %+v", r.Problems)
	}
	if readFile(t, hist+".rejected") != "garbage\n" {
		t.Error("bad line not moved aside")
	}
	if _, err := p.ReadHistory("alice"); err != nil {
		t.Error(err)
	}
}
