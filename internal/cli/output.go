package cli

import (
	"encoding/json"
	"fmt"
	"io"
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
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = termSafe(fmt.Sprint(c)) // termsafe.go
	}
	t.rows = append(t.rows, row)
}

// displayWidth counts terminal columns (East Asian wide runes take two).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func truncate(s string, w int) string {
	if w <= 1 || displayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := displayWidth(string(r))
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

func (t *table) render(w io.Writer) error {
	cols := len(t.header)
	widths := make([]int, cols)
	all := append([][]string{t.header}, t.rows...)
	for _, r := range all {
		for i := 0; i < cols && i < len(r); i++ {
			r[i] = strings.ReplaceAll(r[i], "\n", " ")
			widths[i] = max(widths[i], displayWidth(r[i]))
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
			for _, r := range all {
				if cols-1 < len(r) {
					r[cols-1] = truncate(r[cols-1], rest)
				}
			}
		}
	}
	var b strings.Builder
	for ri, r := range all {
		var line strings.Builder
		for i := 0; i < cols; i++ {
			cell := ""
			if i < len(r) {
				cell = r[i]
			}
			pad := widths[i] - displayWidth(cell)
			if i > 0 {
				line.WriteString("  ")
			}
			if t.right[i] {
				line.WriteString(strings.Repeat(" ", pad))
				line.WriteString(cell)
			} else {
				line.WriteString(cell)
				if i < cols-1 {
					line.WriteString(strings.Repeat(" ", pad))
				}
			}
		}
		s := strings.TrimRight(line.String(), " ")
		if ri == 0 {
			s = t.io.Style(ansiBold, s)
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shorten cuts s to n code points with an ellipsis, on one line.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(termSafe(s)), " ") // termsafe.go
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
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
