package xlsx

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of a worksheet, as Excel has them.
const (
	MaxCellChars = 32767   // characters (UTF-16 code units) in one cell
	MaxRows      = 1048576 // rows in one sheet
	MaxCols      = 16384   // columns in one sheet (A to XFD)
	maxSheetName = 31      // characters in a sheet name
	maxColWidth  = 255     // a column's width
)

// Style is the format of a cell: one of the four that styles.xml holds.
type Style uint8

// The cell formats.
const (
	Plain    Style = iota // Calibri 11
	Bold                  // bold
	Wrap                  // wrapped text, aligned to the top of the cell
	BoldWrap              // bold, wrapped and top-aligned
)

// Cell is one cell's value and format.
type Cell struct {
	text   string
	number int64
	isNum  bool
	style  Style
}

// Text is a text cell (never a formula).
func Text(s string) Cell { return Cell{text: s} }

// Number is a whole-number cell.
func Number(n int) Cell { return Cell{number: int64(n), isNum: true} }

// With returns the cell with style st.
func (c Cell) With(st Style) Cell {
	c.style = st
	return c
}

// Workbook is a workbook being built. The zero value is an empty workbook;
// it needs at least one sheet to be written.
type Workbook struct {
	sheets []*Sheet
	active int
}

// Sheet is one worksheet: rows of cells, column widths and frozen panes.
type Sheet struct {
	name       string
	rows       [][]Cell
	widths     map[int]float64 // by column index from 0
	freezeRows int
	freezeCols int
}

// AddSheet appends a sheet named name. It refuses a name Excel would
// refuse (see the package comment) or one the workbook already has.
func (w *Workbook) AddSheet(name string) (*Sheet, error) {
	if err := checkSheetName(name); err != nil {
		return nil, err
	}
	for _, s := range w.sheets {
		if strings.EqualFold(s.name, name) {
			return nil, fmt.Errorf("xlsx: the workbook already has a sheet named %q", s.name)
		}
	}
	s := &Sheet{name: name}
	w.sheets = append(w.sheets, s)
	return s, nil
}

// SetActive makes the i-th sheet (from 0) the one a spreadsheet opens on.
// The first sheet is active unless another is set.
func (w *Workbook) SetActive(i int) error {
	if i < 0 || i >= len(w.sheets) {
		return fmt.Errorf("xlsx: no sheet %d (the workbook has %d)", i, len(w.sheets))
	}
	w.active = i
	return nil
}

// checkSheetName applies Excel's rules for sheet names.
func checkSheetName(name string) error {
	switch {
	case name == "":
		return errors.New("xlsx: a sheet name cannot be empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("xlsx: sheet name %q is not valid UTF-8", name)
	case utf16Len(name) > maxSheetName:
		return fmt.Errorf("xlsx: sheet name %q is longer than %d characters", name, maxSheetName)
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("xlsx: sheet name %q starts or ends with an apostrophe", name)
	case strings.EqualFold(name, "History"):
		return fmt.Errorf("xlsx: %q is a name Excel reserves", name)
	}
	if i := strings.IndexFunc(name, func(r rune) bool { return strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 || !xmlChar(r) }); i >= 0 {
		return fmt.Errorf("xlsx: sheet name %q holds %q, which Excel does not allow in a name", name, []rune(name[i:])[0])
	}
	return nil
}

// AddRow appends a row of cells, the first in column A.
func (s *Sheet) AddRow(cells ...Cell) {
	s.rows = append(s.rows, slices.Clone(cells))
}

// SetColWidth sets the width of column col (from 0, so 0 is A) in Excel's
// units (the width of a "0").
func (s *Sheet) SetColWidth(col int, width float64) {
	if s.widths == nil {
		s.widths = map[int]float64{}
	}
	s.widths[col] = width
}

// Freeze keeps the top rows and the left cols in view while the rest
// scrolls. Freeze(0, 0) freezes nothing.
func (s *Sheet) Freeze(rows, cols int) {
	s.freezeRows, s.freezeCols = max(rows, 0), max(cols, 0)
}

// LimitError is a sheet or cell larger than a spreadsheet can hold.
type LimitError struct {
	Sheet string
	Cell  string // "D5"; empty when the whole sheet is too large
	What  string // "characters", "rows" or "columns"
	Got   int
	Max   int
}

func (e *LimitError) Error() string {
	if e.Cell != "" {
		return fmt.Sprintf("xlsx: sheet %q cell %s holds %d %s; a spreadsheet cell holds at most %d (the CSV form has no such limit)",
			e.Sheet, e.Cell, e.Got, e.What, e.Max)
	}
	return fmt.Sprintf("xlsx: sheet %q has %d %s; a spreadsheet holds at most %d (the CSV form has no such limit)",
		e.Sheet, e.Got, e.What, e.Max)
}

// check refuses a sheet beyond Excel's limits, before anything is written.
func (s *Sheet) check() error {
	if len(s.rows) > MaxRows {
		return &LimitError{Sheet: s.name, What: "rows", Got: len(s.rows), Max: MaxRows}
	}
	for i, row := range s.rows {
		if len(row) > MaxCols {
			return &LimitError{Sheet: s.name, What: "columns", Got: len(row), Max: MaxCols}
		}
		for j, c := range row {
			if c.style > BoldWrap {
				return fmt.Errorf("xlsx: sheet %q cell %s: no style %d", s.name, CellName(j, i), c.style)
			}
			if c.isNum {
				continue
			}
			if n := utf16Len(c.text); n > MaxCellChars {
				return &LimitError{Sheet: s.name, Cell: CellName(j, i), What: "characters", Got: n, Max: MaxCellChars}
			}
		}
	}
	for col, w := range s.widths {
		if col < 0 || col >= MaxCols {
			return &LimitError{Sheet: s.name, What: "columns", Got: col + 1, Max: MaxCols}
		}
		if !(w > 0 && w <= maxColWidth) {
			return fmt.Errorf("xlsx: sheet %q column %s: width %v is not between 0 and %d", s.name, ColName(col), w, maxColWidth)
		}
	}
	if s.freezeRows >= MaxRows || s.freezeCols >= MaxCols {
		return fmt.Errorf("xlsx: sheet %q: cannot freeze %d rows and %d columns", s.name, s.freezeRows, s.freezeCols)
	}
	return nil
}

// ColName is the letters of column col, from 0: A, ..., Z, AA, ...
func ColName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append(b, byte('A'+(col-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}

// CellName is the reference of the cell in column col and row row, both
// from 0: CellName(3, 4) is "D5".
func CellName(col, row int) string {
	return fmt.Sprintf("%s%d", ColName(col), row+1)
}
