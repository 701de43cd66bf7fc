package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The reference implementations below are the table writer, shorten and
// termSafe as they were before their fast paths (one pass over the cells,
// ASCII shortcuts): FuzzTable requires the same bytes from both.

func refDisplayWidth(s string) int {
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

func refTruncate(s string, w int) string {
	if w <= 1 || refDisplayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := refDisplayWidth(string(r))
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

func refTermSafe(s string) string {
	unsafe := func(r rune) bool {
		return r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r))
	}
	if strings.IndexFunc(s, unsafe) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case !unsafe(r):
			return r
		case r < 0x20:
			return 0x2400 + r
		case r == 0x7f:
			return 0x2421
		}
		return unicode.ReplacementChar
	}, s)
}

func refShorten(s string, n int) string {
	s = strings.Join(strings.Fields(refTermSafe(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func refRender(t *table, w io.Writer) error {
	cols := len(t.header)
	widths := make([]int, cols)
	all := append([][]string{t.header}, t.rows...)
	for _, r := range all {
		for i := 0; i < cols && i < len(r); i++ {
			r[i] = strings.ReplaceAll(r[i], "\n", " ")
			widths[i] = max(widths[i], refDisplayWidth(r[i]))
		}
	}
	if t.io.IsTerminal() && t.io.Width() > 0 && cols > 0 {
		used := 0
		for i := 0; i < cols-1; i++ {
			used += widths[i] + 2
		}
		if rest := t.io.Width() - used; rest > 10 && widths[cols-1] > rest {
			widths[cols-1] = rest
			for _, r := range all {
				if cols-1 < len(r) {
					r[cols-1] = refTruncate(r[cols-1], rest)
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
			pad := widths[i] - refDisplayWidth(cell)
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

// FuzzTable renders the same rows with the table writer and the
// reference, on a pipe and on terminals of several widths, with the last
// column cut by shorten as 'codings list' does, and with a right-aligned
// column.
func FuzzTable(f *testing.F) {
	f.Add("f1ec27921d3e", "Being non-judgemental", "Used told was call so the in read lot I.", "alice", uint8(0), uint8(60), false)
	f.Add("王芳", "Café  \t x", "  leading and trailing  ", "Zoë\x1b[31m", uint8(3), uint8(5), true)
	f.Add("", "\u202e\u200b", "line\nbreak\r\x7f\x00", "\xff\xfe", uint8(1), uint8(1), true)
	f.Add("a", "ｗｉｄｅ　ｆｕｌｌ", "表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表 表", "b ", uint8(2), uint8(30), false)
	f.Fuzz(func(t *testing.T, a, b, c, d string, rows, n uint8, right bool) {
		n = n%70 + 2
		for _, term := range []struct {
			tty   bool
			width int
		}{{false, 0}, {true, 0}, {true, 20}, {true, 45}, {true, 80}} {
			mk := func() *table {
				io, _, _, _ := TestIO()
				io.SetTerminal(term.tty, term.tty)
				io.width = term.width
				tb := newTable(io, "ID", "CODE", "N", "QUOTE")
				if right {
					tb.alignRight(2)
				}
				return tb
			}
			newT, oldT := mk(), mk()
			newT.grow(int(rows % 5))
			for i := range int(rows%5) + 1 {
				newT.addStrings(a, b, strings.Repeat(d, i), shorten(c, int(n)))
				oldT.rows = append(oldT.rows, []string{refTermSafe(a), refTermSafe(b), refTermSafe(strings.Repeat(d, i)), refShorten(c, int(n))})
			}
			newT.add(a, 42, b) // a short row, and a number through add
			oldT.rows = append(oldT.rows, []string{refTermSafe(a), "42", refTermSafe(b)})
			var got, want bytes.Buffer
			if err := newT.render(&got); err != nil {
				t.Fatal(err)
			}
			if err := refRender(oldT, &want); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("terminal %v width %d: table differs from the reference:\nwant %q\n got %q", term.tty, term.width, want.String(), got.String())
			}
		}
	})
}

// TestShortenSameAsReference compares shorten with the reference for
// every length limit on strings at the edges of its ASCII fast path.
func TestShortenSameAsReference(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "  leading and trailing  ", "inner  double   spaces", "tab\there",
		"line\nbreak", "Café au lait", "王芳 said so", "del\x7f", "esc\x1b[31m", "\u200bzero width", "exactly ten",
		"Used told was call so the in read lot I. Years because and it though outreach trust have use it me the always, to "} {
		for n := 2; n <= 80; n++ {
			if got, want := shorten(s, n), refShorten(s, n); got != want {
				t.Errorf("shorten(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}
