// Package docx writes small Word documents (Office Open XML,
// WordprocessingML): headings, paragraphs of bold or italic runs, and
// tables with a bold header row. It is what the paper exports (codebook
// appendix, memo trail) need, and nothing more.
//
// A document is a zip archive holding:
//
//	[Content_Types].xml           the content type of every part
//	_rels/.rels                   points to word/document.xml
//	word/document.xml             the body
//	word/styles.xml               Normal, Title, Heading1-3, Quote and TableGrid
//	word/_rels/document.xml.rels  points to the styles
//
// # Pages and tables
//
// Pages are A4 with 2 cm margins, portrait unless a section is made
// landscape (Document.Landscape): a landscape page has w:orient="landscape"
// and its width and height swapped. A table fills the text width of the
// page it is on (the page width less both margins) and has a fixed
// layout (w:tblLayout w:type="fixed"): its columns are as wide as
// TableOptions.Widths says, relative to each other (equal when none are
// given), and every cell's w:tcW is its grid column's w:gridCol width, in
// twentieths of a point, so Word and LibreOffice lay it out alike and do
// not squeeze a narrow column until its words break.
//
// All text is XML-escaped; characters XML 1.0 does not allow (control
// characters other than tab and line end) are dropped; a line end inside a
// run becomes a line break and a tab a tab. The same document always gives
// the same bytes (the zip entries carry a fixed time), so exports can be
// compared and committed.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Run is a piece of text with one formatting.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
	small  bool // 9 pt (set by a Small table)
}

// Plain, Bold and Italic make runs.
func Plain(s string) Run  { return Run{Text: s} }
func Bold(s string) Run   { return Run{Text: s, Bold: true} }
func Italic(s string) Run { return Run{Text: s, Italic: true} }

// Document is a document being written. The zero value is an empty
// portrait document.
type Document struct {
	body      bytes.Buffer
	landscape bool // the orientation of the section being written
}

// Page geometry in twentieths of a point (twips): A4 with 2 cm margins.
const (
	pageShort = 11906 // 210 mm
	pageLong  = 16838 // 297 mm
	margin    = 1134  // 2 cm
)

// Landscape starts a section of landscape (on) or portrait (off) pages.
// What was written before it stays on pages of the orientation it was
// written in; at the start of a document it sets the first section's
// orientation. Wide tables belong in a landscape section.
func (d *Document) Landscape(on bool) {
	if on == d.landscape {
		return
	}
	if d.body.Len() > 0 {
		// A paragraph's w:sectPr ends the section it belongs to.
		d.body.WriteString("<w:p><w:pPr>")
		d.body.WriteString(sectPr(d.landscape))
		d.body.WriteString("</w:pPr></w:p>")
	}
	d.landscape = on
}

// TextWidth is the width of the text on the current section's pages
// (page width less margins), in twips: what a table spans.
func (d *Document) TextWidth() int {
	if d.landscape {
		return pageLong - 2*margin
	}
	return pageShort - 2*margin
}

// sectPr describes an A4 section of the given orientation.
func sectPr(landscape bool) string {
	size := fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/>`, pageShort, pageLong)
	if landscape {
		size = fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, pageLong, pageShort)
	}
	return "<w:sectPr>" + size + fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="708" w:footer="708" w:gutter="0"/>`, margin, margin, margin, margin) + "</w:sectPr>"
}

// Title adds the document's title.
func (d *Document) Title(text string) { d.styled("Title", []Run{Plain(text)}) }

// Heading adds a heading of level 1 to 3 (levels outside are clamped).
func (d *Document) Heading(level int, text string) {
	level = min(max(level, 1), 3)
	d.styled(fmt.Sprintf("Heading%d", level), []Run{Plain(text)})
}

// Para adds a paragraph of runs.
func (d *Document) Para(runs ...Run) { d.styled("", runs) }

// Quote adds an indented quotation paragraph.
func (d *Document) Quote(runs ...Run) { d.styled("Quote", runs) }

func (d *Document) styled(style string, runs []Run) {
	d.body.WriteString("<w:p>")
	if style != "" {
		fmt.Fprintf(&d.body, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, style)
	}
	for _, r := range runs {
		writeRun(&d.body, r)
	}
	d.body.WriteString("</w:p>")
}

// TableOptions shape a table.
type TableOptions struct {
	// Widths are the columns' widths relative to each other (any unit:
	// 10, 30, 5 makes the second column three times the first). Missing,
	// zero or negative entries count as the mean of the others; nil makes
	// all columns equal.
	Widths []int
	// Small sets the table's text in 9 pt rather than the body's 11 pt,
	// as appendix tables usually are.
	Small bool
}

// Table adds a table: header (bold, repeated on each page) and rows of
// cells, each cell a list of runs, in equal columns across the text width.
// Rows shorter than the header are padded with empty cells.
func (d *Document) Table(header []string, rows [][][]Run) {
	d.TableWith(TableOptions{}, header, rows)
}

// TableWith adds a table shaped by opt (see Table).
func (d *Document) TableWith(opt TableOptions, header []string, rows [][][]Run) {
	cols := len(header)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	widths := ColumnWidths(d.TextWidth(), cols, opt.Widths)
	b := &d.body
	fmt.Fprintf(b, `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`, d.TextWidth())
	for _, w := range widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>")
	row := func(cells [][]Run, head bool) {
		b.WriteString("<w:tr>")
		if head {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for i := range cols {
			var runs []Run
			if i < len(cells) {
				runs = cells[i]
			}
			cell(b, widths[i], opt.Small, runs)
		}
		b.WriteString("</w:tr>")
	}
	if len(header) > 0 {
		var cells [][]Run
		for _, h := range header {
			cells = append(cells, []Run{Bold(h)})
		}
		row(cells, true)
	}
	for _, r := range rows {
		row(r, false)
	}
	b.WriteString("</w:tbl>")
	// Word needs a paragraph between a table and what follows.
	d.body.WriteString("<w:p/>")
}

// ColumnWidths shares total twips among cols columns in proportion to
// rel (see TableOptions.Widths). The widths add up to total exactly: the
// last column takes what rounding leaves.
func ColumnWidths(total, cols int, rel []int) []int {
	ws := make([]int, cols)
	sum, n := 0, 0
	for i := range cols {
		if i < len(rel) && rel[i] > 0 {
			ws[i] = rel[i]
			sum += rel[i]
			n++
		}
	}
	fill := 1
	if n > 0 {
		fill = max(sum/n, 1)
	}
	sum = 0
	for i := range ws {
		if ws[i] == 0 {
			ws[i] = fill
		}
		sum += ws[i]
	}
	out := make([]int, cols)
	used := 0
	for i, w := range ws {
		out[i] = total * w / sum
		used += out[i]
	}
	out[cols-1] += total - used
	return out
}

// Cells turns plain texts into table cells.
func Cells(texts ...string) [][]Run {
	out := make([][]Run, len(texts))
	for i, t := range texts {
		out[i] = []Run{Plain(t)}
	}
	return out
}

func cell(b *bytes.Buffer, width int, small bool, runs []Run) {
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p>`, width)
	if small {
		b.WriteString(`<w:pPr><w:spacing w:after="0"/><w:rPr><w:sz w:val="18"/></w:rPr></w:pPr>`)
	}
	for _, r := range runs {
		if small {
			r.small = true
		}
		writeRun(b, r)
	}
	b.WriteString("</w:p></w:tc>")
}

func writeRun(b *bytes.Buffer, r Run) {
	if r.Text == "" {
		return
	}
	b.WriteString("<w:r>")
	if r.Bold || r.Italic || r.small {
		b.WriteString("<w:rPr>")
		if r.Bold {
			b.WriteString("<w:b/>")
		}
		if r.Italic {
			b.WriteString("<w:i/>")
		}
		if r.small {
			b.WriteString(`<w:sz w:val="18"/><w:szCs w:val="18"/>`)
		}
		b.WriteString("</w:rPr>")
	}
	text := strings.ReplaceAll(r.Text, "\r\n", "\n")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString("<w:tab/>")
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">`)
				escape(b, part)
				b.WriteString("</w:t>")
			}
		}
	}
	b.WriteString("</w:r>")
}

// escape writes s XML-escaped, without the characters XML cannot hold.
func escape(b *bytes.Buffer, s string) {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
	_ = xml.EscapeText(b, []byte(clean))
}

const (
	nsW         = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	contentType = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="` + nsW + `"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`
)

// zipTime is the modification time of every entry, so that output is
// reproducible.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteTo writes the document as a .docx file.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + nsW + `"><w:body>` + d.body.String() +
		sectPr(d.landscape) + `</w:body></w:document>`
	for _, part := range []struct{ name, data string }{
		{"[Content_Types].xml", contentType},
		{"_rels/.rels", rootRels},
		{"word/document.xml", doc},
		{"word/styles.xml", styles},
		{"word/_rels/document.xml.rels", docRels},
	} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return 0, err
		}
		if _, err := io.WriteString(f, part.data); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.WriteTo(w)
}
