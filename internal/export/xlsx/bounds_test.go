package xlsx_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/export/xlsx"
)

func writeErr(wb *xlsx.Workbook) error {
	_, err := wb.WriteTo(new(bytes.Buffer))
	return err
}

// TestLimitsExactly: a sheet at each of Excel's limits is written; one
// past it is refused with the figure it has.
func TestLimitsExactly(t *testing.T) {
	ok := map[string]func(*xlsx.Sheet){
		"MaxRows rows":            func(s *xlsx.Sheet) { s.AddRow(xlsx.Text("x")); addEmptyRows(s, xlsx.MaxRows-1) },
		"MaxCols columns":         func(s *xlsx.Sheet) { s.AddRow(make([]xlsx.Cell, xlsx.MaxCols)...) },
		"width 255":               func(s *xlsx.Sheet) { s.SetColWidth(0, 255) },
		"width 0.1":               func(s *xlsx.Sheet) { s.SetColWidth(0, 0.1) },
		"last column's width":     func(s *xlsx.Sheet) { s.SetColWidth(xlsx.MaxCols-1, 10) },
		"freeze all rows but one": func(s *xlsx.Sheet) { s.Freeze(xlsx.MaxRows-1, 0) },
		"freeze all cols but one": func(s *xlsx.Sheet) { s.Freeze(0, xlsx.MaxCols-1) },
	}
	for name, f := range ok {
		var wb xlsx.Workbook
		s, _ := wb.AddSheet("S")
		f(s)
		if err := writeErr(&wb); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad := map[string]func(*xlsx.Sheet){
		"width 0":          func(s *xlsx.Sheet) { s.SetColWidth(0, 0) },
		"width 255.5":      func(s *xlsx.Sheet) { s.SetColWidth(0, 255.5) },
		"freeze every col": func(s *xlsx.Sheet) { s.Freeze(0, xlsx.MaxCols) },
		"MaxRows + 1 rows": func(s *xlsx.Sheet) { addEmptyRows(s, xlsx.MaxRows+1) },
	}
	for name, f := range bad {
		var wb xlsx.Workbook
		s, _ := wb.AddSheet("S")
		f(s)
		if err := writeErr(&wb); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	var wb xlsx.Workbook
	s, _ := wb.AddSheet("S")
	s.SetColWidth(xlsx.MaxCols, 10)
	var le *xlsx.LimitError
	if err := writeErr(&wb); !errors.As(err, &le) || le.What != "columns" || le.Got != xlsx.MaxCols+1 || le.Max != xlsx.MaxCols {
		t.Errorf("a width for column %d: %v, want a LimitError of %d columns", xlsx.MaxCols+1, err, xlsx.MaxCols+1)
	}
	var rows xlsx.Workbook
	s, _ = rows.AddSheet("S")
	addEmptyRows(s, xlsx.MaxRows+1)
	if err := writeErr(&rows); !errors.As(err, &le) || le.What != "rows" || le.Got != xlsx.MaxRows+1 {
		t.Errorf("%d rows: %v, want a LimitError of rows", xlsx.MaxRows+1, err)
	}
}

func addEmptyRows(s *xlsx.Sheet, n int) {
	for range n {
		s.AddRow()
	}
}

// TestSetActiveBounds: the first and the last sheet can be made active,
// nothing before or after them.
func TestSetActiveBounds(t *testing.T) {
	var wb xlsx.Workbook
	wb.AddSheet("A")
	wb.AddSheet("B")
	for i, ok := range map[int]bool{-1: false, 0: true, 1: true, 2: false} {
		if err := wb.SetActive(i); (err == nil) != ok {
			t.Errorf("SetActive(%d): %v", i, err)
		}
	}
}

// TestPaneOfEachFreeze: rows alone, columns alone, both, neither.
func TestPaneOfEachFreeze(t *testing.T) {
	for _, tc := range []struct {
		rows, cols int
		want       string // "" for no pane
	}{
		{0, 0, ""},
		{1, 0, `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`},
		{0, 1, `<pane xSplit="1" topLeftCell="B1" activePane="topRight" state="frozen"/>`},
		{2, 3, `<pane xSplit="3" ySplit="2" topLeftCell="D3" activePane="bottomRight" state="frozen"/>`},
	} {
		var wb xlsx.Workbook
		s, _ := wb.AddSheet("S")
		s.AddRow(xlsx.Text("x"))
		s.Freeze(tc.rows, tc.cols)
		var b bytes.Buffer
		if _, err := wb.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		sheet := part(t, b.Bytes(), "xl/worksheets/sheet1.xml")
		switch {
		case tc.want == "" && strings.Contains(sheet, "<pane"):
			t.Errorf("Freeze(0, 0) wrote a pane:\n%s", sheet)
		case tc.want != "" && !strings.Contains(sheet, tc.want):
			t.Errorf("Freeze(%d, %d): the sheet lacks %s:\n%s", tc.rows, tc.cols, tc.want, sheet)
		}
	}
}
