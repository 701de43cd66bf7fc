package table

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSpreadsheetFormulasNeutralised: quotes, memos, attribute values and
// names that start like a formula are written so that a spreadsheet shows
// them as text, in CSV and XLSX.
func TestSpreadsheetFormulasNeutralised(t *testing.T) {
	in := testInput(t)
	in.Codings[0].Quote = `=HYPERLINK("http://x","click")`
	in.Codings[1].Memo = "@SUM(A1:A9)"
	in.Participants.List[0].Attributes["site"] = "+1-cmd"
	in.Participants.List[1].ID = "-P10" // a participant id the matrix shows
	in.Sources[1].Participant = "-P10"
	var b bytes.Buffer
	if err := WriteCodingsCSV(&b, in); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+@\t\r", rune(c[0])) {
				t.Errorf("codings CSV cell %q would run as a formula", c)
			}
		}
	}
	if !strings.Contains(b.String()+strings.Join(flatten(recs), "|"), `'=HYPERLINK`) {
		t.Errorf("the quote is not kept behind a single quote: %q", recs)
	}
	m, err := BuildMatrix(in, "code")
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := m.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "'-P10") {
		t.Errorf("matrix CSV: %s", b.String())
	}
	b.Reset()
	if err := m.WriteXLSX(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(SheetCodings)
	if !strings.Contains(strings.Join(rows[0], "|"), "|-P10") {
		t.Errorf("matrix XLSX header %q: want the exact text -P10 in a string cell", rows[0])
	}
	// XLSX is safe without a prefix: every cell is a string or number cell,
	// never a formula.
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for i, row := range rows {
			for j := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s holds a formula %q", sheet, cell, formula)
				}
			}
		}
	}
}

func flatten(recs [][]string) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r...)
	}
	return out
}
