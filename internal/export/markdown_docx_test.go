package export

import (
	"errors"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

func docxText(t *testing.T, data []byte) string {
	t.Helper()
	tr, err := corpus.Parse("x.docx", data)
	if err != nil {
		t.Fatalf("the .docx does not read back: %v", err)
	}
	var b strings.Builder
	for _, turn := range tr.Turns {
		b.WriteString(turn.Text + "\n")
	}
	return b.String()
}

func TestMarkdownDocxMemoTrailAndAppendix(t *testing.T) {
	ms, passages := trailFixture()
	md, _, err := MemoTrail(ms, MemoTrailOptions{Passages: passages})
	if err != nil {
		t.Fatal(err)
	}
	text := docxText(t, MarkdownDocx(md))
	for _, want := range []string{"Memo trail", "Reliability again", "memo 2026-11-22-bbbbbb · analytic · alice",
		"always turned up (P03#2:4-20)", "Builds on: My own recovery shapes what I hear. (2026-11-20-aaaaaa)", "turning up matters."} {
		if !strings.Contains(text, want) {
			t.Errorf("memo trail .docx lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"**", "<a id", "](#", `\`} {
		if strings.Contains(text, bad) {
			t.Errorf("memo trail .docx shows Markdown syntax %q:\n%s", bad, text)
		}
	}
	text = docxText(t, MarkdownDocx(AppendixMarkdown("Codebook", appendixRows(t))))
	for _, want := range []string{"Telling my story", `=HYPERLINK("http://x")`, "Building Trust › Self-disclosure"} {
		if !strings.Contains(text, want) {
			t.Errorf("appendix .docx lacks %q:\n%s", want, text)
		}
	}
}

func TestInlineRuns(t *testing.T) {
	runs := inlineRuns(`a **bold** and *it* \*not\* [link](#x) ` + "`c*d`")
	var got []string
	for _, r := range runs {
		f := ""
		if r.Bold {
			f += "B"
		}
		if r.Italic {
			f += "I"
		}
		got = append(got, f+":"+r.Text)
	}
	want := ":a |B:bold|: and |I:it|: *not* link c*d"
	if strings.Join(got, "|") != want {
		t.Errorf("runs %q, want %q", strings.Join(got, "|"), want)
	}
}

// FuzzMarkdownDocx checks that any Markdown gives a .docx the corpus
// reader opens.
func FuzzMarkdownDocx(f *testing.F) {
	f.Add("# T\n\n| a | b |\n| --- | --- |\n| **x** | \\| |\n\n> q\n- item *i*\n<a id=\"m\"></a>\n")
	f.Add("[unclosed](  ** ` \\")
	f.Add("###### deep\n####### not a heading\n|\n")
	f.Fuzz(func(t *testing.T, md string) {
		data := MarkdownDocx([]byte(md))
		if _, err := corpus.Parse("x.docx", data); err != nil && !errors.Is(err, corpus.ErrNoText) {
			t.Fatalf("%v for %q", err, md)
		}
	})
}
