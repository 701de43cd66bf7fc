package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

func sample() *Document {
	var d Document
	d.Title("Codebook appendix")
	d.Heading(1, "Stage 1: Building <Trust> & more")
	d.Para(Plain("A "), Bold("bold"), Plain(" and "), Italic("italic"), Plain(" word; Zoë said “trust”."))
	d.Quote(Plain("She always showed up.\nEvery week.\tTabbed."))
	d.Table([]string{"Code", "Definition"}, [][][]Run{
		Cells("Showing up", `Being there "when" promised`),
		{{Bold("A&B")}, {Plain("control\x01chars\x1fgone ]]> 🙂")}},
		Cells("short row"),
	})
	return &d
}

func write(t *testing.T, d *Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadBackWithCorpusReader(t *testing.T) {
	data := write(t, sample())
	tr, err := corpus.Parse("appendix.docx", data)
	if err != nil {
		t.Fatalf("the corpus reader cannot read it: %v", err)
	}
	var all []string
	for _, turn := range tr.Turns {
		all = append(all, turn.Text)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"Codebook appendix", "Stage 1: Building <Trust> & more",
		"A bold and italic word; Zoë said “trust”.", "She always showed up.",
		"Showing up", `Being there "when" promised`, "A&B", "controlcharsgone ]]> 🙂", "short row",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not read back from:\n%s", want, text)
		}
	}
}

func TestWellFormedAndDeterministic(t *testing.T) {
	data := write(t, sample())
	if !bytes.Equal(data, write(t, sample())) {
		t.Error("the same document gives different bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
		if f.Name == "word/document.xml" {
			for _, want := range []string{"<w:b/>", "<w:i/>", "<w:br/>", "<w:tab/>", `<w:pStyle w:val="Heading1"/>`, "<w:tblHeader/>", "&lt;Trust&gt; &amp; more"} {
				if !bytes.Contains(body, []byte(want)) {
					t.Errorf("document.xml lacks %s", want)
				}
			}
		}
	}
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
		if !names[n] {
			t.Errorf("part %s missing", n)
		}
	}
}

// TestLibreOfficeConverts converts the document to PDF when LibreOffice
// is installed (as in CI); it is skipped, with a message, otherwise.
func TestLibreOfficeConverts(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if lo, err = exec.LookPath("soffice"); err != nil {
			t.Skip("libreoffice is not installed; the .docx was only checked with the Go reader")
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "appendix.docx")
	if err := os.WriteFile(in, write(t, sample()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "appendix.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("no PDF: %v", err)
	}
}

// checkTable checks that a table spans its section's text width with a
// fixed layout, and that every cell is as wide as its grid column.
func checkTable(t *testing.T, l Layout, i int) Table {
	t.Helper()
	tb := l.Tables[i]
	sec := l.Sections[tb.Section]
	sum := 0
	for _, w := range tb.Grid {
		sum += w
	}
	if !tb.Fixed || tb.Width != sec.TextWidth() || sum != sec.TextWidth() {
		t.Errorf("table %d: fixed %v, width %d, grid sum %d, want fixed and the text width %d", i, tb.Fixed, tb.Width, sum, sec.TextWidth())
	}
	for r, row := range tb.CellWidth {
		if !slices.Equal(row, tb.Grid) {
			t.Errorf("table %d row %d: cell widths %v, grid %v", i, r, row, tb.Grid)
		}
	}
	return tb
}

func TestLandscapeSectionAndColumnWidths(t *testing.T) {
	var d Document
	d.Title("Memo trail")
	d.Table([]string{"A", "B"}, [][][]Run{Cells("1", "2")})
	d.Landscape(true)
	d.TableWith(TableOptions{Widths: []int{1, 3, 0, 1}, Small: true}, []string{"Count", "Definition", "Example", "N"},
		[][][]Run{Cells("1", "Long words here", "Ex", "2"), Cells("short row")})
	d.Landscape(false)
	d.Para(Plain("After."))
	l, err := ReadLayout(write(t, &d))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Sections) != 3 || len(l.Tables) != 2 {
		t.Fatalf("sections %+v tables %+v", l.Sections, l.Tables)
	}
	for i, want := range []bool{false, true, false} {
		s := l.Sections[i]
		if s.Landscape != want || (s.Width > s.Height) != want || s.Left != 1134 || s.Right != 1134 {
			t.Errorf("section %d: %+v, want landscape %v with w/h to match and 2 cm margins", i, s, want)
		}
	}
	if p := checkTable(t, l, 0); p.Section != 0 || p.Grid[0] != p.Grid[1] {
		t.Errorf("portrait table %+v", p)
	}
	w := checkTable(t, l, 1)
	if w.Section != 1 || len(w.Grid) != 4 {
		t.Fatalf("wide table %+v, want in the landscape section", w)
	}
	// 1 : 3 : mean(1,3,1)=1 : 1 of 14570 twips.
	if !slices.Equal(w.Grid, []int{2428, 7285, 2428, 2429}) {
		t.Errorf("grid %v, want 1:3:1:1 of 14570", w.Grid)
	}
}

func TestColumnWidths(t *testing.T) {
	for _, tc := range []struct {
		total, cols int
		rel, want   []int
	}{
		{9638, 3, nil, []int{3212, 3212, 3214}},
		{100, 2, []int{1, 3}, []int{25, 75}},
		{100, 3, []int{2}, []int{33, 33, 34}},
		{10, 3, []int{-1, 0, 5}, []int{3, 3, 4}},
	} {
		if got := ColumnWidths(tc.total, tc.cols, tc.rel); !slices.Equal(got, tc.want) {
			t.Errorf("ColumnWidths(%d, %d, %v) = %v, want %v", tc.total, tc.cols, tc.rel, got, tc.want)
		}
	}
}
