package xlsx_test

// The tests write workbooks with package xlsx and read them back with
// excelize, an independent reader (and a test-only dependency: the binary
// does not link it, see internal/archtest).

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/grounded-qda/grounded/internal/export/xlsx"
)

// write writes wb and returns its bytes.
func write(t testing.TB, wb *xlsx.Workbook) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := wb.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// open reads a workbook with excelize.
func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot read the workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// sample is a workbook with two sheets, like the matrix export, the
// second active.
func sample(t testing.TB) *xlsx.Workbook {
	t.Helper()
	var wb xlsx.Workbook
	a, err := wb.AddSheet("Counts")
	if err != nil {
		t.Fatal(err)
	}
	a.AddRow(xlsx.Text("code").With(xlsx.Bold), xlsx.Text("P2").With(xlsx.Bold), xlsx.Text("=1+2").With(xlsx.Bold))
	a.AddRow(xlsx.Text("Trust"), xlsx.Number(3), xlsx.Number(-12))
	a.AddRow(xlsx.Text("Long words that wrap").With(xlsx.Wrap), xlsx.Text(""), xlsx.Number(0).With(xlsx.BoldWrap))
	a.SetColWidth(0, 40)
	a.SetColWidth(2, 12.5)
	a.Freeze(1, 1)
	b, err := wb.AddSheet("Notes & <more>")
	if err != nil {
		t.Fatal(err)
	}
	b.AddRow(xlsx.Text("@SUM(A1:A9)"), xlsx.Text("-P10"), xlsx.Text("+1"))
	b.Freeze(1, 0)
	if err := wb.SetActive(1); err != nil {
		t.Fatal(err)
	}
	return &wb
}

func TestReadBackByExcelize(t *testing.T) {
	f := open(t, write(t, sample(t)))
	if got := strings.Join(f.GetSheetList(), "|"); got != "Counts|Notes & <more>" {
		t.Fatalf("sheets %q", got)
	}
	if got := f.GetActiveSheetIndex(); got != 1 {
		t.Errorf("active sheet %d, want 1", got)
	}
	rows, err := f.GetRows("Counts")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, ","))
	}
	if want := "code,P2,=1+2|Trust,3,-12|Long words that wrap,,0"; strings.Join(got, "|") != want {
		t.Errorf("Counts rows %q, want %q", strings.Join(got, "|"), want)
	}
	rows, _ = f.GetRows("Notes & <more>")
	if len(rows) != 1 || strings.Join(rows[0], ",") != "@SUM(A1:A9),-P10,+1" {
		t.Errorf("Notes rows %q", rows)
	}
	// Types: text is an inline string, numbers are numbers, nothing is a
	// formula.
	for cell, want := range map[string]excelize.CellType{"A1": excelize.CellTypeInlineString, "C1": excelize.CellTypeInlineString,
		"B2": excelize.CellTypeUnset, "C2": excelize.CellTypeUnset} {
		if typ, _ := f.GetCellType("Counts", cell); typ != want {
			t.Errorf("Counts!%s type %v, want %v", cell, typ, want)
		}
	}
	for _, sheet := range f.GetSheetList() {
		for _, cell := range []string{"A1", "B1", "C1", "A2", "B2", "C2"} {
			if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
				t.Errorf("%s!%s holds the formula %q", sheet, cell, fm)
			}
		}
	}
}

func TestStylesWidthsPanes(t *testing.T) {
	f := open(t, write(t, sample(t)))
	for cell, want := range map[string][3]bool{ // bold, wrap, top
		"A1": {true, false, false}, "B2": {false, false, false},
		"A3": {false, true, true}, "C3": {true, true, true}, "B3": {false, false, false},
	} {
		id, err := f.GetCellStyle("Counts", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		got := [3]bool{st.Font != nil && st.Font.Bold, st.Alignment != nil && st.Alignment.WrapText,
			st.Alignment != nil && st.Alignment.Vertical == "top"}
		if got != want {
			t.Errorf("Counts!%s bold, wrap, top = %v, want %v", cell, got, want)
		}
	}
	for col, want := range map[string]float64{"A": 40, "C": 12.5} {
		if w, _ := f.GetColWidth("Counts", col); w != want {
			t.Errorf("column %s width %v, want %v", col, w, want)
		}
	}
	if w, _ := f.GetColWidth("Counts", "B"); w == 40 || w == 12.5 {
		t.Errorf("column B has width %v, want the default", w)
	}
	for sheet, want := range map[string]excelize.Panes{
		"Counts":         {Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"},
		"Notes & <more>": {Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"},
	} {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if p.Freeze != want.Freeze || p.XSplit != want.XSplit || p.YSplit != want.YSplit || p.TopLeftCell != want.TopLeftCell || p.ActivePane != want.ActivePane {
			t.Errorf("%s panes %+v, want %+v", sheet, p, want)
		}
	}
}

// TestText: text that XML cannot hold, or that looks like Excel's own
// escapes, comes back as the package comment says.
func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want, raw string }{
		{"plain", "plain", ">plain<"},
		{"a & b < c > d", "a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"bell\x07and nul\x00", "bell\x07and nul\x00", "bell_x0007_and nul_x0000_"},
		{"\x1f\x0b\x0c", "\x1f\x0b\x0c", "_x001F__x000B__x000C_"},
		{"tab\tline\nreturn\r\nend", "tab\tline\nreturn\r\nend", "tab\tline\nreturn&#xD;\nend"},
		{"literal _x0041_ and _x005F_", "literal _x0041_ and _x005F_", "literal _x005F_x0041_ and _x005F_x005F_"},
		{"_xab12_ _XAB12_ _x12_ _x12345", "_xab12_ _XAB12_ _x12_ _x12345", "_x005F_xab12_ _XAB12_ _x12_ _x12345"},
		{"_x0000\x17 _x0041\uFFFE", "_x0000\x17 _x0041\uFFFE", "_x005F_x0000_x0017_ _x005F_x0041_xFFFE_"},
		{"non-chars \uFFFE\uFFFF", "non-chars \uFFFE\uFFFF", "non-chars _xFFFE__xFFFF_"},
		{"bad \xff\xfe utf-8", "bad \uFFFD\uFFFD utf-8", "bad \uFFFD\uFFFD utf-8"},
		{"surrogate \xed\xa0\x80", "surrogate \uFFFD\uFFFD\uFFFD", "surrogate \uFFFD\uFFFD\uFFFD"},
		{"  spaced  ", "  spaced  ", `<t xml:space="preserve">  spaced  </t>`},
		{"Zoë 王芳 🙂 \u0085", "Zoë 王芳 🙂 \u0085", "Zoë 王芳 🙂 \u0085"},
		{"=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")", `t="inlineStr"`},
	} {
		var wb xlsx.Workbook
		s, _ := wb.AddSheet("S")
		s.AddRow(xlsx.Text(tc.in))
		data := write(t, &wb)
		f := open(t, data)
		if got, err := f.GetCellValue("S", "A1"); err != nil || got != tc.want {
			t.Errorf("%q: read back %q (%v), want %q", tc.in, got, err, tc.want)
		}
		if sheet := part(t, data, "xl/worksheets/sheet1.xml"); !strings.Contains(sheet, tc.raw) {
			t.Errorf("%q: the sheet lacks %q:\n%s", tc.in, tc.raw, sheet)
		}
	}
}

func TestCellLimit(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		ok   bool
	}{
		{"at the limit", strings.Repeat("a", xlsx.MaxCellChars), true},
		{"one over", strings.Repeat("a", xlsx.MaxCellChars+1), false},
		{"emoji count two", strings.Repeat("🙂", xlsx.MaxCellChars/2) + "ab", false},
		{"emoji at the limit", strings.Repeat("🙂", xlsx.MaxCellChars/2) + "a", true},
		{"escapes count one", strings.Repeat("\x01", xlsx.MaxCellChars), true},
	} {
		var wb xlsx.Workbook
		s, _ := wb.AddSheet("Codebook")
		s.AddRow(xlsx.Text("h"))
		s.AddRow(xlsx.Text("x"), xlsx.Text("y"), xlsx.Text("z"), xlsx.Text(tc.text))
		var b bytes.Buffer
		_, err := wb.WriteTo(&b)
		if tc.ok {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if got, _ := open(t, b.Bytes()).GetCellValue("Codebook", "D2"); got != tc.text {
				t.Errorf("%s: read back %d bytes, want %d", tc.name, len(got), len(tc.text))
			}
			continue
		}
		var le *xlsx.LimitError
		if !errors.As(err, &le) || le.Sheet != "Codebook" || le.Cell != "D2" || le.Got != xlsx.MaxCellChars+1 {
			t.Errorf("%s: error %v, want a LimitError for Codebook D2 of %d characters", tc.name, err, xlsx.MaxCellChars+1)
		} else if msg := err.Error(); !strings.Contains(msg, `"Codebook" cell D2`) || !strings.Contains(msg, "32767") {
			t.Errorf("%s: message %q names neither the cell nor the limit", tc.name, msg)
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written before the refusal", tc.name, b.Len())
		}
	}
}

func TestSheetLimits(t *testing.T) {
	var wb xlsx.Workbook
	s, _ := wb.AddSheet("Wide")
	s.AddRow(make([]xlsx.Cell, xlsx.MaxCols+1)...)
	var le *xlsx.LimitError
	if _, err := wb.WriteTo(new(bytes.Buffer)); !errors.As(err, &le) || le.What != "columns" {
		t.Errorf("%d columns: %v, want a LimitError", xlsx.MaxCols+1, err)
	}
	var empty xlsx.Workbook
	if _, err := empty.WriteTo(new(bytes.Buffer)); err == nil {
		t.Error("a workbook without sheets was written")
	}
	for name, mutate := range map[string]func(*xlsx.Sheet){
		"unknown style":    func(s *xlsx.Sheet) { s.AddRow(xlsx.Text("x").With(xlsx.BoldWrap + 1)) },
		"negative width":   func(s *xlsx.Sheet) { s.SetColWidth(0, -1) },
		"width over 255":   func(s *xlsx.Sheet) { s.SetColWidth(0, 256) },
		"column past XFD":  func(s *xlsx.Sheet) { s.SetColWidth(xlsx.MaxCols, 10) },
		"freeze every row": func(s *xlsx.Sheet) { s.Freeze(xlsx.MaxRows, 0) },
	} {
		var wb xlsx.Workbook
		s, _ := wb.AddSheet("S")
		mutate(s)
		if _, err := wb.WriteTo(new(bytes.Buffer)); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	if err := wb.SetActive(1); err == nil {
		t.Error("SetActive(1) of a one-sheet workbook accepted")
	}
}

func TestSheetNames(t *testing.T) {
	var wb xlsx.Workbook
	for _, ok := range []string{"Codings", "Presence", "Zoë's sheet", strings.Repeat("x", 31), strings.Repeat("王", 31)} {
		if _, err := wb.AddSheet(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "codings", strings.Repeat("x", 32), "a/b", `a\b`, "a:b", "a?", "a*", "[a]", "'quoted'", "History",
		"tab\there", "bad \xff", "🙂" + strings.Repeat("x", 30)} {
		if _, err := wb.AddSheet(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestColName(t *testing.T) {
	for col, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", xlsx.MaxCols - 1: "XFD"} {
		if got := xlsx.ColName(col); got != want {
			t.Errorf("ColName(%d) = %q, want %q", col, got, want)
		}
		if n, err := excelize.ColumnNameToNumber(want); err != nil || n != col+1 {
			t.Errorf("excelize reads %s as column %d (%v), want %d", want, n, err, col+1)
		}
	}
	if got := xlsx.CellName(3, 4); got != "D5" {
		t.Errorf("CellName(3, 4) = %q", got)
	}
}

// TestDeterministic: the same workbook gives the same bytes, every zip
// entry carries the fixed time, and the parts are as in testdata/golden.txt.
func TestDeterministic(t *testing.T) {
	a, b := write(t, sample(t)), write(t, sample(t))
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same workbook differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("%s has the time %v", f.Name, f.Modified)
		}
	}
	want := "[Content_Types].xml _rels/.rels xl/workbook.xml xl/_rels/workbook.xml.rels xl/styles.xml xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("parts %s\nwant %s", got, want)
	}
	golden(t, "golden.txt", allParts(t, a))
}
