package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/export/docx"
)

const appendixCodebook = `version: 1
core:
  name: Creating Connection
  stages: [Building Trust]
categories:
  - name: Building Trust
    description: Stage 1.
    when_not_to_use: Later contacts.
  - name: Self-disclosure
    parent: Building Trust
codes:
  - name: Telling my story
    category: Self-disclosure
    description: "=HYPERLINK(\"http://x\")"
    when_to_use: The PSW tells their own story.
    when_not_to_use: Stories of others.
    example: A made-up example.
  - name: Showing up
    category: Building Trust
    example: Fallback example.
`

func appendixRows(t *testing.T) []AppendixRow {
	t.Helper()
	cb, err := codebook.Decode("codebook.yaml", []byte(appendixCodebook))
	if err != nil {
		t.Fatal(err)
	}
	turns := map[string][]corpus.Turn{"P1": {{N: 1, Text: "I told him my story first. He listened."}}}
	cs := []coding.Coding{cod(t, turns, "c1", "Telling my story", "P1", 1, "told him my story")}
	h := Build(Input{Codebook: cb, Codings: cs, Sources: []*corpus.Source{{ID: "P1", Participant: "P03"}}}, Options{})
	ex, _, err := SelectExemplars(ExemplarInput{Codes: []string{"Telling my story", "Showing up"}, Codings: cs, Turns: turns,
		Participant: map[string]string{"P1": "P03"}, Attributes: map[string]map[string]string{"P03": {"setting": "residential"}}},
		ExemplarOptions{DescribeWith: []string{"setting"}})
	if err != nil {
		t.Fatal(err)
	}
	return BuildAppendix(h, cb, ex)
}

func TestBuildAppendix(t *testing.T) {
	rows := appendixRows(t)
	var got []string
	for _, r := range rows {
		got = append(got, r.Level+":"+strings.Join(r.Path, AppendixPathSep))
	}
	want := "core:|stage:Building Trust|category:Building Trust › Self-disclosure|code:Building Trust › Self-disclosure › Telling my story|code:Building Trust › Showing up"
	if strings.Join(got, "|") != want {
		t.Fatalf("rows\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	story := rows[3]
	if story.WhenToUse != "The PSW tells their own story." || story.WhenNotToUse != "Stories of others." ||
		story.Example != "“I told him my story first.” — P03 (residential)" || story.Codings != 1 || story.Participants != 1 {
		t.Errorf("code row %+v", story)
	}
	if rows[4].Example != "Fallback example." {
		t.Errorf("a code without exemplars shows %q, want the codebook's example", rows[4].Example)
	}
	if rows[1].WhenNotToUse != "Later contacts." {
		t.Errorf("stage row %+v", rows[1])
	}
}

func TestAppendixFormats(t *testing.T) {
	rows := appendixRows(t)
	md := string(AppendixMarkdown("Codebook", rows))
	if !strings.Contains(md, "| code | Building Trust › Self-disclosure › Telling my story | Telling my story | =HYPERLINK(\"http://x\") |") {
		t.Errorf("markdown:\n%s", md)
	}
	var b bytes.Buffer
	if err := AppendixCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != len(rows)+1 {
		t.Fatalf("csv: %v, %d records", err, len(recs))
	}
	if recs[4][3] != `'=HYPERLINK("http://x")` || recs[4][7] != "1" {
		t.Errorf("csv row %q: the formula is not neutralised", recs[4])
	}
	b.Reset()
	if err := AppendixXLSX(&b, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Codebook", "D5"); v != `=HYPERLINK("http://x")` {
		t.Errorf("xlsx D5 = %q", v)
	}
	if fm, _ := f.GetCellFormula("Codebook", "D5"); fm != "" {
		t.Errorf("xlsx D5 holds a formula %q", fm)
	}
	if v, _ := f.GetCellValue("Codebook", "H5"); v != "1" {
		t.Errorf("xlsx H5 = %q", v)
	}
	b.Reset()
	if err := AppendixDocx(&b, "Codebook appendix", rows); err != nil {
		t.Fatal(err)
	}
	tr, err := corpus.Parse("appendix.docx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, turn := range tr.Turns {
		text.WriteString(turn.Text + "\n")
	}
	for _, want := range []string{"Codebook appendix", "Telling my story", "Stories of others.", "“I told him my story first.” — P03 (residential)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("docx lacks %q:\n%s", want, text.String())
		}
	}
	// The nine columns sit on a landscape page, counts narrow and the
	// definition and example wide, filling the text width.
	l, err := docx.ReadLayout(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Tables) != 1 || len(l.Sections) != 1 || !l.Sections[0].Landscape || l.Sections[0].Width <= l.Sections[0].Height {
		t.Fatalf("layout %+v, want one table on one landscape section", l)
	}
	tb := l.Tables[0]
	if len(tb.Grid) != 9 || !tb.Fixed || tb.Width != l.Sections[0].TextWidth() {
		t.Fatalf("table %+v", tb)
	}
	def, example, codings := tb.Grid[2], tb.Grid[5], tb.Grid[6]
	if def < 2*codings || example < 2*codings || codings < 800 {
		t.Errorf("column widths %v: want Definition and Example at least twice Codings, Codings at least 800 twips", tb.Grid)
	}
	for r, row := range tb.CellWidth {
		if !slices.Equal(row, tb.Grid) {
			t.Errorf("row %d cell widths %v, grid %v", r, row, tb.Grid)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "+1": "'+1", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "plain": "plain", "": ""} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}
