package refi

import (
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

func findCode(cs []XCode, name string) *XCode {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
		if c := findCode(cs[i].Codes, name); c != nil {
			return c
		}
	}
	return nil
}

// TestExportTreeMemosAndCounts: a category moved under one listed after
// it is exported under it (once); a memo on a code nobody used yet is on
// that code; a coding whose code is not in the codebook counts as an
// exported code; a relation of the core starts at the core's GUID.
func TestExportTreeMemosAndCounts(t *testing.T) {
	p := newTestProject(t)
	d, err := Load(p, "t")
	if err != nil {
		t.Fatal(err)
	}
	cb := d.Codebook
	for _, n := range []string{"Child", "Parent"} {
		if _, err := cb.AddCategory(n, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := cb.SetParent("Child", "Parent"); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.AddCode("Unused", ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cb.Relate("Creating Connection", "Caring for the helper", "condition", ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cb.Relate("Unused", "Parent", "part of", ""); err != nil {
		t.Fatal(err)
	}
	d.Memos = append(d.Memos, coding.Memo{ID: "2026-03-03-aaaaaa", Target: coding.Target{Kind: coding.TargetCode, Name: "Unused"}, Author: "alice", Created: t0, Body: "Not yet."})
	ghost := d.Codings[0]
	ghost.ID, ghost.Code = "c000000000f0", "Ghost"
	d.Codings = append(d.Codings, ghost)

	ex, err := BuildProject(d)
	if err != nil {
		t.Fatal(err)
	}
	top := ex.Project.CodeBook.Codes.Code
	if c := findCode(top, "Parent"); c == nil || len(c.Codes) != 1 || c.Codes[0].Name != "Child" {
		t.Errorf("Parent: %+v", c)
	}
	for _, c := range top {
		if c.Name == "Child" {
			t.Error("Child at the top level too")
		}
	}
	if c := findCode(top, "Unused"); c == nil || len(c.NoteRefs) != 1 {
		t.Errorf("the memo on an unused code: %+v", c)
	}
	if ex.Codes != len(cb.Codes)+1 || ex.Categories != len(cb.Categories) {
		t.Errorf("counts: %d codes, %d categories; want %d and %d", ex.Codes, ex.Categories, len(cb.Codes)+1, len(cb.Categories))
	}
	// Links join the GUIDs of the core, categories and codes.
	core := CoreGUID("Creating Connection")
	joins := map[[2]string]bool{}
	for _, l := range ex.Project.Links.Link {
		joins[[2]string{l.OriginGUID, l.TargetGUID}] = true
	}
	for _, j := range [][2]string{
		{core, findCode(top, "Caring for the helper").GUID},
		{findCode(top, "Unused").GUID, findCode(top, "Parent").GUID},
	} {
		if !joins[j] {
			t.Errorf("no link %s -> %s in %+v", j[0], j[1], ex.Project.Links)
		}
	}
	// Without a core, relations still export.
	cb.Core = nil
	if _, err := BuildProject(d); err != nil {
		t.Fatal(err)
	}
}

// TestSpanBounds: the spans a reference may have, at the edges.
func TestSpanBounds(t *testing.T) {
	turns := []corpus.Turn{{N: 1, Text: "abc"}, {N: 2, Text: "de"}}
	offsets := []int{0, 4}
	for _, tc := range []struct {
		r          corpus.Ref
		start, end int
		ok         bool
	}{
		{corpus.Ref{Start: 0, End: 6}, 0, 6, true}, // the whole plain text, "abc\n\nde"
		{corpus.Ref{Start: 2, End: 2}, 2, 2, true},
		{corpus.Ref{Start: 0, End: 7}, 0, 0, false},
		{corpus.Ref{Start: -1, End: 2}, 0, 0, false},
		{corpus.Ref{Start: 3, End: 2}, 0, 0, false},
		{corpus.Ref{Turn: 2, HasSpan: true, Start: 1, End: 1}, 5, 5, true},
		{corpus.Ref{Turn: 2, HasSpan: true, Start: 0, End: 2}, 4, 6, true},
		{corpus.Ref{Turn: 2, HasSpan: true, Start: 0, End: 3}, 0, 0, false},
		{corpus.Ref{Turn: 2, HasSpan: true, Start: 2, End: 1}, 0, 0, false},
		{corpus.Ref{Turn: 1}, 0, 3, true},
		{corpus.Ref{Turn: 3}, 0, 0, false},
	} {
		a, b, ok := span(tc.r, turns, offsets, 6)
		if ok != tc.ok || ok && (a != tc.start || b != tc.end) {
			t.Errorf("span(%+v) = %d, %d, %v; want %d, %d, %v", tc.r, a, b, ok, tc.start, tc.end, tc.ok)
		}
	}
}

func TestXMLErrorText(t *testing.T) {
	if got := (&XMLError{File: "p.qde", Msg: "bad"}).Error(); got != "p.qde: bad" {
		t.Errorf("no line: %q", got)
	}
	if got := (&XMLError{File: "p.qde", Line: 1, Msg: "bad"}).Error(); got != "p.qde:1: bad" {
		t.Errorf("line 1: %q", got)
	}
}
