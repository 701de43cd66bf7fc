package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// Layout is the page and table geometry of a .docx body, as ReadLayout
// finds it: what a test (or a check of an export) needs to see that wide
// tables sit on landscape pages and that their columns are the widths
// asked for.
type Layout struct {
	Sections []Section // in document order; the last is the body's own
	Tables   []Table
}

// Section is one section's page: size and margins in twips.
type Section struct {
	Width, Height, Left, Right int
	Landscape                  bool // w:orient="landscape"
}

// TextWidth is the page width less the margins.
func (s Section) TextWidth() int { return s.Width - s.Left - s.Right }

// Table is one table's geometry in twips.
type Table struct {
	Section   int     // index into Layout.Sections of the section it is in
	Width     int     // w:tblW (when its type is dxa)
	Fixed     bool    // w:tblLayout w:type="fixed"
	Grid      []int   // w:gridCol widths
	CellWidth [][]int // w:tcW of each cell, row by row
}

// ReadLayout reads the sections and tables of a .docx file's body.
func ReadLayout(data []byte) (Layout, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Layout{}, err
	}
	var doc []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				return Layout{}, err
			}
			doc, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return Layout{}, err
			}
		}
	}
	if doc == nil {
		return Layout{}, fmt.Errorf("no word/document.xml")
	}
	var l Layout
	var tbl *Table
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Layout{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := func(name string) string {
				for _, at := range t.Attr {
					if at.Name.Local == name {
						return at.Value
					}
				}
				return ""
			}
			n := func(name string) int { v, _ := strconv.Atoi(a(name)); return v }
			switch t.Name.Local {
			case "sectPr":
				l.Sections = append(l.Sections, Section{})
			case "pgSz":
				s := &l.Sections[len(l.Sections)-1]
				s.Width, s.Height, s.Landscape = n("w"), n("h"), a("orient") == "landscape"
			case "pgMar":
				s := &l.Sections[len(l.Sections)-1]
				s.Left, s.Right = n("left"), n("right")
			case "tbl":
				l.Tables = append(l.Tables, Table{Section: len(l.Sections)})
				tbl = &l.Tables[len(l.Tables)-1]
			case "tblW":
				if a("type") == "dxa" {
					tbl.Width = n("w")
				}
			case "tblLayout":
				tbl.Fixed = a("type") == "fixed"
			case "gridCol":
				tbl.Grid = append(tbl.Grid, n("w"))
			case "tr":
				tbl.CellWidth = append(tbl.CellWidth, nil)
			case "tcW":
				r := &tbl.CellWidth[len(tbl.CellWidth)-1]
				*r = append(*r, n("w"))
			}
		case xml.EndElement:
			if t.Name.Local == "tbl" {
				tbl = nil
			}
		}
	}
	if len(l.Sections) == 0 {
		return Layout{}, fmt.Errorf("no section properties")
	}
	return l, nil
}
