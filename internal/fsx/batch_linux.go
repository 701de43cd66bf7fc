//go:build linux

package fsx

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// NewBatch opens dir for a Batch of files on its file system (see "Making
// many files durable at once"). It returns ErrNoBatch on a kernel older
// than 5.8. The caller must Close the Batch.
func NewBatch(dir string) (*Batch, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return nil, err
	}
	if !syncfsReportsErrors(unix.ByteSliceToString(u.Release[:])) {
		return nil, ErrNoBatch
	}
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	dev, err := deviceOf(d)
	if err != nil {
		d.Close()
		return nil, err
	}
	return &Batch{dir: d, dev: dev, syncfs: unix.Syncfs}, nil
}

// syncfsReportsErrors reports whether a kernel of the release (uname -r,
// "6.8.0-45-generic") reports writeback errors to syncfs: 5.8 and later.
func syncfsReportsErrors(release string) bool {
	major, rest, _ := strings.Cut(release, ".")
	minor := rest
	if i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = rest[:i]
	}
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > 5 || ma == 5 && mi >= 8
}

// deviceOf returns the device of the file system that holds f.
func deviceOf(f *os.File) (uint64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	dev, ok := statDevice(st)
	if !ok {
		return 0, ErrNoBatch
	}
	return dev, nil
}

// statDevice returns the device of a file's FileInfo.
func statDevice(st os.FileInfo) (uint64, bool) {
	s, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return s.Dev, true
}
