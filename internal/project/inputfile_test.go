//go:build unix

package project

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadInputFile(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "P1.txt")
	if err := os.WriteFile(reg, []byte("Interviewer: hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(reg, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{reg, link} {
		if b, err := ReadInputFile(p, 100); err != nil || string(b) != "Interviewer: hello\n" {
			t.Errorf("%s: %q, %v", p, b, err)
		}
	}
	var tl *TooLargeError
	if _, err := ReadInputFile(reg, 10); !errors.As(err, &tl) || !strings.Contains(err.Error(), reg) {
		t.Errorf("too large: %v", err)
	}
	if _, err := ReadInputFile(filepath.Join(dir, "missing.txt"), 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}

	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.txt")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct{ path, want string }{
		{"/dev/zero", "is a device"},
		{fifo, "is a named pipe (FIFO)"},
		{dir, "is a directory"},
		{sock, "is a socket"},
	} {
		// A FIFO without a writer would block a plain open or read
		// forever: the test returning at all is part of what it checks.
		_, err := ReadInputFile(tc.path, 1<<20)
		var nr *NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), tc.path+" "+tc.want) || !strings.Contains(err.Error(), "nothing was read") {
			t.Errorf("%s: got %v", tc.path, err)
		}
		if f, err := OpenInputFile(tc.path); err == nil {
			f.Close()
			t.Errorf("%s: OpenInputFile accepted it", tc.path)
		}
	}
}
