package project

import (
	"os"
	"strings"
	"testing"
)

func TestCoderSlugInjective(t *testing.T) {
	plain := map[string]string{"alice": "alice", "Bob": "bob", " lead ": "lead", "j.doe_2": "j.doe_2"}
	for name, want := range plain {
		if got := CoderSlug(name); got != want {
			t.Errorf("CoderSlug(%q) = %q, want %q", name, got, want)
		}
	}
	// Names that differ (other than by case) never share a slug.
	names := []string{"Zoë", "Zoé", "王芳", "李娜", "Alice Smith", "alice-smith", "alice smith ", "con", "CON", "a+b", "zo", "coder", "Zoe\u0308"}
	seen := map[string]string{}
	for _, n := range names {
		s := CoderSlug(n)
		if !validSlug(s) || strings.ContainsAny(s, "/\\ ") {
			t.Errorf("CoderSlug(%q) = %q, not a file name", n, s)
		}
		if other, ok := seen[s]; ok && normName(other) != normName(n) {
			t.Errorf("%q and %q share slug %q", other, n, s)
		}
		seen[s] = n
	}
	if CoderSlug("Zoe\u0308") != CoderSlug("Zoë") {
		t.Error("NFD and NFC forms of one name differ")
	}
	if CoderSlug("con") == "con" {
		t.Error("a reserved Windows name is a plain slug")
	}
}

// TestCoderSlugLegacy: a project written with the lossy slug keeps using
// it for the coder whose history it is, and only for them.
func TestCoderSlugLegacy(t *testing.T) {
	p, _ := coded(t)
	leg := legacySlug("Alice Smith")
	hist := "{\"id\":\"aaaaaaaaaaaa\",\"time\":\"2026-01-15T10:00:00Z\",\"coder\":\"Alice Smith\",\"command\":\"code add\",\"summary\":\"x\"}\n"
	writeTestFile(t, p.Path(HistoryDir, leg+".jsonl"), hist)
	q, _ := Open(p.Root)
	if got := q.HistoryRel("Alice Smith"); got != "history/"+leg+".jsonl" {
		t.Errorf("legacy coder: %s", got)
	}
	q, _ = Open(p.Root)
	if got := q.HistoryRel("alice smith!"); got == "history/"+leg+".jsonl" {
		t.Errorf("another coder got the legacy file %s", got)
	}
}

func TestCheckNameChars(t *testing.T) {
	for _, bad := range []string{"a\u202eb", "a\u200bb", "a\x1b[31mb", "a\u2066b", "a\u00adb"} {
		if _, err := CheckCoder(bad); err == nil {
			t.Errorf("CheckCoder(%q) accepted", bad)
		}
	}
	for _, good := range []string{"王芳", "Zoë", "Alice Smith"} {
		if _, err := CheckCoder(good); err != nil {
			t.Errorf("CheckCoder(%q): %v", good, err)
		}
	}
}

func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
