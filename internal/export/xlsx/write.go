package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// zipTime is the modification time of every entry, so that output is
// reproducible.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel  = "http://schemas.openxmlformats.org/package/2006/relationships"
	ctSheet   = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

	rootRels = xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
		`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`

	// styles holds the four cell formats of Style, in its order.
	styles = xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
		`<fonts count="2">` +
		`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="4">` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
		`</cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
)

// part is one file of the zip archive.
type part struct {
	name string
	data []byte
}

// WriteTo writes the workbook as an .xlsx file. It checks every sheet
// against Excel's limits first and writes nothing when one is exceeded
// (a *LimitError), or when the workbook has no sheet.
func (w *Workbook) WriteTo(out io.Writer) (int64, error) {
	if len(w.sheets) == 0 {
		return 0, errors.New("xlsx: a workbook needs at least one sheet")
	}
	for _, s := range w.sheets {
		if err := s.check(); err != nil {
			return 0, err
		}
	}
	parts := []part{
		{"[Content_Types].xml", w.contentTypes()},
		{"_rels/.rels", []byte(rootRels)},
		{"xl/workbook.xml", w.workbookXML()},
		{"xl/_rels/workbook.xml.rels", w.workbookRels()},
		{"xl/styles.xml", []byte(styles)},
	}
	for i, s := range w.sheets {
		parts = append(parts, part{sheetPath(i), s.sheetXML(i == w.active)})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return 0, err
		}
		if _, err := f.Write(p.data); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.WriteTo(out)
}

// sheetPath is the part name of the i-th sheet (from 0).
func sheetPath(i int) string { return fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1) }

func (w *Workbook) contentTypes() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := range w.sheets {
		fmt.Fprintf(&b, `<Override PartName="/%s" ContentType="%s"/>`, sheetPath(i), ctSheet)
	}
	b.WriteString(`</Types>`)
	return b.Bytes()
}

// workbookXML lists the sheets; sheet i (from 0) is relationship rId<i+1>,
// the styles rId<n+1>.
func (w *Workbook) workbookXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	fmt.Fprintf(&b, `<bookViews><workbookView activeTab="%d"/></bookViews><sheets>`, w.active)
	for i, s := range w.sheets {
		b.WriteString(`<sheet name="`)
		writeAttr(&b, s.name)
		fmt.Fprintf(&b, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.Bytes()
}

func (w *Workbook) workbookRels() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range w.sheets {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
	}
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/></Relationships>`, len(w.sheets)+1, nsRel)
	return b.Bytes()
}

// sheetXML is the worksheet part, its elements in the schema's order:
// dimension, sheetViews, sheetFormatPr, cols, sheetData.
func (s *Sheet) sheetXML(active bool) []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<worksheet xmlns="` + nsMain + `">`)
	fmt.Fprintf(&b, `<dimension ref="%s"/>`, s.dimension())
	b.WriteString(`<sheetViews><sheetView`)
	if active {
		b.WriteString(` tabSelected="1"`)
	}
	b.WriteString(` workbookViewId="0"`)
	if s.freezeRows == 0 && s.freezeCols == 0 {
		b.WriteString(`/>`)
	} else {
		b.WriteString(`>`)
		s.writePane(&b)
		b.WriteString(`</sheetView>`)
	}
	b.WriteString(`</sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	s.writeCols(&b)
	b.WriteString(`<sheetData>`)
	for i, row := range s.rows {
		writeRow(&b, i, row)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Bytes()
}

// dimension is the range the sheet's cells span ("A1" when empty).
func (s *Sheet) dimension() string {
	cols := 0
	for _, r := range s.rows {
		cols = max(cols, len(r))
	}
	if len(s.rows) == 0 || cols == 0 {
		return "A1"
	}
	return "A1:" + CellName(cols-1, len(s.rows)-1)
}

// writePane writes the frozen pane (see the package comment).
func (s *Sheet) writePane(b *bytes.Buffer) {
	active := "bottomRight"
	switch {
	case s.freezeCols == 0:
		active = "bottomLeft"
	case s.freezeRows == 0:
		active = "topRight"
	}
	b.WriteString(`<pane`)
	if s.freezeCols > 0 {
		fmt.Fprintf(b, ` xSplit="%d"`, s.freezeCols)
	}
	if s.freezeRows > 0 {
		fmt.Fprintf(b, ` ySplit="%d"`, s.freezeRows)
	}
	fmt.Fprintf(b, ` topLeftCell="%s" activePane="%s" state="frozen"/>`, CellName(s.freezeCols, s.freezeRows), active)
	fmt.Fprintf(b, `<selection pane="%s"/>`, active)
}

// writeCols writes the column widths, left to right.
func (s *Sheet) writeCols(b *bytes.Buffer) {
	if len(s.widths) == 0 {
		return
	}
	cols := make([]int, 0, len(s.widths))
	for c := range s.widths {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	b.WriteString(`<cols>`)
	for _, c := range cols {
		fmt.Fprintf(b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, c+1, c+1, strconv.FormatFloat(s.widths[c], 'f', -1, 64))
	}
	b.WriteString(`</cols>`)
}

// writeRow writes row i (from 0).
func writeRow(b *bytes.Buffer, i int, row []Cell) {
	fmt.Fprintf(b, `<row r="%d">`, i+1)
	for j, c := range row {
		if !c.isNum && c.text == "" && c.style == Plain {
			continue
		}
		fmt.Fprintf(b, `<c r="%s"`, CellName(j, i))
		if c.style != Plain {
			fmt.Fprintf(b, ` s="%d"`, c.style)
		}
		switch {
		case c.isNum:
			fmt.Fprintf(b, `><v>%d</v></c>`, c.number)
		case c.text == "":
			b.WriteString(`/>`)
		default:
			b.WriteString(` t="inlineStr"><is><t`)
			if needsPreserve(c.text) {
				b.WriteString(` xml:space="preserve"`)
			}
			b.WriteString(`>`)
			writeText(b, c.text)
			b.WriteString(`</t></is></c>`)
		}
	}
	b.WriteString(`</row>`)
}
