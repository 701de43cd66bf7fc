package project

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestReadOpenFile: readOpenFile reads whole files of any size, also one
// whose size stat does not tell (a /proc file says 0).
func TestReadOpenFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 100_000} {
		want := bytes.Repeat([]byte("abcdefg\n"), n/8+1)[:n]
		file := filepath.Join(dir, "f")
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		got, err := readOpenFile(f)
		f.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	got, err := readOpenFile(f)
	if err != nil || !bytes.Contains(got, []byte("VmRSS")) || !bytes.HasSuffix(got, []byte("\n")) {
		t.Errorf("/proc/self/status: %d bytes, %v", len(got), err)
	}
}
