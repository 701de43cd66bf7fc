package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// writeJSON writes v as indented JSON with a final newline. HTML characters
// are not escaped, so quotes read as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table writes aligned columns. On a terminal the header is bold and long
// cells are cut to the terminal width; otherwise cells are separated by
// two spaces, with nothing cut, so the output can be piped.
type table struct {
	io     *IOStreams
	header []string
	rows   [][]string
	cells  []string // the block the rows' cells are taken from (grow)
	right  map[int]bool
}

func newTable(io *IOStreams, header ...string) *table {
	return &table{io: io, header: header, right: map[int]bool{}}
}

// alignRight right-aligns the given columns (numbers).
func (t *table) alignRight(cols ...int) *table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

func (t *table) add(cells ...any) {
	row := t.newRow(len(cells))
	for i, c := range cells {
		s, ok := c.(string)
		if !ok {
			s = fmt.Sprint(c)
		}
		row[i] = termSafe(s) // termsafe.go
	}
	t.rows = append(t.rows, row)
}

// addStrings is add for cells that are strings already.
func (t *table) addStrings(cells ...string) {
	row := t.newRow(len(cells))
	for i, c := range cells {
		row[i] = termSafe(c)
	}
	t.rows = append(t.rows, row)
}

// grow makes room for n more rows of the header's width, so that adding
// them allocates the rows' cells in a few large blocks.
func (t *table) grow(n int) {
	t.rows = slices.Grow(t.rows, n)
	t.cells = make([]string, 0, n*len(t.header))
}

// newRow returns a row of n cells, from the block grow made when it has room.
func (t *table) newRow(n int) []string {
	if len(t.cells)+n <= cap(t.cells) {
		t.cells = t.cells[:len(t.cells)+n]
		return t.cells[len(t.cells)-n : len(t.cells) : len(t.cells)]
	}
	return make([]string, n)
}

// displayWidth counts terminal columns (East Asian wide runes take two).
func displayWidth(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	if r < utf8.RuneSelf {
		return 1
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func truncate(s string, w int) string {
	if w <= 1 || displayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := runeWidth(r)
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

// render writes the table. Each cell's width is measured once; the lines
// are written into one buffer sized from the widths.
func (t *table) render(w io.Writer) error {
	cols := len(t.header)
	widths := make([]int, cols)
	all := append([][]string{t.header}, t.rows...)
	cellW := make([]int, len(all)*cols) // the width of every cell, row by row
	for ri, r := range all {
		for i := 0; i < cols && i < len(r); i++ {
			r[i] = strings.ReplaceAll(r[i], "\n", " ")
			cw := displayWidth(r[i])
			cellW[ri*cols+i] = cw
			widths[i] = max(widths[i], cw)
		}
	}
	// On a terminal, cut the last column to fit.
	if t.io.IsTerminal() && t.io.Width() > 0 && cols > 0 {
		used := 0
		for i := 0; i < cols-1; i++ {
			used += widths[i] + 2
		}
		if rest := t.io.Width() - used; rest > 10 && widths[cols-1] > rest {
			widths[cols-1] = rest
			for ri, r := range all {
				if cols-1 < len(r) {
					r[cols-1] = truncate(r[cols-1], rest)
					cellW[ri*cols+cols-1] = displayWidth(r[cols-1])
				}
			}
		}
	}
	lineMax := 0
	for _, wd := range widths {
		lineMax += wd + 2
	}
	b := make([]byte, 0, len(all)*(lineMax+1)+64)
	for ri, r := range all {
		lineStart := len(b)
		for i := 0; i < cols; i++ {
			cell := ""
			if i < len(r) {
				cell = r[i]
			}
			pad := widths[i] - cellW[ri*cols+i]
			if i > 0 {
				b = append(b, "  "...)
			}
			if t.right[i] {
				b = appendSpaces(b, pad)
				b = append(b, cell...)
			} else {
				b = append(b, cell...)
				if i < cols-1 {
					b = appendSpaces(b, pad)
				}
			}
		}
		for len(b) > lineStart && b[len(b)-1] == ' ' {
			b = b[:len(b)-1]
		}
		if ri == 0 {
			head := t.io.Style(ansiBold, string(b[lineStart:]))
			b = append(b[:lineStart], head...)
		}
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}

func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// shorten cuts s to n code points with an ellipsis, on one line.
func shorten(s string, n int) string {
	if printableASCII(s) { // what the general path gives, without its allocations
		s = strings.Trim(s, " ")
		if strings.Contains(s, "  ") {
			s = strings.Join(strings.Fields(s), " ")
		}
		if len(s) <= n {
			return s
		}
		return s[:n-1] + "…"
	}
	s = strings.Join(strings.Fields(termSafe(s)), " ") // termsafe.go
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// printableASCII reports whether s holds only printable ASCII (space to
// '~'): termSafe leaves such a string as it is, and its only white space
// is the space.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// progress returns a progress callback that draws "label done/total" on
// stderr when it is a terminal and the work has taken more than a second.
func (f *Factory) progress(label string) func(done, total int) {
	if !f.IO.StderrTerminal() {
		return nil
	}
	start := time.Now()
	shown := false
	return func(done, total int) {
		if time.Since(start) < time.Second && done < total {
			return
		}
		if done >= total {
			if shown {
				fmt.Fprintf(f.IO.ErrOut, "\r%s %d/%d, done.\x1b[K\n", label, done, total)
			}
			return
		}
		shown = true
		fmt.Fprintf(f.IO.ErrOut, "\r%s %d/%d…\x1b[K", label, done, total)
	}
}
