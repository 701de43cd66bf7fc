package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/export/docx"
	"github.com/grounded-qda/grounded/internal/export/xlsx"
)

// # The codebook appendix
//
// BuildAppendix turns a hierarchy into the table a paper's appendix shows:
// one row per node (the core category, each stage, category and code, in
// the hierarchy's order), with its level, its path (stage › category ›
// code, the core left out), name, definition, when to use it, when not to
// use it, an example quote, and its codings, sources and participants. The
// example is the node's first exemplar when it has one (its words, the span
// in the text, then the participant's descriptor), else the codebook's
// example field. The rows render as Markdown, CSV, XLSX or DOCX; the same
// rows always give the same bytes.

// AppendixPathSep joins the names of a path.
const AppendixPathSep = " › "

// AppendixRow is one line of the appendix.
type AppendixRow struct {
	Level        string // core, stage, category or code
	Path         []string
	Name         string
	Definition   string
	WhenToUse    string
	WhenNotToUse string
	Example      string
	Codings      int
	Sources      int
	Participants int
}

// AppendixColumns are the column titles, in order.
var AppendixColumns = []string{"Level", "Path", "Name", "Definition", "When to use", "When not to use",
	"Example", "Codings", "Sources", "Participants"}

func (r AppendixRow) cells() []string {
	return []string{r.Level, strings.Join(r.Path, AppendixPathSep), r.Name, r.Definition, r.WhenToUse,
		r.WhenNotToUse, r.Example, strconv.Itoa(r.Codings), strconv.Itoa(r.Sources), strconv.Itoa(r.Participants)}
}

// BuildAppendix lists the rows of h. cb gives the fields the hierarchy does
// not carry; exemplars (by code key, from SelectExemplars) may be nil.
func BuildAppendix(h *Hierarchy, cb *codebook.Codebook, exemplars map[string][]Quote) []AppendixRow {
	if cb == nil {
		cb = codebook.New()
	}
	var rows []AppendixRow
	for _, root := range h.Roots() {
		root.Walk(func(path []*Node) {
			n := path[len(path)-1]
			r := AppendixRow{Level: n.Kind, Name: n.Name, Definition: n.Description, WhenToUse: n.WhenToUse,
				Codings: n.Codings, Sources: n.Sources, Participants: n.Participants}
			for _, p := range path {
				if p.Kind != KindCore {
					r.Path = append(r.Path, p.Name)
				}
			}
			switch n.Kind {
			case KindCode:
				if c := cb.Code(n.Name); c != nil {
					r.WhenToUse, r.WhenNotToUse, r.Example = c.WhenToUse, c.WhenNotToUse, c.Example
				}
				if qs := exemplars[codebook.Key(n.Name)]; len(qs) > 0 {
					r.Example = exampleText(qs[0])
				}
			case KindCategory, KindStage:
				if c := cb.Category(n.Name); c != nil {
					r.WhenToUse, r.WhenNotToUse, r.Example = c.WhenToUse, c.WhenNotToUse, c.Example
				}
			}
			rows = append(rows, r)
		})
	}
	return rows
}

// exampleText is an exemplar as the appendix shows it: “words” — who.
func exampleText(q Quote) string {
	who := q.Descriptor
	if who == "" {
		who = q.Participant
	}
	return "“" + oneLine(q.Text("", "")) + "” — " + who
}

// AppendixMarkdown renders the rows as a Markdown table under a title.
func AppendixMarkdown(title string, rows []AppendixRow) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(title))
	b.WriteString("| " + strings.Join(AppendixColumns, " | ") + " |\n")
	b.WriteString(strings.Repeat("| --- ", len(AppendixColumns)) + "|\n")
	for _, r := range rows {
		cells := r.cells()
		for i, c := range cells {
			cells[i] = mdEscape(c)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return []byte(b.String())
}

// AppendixCSV writes the rows as CSV with a header line. Cells a
// spreadsheet would run as a formula are neutralised (see CSVCell).
func AppendixCSV(w io.Writer, rows []AppendixRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(AppendixColumns); err != nil {
		return err
	}
	for _, r := range rows {
		cells := r.cells()
		for i, c := range cells[:7] {
			cells[i] = CSVCell(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CSVCell neutralises a text cell for spreadsheets: a cell starting with
// =, +, -, @, a tab or a carriage return is read as a formula by Excel and
// LibreOffice, so it gets a leading apostrophe, which they show as text.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// appendixXLSXWidths are the widths of the workbook's first seven
// columns (Level to Example), in Excel's units; the counts keep the
// default width.
var appendixXLSXWidths = []float64{10, 40, 24, 40, 30, 30, 50}

// AppendixXLSX writes the rows as a workbook with one sheet, "Codebook":
// a bold, frozen header row, wrapped top-aligned text and numbers as
// numbers. Cells are written as values, never as formulas; a cell longer
// than a spreadsheet holds is refused (see package xlsx).
func AppendixXLSX(w io.Writer, rows []AppendixRow) error {
	var wb xlsx.Workbook
	sh, err := wb.AddSheet("Codebook")
	if err != nil {
		return err
	}
	head := make([]xlsx.Cell, len(AppendixColumns))
	for i, c := range AppendixColumns {
		head[i] = xlsx.Text(c).With(xlsx.BoldWrap)
	}
	sh.AddRow(head...)
	for _, r := range rows {
		cells := r.cells()
		rec := make([]xlsx.Cell, 0, len(cells))
		for _, c := range cells[:7] {
			rec = append(rec, xlsx.Text(c).With(xlsx.Wrap))
		}
		for _, n := range []int{r.Codings, r.Sources, r.Participants} {
			rec = append(rec, xlsx.Number(n).With(xlsx.Wrap))
		}
		sh.AddRow(rec...)
	}
	for col, width := range appendixXLSXWidths {
		sh.SetColWidth(col, width)
	}
	sh.Freeze(1, 0)
	_, err = wb.WriteTo(w)
	return err
}

// appendixDocxWidths are the relative widths of the .docx appendix's
// columns (AppendixColumns without Level): narrow for the counts, wide
// for the definition and the example.
var appendixDocxWidths = []int{13, 14, 18, 14, 14, 18, 8, 8, 12}

// AppendixDocx writes the rows as a Word document: a title and one table
// (the level is shown by the path, so the Level column is left out) on
// landscape pages, in 9 pt, with proportional columns (appendixDocxWidths).
func AppendixDocx(w io.Writer, title string, rows []AppendixRow) error {
	var d docx.Document
	d.Landscape(true)
	d.Title(title)
	var body [][][]docx.Run
	for _, r := range rows {
		cells := r.cells()[1:]
		row := docx.Cells(cells...)
		if r.Level != KindCode {
			row[1] = []docx.Run{docx.Bold(r.Name)}
		}
		if r.Example != "" {
			row[5] = []docx.Run{docx.Italic(r.Example)}
		}
		body = append(body, row)
	}
	d.TableWith(docx.TableOptions{Widths: appendixDocxWidths, Small: true}, AppendixColumns[1:], body)
	var buf bytes.Buffer
	if _, err := d.WriteTo(&buf); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}
