//go:build !linux

package index

import "os"

// statter stats whole paths (stat_linux.go holds a directory open).
type statter struct{}

func openStatter(string) *statter { return &statter{} }

func (s *statter) close() {}

// stat is os.Stat(path) for the size, modification time and change time.
func (s *statter) stat(path string) (size, mtime, ctime int64, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, 0, err
	}
	return fi.Size(), fi.ModTime().UnixNano(), changeTime(fi), nil
}
