package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMentionsAny pins the whole-word rule a purge uses to find the
// history entries that mention a withdrawn source: a match inside a longer
// run of letters, digits, underscores or non-ASCII letters does not count,
// case is ignored, and a later whole-word match is found after a partial
// one.
func TestMentionsAny(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"P1", true},
		{"p1 said", true},
		{"source P1.", true},
		{`"source":"P1"`, true},
		{"P10", false},
		{"P10 and P1", true},
		{"P10 and P1x then P1", true},
		{"aP1", false}, {"zP1", false}, {"0P1", false}, {"9P1", false}, {"_P1", false},
		{"ÀP1", false},
		{"рP1", false}, // Cyrillic р is D1 80: its last byte is 0x80
		{"P1À", false},
		{"P1_", false}, {"P1a", false}, {"P1z", false}, {"P10", false}, {"P19", false},
		{"`P1", true}, {"{P1", true}, {"/P1", true}, {":P1", true}, {"P1`", true}, {"P1{", true}, {"P1/", true}, {"P1:", true},
		{"", false},
	} {
		if got := MentionsAny(c.text, []string{"", "Q7", "p1"}); got != c.want {
			t.Errorf("MentionsAny(%q, P1) = %v, want %v", c.text, got, c.want)
		}
	}
	if MentionsAny("anything", []string{""}) {
		t.Error("an empty word matches")
	}
}

// TestPurgeHistory: every history entry that mentions the purged words
// keeps only its id, time and coder, in every coder's file; the others are
// untouched, files with no such entry are not rewritten, and the purge's
// own entry is added to its coder's file (created when new).
func TestPurgeHistory(t *testing.T) {
	for _, coder := range []string{"bob", "carol"} {
		t.Run(coder, func(t *testing.T) {
			p, _ := coded(t)
			aliceBefore, err := p.ReadHistory("alice")
			if err != nil || len(aliceBefore) != 2 {
				t.Fatalf("alice's history: %v %v", aliceBefore, err)
			}
			leadFile := p.Path(filepath.FromSlash(p.HistoryRel("lead")))
			leadBefore := readFile(t, leadFile)
			bobBefore, _ := p.ReadHistory("bob")
			own := edit(t, p, coder, "purge", func(e *Edit) error {
				e.RemoveMemoUnrecorded("2026-01-15-aaaaaa")
				e.PurgeHistory(func(s string) bool { return MentionsAny(s, []string{"tuesday"}) })
				e.Irreversible("a purge keeps nothing to restore")
				return nil
			})
			alice, err := p.ReadHistory("alice")
			if err != nil || len(alice) != 2 {
				t.Fatalf("alice's history after: %v %v", alice, err)
			}
			h, b := alice[0], aliceBefore[0]
			if h.ID != b.ID || !h.Time.Equal(b.Time) || h.Coder != b.Coder || h.Command != PurgedCommand || h.Summary != PurgedSummary || h.Irreversible == "" || len(h.Added) != 0 {
				t.Errorf("purged entry: %+v", h)
			}
			if alice[1].Command != aliceBefore[1].Command || alice[1].Summary != aliceBefore[1].Summary {
				t.Errorf("an entry that does not mention the word changed: %+v", alice[1])
			}
			if got := readFile(t, leadFile); got != leadBefore {
				t.Error("a history file with no such entry was rewritten")
			}
			hs, err := p.ReadHistory(coder)
			if err != nil {
				t.Fatal(err)
			}
			want := len(bobBefore) + 1
			if coder == "carol" {
				want = 1
			}
			if len(hs) != want || hs[len(hs)-1].ID != own.ID {
				t.Errorf("%s's history: %d entries, last %+v; want %d ending with the purge", coder, len(hs), hs[len(hs)-1], want)
			}
			for _, f := range []string{"alice", "bob", "lead", coder} {
				data, err := os.ReadFile(p.Path(filepath.FromSlash(p.HistoryRel(f))))
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(strings.ToLower(string(data)), "tuesday") {
					t.Errorf("%s's history still mentions the purged word", f)
				}
			}
		})
	}
}

// TestRemoveSourceAndCodingFiles: removing a source's files with keep
// records each one's content for undo; removing its codings files removes
// every coder's file of that source.
func TestRemoveSourceAndCodingFiles(t *testing.T) {
	p, _ := coded(t)
	s, err := p.ReadSource("P1")
	if err != nil {
		t.Fatal(err)
	}
	files, err := p.CodingFiles("P1")
	if err != nil || len(files) != 2 {
		t.Fatalf("CodingFiles = %v, %v", files, err)
	}
	entry := edit(t, p, "lead", "source rm", func(e *Edit) error {
		if err := e.RemoveSourceFiles(s, true); err != nil {
			return err
		}
		return e.RemoveCodingFiles("P1")
	})
	if len(entry.Files) != 3 {
		t.Errorf("entry records %d files, want the 3 source files: %+v", len(entry.Files), entry.Files)
	}
	for _, f := range entry.Files {
		if _, existed := f.before(); !existed {
			t.Errorf("%s: no previous content recorded", f.Path)
		}
	}
	for _, rel := range []string{SourceRel("P1", SourceMetaFile), SourceRel("P1", SourceTurnsFile), SourceRel("P1", s.Original)} {
		if exists(projFile(p, rel)) {
			t.Errorf("%s is still there", rel)
		}
	}
	for _, f := range files {
		if exists(f) {
			t.Errorf("%s is still there", f)
		}
	}
}
