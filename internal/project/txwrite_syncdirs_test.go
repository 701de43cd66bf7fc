package project

import (
	"path/filepath"
	"testing"
)

// TestSyncDirsReportsFailure: a directory that cannot be synced fails
// the sync even when the ones before it (in sorted order) succeeded.
func TestSyncDirsReportsFailure(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	if err := syncDirs(map[string]bool{dir: true, missing: true}); err == nil {
		t.Fatal("syncing a missing directory after a good one succeeded")
	}
	if err := syncDirs(map[string]bool{dir: true}); err != nil {
		t.Fatal(err)
	}
	if err := syncDirs(nil); err != nil {
		t.Fatal(err)
	}
}
