package index

import (
	"os"
	"path/filepath"
	"testing"
)

// The statter gives os.Stat's size and time stamps for every path: below
// the directory it holds open, the directory itself, a path elsewhere,
// and, when the directory could not be held open (fd -1), whole paths
// (stat_linux.go 39:57 negation: with fd -1 it stat'ed relative paths from
// no directory and failed; 39:67: the directory itself was stat'ed as ""
// from itself and failed).
func TestStatterPaths(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "study") + string(filepath.Separator)
	if err := os.MkdirAll(filepath.Join(dir, "sources", "P1"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "sources", "P1", "turns.jsonl")
	if err := os.WriteFile(file, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(root, "elsewhere.txt")
	if err := os.WriteFile(other, []byte("elsewhere"), 0o644); err != nil {
		t.Fatal(err)
	}
	held := openStatter(dir)
	defer held.close()
	if held.fd < 0 {
		t.Fatalf("the directory was not held open")
	}
	for _, s := range []*statter{held, {dir: dir, fd: -1}} {
		for _, path := range []string{file, dir, filepath.Join(dir, "sources"), other} {
			size, mtime, _, err := s.stat(path)
			fi, ferr := os.Stat(path)
			if err != nil || ferr != nil || size != fi.Size() || mtime != fi.ModTime().UnixNano() {
				t.Errorf("fd %d, %s: size %d, mtime %d, %v; os.Stat %v", s.fd, path, size, mtime, err, fi)
			}
		}
		if _, _, _, err := s.stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
			t.Errorf("fd %d, a missing file: %v", s.fd, err)
		}
	}
}
