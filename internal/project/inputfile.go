package project

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/grounded-qda/grounded/corpus"
)

// NotRegularError is returned for an input file that is not a regular file:
// a directory, a named pipe (FIFO), a device such as /dev/zero, or a
// socket. Such a file is refused before anything is read from it, because
// reading it could block forever or never end.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	what, todo := "is not a regular file", "give the path of a file saved on disk"
	switch t := e.Mode.Type(); {
	case t&fs.ModeDir != 0:
		what, todo = "is a directory, not a file", "give the files in it one by one (a shell pattern such as DIR/*.txt does that)"
	case t&fs.ModeNamedPipe != 0:
		what, todo = "is a named pipe (FIFO), not a regular file", "save what it delivers to a file first, and give that file"
	case t&(fs.ModeCharDevice|fs.ModeDevice) != 0:
		what = "is a device, not a regular file"
	case t&fs.ModeSocket != 0:
		what, todo = "is a socket, not a regular file", "save what it delivers to a file first, and give that file"
	}
	return fmt.Sprintf("%s %s: nothing was read from it; %s", e.Path, what, todo)
}

// TooLargeError is returned for an input file larger than its limit.
type TooLargeError struct {
	Path          string
	Size, Max     int64
	grewWhileRead bool
}

func (e *TooLargeError) Error() string {
	size := fmt.Sprintf("%.1f MB", float64(e.Size)/(1<<20))
	if e.grewWhileRead {
		size = "more than that (it grew while it was read)"
	}
	return fmt.Sprintf("%s: the file has %s, more than the %d MB allowed for it; check that this is the right file, or split it", e.Path, size, e.Max>>20)
}

// OpenInputFile opens a file that the user named, for reading. Anything
// but a regular file (or a symbolic link to one) is refused with a
// *NotRegularError before it is read; the file is checked again once open,
// so that a file swapped for a pipe in between is refused too, and the
// open itself does not wait for a pipe's writer.
func OpenInputFile(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	return f, nil
}

// ReadInputFile reads a file that the user named: a regular file (see
// OpenInputFile) of at most max bytes; a larger one is refused with a
// *TooLargeError before it is read, and one that grows past max while it
// is read stops the read there.
func ReadInputFile(path string, max int64) ([]byte, error) {
	f, err := OpenInputFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, &TooLargeError{Path: path, Size: st.Size(), Max: max}
	}
	buf := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if int64(len(buf)) > max {
			return nil, &TooLargeError{Path: path, Size: int64(len(buf)), Max: max, grewWhileRead: true}
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// LimitWarnings returns, as "FILE: message" lines, the warnings of the
// parser about input it cut down to the limits (see corpus.MaxTurnChars):
// the researcher must hear about them when the file is ingested.
func (pl *IngestPlan) LimitWarnings() []string {
	var out []string
	for _, w := range pl.Diagnostics.Warnings {
		if w.Kind == corpus.WarnTurnSplit {
			out = append(out, pl.File.Path+": "+w.String())
		}
	}
	return out
}
