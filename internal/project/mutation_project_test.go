package project

// Tests written from the mutation run of this package (scripts/mutate,
// docs/mutation/internal_project.md): each pins a boundary or a behaviour
// that a surviving mutant showed no test guarded.

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/errs"
)

// TestCoderSlugBoundaries pins the edges of the plain-slug rule and of the
// 40-byte readable prefix of a hashed slug.
func TestCoderSlugBoundaries(t *testing.T) {
	a64 := strings.Repeat("a", 64)
	plain := []string{"z", "0", "9", "z09", a64, "com10", "coma", "lpt"}
	for _, n := range plain {
		if got := CoderSlug(n); got != n {
			t.Errorf("CoderSlug(%q) = %q, want it unchanged (a plain slug)", n, got)
		}
	}
	// Not plain: a leading dot, dash or underscore (a hidden file, an
	// option-like name), a Windows device name (COM0-9, LPT0-9, with or
	// without an extension), 65 bytes.
	for _, n := range []string{".a", "-a", "_a", "com0", "com5", "com9", "lpt1", "com1.txt", a64 + "a"} {
		got := CoderSlug(n)
		if got == n || !strings.Contains(got, "+") {
			t.Errorf("CoderSlug(%q) = %q, want a hashed slug", n, got)
		}
		if strings.HasPrefix(got, ".") || strings.HasPrefix(got, "-") {
			t.Errorf("CoderSlug(%q) = %q begins with a dot or a dash", n, got)
		}
	}
	// The readable part of a hashed slug is the first 40 bytes, with
	// trailing dots and dashes trimmed, never cut inside a character.
	cases := []struct{ name, prefix string }{
		{strings.Repeat("a", 50) + "!", strings.Repeat("a", 40)},         // cut at exactly 40
		{strings.Repeat("a", 39) + " b", strings.Repeat("a", 39)},        // the 40th byte is a dash, trimmed
		{strings.Repeat("a", 39) + "éé!", strings.Repeat("a", 39)},       // é would end at byte 41: dropped whole
		{strings.Repeat("a", 38) + "éé!", strings.Repeat("a", 38) + "é"}, // é ends at byte 40: kept
	}
	for _, c := range cases {
		got := CoderSlug(c.name)
		pre, _, ok := strings.Cut(got, "+")
		if !ok || pre != c.prefix {
			t.Errorf("CoderSlug(%q) = %q, want the readable part %q", c.name, got, c.prefix)
		}
	}
}

// TestLegacySlug pins the slug of format 1 that older projects use.
func TestLegacySlug(t *testing.T) {
	for in, want := range map[string]string{
		"Alice Smith":           "alice-smith",
		"a":                     "a",
		"z":                     "z",
		"0":                     "0",
		"9":                     "9",
		"az09._-":               "az09._",
		"!!":                    "coder",
		" Zoë ":                 "zo",
		strings.Repeat("b", 70): strings.Repeat("b", 64),
	} {
		if got := legacySlug(in); got != want {
			t.Errorf("legacySlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckCoderLength: 64 characters is the longest coder name.
func TestCheckCoderLength(t *testing.T) {
	if n, err := CheckCoder(strings.Repeat("x", 64)); err != nil || len(n) != 64 {
		t.Errorf("64-character name: %q, %v", n, err)
	}
	if _, err := CheckCoder(strings.Repeat("x", 65)); err == nil {
		t.Error("65-character name accepted")
	}
}

func TestShortQuote(t *testing.T) {
	s50 := strings.Repeat("é", 50)
	if got := shortQuote(s50); got != s50 {
		t.Errorf("a 50-character quote was shortened to %q", got)
	}
	s51 := strings.Repeat("é", 51)
	if got := shortQuote(s51); got != strings.Repeat("é", 47)+"..." {
		t.Errorf("shortQuote(51 characters) = %q", got)
	}
}

func TestLastElems(t *testing.T) {
	for _, c := range []struct {
		p    string
		n    int
		want string
	}{
		{"/home/x/proj/history/alice.jsonl", 2, "history/alice.jsonl"},
		{"/home/x/proj/history/alice.jsonl", 1, "alice.jsonl"},
		{`C:\proj\history\alice.jsonl`, 2, `history\alice.jsonl`},
		{"history/alice.jsonl", 2, "history/alice.jsonl"},
		{"history/alice.jsonl", 3, "history/alice.jsonl"},
		{"alice.jsonl", 2, "alice.jsonl"},
	} {
		if got := lastElems(c.p, c.n); got != c.want {
			t.Errorf("lastElems(%q, %d) = %q, want %q", c.p, c.n, got, c.want)
		}
	}
}

// TestRejectFirstLine: the first line of a file can be moved aside.
func TestRejectFirstLine(t *testing.T) {
	f := filepath.Join(t.TempDir(), "x.jsonl")
	writeTestFile(t, f, "bad\ngood\n")
	if err := rejectLine(f, 1); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, f); got != "good\n" {
		t.Errorf("file = %q", got)
	}
	if got := readFile(t, f+".rejected"); got != "bad\n" {
		t.Errorf("rejected = %q", got)
	}
	for _, n := range []int{0, 3} {
		if err := rejectLine(f, n); err == nil {
			t.Errorf("line %d of a 1-line file: no error", n)
		}
	}
}

func TestLockTimeoutZero(t *testing.T) {
	for s, want := range map[string]string{"0s": "0s", "00": "0s", "2": "2s", "1m": "1m0s", "-1s": DefaultLockTimeout.String(), "soon": DefaultLockTimeout.String()} {
		t.Setenv("GROUNDED_LOCK_TIMEOUT", s)
		if got := LockTimeout().String(); got != want {
			t.Errorf("GROUNDED_LOCK_TIMEOUT=%s: %s, want %s", s, got, want)
		}
	}
}

func TestUnsafePathErrorMessage(t *testing.T) {
	for _, c := range []struct {
		e    UnsafePathError
		want string
	}{
		{UnsafePathError{File: "/p/.grounded/journal.json", Entry: "writes[2].temp", Path: "x", Reason: "is bad"}, `/p/.grounded/journal.json (writes[2].temp): path "x" is bad`},
		{UnsafePathError{File: "/p/sources/P1/source.yaml", Path: "x", Reason: "is bad"}, `/p/sources/P1/source.yaml: path "x" is bad`},
		{UnsafePathError{Path: "x", Reason: "is bad"}, `path "x" is bad`},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}

// TestStoreFileLayout: the files of the layout are accepted, and their
// near misses refused.
func TestStoreFileLayout(t *testing.T) {
	ok := []string{
		"codebook.yaml", "tags/codebook.jsonl", "tags/codebook/P1.yaml",
		"sources/P1/original", "sources/P1/original.x", "sources/P1/original.docx",
		"sources/P1/original.abcdefghijklmnop", "sources/P1/original.tar-gz_1",
		"codings/" + strings.Repeat("a", 128) + "/P1.jsonl",
		"history/alice.jsonl", "memos/2026-01-15-aaaaaa.md",
		"tags/codebook/.tmp-P1.yaml.0123456789ab",
	}
	for _, rel := range ok {
		if r := storeFileReason(rel); r != "" {
			t.Errorf("%s: %s", rel, r)
		}
	}
	bad := []string{
		"tags/other.jsonl", "tags/codebook/sub/P1.yaml", "tags/codebook/P1.json",
		"sources/P1/original.", "sources/P1/original.abcdefghijklmnopq", "sources/P1/original.t$",
		"sources/P1/originalx", "codings/" + strings.Repeat("a", 129) + "/P1.jsonl",
		"codings/.a/P1.jsonl",
	}
	for _, rel := range bad {
		if r := storeFileReason(rel); r == "" {
			t.Errorf("%s accepted", rel)
		}
	}
	// A temporary name with no file name before its suffix is not one
	// the store writes, and is reported as such.
	if r := storeFileReason(".tmp-.0123456789ab"); r != "is not a temporary file name the store writes" {
		t.Errorf("reason = %q", r)
	}
}

// TestCheckNamesRename: a coding left with a code the history renamed is
// reported with the new name and the action to recode it.
func TestCheckNamesRename(t *testing.T) {
	p, cs := coded(t)
	edit(t, p, "alice", "code rename", func(e *Edit) error { return rename(e, "Trust", "Faith") })
	// A merge brings back bob's coding under the old name.
	writeShard(t, p, "bob", "P1", cs[2])
	r := check(t, p, false)
	var found bool
	for _, pr := range r.Problems {
		if !strings.Contains(pr.Message, cs[2].ID) {
			continue
		}
		found = true
		if !strings.Contains(pr.Message, `uses code "Trust", which is not in the codebook: the history renamed it to "Faith" (code rename by alice,`) {
			t.Errorf("message = %q", pr.Message)
		}
		if pr.Action != errs.ActionRecodeRenamed || len(pr.Args) != 3 || pr.Args[0] != "Faith" || pr.Args[2] != cs[2].ID {
			t.Errorf("action %v %q", pr.Action, pr.Args)
		}
	}
	if !found {
		t.Fatalf("no problem names coding %s: %+v", cs[2].ID, r.Problems)
	}
	for _, pr := range r.Problems {
		if !strings.Contains(pr.Message, cs[2].ID) && strings.Contains(pr.Message, "renamed") {
			t.Errorf("the rename note went to another problem: %q", pr.Message)
		}
	}
}

// TestCheckJournalAppends: a journal's append at offset 0 (the first
// entry of a new history file) is one the store makes; a negative offset
// or an append to a temporary file is not, and is named by its entry.
func TestCheckJournalAppends(t *testing.T) {
	p := newProject(t)
	ok := &journal{Version: 1, Appends: []journalAppend{{Path: "history/alice.jsonl", Offset: 0, Data: "{}\n"}}}
	if err := p.checkJournal(ok); err != nil {
		t.Errorf("append at offset 0: %v", err)
	}
	for _, a := range []journalAppend{
		{Path: "history/alice.jsonl", Offset: -1},
		{Path: "history/.tmp-alice.jsonl.0123456789ab", Offset: 3},
	} {
		err := p.checkJournal(&journal{Version: 1, Appends: []journalAppend{{Path: "history/bob.jsonl"}, a}})
		var up *UnsafePathError
		if !errors.As(err, &up) || up.Entry != "appends[1]" || up.Path != a.Path {
			t.Errorf("append %+v: %v", a, err)
		}
	}
	w := journalWrite{Path: "codebook.yaml", Temp: ".tmp-participants.yaml.0123456789ab"}
	err := p.checkJournal(&journal{Version: 1, Writes: []journalWrite{w}})
	var up *UnsafePathError
	if !errors.As(err, &up) || up.Entry != "writes[0].temp" || !strings.Contains(err.Error(), `is not a temporary file of "codebook.yaml"`) {
		t.Errorf("write through another file's temp: %v", err)
	}
}
