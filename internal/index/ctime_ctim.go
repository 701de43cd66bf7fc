//go:build openbsd || dragonfly

package index

import (
	"io/fs"
	"syscall"
)

// changeTime returns the time of the last change to a file's inode, in
// nanoseconds: unlike the modification time, no program can set it back.
func changeTime(fi fs.FileInfo) int64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}
