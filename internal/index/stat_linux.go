package index

import (
	"errors"
	"io/fs"
	"strings"

	"golang.org/x/sys/unix"
)

// statter stamps files below a directory held open: each stat then walks
// the file's path from that directory, not from the root of the file
// system, a third less of a search's freshness check at a thousand
// sources (two stats each).
type statter struct {
	dir string // with a trailing separator
	fd  int    // -1: stat whole paths
}

// openStatter holds dir (with a trailing separator) open; if it cannot,
// the statter stats whole paths.
func openStatter(dir string) *statter {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		fd = -1
	}
	return &statter{dir: dir, fd: fd}
}

func (s *statter) close() {
	if s.fd >= 0 {
		_ = unix.Close(s.fd)
	}
}

// stat is os.Stat(path) for the size, modification time and change time.
func (s *statter) stat(path string) (size, mtime, ctime int64, err error) {
	fd, rel := unix.AT_FDCWD, path
	if r, ok := strings.CutPrefix(path, s.dir); ok && s.fd >= 0 && r != "" {
		fd, rel = s.fd, r
	}
	var st unix.Stat_t
	for {
		err = unix.Fstatat(fd, rel, &st, 0)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		return 0, 0, 0, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return st.Size, st.Mtim.Nano(), st.Ctim.Nano(), nil
}
