package project

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// TestStorePathComponents: a path through a symbolic link, through a
// file where a directory belongs, or onto something that is not a regular
// file is refused, naming the component.
func TestStorePathComponents(t *testing.T) {
	p := setup(t)
	if r := p.storePathReason("sources/P1/turns.jsonl"); r != "" {
		t.Fatalf("a plain path: %s", r)
	}
	if err := os.Symlink(p.Path(SourcesDir, "P1"), p.Path(SourcesDir, "P2")); err != nil {
		t.Fatal(err)
	}
	if r := p.storePathReason("sources/P2/turns.jsonl"); !strings.HasPrefix(r, "goes through a symbolic link (sources/P2)") {
		t.Errorf("symlinked directory: %q", r)
	}
	writeTestFile(t, p.Path(SourcesDir, "P3"), "x")
	if r := p.storePathReason("sources/P3/turns.jsonl"); r != "goes through sources/P3, which is not a directory" {
		t.Errorf("a file for a directory: %q", r)
	}
	if err := os.MkdirAll(p.Path(MemosDir, "2026-01-15-aaaaaa.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := p.storePathReason("memos/2026-01-15-aaaaaa.md"); !strings.HasPrefix(r, "is not a regular file") {
		t.Errorf("a directory for a file: %q", r)
	}
	if r := p.storePathReason("sources/P4/turns.jsonl"); r != "" {
		t.Errorf("a file not yet made: %q", r)
	}
}

// TestCheckMemoTargets: check warns about a memo whose category or source
// does not exist; a memo about the core category is fine.
func TestCheckMemoTargets(t *testing.T) {
	p, _ := coded(t)
	edit(t, p, "alice", "memo add", func(e *Edit) error {
		e.AddMemo(coding.Memo{ID: "2026-01-15-bbbbbb", Target: coding.Target{Kind: coding.TargetCategory, Name: "Nope"}, Author: "alice", Created: t0, Body: "x"})
		e.AddMemo(coding.Memo{ID: "2026-01-15-cccccc", Target: coding.Target{Kind: coding.TargetSource, Name: "P9"}, Author: "alice", Created: t0, Body: "x"})
		e.AddMemo(coding.Memo{ID: "2026-01-15-dddddd", Target: coding.Target{Kind: coding.TargetSource, Name: "P1"}, Author: "alice", Created: t0, Body: "x"})
		return nil
	})
	r := check(t, p, false)
	for _, want := range []string{
		`memo 2026-01-15-bbbbbb is about category "Nope", which is not in the codebook`,
		`memo 2026-01-15-cccccc is about source "P9", which does not exist`,
	} {
		if countProblems(r, want) != 1 {
			t.Errorf("want %q in %+v", want, r.Problems)
		}
	}
	if n := countProblems(r, "2026-01-15-dddddd"); n != 0 {
		t.Errorf("a memo about an existing source reported: %+v", r.Problems)
	}
}

// TestListMemosOrder: memos list oldest first, ties by id.
func TestListMemosOrder(t *testing.T) {
	p := newProject(t)
	later := t0.Add(time.Hour)
	edit(t, p, "alice", "memo add", func(e *Edit) error {
		for _, m := range []struct {
			id string
			at time.Time
		}{{"2026-01-15-cccccc", t0}, {"2026-01-15-aaaaaa", later}, {"2026-01-15-bbbbbb", t0}} {
			e.AddMemo(coding.Memo{ID: m.id, Target: coding.Target{Kind: coding.TargetProject}, Author: "alice", Created: m.at, Body: "x"})
		}
		return nil
	})
	ms, err := p.ListMemos()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if want := []string{"2026-01-15-bbbbbb", "2026-01-15-cccccc", "2026-01-15-aaaaaa"}; !slices.Equal(ids, want) {
		t.Errorf("ListMemos order %v, want %v", ids, want)
	}
}

// TestSpeakerRolesUnset: a source's own role wins over the default, and
// unsetting it brings the default back (the empty source map goes).
func TestSpeakerRolesUnset(t *testing.T) {
	var r SpeakerRoles
	r.Set("", "Jordan", corpus.RoleParticipant)
	r.Set("P1", "Jordan", corpus.RoleInterviewer)
	if got := r.Role("P1", "Jordan"); got != corpus.RoleInterviewer {
		t.Errorf("per-source role: %q", got)
	}
	if !r.Unset("P1", "Jordan") || r.Unset("P1", "Jordan") {
		t.Error("Unset reports wrongly whether there was a role")
	}
	if _, ok := r.Sources["P1"]; ok {
		t.Error("an empty source map is kept")
	}
	if got := r.Role("P1", "Jordan"); got != corpus.RoleParticipant {
		t.Errorf("after unset: %q", got)
	}
	if !r.Unset("", "Jordan") || r.Role("P1", "Jordan") != "" {
		t.Error("the default role was not unset")
	}
	r.Set("P1", "A", corpus.RoleOther)
	r.Set("P1", "B", corpus.RoleOther)
	r.Unset("P1", "A")
	if r.Role("P1", "B") != corpus.RoleOther {
		t.Error("unsetting one speaker dropped another")
	}
}

// TestReadLocal: an empty grounded.local.yaml is no setting; an unknown
// key is an error naming the file.
func TestReadLocal(t *testing.T) {
	p := newProject(t)
	writeTestFile(t, p.Path(LocalFile), "")
	if l, err := p.ReadLocal(); err != nil || l.Coder != "" {
		t.Errorf("empty file: %+v, %v", l, err)
	}
	writeTestFile(t, p.Path(LocalFile), "coder: alice\n")
	if l, err := p.ReadLocal(); err != nil || l.Coder != "alice" {
		t.Errorf("coder: %+v, %v", l, err)
	}
	writeTestFile(t, p.Path(LocalFile), "coders: alice\n")
	if _, err := p.ReadLocal(); err == nil || !strings.Contains(err.Error(), LocalFile) {
		t.Errorf("unknown key: %v", err)
	}
}

// TestEditTurns: an edit reads a source's turns once; a missing source is
// an error.
func TestEditTurns(t *testing.T) {
	p := setup(t)
	l := lock(t, p)
	e, err := p.Edit(l, "alice", "x")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := e.Turns("P1")
	if err != nil || len(ts) != 4 || ts[1].Speaker != "Jordan" {
		t.Fatalf("Turns = %v, %v", ts, err)
	}
	if err := os.Remove(p.Path(SourcesDir, "P1", SourceTurnsFile)); err != nil {
		t.Fatal(err)
	}
	if again, err := e.Turns("P1"); err != nil || len(again) != 4 {
		t.Errorf("second read not from the edit's copy: %v, %v", again, err)
	}
	if _, err := e.Turns("P9"); err == nil {
		t.Error("turns of a missing source")
	}
}
