package project

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// rename does to the project what 'grounded code rename' does.
func rename(e *Edit, from, to string) error {
	if _, err := e.Codebook.RenameCode(from, to); err != nil {
		return err
	}
	all, err := e.Project().ReadCodings("")
	if err != nil {
		return err
	}
	for _, c := range all {
		if codebook.Key(c.Code) == codebook.Key(from) {
			nc := c
			nc.Code = to
			if err := e.ReplaceCoding(c, nc); err != nil {
				return err
			}
		}
	}
	return nil
}

// merge does what 'grounded code merge FROM --into INTO' does: codings
// move, duplicates collapse, the merged definition goes to a memo.
func merge(e *Edit, from, into string) error {
	all, err := e.Project().ReadCodings("")
	if err != nil {
		return err
	}
	for _, c := range all {
		if codebook.Key(c.Code) != codebook.Key(from) {
			continue
		}
		nc := c
		nc.Code = into
		if slices.ContainsFunc(all, func(x coding.Coding) bool { return x.ID != c.ID && coding.SameSpan(x, nc) }) {
			if err := e.RemoveCoding(c); err != nil {
				return err
			}
			continue
		}
		if err := e.ReplaceCoding(c, nc); err != nil {
			return err
		}
	}
	if err := e.Codebook.RemoveCode(from); err != nil {
		return err
	}
	e.AddMemo(coding.Memo{ID: "2026-01-15-merged", Target: coding.Target{Kind: coding.TargetCode, Name: into}, Author: e.Coder, Created: t0, Body: "# Merged " + from})
	return nil
}

// state is what undo must restore: the codebook's items, every coding and
// the memo files.
func state(t *testing.T, p *Project) string {
	t.Helper()
	cb, err := p.ReadCodebook()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range cb.Codes {
		fmt.Fprintf(&b, "code %q %q %q\n", c.Name, c.Category, c.Description)
	}
	b.Write(coding.EncodeJSONL(allCodings(t, p)))
	memos, err := p.ListMemos()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range memos {
		fmt.Fprintf(&b, "memo %s %s\n", m.ID, m.Target)
	}
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		fmt.Fprintf(&b, "source %s\n", s.ID)
	}
	return b.String()
}

func undo(t *testing.T, p *Project, coder string) (*Entry, error) {
	t.Helper()
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	return p.Undo(l, coder)
}

// setup makes a project with one transcript ingested by the lead.
func setup(t *testing.T) *Project {
	p := newProject(t)
	ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript})
	return p
}

func TestUndoAddCoding(t *testing.T) {
	p := setup(t)
	before := state(t, p)
	c := codingAt(t, p, "Showing up", "alice", "P1", "Every Tuesday")
	entry := code(t, p, "alice", c)
	if entry == nil || len(entry.Added) != 1 || entry.Coder != "alice" || len(entry.Codebook) != 1 {
		t.Fatalf("entry = %+v", entry)
	}
	if len(allCodings(t, p)) != 1 {
		t.Fatal("coding not added")
	}
	got, err := undo(t, p, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != entry.ID {
		t.Errorf("undid %s, want %s", got.ID, entry.ID)
	}
	if after := state(t, p); after != before {
		t.Errorf("undo did not restore the project:\n%s\nwant\n%s", after, before)
	}
	if exists(p.Path(ShardRel("alice", "P1"))) {
		t.Error("an empty shard file was left")
	}
	hist, err := p.ReadHistory("alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[1].Undoes != entry.ID || hist[1].Command != "undo" || !strings.HasPrefix(hist[1].Summary, "undo: ") {
		t.Errorf("history = %+v", hist)
	}
}

func TestUndoRename(t *testing.T) {
	p := setup(t)
	code(t, p, "alice", codingAt(t, p, "Trust", "alice", "P1", "Every Tuesday"), codingAt(t, p, "Trust", "alice", "P1", "took months"))
	code(t, p, "bob", codingAt(t, p, "Trust", "bob", "P1", "Not at first"))
	before := state(t, p)
	edit(t, p, "alice", "code rename", func(e *Edit) error { return rename(e, "Trust", "Faith") })
	for _, c := range allCodings(t, p) {
		if c.Code != "Faith" {
			t.Fatalf("coding not renamed: %+v", c)
		}
	}
	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	if after := state(t, p); after != before {
		t.Errorf("undo of rename:\n%s\nwant\n%s", after, before)
	}
}

func TestUndoMerge(t *testing.T) {
	p := setup(t)
	span := codingAt(t, p, "Showing up", "alice", "P1", "Every Tuesday")
	dup := span
	dup.ID, dup.Code = coding.NewID(), "Being there"
	code(t, p, "alice", span, dup)
	code(t, p, "bob", codingAt(t, p, "Being there", "bob", "P1", "same bench"))
	edit(t, p, "alice", "code describe", func(e *Edit) error {
		e.Codebook.Code("Being there").Description = "Presence"
		return nil
	})
	before := state(t, p)
	entry := edit(t, p, "alice", "code merge", func(e *Edit) error { return merge(e, "Being there", "Showing up") })
	cs := allCodings(t, p)
	if len(cs) != 2 {
		t.Fatalf("after merge, %d codings (the duplicate should collapse): %+v", len(cs), cs)
	}
	for _, c := range cs {
		if c.Code != "Showing up" {
			t.Errorf("coding not merged: %+v", c)
		}
	}
	if len(entry.Removed) != 2 || len(entry.Added) != 1 || len(entry.MemosAdded) != 1 {
		t.Errorf("merge entry: removed %d added %d memos %d", len(entry.Removed), len(entry.Added), len(entry.MemosAdded))
	}
	if !exists(p.Path(MemoRel("2026-01-15-merged"))) {
		t.Fatal("merge memo not written")
	}
	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	if after := state(t, p); after != before {
		t.Errorf("undo of merge:\n%s\nwant\n%s", after, before)
	}
	if exists(p.Path(MemoRel("2026-01-15-merged"))) {
		t.Error("merge memo not removed")
	}
	cb, _ := p.ReadCodebook()
	if c := cb.Code("Being there"); c == nil || c.Description != "Presence" {
		t.Errorf("merged code not restored with its definition: %+v", c)
	}
}

func TestUndoIngest(t *testing.T) {
	p := setup(t)
	before := state(t, p)
	ingest(t, p, "lead", false, map[string]string{"P2.md": "**A:** one\n\n**B:** two\n"})
	if _, err := p.ReadSource("P2"); err != nil {
		t.Fatal(err)
	}
	e, err := undo(t, p, "lead")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.SourcesAdded) != 1 || e.SourcesAdded[0] != "P2" {
		t.Errorf("undid %+v", e)
	}
	if _, err := p.ReadSource("P2"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("source still there: %v", err)
	}
	if exists(p.Path(SourcesDir, "P2")) {
		t.Error("the source's directory is left")
	}
	if after := state(t, p); after != before {
		t.Errorf("state:\n%s\nwant\n%s", after, before)
	}
}

func TestUndoIngestWithCodingsRefused(t *testing.T) {
	p := newProject(t)
	ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript})
	code(t, p, "alice", codingAt(t, p, "Trust", "alice", "P1", "took months"))
	before := state(t, p)
	_, err := undo(t, p, "lead")
	if err == nil || !strings.Contains(err.Error(), "source P1 has 1 codings now; remove them first") {
		t.Fatalf("err = %v", err)
	}
	if after := state(t, p); after != before {
		t.Error("a refused undo changed the project")
	}
}

// TestUndoConflict: alice's undo is refused when bob has changed the
// coding it would remove since, and nothing is written.
func TestUndoConflict(t *testing.T) {
	for _, tc := range []struct {
		name string
		bob  func(e *Edit) error
		want string
	}{
		{"renamed by another coder", func(e *Edit) error { return rename(e, "Trust", "Faith") }, "has changed or gone since"},
		{"removed by another coder", func(e *Edit) error {
			cs, _ := e.Codings("P1")
			return e.RemoveCoding(cs[0])
		}, "has changed or gone since"},
		{"code merged by another coder", func(e *Edit) error { return merge(e, "Trust", "Other") }, "has changed or gone since"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := setup(t)
			edit(t, p, "lead", "code describe", func(e *Edit) error {
				if _, err := e.Codebook.AddCode("Trust", ""); err != nil {
					return err
				}
				_, err := e.Codebook.AddCode("Other", "")
				return err
			})
			code(t, p, "alice", codingAt(t, p, "Trust", "alice", "P1", "took months"))
			edit(t, p, "bob", "change", tc.bob)
			before := state(t, p)
			hist := readFile(t, p.Path(HistoryRel("alice")))
			_, err := undo(t, p, "alice")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "undo it by hand") {
				t.Fatalf("err = %v", err)
			}
			if state(t, p) != before || readFile(t, p.Path(HistoryRel("alice"))) != hist {
				t.Error("a refused undo wrote something")
			}
		})
	}
}

// TestUndoCodebookConflict: undoing a code's creation is refused when
// another coder has described the code since.
func TestUndoCodebookConflict(t *testing.T) {
	p := setup(t)
	code(t, p, "alice", codingAt(t, p, "Trust", "alice", "P1", "took months"))
	edit(t, p, "bob", "code describe", func(e *Edit) error {
		e.Codebook.Code("Trust").Description = "bob's definition"
		return nil
	})
	_, err := undo(t, p, "alice")
	var ce *codebook.ConflictError
	if !errors.As(err, &ce) || ce.Key != "Trust" {
		t.Fatalf("err = %v", err)
	}
}

// TestUndoSequence: each undo goes one change further back, skipping what
// was undone, and leaves other coders' work alone; at the end there is
// nothing to undo.
func TestUndoSequence(t *testing.T) {
	p := setup(t)
	s0 := state(t, p)
	code(t, p, "alice", codingAt(t, p, "A", "alice", "P1", "Every Tuesday"))
	s1 := state(t, p)
	code(t, p, "bob", codingAt(t, p, "B", "bob", "P1", "same bench"))
	code(t, p, "alice", codingAt(t, p, "A", "alice", "P1", "took months"))

	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	cs := allCodings(t, p)
	if len(cs) != 2 || !slices.ContainsFunc(cs, func(c coding.Coding) bool { return c.Coder == "bob" }) {
		t.Fatalf("after the first undo: %+v", cs)
	}
	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	cs = allCodings(t, p)
	if len(cs) != 1 || cs[0].Coder != "bob" {
		t.Fatalf("after the second undo: %+v", cs)
	}
	_, err := undo(t, p, "alice")
	if !errors.Is(err, ErrNothingToUndo) || !strings.Contains(err.Error(), `coder "alice" has no change left to undo`) {
		t.Fatalf("third undo = %v", err)
	}
	// Bob's undo takes out his coding only.
	if _, err := undo(t, p, "bob"); err != nil {
		t.Fatal(err)
	}
	if got := state(t, p); got != s0 {
		t.Errorf("after every undo:\n%s\nwant\n%s", got, s0)
	}
	_ = s1
	if _, err := undo(t, p, "nobody"); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo by a coder without history = %v", err)
	}
}

func TestUndoIrreversible(t *testing.T) {
	p := setup(t)
	edit(t, p, "alice", "attributes import", func(e *Edit) error {
		e.Tx.WriteFile(ParticipantsFile, []byte("version: 1\n"))
		e.Irreversible("attribute imports are not undone; import the previous CSV again")
		return nil
	})
	_, err := undo(t, p, "alice")
	if err == nil || !strings.Contains(err.Error(), "cannot be undone: attribute imports are not undone; import the previous CSV again") ||
		!strings.Contains(err.Error(), "attributes import") {
		t.Fatalf("err = %v", err)
	}
	// A replaced transcript is irreversible too.
	_, entry := ingest(t, p, "lead", true, map[string]string{"P1.txt": transcript + "\nInterviewer: Thanks.\n"})
	if entry.Irreversible == "" {
		t.Fatal("replace not marked irreversible")
	}
	if _, err := undo(t, p, "lead"); err == nil || !strings.Contains(err.Error(), "a replaced transcript cannot be restored by undo") {
		t.Fatalf("err = %v", err)
	}
}

func TestEditNoChange(t *testing.T) {
	p := setup(t)
	hist := readFile(t, p.Path(HistoryRel("lead")))
	entry := edit(t, p, "lead", "nothing", func(e *Edit) error { return nil })
	if entry != nil {
		t.Errorf("an edit that changes nothing returned %+v", entry)
	}
	if readFile(t, p.Path(HistoryRel("lead"))) != hist {
		t.Error("an edit that changes nothing wrote history")
	}
}

func TestAddCodingDuplicate(t *testing.T) {
	p := setup(t)
	c := codingAt(t, p, "Trust", "alice", "P1", "took months")
	code(t, p, "alice", c)
	edit(t, p, "alice", "code add", func(e *Edit) error {
		again := c
		again.ID, again.Code, again.Coder = coding.NewID(), " trust ", "ALICE"
		ok, err := e.AddCoding(again)
		if ok || err != nil {
			t.Errorf("AddCoding of a duplicate = %v, %v", ok, err)
		}
		other := c
		other.ID, other.Coder = coding.NewID(), "bob"
		if ok, err := e.AddCoding(other); !ok || err != nil {
			t.Errorf("the same span by another coder = %v, %v", ok, err)
		}
		return nil
	})
	if n := len(allCodings(t, p)); n != 2 {
		t.Errorf("%d codings", n)
	}
	// Codings are stored per coder and source, sorted.
	if !exists(p.Path(ShardRel("bob", "P1"))) || !exists(p.Path(ShardRel("alice", "P1"))) {
		t.Error("shards missing")
	}
}

// TestUndoKeepsCodeInUse: undoing the coding that created a code leaves the
// code in the codebook when another coder's codings use it since; the
// project stays consistent.
func TestUndoKeepsCodeInUse(t *testing.T) {
	p := setup(t)
	code(t, p, "alice", codingAt(t, p, "Trust", "alice", "P1", "took months"))
	code(t, p, "bob", codingAt(t, p, "Trust", "bob", "P1", "Not at first"))
	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	cs := allCodings(t, p)
	if len(cs) != 1 || cs[0].Coder != "bob" {
		t.Fatalf("codings = %+v", cs)
	}
	cb, _ := p.ReadCodebook()
	if cb.Code("Trust") == nil {
		t.Error("the undo removed a code that bob's coding uses")
	}
	if r := check(t, p, false); r.Errors() != 0 {
		t.Errorf("check after undo: %+v", r.Problems)
	}
	// Once bob undoes his coding too, nothing uses the code. It stays
	// (bob did not create it); alice's undo is spent.
	if _, err := undo(t, p, "bob"); err != nil {
		t.Fatal(err)
	}
	if r := check(t, p, false); r.Errors() != 0 {
		t.Errorf("check: %+v", r.Problems)
	}
}

// TestUndoRefusesCodingOfDeletedCode: an undo that would bring back a
// coding whose code has been deleted since is refused.
func TestUndoRefusesCodingOfDeletedCode(t *testing.T) {
	p := setup(t)
	c := codingAt(t, p, "Trust", "alice", "P1", "took months")
	code(t, p, "lead", c)
	edit(t, p, "alice", "uncode", func(e *Edit) error { return e.RemoveCoding(c) })
	edit(t, p, "bob", "code rm", func(e *Edit) error { return e.Codebook.RemoveCode("Trust") })
	before := state(t, p)
	_, err := undo(t, p, "alice")
	if err == nil || !strings.Contains(err.Error(), `code "Trust" is no longer in the codebook`) {
		t.Fatalf("err = %v", err)
	}
	if state(t, p) != before {
		t.Error("refused undo changed the project")
	}
}

// TestHistoryInterleaves: the histories of several coders are merged in
// the order the changes were made, even within one second.
func TestHistoryInterleaves(t *testing.T) {
	p := setup(t)
	t.Setenv("GROUNDED_NOW", "")
	code(t, p, "bob", codingAt(t, p, "A", "bob", "P1", "Every Tuesday"))
	code(t, p, "alice", codingAt(t, p, "B", "alice", "P1", "same bench"))
	code(t, p, "bob", codingAt(t, p, "C", "bob", "P1", "took months"))
	hist, err := p.ReadHistory("")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hist {
		got = append(got, h.Coder)
	}
	if strings.Join(got, " ") != "lead bob alice bob" {
		t.Errorf("history order = %v", got)
	}
	bob, err := p.ReadHistory("bob")
	if err != nil || len(bob) != 2 || bob[0].Added[0].Code != "A" {
		t.Errorf("bob's history = %+v, %v", bob, err)
	}
}
