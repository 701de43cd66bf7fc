package xlsx_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/internal/export/xlsx"
)

// tricky is a workbook whose text needs every escape of the package
// comment.
func tricky(t testing.TB) *xlsx.Workbook {
	t.Helper()
	wb := sample(t)
	s, err := wb.AddSheet("Tricky")
	if err != nil {
		t.Fatal(err)
	}
	s.AddRow(xlsx.Text("nul\x00 bell\x07 esc\x1b"), xlsx.Text("_x0041_ & <b>"), xlsx.Text("\uFFFE\uFFFF \xff\xed\xa0\x80"),
		xlsx.Text(" line\r\nend "), xlsx.Text("Zoë 王芳 🙂"))
	return wb
}

// TestXMLWellFormed checks every part with xmllint when it is installed
// (CI installs libxml2-utils).
func TestXMLWellFormed(t *testing.T) {
	lint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not on PATH (install libxml2-utils); the parts were only read by excelize")
	}
	names, all := parts(t, write(t, tricky(t)))
	for _, n := range names {
		cmd := exec.Command(lint, "--noout", "-")
		cmd.Stdin = strings.NewReader(all[n])
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s is not well-formed XML: %v\n%s", n, err, out)
		}
	}
}

// TestLibreOfficeReads converts the workbook's sheets to CSV with
// LibreOffice when it is installed (as in CI), and checks their text; it
// is skipped, with a message, otherwise.
func TestLibreOfficeReads(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if lo, err = exec.LookPath("soffice"); err != nil {
			t.Skip("libreoffice is not installed; the workbook was only read by excelize")
		}
	}
	// Debian splits LibreOffice: without Calc (libsclo) it loads no
	// workbook at all.
	if real, err := filepath.EvalSymlinks(lo); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(real), "libsclo.so")); err != nil {
			t.Skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui); the workbook was only read by excelize")
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(in, write(t, tricky(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter options: comma, double quote, UTF-8, from line 1, default
	// column formats, no language, quote all text, ..., -1 = every sheet
	// to its own file (book-<sheet>.csv).
	filter := `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1`
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", filter, "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	for sheet, want := range map[string][][]string{
		"Counts":         {{"code", "P2", "=1+2"}, {"Trust", "3", "-12"}, {"Long words that wrap", "", "0"}},
		"Notes & <more>": {{"@SUM(A1:A9)", "-P10", "+1"}},
	} {
		data, err := os.ReadFile(filepath.Join(dir, "book-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice wrote no CSV of sheet %s: %v", sheet, err)
		}
		got, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", sheet, err, data)
		}
		if flat(got) != flat(want) {
			t.Errorf("LibreOffice reads sheet %s as\n%s\nwant\n%s", sheet, flat(got), flat(want))
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "book-Tricky.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// LibreOffice decodes _xHHHH_ as Excel does: the control characters
	// and non-characters come back; a literal _x0041_ stays literal.
	for _, want := range []string{"nul\x00 bell\x07 esc\x1b", "\uFFFE\uFFFF \uFFFD", "_x0041_ & <b>", "Zoë 王芳 🙂", " line"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("LibreOffice reads the Tricky sheet without %q: %q", want, data)
		}
	}
}

func flat(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

// documented is what a reader gets back from a Text cell of s (see the
// package comment): s with each byte that is not UTF-8 made U+FFFD.
func documented(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// FuzzText: any bytes in a cell give a workbook that excelize reads back
// as the documented value, or a LimitError when the text is too long.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "plain", "_x0041_", "_x005F_", "__x0000__", "a\x00b", "\r\n", " x ", "\xff", "\xed\xa0\x80",
		"\uFFFE", "&lt;", "]]>", "=1+2", "_x12_", "_xD800_", "🙂", "\u0085\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var wb xlsx.Workbook
		sh, err := wb.AddSheet("S")
		if err != nil {
			t.Fatal(err)
		}
		sh.AddRow(xlsx.Text("h"), xlsx.Text(s).With(xlsx.Wrap))
		var b bytes.Buffer
		_, err = wb.WriteTo(&b)
		want := documented(s)
		if n := len(utf16Units(want)); n > xlsx.MaxCellChars {
			var le *xlsx.LimitError
			if !errors.As(err, &le) {
				t.Fatalf("%d characters: %v, want a LimitError", n, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := open(t, b.Bytes()).GetCellValue("S", "B1")
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("wrote %q, read back %q, want %q", s, got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("read back invalid UTF-8 %q", got)
		}
	})
}

// utf16Units is s in UTF-16 code units, counted independently of the
// package.
func utf16Units(s string) []rune {
	var out []rune
	for _, r := range s {
		if r >= 0x10000 {
			out = append(out, 0, 0)
		} else {
			out = append(out, r)
		}
	}
	return out
}
