package fsx

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestWriteFileReplacesContent(t *testing.T) {
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

// TestWriteFileReplacesAtomically watches the file from another goroutine
// while it is replaced again and again with large contents: every read must
// see the whole old or the whole new content, never an empty file, a short
// one or a mix. The test proves its scenario happened: it goes on until
// enough reads overlapped a write (and fails if that never happens).
//
// Planted bug it catches: WriteFile writing in place (os.WriteFile on the
// target) instead of a temporary file and a rename.
func TestWriteFileReplacesAtomically(t *testing.T) {
	const size = 1 << 20
	contents := [][]byte{bytes.Repeat([]byte("a"), size), bytes.Repeat([]byte("b"), size)}
	path := filepath.Join(t.TempDir(), "codings.jsonl")
	if err := WriteFile(path, contents[0], 0o644); err != nil {
		t.Fatal(err)
	}
	var writing, stop atomic.Bool
	var overlapped atomic.Int64
	bad := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			during := writing.Load()
			got, err := os.ReadFile(path)
			if err != nil {
				bad <- fmt.Sprintf("read: %v", err)
				return
			}
			if !bytes.Equal(got, contents[0]) && !bytes.Equal(got, contents[1]) {
				bad <- fmt.Sprintf("a reader saw %d bytes that are neither the old nor the new content (first %q, last %q)", len(got), head(got), tail(got))
				return
			}
			if during && writing.Load() {
				overlapped.Add(1)
			}
		}
	}()
	const wantOverlaps, maxWrites = 100, 2000
	writes := 0
	for ; writes < maxWrites && overlapped.Load() < wantOverlaps && len(bad) == 0; writes++ {
		writing.Store(true)
		err := WriteFile(path, contents[(writes+1)%2], 0o644)
		writing.Store(false)
		if err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	<-done
	select {
	case msg := <-bad:
		t.Fatalf("after %d writes: %s", writes, msg)
	default:
	}
	if n := overlapped.Load(); n < wantOverlaps {
		t.Fatalf("only %d of the reads overlapped one of %d writes; the test did not observe what it is for", n, writes)
	}
	t.Logf("%d writes, %d reads during a write, all whole", writes, overlapped.Load())
}

func head(b []byte) []byte { return b[:min(len(b), 8)] }
func tail(b []byte) []byte { return b[max(0, len(b)-8):] }

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
