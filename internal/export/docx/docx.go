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
}

// Plain, Bold and Italic make runs.
func Plain(s string) Run  { return Run{Text: s} }
func Bold(s string) Run   { return Run{Text: s, Bold: true} }
func Italic(s string) Run { return Run{Text: s, Italic: true} }

// Document is a document being written. The zero value is an empty
// document.
type Document struct {
	body bytes.Buffer
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

// Table adds a table: header (bold, repeated on each page) and rows of
// cells, each cell a list of runs. Rows shorter than the header are
// padded with empty cells.
func (d *Document) Table(header []string, rows [][][]Run) {
	cols := len(header)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	b := &d.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, 9000/cols)
	}
	b.WriteString("</w:tblGrid>")
	if len(header) > 0 {
		b.WriteString(`<w:tr><w:trPr><w:tblHeader/></w:trPr>`)
		for i := range cols {
			h := ""
			if i < len(header) {
				h = header[i]
			}
			cell(b, []Run{Bold(h)})
		}
		b.WriteString("</w:tr>")
	}
	for _, r := range rows {
		b.WriteString("<w:tr>")
		for i := range cols {
			var runs []Run
			if i < len(r) {
				runs = r[i]
			}
			cell(b, runs)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	// Word needs a paragraph between a table and what follows.
	d.body.WriteString("<w:p/>")
}

// Cells turns plain texts into table cells.
func Cells(texts ...string) [][]Run {
	out := make([][]Run, len(texts))
	for i, t := range texts {
		out[i] = []Run{Plain(t)}
	}
	return out
}

func cell(b *bytes.Buffer, runs []Run) {
	b.WriteString("<w:tc><w:p>")
	for _, r := range runs {
		writeRun(b, r)
	}
	b.WriteString("</w:p></w:tc>")
}

func writeRun(b *bytes.Buffer, r Run) {
	if r.Text == "" {
		return
	}
	b.WriteString("<w:r>")
	if r.Bold || r.Italic {
		b.WriteString("<w:rPr>")
		if r.Bold {
			b.WriteString("<w:b/>")
		}
		if r.Italic {
			b.WriteString("<w:i/>")
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
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`
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
