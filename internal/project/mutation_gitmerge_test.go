package project

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
)

func entryAt(id string, minute int, summary string) Entry {
	return Entry{ID: id, Time: time.Date(2026, 1, 15, 10, minute, 0, 0, time.UTC), Coder: "alice", Command: "code add", Summary: summary}
}

func writeEntries(t *testing.T, path string, es ...Entry) {
	t.Helper()
	var b []byte
	for _, e := range es {
		b = coding.AppendJSONL(b, e)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func encEntries(es ...Entry) string {
	var b []byte
	for _, e := range es {
		b = coding.AppendJSONL(b, e)
	}
	return string(b)
}

// TestMergeFilesHistory: the merge driver merges history files entry by
// entry in time order, a missing base is empty, and a record changed on
// one side and removed on the other is written between conflict markers
// after the merged records.
func TestMergeFilesHistory(t *testing.T) {
	e1, e2, e3 := entryAt("aaaaaaaaaaa1", 1, "one"), entryAt("aaaaaaaaaaa2", 3, "two"), entryAt("aaaaaaaaaaa3", 2, "three")
	dir := t.TempDir()
	base, ours, theirs := filepath.Join(dir, "base"), filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")

	writeEntries(t, base, e1)
	writeEntries(t, ours, e1, e2)
	writeEntries(t, theirs, e1, e3)
	conflicts, err := MergeFiles(MergeHistory, base, ours, theirs)
	if err != nil || len(conflicts) != 0 {
		t.Fatalf("MergeFiles = %v, %v", conflicts, err)
	}
	if got, want := readFile(t, ours), encEntries(e1, e3, e2); got != want {
		t.Errorf("merged:\n%s\nwant\n%s", got, want)
	}

	// No base: both sides' entries are kept.
	writeEntries(t, ours, e2)
	writeEntries(t, theirs, e3)
	if _, err := MergeFiles(MergeHistory, filepath.Join(dir, "none"), ours, theirs); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, ours), encEntries(e3, e2); got != want {
		t.Errorf("merged without base:\n%s\nwant\n%s", got, want)
	}

	// Changed on ours, removed on theirs; and the other way round.
	changed := e1
	changed.Summary = "one, changed"
	for _, c := range []struct {
		ours, theirs []Entry
		want         string
	}{
		{[]Entry{changed, e2}, []Entry{e2}, encEntries(e2) + "<<<<<<< ours (record aaaaaaaaaaa1)\n" + encEntries(changed) + "=======\n(removed)\n>>>>>>> theirs\n"},
		{[]Entry{e2}, []Entry{changed, e2}, encEntries(e2) + "<<<<<<< ours (record aaaaaaaaaaa1)\n(removed)\n=======\n" + encEntries(changed) + ">>>>>>> theirs\n"},
	} {
		writeEntries(t, base, e1, e2)
		writeEntries(t, ours, c.ours...)
		writeEntries(t, theirs, c.theirs...)
		conflicts, err := MergeFiles(MergeHistory, base, ours, theirs)
		if err != nil || !slices.Equal(conflicts, []string{e1.ID}) {
			t.Fatalf("MergeFiles = %v, %v", conflicts, err)
		}
		if got := readFile(t, ours); got != c.want {
			t.Errorf("conflict:\n%s\nwant\n%s", got, c.want)
		}
	}
}

// TestMergeFilesErrors: a missing side other than the base, or a side
// that does not parse, is an error naming the file, and ours is not
// written.
func TestMergeFilesErrors(t *testing.T) {
	dir := t.TempDir()
	base, ours, theirs := filepath.Join(dir, "base"), filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
	e1 := entryAt("aaaaaaaaaaa1", 1, "one")
	writeEntries(t, base, e1)
	writeEntries(t, ours, e1)
	if _, err := MergeFiles(MergeHistory, base, ours, filepath.Join(dir, "none")); err == nil {
		t.Error("a missing theirs merged")
	}
	writeTestFile(t, theirs, "{not json\n")
	_, err := MergeFiles(MergeHistory, base, ours, theirs)
	if err == nil || !strings.Contains(err.Error(), theirs) {
		t.Errorf("a broken theirs: %v", err)
	}
	if got := readFile(t, ours); got != encEntries(e1) {
		t.Errorf("ours written after an error: %q", got)
	}
	if _, err := MergeFiles(MergeKind("memos"), base, ours, theirs); err == nil {
		t.Error("unknown kind merged")
	}
}

// TestMergeFilesCodings: a coding removed on one side stays removed.
func TestMergeFilesCodings(t *testing.T) {
	dir := t.TempDir()
	base, ours, theirs := filepath.Join(dir, "base"), filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
	c1 := coding.Coding{ID: "aaaaaaaaaaa1", Code: "Trust", Source: "P1", Turn: 1, Start: 0, End: 4, Quote: "abcd", Coder: "alice", Created: t0}
	c2 := c1
	c2.ID, c2.Start, c2.End, c2.Quote = "aaaaaaaaaaa2", 5, 6, "e"
	os.WriteFile(base, coding.EncodeJSONL([]coding.Coding{c1, c2}), 0o644)
	os.WriteFile(ours, coding.EncodeJSONL([]coding.Coding{c1}), 0o644)
	os.WriteFile(theirs, coding.EncodeJSONL([]coding.Coding{c1, c2}), 0o644)
	if c, err := MergeFiles(MergeCodings, base, ours, theirs); err != nil || len(c) != 0 {
		t.Fatal(c, err)
	}
	if got := readFile(t, ours); got != string(coding.EncodeJSONL([]coding.Coding{c1})) {
		t.Errorf("merged codings: %s", got)
	}
}

func TestParseMergeKind(t *testing.T) {
	for _, k := range []MergeKind{MergeCodings, MergeHistory} {
		if got, err := ParseMergeKind(string(k)); got != k || err != nil {
			t.Errorf("ParseMergeKind(%q) = %q, %v", k, got, err)
		}
	}
	if _, err := ParseMergeKind("codebook"); err == nil {
		t.Error("codebook is merged by its own command, not the record driver")
	}
	if got := MergeDriverCommand(MergeCodebook); got != "grounded codebook merge %O %A %B" {
		t.Errorf("codebook driver: %s", got)
	}
	if got := MergeDriverCommand(MergeHistory); got != "grounded merge-driver history %O %A %B" {
		t.Errorf("history driver: %s", got)
	}
}

// TestGitAttributes: grounded's block is added after the lines a user
// wrote (ending the last one, one blank line between), replaces an
// earlier version's block, and a file that already has it is unchanged.
func TestGitAttributes(t *testing.T) {
	old := strings.Join(oldGitattributes, "\n") + "\n"
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", gitattributesBlock},
		{"blank lines only", "\n\n", gitattributesBlock},
		{"user line without newline", "*.png binary", "*.png binary\n\n" + gitattributesBlock},
		{"user line", "*.png binary\n", "*.png binary\n\n" + gitattributesBlock},
		{"old block only", old, gitattributesBlock},
		{"old block with CRLF", strings.ReplaceAll(old, "\n", "\r\n"), gitattributesBlock},
		{"old block and user line", "*.png binary\n" + old, "*.png binary\n\n" + gitattributesBlock},
		{"current", "x\n" + gitattributesBlock, "x\n" + gitattributesBlock},
		{"codings driver, codebook line", "/codebook.yaml -text\n/codings/**/*.jsonl -text merge=grounded-codings\n", "/codebook.yaml -text merge=grounded-codebook\n/codings/**/*.jsonl -text merge=grounded-codings\n"},
		{"codings driver, no codebook line", "/codings/**/*.jsonl -text merge=grounded-codings", "/codings/**/*.jsonl -text merge=grounded-codings\n/codebook.yaml -text merge=grounded-codebook\n"},
	} {
		if got := string(GitAttributes([]byte(c.in))); got != c.want {
			t.Errorf("%s:\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}
