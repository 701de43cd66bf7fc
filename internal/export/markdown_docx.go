package export

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/grounded-qda/grounded/internal/export/docx"
)

// MarkdownDocx converts the Markdown the paper exports write (memo trail,
// audit trail, methods, appendix) into a Word document, so that each of
// them also exists as .docx. It reads the subset those exports use:
// ATX headings ("# " is the title), paragraphs, "> " quotations, "- "
// list items, tables, **bold**, *italic*, `code`, [links](…) (their text)
// and backslash escapes; raw HTML lines (the memo anchors) are dropped.
// Memo bodies are Markdown as their authors wrote it; what falls outside
// the subset is kept as plain text, never dropped.
func MarkdownDocx(md []byte) []byte {
	var d docx.Document
	lines := strings.Split(strings.ReplaceAll(string(md), "\r\n", "\n"), "\n")
	var para []string
	flush := func() {
		if len(para) > 0 {
			d.Para(inlineRuns(strings.Join(para, " "))...)
			para = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">"):
			flush()
		case headingLevel(t) > 0:
			flush()
			n := headingLevel(t)
			text := plainText(strings.TrimSpace(t[n:]))
			if n == 1 {
				d.Title(text)
			} else {
				d.Heading(n-1, text)
			}
		case strings.HasPrefix(t, ">"):
			flush()
			d.Quote(inlineRuns(strings.TrimSpace(strings.TrimPrefix(t, ">")))...)
		case strings.HasPrefix(t, "- "):
			flush()
			d.Para(append([]docx.Run{docx.Plain("• ")}, inlineRuns(t[2:])...)...)
		case strings.HasPrefix(t, "|"):
			flush()
			var rows [][]string
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				rows = append(rows, tableCells(strings.TrimSpace(lines[i])))
			}
			i--
			writeTable(&d, rows)
		default:
			para = append(para, t)
		}
	}
	flush()
	var b bytes.Buffer
	_, _ = d.WriteTo(&b)
	return b.Bytes()
}

func headingLevel(t string) int {
	n := len(t) - len(strings.TrimLeft(t, "#"))
	if n == 0 || n > 6 || len(t) == n || t[n] != ' ' {
		return 0
	}
	return n
}

var separatorRow = regexp.MustCompile(`^\|(\s*:?-+:?\s*\|)+$`)

// tableCells splits a table row at unescaped pipes.
func tableCells(row string) []string {
	if separatorRow.MatchString(row) {
		return nil
	}
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	var cells []string
	var cur strings.Builder
	esc := false
	for _, r := range row {
		switch {
		case esc:
			cur.WriteRune('\\')
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			esc = true
		case r == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}

func writeTable(d *docx.Document, rows [][]string) {
	var header []string
	var body [][][]docx.Run
	for _, r := range rows {
		if r == nil {
			continue
		}
		if header == nil {
			for _, c := range r {
				header = append(header, plainText(c))
			}
			continue
		}
		var cells [][]docx.Run
		for _, c := range r {
			cells = append(cells, inlineRuns(c))
		}
		body = append(body, cells)
	}
	d.Table(header, body)
}

// inlineRuns reads **bold**, *italic*, `code`, [text](target) and
// backslash escapes.
func inlineRuns(s string) []docx.Run {
	var runs []docx.Run
	var cur strings.Builder
	bold, italic := false, false
	emit := func() {
		if cur.Len() > 0 {
			runs = append(runs, docx.Run{Text: cur.String(), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	r := []rune(s)
	for i := 0; i < len(r); i++ {
		switch c := r[i]; {
		case c == '\\' && i+1 < len(r):
			i++
			cur.WriteRune(r[i])
		case c == '*' && i+1 < len(r) && r[i+1] == '*':
			emit()
			bold = !bold
			i++
		case c == '*' || c == '_' && (i == 0 || r[i-1] == ' ' || italic):
			emit()
			italic = !italic
		case c == '`':
			if j := indexRune(r, i+1, '`'); j > 0 {
				cur.WriteString(string(r[i+1 : j]))
				i = j
			} else {
				cur.WriteRune(c)
			}
		case c == '[':
			if j := indexRune(r, i+1, ']'); j > 0 && j+1 < len(r) && r[j+1] == '(' {
				if k := indexRune(r, j+2, ')'); k > 0 {
					for _, x := range inlineRuns(string(r[i+1 : j])) {
						cur.WriteString(x.Text)
					}
					i = k
					continue
				}
			}
			cur.WriteRune(c)
		default:
			cur.WriteRune(c)
		}
	}
	emit()
	return runs
}

func indexRune(r []rune, from int, want rune) int {
	for i := from; i < len(r); i++ {
		if r[i] == '\\' {
			i++
			continue
		}
		if r[i] == want {
			return i
		}
	}
	return -1
}

func plainText(s string) string {
	var b strings.Builder
	for _, r := range inlineRuns(s) {
		b.WriteString(r.Text)
	}
	return b.String()
}
