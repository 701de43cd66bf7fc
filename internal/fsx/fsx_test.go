package fsx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	for _, content := range []string{"one\n", "two\n"} {
		if err := WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("read %q, %v; want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestWriteErrorNamesTheTarget(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be makes the rename fail.
	path := filepath.Join(dir, "busy")
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("data"), 0o644)
	if err == nil {
		t.Fatal("writing over a non-empty directory succeeded")
	}
	if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), TempPrefix) {
		t.Errorf("error %q should name %s and not the temporary file", err, path)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}
}

func TestAppendAtIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	if err := AppendAt(path, 0, []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	// Replaying the same append (as journal recovery does) must not
	// duplicate it.
	for i := 0; i < 2; i++ {
		if err := AppendAt(path, 2, []byte("b\n")); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	if string(got) != "a\nb\n" {
		t.Fatalf("got %q", got)
	}
}
