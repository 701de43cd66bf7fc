package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the standard streams of a command. Tests inject buffers;
// Main uses the process's streams.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	outTTY bool
	errTTY bool
	color  bool
	width  int
}

// SystemIO returns the process's streams. Colour is on only when standard
// output is a terminal and NO_COLOR is not set.
func SystemIO() *IOStreams {
	io := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	io.outTTY = term.IsTerminal(int(os.Stdout.Fd()))
	io.errTTY = term.IsTerminal(int(os.Stderr.Fd()))
	_, noColor := os.LookupEnv("NO_COLOR")
	io.color = io.outTTY && !noColor && os.Getenv("TERM") != "dumb"
	if io.outTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			io.width = w
		}
	}
	return io
}

// TestIO returns streams backed by buffers, as not a terminal.
func TestIO() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// IsTerminal reports whether standard output is a terminal.
func (s *IOStreams) IsTerminal() bool { return s.outTTY }

// StderrTerminal reports whether standard error is a terminal (progress is
// drawn only there).
func (s *IOStreams) StderrTerminal() bool { return s.errTTY }

// Color reports whether output may be coloured.
func (s *IOStreams) Color() bool { return s.color }

// Width returns the terminal width, or 0 when unknown.
func (s *IOStreams) Width() int { return s.width }

// SetTerminal forces terminal behaviour, for tests.
func (s *IOStreams) SetTerminal(tty, color bool) { s.outTTY, s.errTTY, s.color = tty, tty, color }

// ANSI styles used when colour is on.
const (
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiHL     = "\x1b[1;33m"
	ansiReset  = "\x1b[0m"
)

// Style wraps s in an ANSI style when colour is on.
func (s *IOStreams) Style(style, text string) string {
	if !s.color || text == "" {
		return text
	}
	return style + text + ansiReset
}
