package project

import (
	"os"
	"path/filepath"
	"testing"
)

// TestFormat1Fixture opens a project written by grounded's first format
// (testdata/format1, made with the commands in testdata/README.md) and
// checks it reads and verifies cleanly. Every later format version must keep
// passing this test.
func TestFormat1Fixture(t *testing.T) {
	// Work on a copy: opening a project may create the lock file.
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/format1")); err != nil {
		t.Fatal(err)
	}
	root, err := Find(filepath.Join(dir, "sources"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if p.Config.Format != 1 {
		t.Fatalf("format = %d", p.Config.Format)
	}
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].ID != "P06" || srcs[1].ID != "P08" {
		t.Fatalf("sources = %v", srcs)
	}
	for _, s := range srcs {
		turns, err := p.ReadTurns(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(turns) != s.Turns {
			t.Errorf("%s: %d turns, source.yaml says %d", s.ID, len(turns), s.Turns)
		}
	}
	cs, err := p.ReadCodings("")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 {
		t.Fatalf("%d codings, want 3", len(cs))
	}
	cb, err := p.ReadCodebook()
	if err != nil {
		t.Fatal(err)
	}
	if cb.Core == nil || len(cb.Core.Stages) != 4 || cb.Code("Holding hope through relapse") == nil {
		t.Fatalf("codebook not as written: core %+v", cb.Core)
	}
	hist, err := p.ReadHistory("")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) < 6 {
		t.Errorf("history has %d entries", len(hist))
	}
	rep, err := p.Check(false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors() != 0 {
		t.Fatalf("check: %+v", rep.Problems)
	}
}
