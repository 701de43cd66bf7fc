package export

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/grounded-qda/grounded/internal/export/xlsx"
)

// TestAppendixXLSXLayout: the header row is bold, every cell wraps and
// sits at the top, the text columns have their widths, the header row is
// frozen, counts are numbers and the whole table reads back as the CSV
// form's cells (without its formula quotes).
func TestAppendixXLSXLayout(t *testing.T) {
	rows := appendixRows(t)
	var b bytes.Buffer
	if err := AppendixXLSX(&b, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = "Codebook"
	if got := strings.Join(f.GetSheetList(), ","); got != sheet {
		t.Fatalf("sheets %s", got)
	}
	got, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{AppendixColumns}
	for _, r := range rows {
		cells := r.cells()
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		want = append(want, cells)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got[i], want[i])
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(AppendixColumns), len(rows)+1)
	if rows[0].WhenNotToUse != "" {
		t.Fatal("the core row has a when-not-to-use: F2 no longer tests an empty cell")
	}
	// F2 is empty: it still wraps, as in a spreadsheet's own formatted range.
	for cell, bold := range map[string]bool{"A1": true, "J1": true, "A2": false, "D5": false, "F2": false, "H5": false, last: false} {
		id, _ := f.GetCellStyle(sheet, cell)
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if b := st.Font != nil && st.Font.Bold; b != bold {
			t.Errorf("%s bold %v, want %v", cell, b, bold)
		}
		if st.Alignment == nil || !st.Alignment.WrapText || st.Alignment.Vertical != "top" {
			t.Errorf("%s alignment %+v, want wrapped at the top", cell, st.Alignment)
		}
	}
	for col, w := range map[string]float64{"A": 10, "B": 40, "C": 24, "D": 40, "E": 30, "F": 30, "G": 50} {
		if got, _ := f.GetColWidth(sheet, col); got != w {
			t.Errorf("column %s width %v, want %v", col, got, w)
		}
	}
	p, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Freeze || p.XSplit != 0 || p.YSplit != 1 || p.TopLeftCell != "A2" || p.ActivePane != "bottomLeft" {
		t.Errorf("panes %+v, want the header row frozen", p)
	}
	for _, cell := range []string{"H2", "I5", last} {
		if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is stored as text, want a number", cell)
		}
	}
}

// TestAppendixXLSXRefusesLongCell: a definition longer than a spreadsheet
// cell holds is refused, naming the cell, instead of being cut.
func TestAppendixXLSXRefusesLongCell(t *testing.T) {
	rows := appendixRows(t)
	rows[3].Definition = strings.Repeat("d", xlsx.MaxCellChars+1)
	var b bytes.Buffer
	err := AppendixXLSX(&b, rows)
	var le *xlsx.LimitError
	if !errors.As(err, &le) || le.Sheet != "Codebook" || le.Cell != "D5" {
		t.Fatalf("error %v, want a LimitError for Codebook D5", err)
	}
	if b.Len() != 0 {
		t.Errorf("%d bytes written", b.Len())
	}
}
