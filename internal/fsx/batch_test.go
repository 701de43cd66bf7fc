package fsx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// newTestBatch returns a Batch on a temporary directory whose syncfs
// calls are counted and return failWith (nil: the real syncfs); it skips
// where there is no Batch.
func newTestBatch(t *testing.T, failWith *atomic.Pointer[error]) (*Batch, string, *atomic.Int64) {
	t.Helper()
	dir := t.TempDir()
	b, err := NewBatch(dir)
	if errors.Is(err, ErrNoBatch) {
		t.Skip("no syncfs here (not Linux 5.8 or later): files are fsynced one by one")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	calls := &atomic.Int64{}
	real := b.syncfs
	b.syncfs = func(fd int) error {
		calls.Add(1)
		if fd != int(b.dir.Fd()) {
			return fmt.Errorf("syncfs of fd %d, not of the batch's directory", fd)
		}
		if failWith != nil {
			if err := failWith.Load(); err != nil {
				return *err
			}
		}
		return real(fd)
	}
	return b, dir, calls
}

// TestBatchDefersAndSyncs: files written through a Batch hold their
// content, are counted as deferred (no fsync of their own), and one Sync
// makes them durable (a syncfs of the batch's directory) and resets the
// count.
//
// Planted bug it catches: deferIfCovered returning true without counting
// (Deferred stays 0), or Sync not calling syncfs.
func TestBatchDefersAndSyncs(t *testing.T) {
	b, dir, calls := newTestBatch(t, nil)
	const n = 10
	var wg sync.WaitGroup
	names := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, err := b.WriteTemp(filepath.Join(dir, "sub", fmt.Sprintf("f%d", i)), []byte(fmt.Sprint(i)), 0o644)
			if err != nil {
				t.Error(err)
			}
			names[i] = name
		}()
	}
	wg.Wait()
	for i, name := range names {
		if got, err := os.ReadFile(name); err != nil || string(got) != fmt.Sprint(i) || !IsTemp(filepath.Base(name)) {
			t.Fatalf("temporary file %d: %q holds %q (%v)", i, name, got, err)
		}
	}
	if got := b.Deferred(); got != n {
		t.Fatalf("Deferred() = %d after %d files, want %d", got, n, n)
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 1 {
		t.Fatalf("%d syncfs calls for %d files (under flushEvery), want 1", got, n)
	}
	if got := b.Deferred(); got != 0 {
		t.Fatalf("Deferred() = %d after Sync, want 0", got)
	}
	if !b.Covers(filepath.Join(dir, "sub")) || b.Covers(filepath.Join(dir, "missing")) {
		t.Fatal("Covers: wrong for the batch's own directory or a missing one")
	}
}

// TestBatchSyncError: an error of syncfs fails Sync (the files must be
// taken as lost), with the error's cause kept.
//
// Planted bug it catches: Sync ignoring the error of syncfs.
func TestBatchSyncError(t *testing.T) {
	var fail atomic.Pointer[error]
	b, dir, _ := newTestBatch(t, &fail)
	if _, err := b.WriteTemp(filepath.Join(dir, "a"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	eio := error(syscall.EIO)
	fail.Store(&eio)
	if err := b.Sync(); !errors.Is(err, syscall.EIO) {
		t.Fatalf("Sync with a failing syncfs: %v, want EIO", err)
	}
}

// TestBatchBackgroundFlushError: after flushEvery files a syncfs starts
// in the background; its error is kept and returned by Sync even when
// the last syncfs succeeds (syncfs reports a writeback error once per
// open file, so the last call would not see it again).
//
// Planted bug it catches: flush dropping its error.
func TestBatchBackgroundFlushError(t *testing.T) {
	var fail atomic.Pointer[error]
	b, dir, calls := newTestBatch(t, &fail)
	eio := error(syscall.EIO)
	fail.Store(&eio)
	for i := range flushEvery {
		if _, err := b.WriteTemp(filepath.Join(dir, fmt.Sprintf("f%d", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.background.Wait()
	if calls.Load() != 1 {
		t.Fatalf("%d syncfs calls after %d files, want 1 (in the background)", calls.Load(), flushEvery)
	}
	fail.Store(nil)
	if err := b.Sync(); !errors.Is(err, syscall.EIO) {
		t.Fatalf("Sync after a failed background syncfs: %v, want EIO", err)
	}
}
