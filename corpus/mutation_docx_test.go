package corpus

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// body runs docxBody over a document part with the given body XML.
func body(t *testing.T, xml string) string {
	t.Helper()
	s, err := docxBody(strings.NewReader(`<w:document ` + wordNS + `><w:body>` + xml + `</w:body></w:document>`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDocxBodyRunsAndText pins which character data is text: only inside
// w:t inside w:r. Tabs, breaks and hyphens count only inside a run, and
// white space between elements of a run is no text.
func TestDocxBodyRunsAndText(t *testing.T) {
	tests := []struct{ name, xml, want string }{
		{"t outside a run first", `<w:p><w:t>x</w:t>` + run("a", false) + `</w:p>`, "a"},
		{"t outside a run after", `<w:p>` + run("a", false) + `<w:t>b</w:t><w:tab/></w:p>`, "a"},
		{"space between elements", `<w:p><w:r><w:t>a</w:t> <w:t>b</w:t></w:r></w:p>`, "ab"},
		{"tab, break, hyphen outside runs", `<w:p><w:tab/><w:br/><w:noBreakHyphen/>` + run("a", false) + `</w:p>`, "a"},
		{"tab, break, hyphen inside runs", `<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t></w:r></w:p>`, "a\tb\nc-d"},
	}
	for _, tc := range tests {
		if got := body(t, tc.xml); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestDocxBodyTables pins tables: rows in order, a speaker row as one
// paragraph, a row without cells, a cell outside any row, a name with an
// empty text cell.
func TestDocxBodyTables(t *testing.T) {
	row := func(cells ...string) string {
		s := `<w:tr>`
		for _, c := range cells {
			s += `<w:tc>` + para(run(c, false)) + `</w:tc>`
		}
		return s + `</w:tr>`
	}
	tests := []struct{ name, xml, want string }{
		{"two speaker rows", `<w:tbl>` + row("Ann", "hello") + row("Bo", "hi") + `</w:tbl>`, "Ann: hello\n\nBo: hi"},
		{"time, name, text", `<w:tbl>` + row("0:05", "Ann", "hello") + `</w:tbl>`, "[00:00:05.000] Ann: hello"},
		{"row without cells", para(run("a", false)) + `<w:tbl><w:tr></w:tr></w:tbl>` + para(run("b", false)), "a\n\nb"},
		{"cell outside a row", `<w:tc>` + para(run("a", false)) + `</w:tc>` + para(run("b", false)), "a\n\nb"},
		{"name and an empty cell", `<w:tbl>` + row("Ann", "") + `</w:tbl>`, "Ann\n\n"},
		{"name alone", `<w:tbl>` + row("Ann") + `</w:tbl>`, "Ann"},
		{"not a name", `<w:tbl>` + row("1. point", "text") + `</w:tbl>`, "1. point\n\ntext"},
	}
	for _, tc := range tests {
		if got := body(t, tc.xml); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestLimitedReaderExact pins the part limit: exactly n bytes are read,
// n+1 are refused.
func TestLimitedReaderExact(t *testing.T) {
	for _, size := range []int{1, 5, 4096, 70000} {
		data := strings.Repeat("x", size)
		got, err := io.ReadAll(&limitedReader{r: strings.NewReader(data), n: int64(size)})
		if err != nil || len(got) != size {
			t.Errorf("%d bytes, limit %d: %d bytes, %v", size, size, len(got), err)
		}
		_, err = io.ReadAll(&limitedReader{r: strings.NewReader(data), n: int64(size - 1)})
		if !errors.Is(err, errPartTooLarge) {
			t.Errorf("%d bytes, limit %d: %v, want errPartTooLarge", size, size-1, err)
		}
		// A buffer of exactly the bytes left is filled, not overrun.
		buf := make([]byte, size)
		n, err := (&limitedReader{r: strings.NewReader(data), n: int64(size)}).Read(buf)
		if n != size || err != nil {
			t.Errorf("Read into %d bytes with %d left: %d, %v", size, size, n, err)
		}
	}
}

// TestDocxPartSizeExact pins the size check of word/document.xml at its
// limit: a part of exactly maxDocxXML bytes is read.
func TestDocxPartSizeExact(t *testing.T) {
	data := buildDocx(t, para(run("Interviewer: hello", false)), nil)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document ` + wordNS + `><w:body>` + para(run("Interviewer: hello", false)) + `<w:sectPr><w:pgSz w:w="12240"/></w:sectPr></w:body></w:document>`
	lower(t, &maxDocxXML, int64(len(doc)))
	if _, err := Parse("P1.docx", data); err != nil {
		t.Errorf("part of exactly the limit: %v", err)
	}
	lower(t, &maxDocxXML, int64(len(doc)-1))
	if _, err := Parse("P1.docx", data); !errors.Is(err, ErrTooLarge) {
		t.Errorf("part one byte over the limit: %v, want ErrTooLarge", err)
	}
}

// TestDocxRelsSizeLimit pins the 1 MiB limit on _rels/.rels: a relations
// part of exactly 1 MiB is still read to find the main part.
func TestDocxRelsSizeLimit(t *testing.T) {
	rels := func(size int) string {
		head := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/><!--`
		tail := `--></Relationships>`
		return head + strings.Repeat("x", size-len(head)-len(tail)) + tail
	}
	doc := `<w:document ` + wordNS + `><w:body>` + para(run("Interviewer: hello", false)) + `</w:body></w:document>`
	data := buildZip(t, map[string]string{"_rels/.rels": rels(1 << 20), "word/main.xml": doc})
	if tr, err := Parse("P1.docx", data); err != nil || len(tr.Turns) != 1 {
		t.Errorf("1 MiB of relations: %v", err)
	}
	data = buildZip(t, map[string]string{"_rels/.rels": rels(1<<20 + 1), "word/main.xml": doc})
	if _, err := Parse("P1.docx", data); err == nil || !strings.Contains(err.Error(), "no word/document.xml") {
		t.Errorf("1 MiB + 1 of relations: %v, want no main part", err)
	}
}

// TestDocxRowNesting pins maxRowNesting: tables nested up to 8 deep keep
// each row apart ("Name: text" rows inside rows); the rows of deeper tables
// add their paragraphs to the enclosing cell.
func TestDocxRowNesting(t *testing.T) {
	nested := func(depth int) string {
		x := para(run("inner", false))
		for d := range depth {
			x = `<w:tbl><w:tr><w:tc>` + para(run(fmt.Sprintf("Ann%d", d), false)) + `</w:tc><w:tc>` + x + `</w:tc></w:tr></w:tbl>`
		}
		return x + para(run("after", false))
	}
	tests := []struct {
		depth int
		want  string
	}{
		{8, "Ann7: Ann6: Ann5: Ann4: Ann3: Ann2: Ann1: Ann0: inner\n\nafter"},
		{9, "Ann8: Ann7: Ann6: Ann5: Ann4: Ann3: Ann2: Ann1: Ann0\ninner\n\nafter"},
		{10, "Ann9: Ann8: Ann7: Ann6: Ann5: Ann4: Ann3: Ann2: Ann1\nAnn0\ninner\n\nafter"},
	}
	for _, tc := range tests {
		if got := body(t, nested(tc.depth)); got != tc.want {
			t.Errorf("depth %d: %q, want %q", tc.depth, got, tc.want)
		}
	}
}

// TestDocxTextOutsideParagraphs pins text in runs outside any paragraph:
// it is kept (as one paragraph at the end), not lost.
func TestDocxTextOutsideParagraphs(t *testing.T) {
	if got := body(t, para(run("a", false))+run("loose", false)); got != "a\n\nloose" {
		t.Errorf("got %q, want %q", got, "a\n\nloose")
	}
}
