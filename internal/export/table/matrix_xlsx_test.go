package table

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/grounded-qda/grounded/internal/export/xlsx"
)

// TestMatrixXLSXLayout: both sheets have a bold header row (and only it),
// a 40-wide first column, the header row and first column frozen, and the
// Codings sheet is the one a spreadsheet opens on.
func TestMatrixXLSXLayout(t *testing.T) {
	m, err := BuildMatrix(testInput(t), LevelCode)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, m)
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0 (Codings)", got)
	}
	last, _ := excelize.CoordinatesToCellName(len(m.Cols)+2, 1)
	for _, sheet := range []string{SheetCodings, SheetPresence} {
		for cell, want := range map[string]bool{"A1": true, "B1": true, last: true, "A2": false, "B2": false} {
			id, _ := f.GetCellStyle(sheet, cell)
			st, err := f.GetStyle(id)
			if err != nil {
				t.Fatal(err)
			}
			if bold := st.Font != nil && st.Font.Bold; bold != want {
				t.Errorf("%s!%s bold %v, want %v", sheet, cell, bold, want)
			}
		}
		if w, _ := f.GetColWidth(sheet, "A"); w != 40 {
			t.Errorf("%s column A width %v, want 40", sheet, w)
		}
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.XSplit != 1 || p.YSplit != 1 || p.TopLeftCell != "B2" || p.ActivePane != "bottomRight" {
			t.Errorf("%s panes %+v, want frozen at B2", sheet, p)
		}
	}
}

// TestMatrixXLSXText: names with characters XML cannot hold, or that look
// like Excel's escapes, come back exactly; a name longer than a cell holds
// is refused, naming the cell.
func TestMatrixXLSXText(t *testing.T) {
	m := &Matrix{Level: LevelCode, Rows: []string{"bell\x07code", "_x0041_ literal"}, Cols: []string{"P\x01"}, Counts: [][]int{{2}, {0}}}
	f := openXLSX(t, m)
	for cell, want := range map[string]string{"A2": "bell\x07code", "A3": "_x0041_ literal", "B1": "P\x01", "B2": "2"} {
		if got, _ := f.GetCellValue(SheetCodings, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	m.Rows[1] = strings.Repeat("x", xlsx.MaxCellChars+1)
	var b bytes.Buffer
	err := m.WriteXLSX(&b)
	var le *xlsx.LimitError
	if !errors.As(err, &le) || le.Cell != "A3" || le.Sheet != SheetCodings {
		t.Errorf("a %d-character name: %v, want a LimitError for Codings A3", xlsx.MaxCellChars+1, err)
	}
}

// openXLSX writes m's workbook and opens it with excelize, the
// independent reader.
func openXLSX(t *testing.T, m *Matrix) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := m.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
