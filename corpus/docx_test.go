package corpus

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml"`

// buildZip writes files into a zip archive.
func buildZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(files) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j] < keys[i] {
				keys[i], keys[j] = keys[j], keys[i]
			}
		}
	}
	return keys
}

// buildDocx builds a minimal .docx whose body is body (WordprocessingML
// with the w: prefix), plus extra parts.
func buildDocx(t testing.TB, body string, extra map[string]string) []byte {
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document ` + wordNS + `><w:body>` + body + `<w:sectPr><w:pgSz w:w="12240"/></w:sectPr></w:body></w:document>`,
	}
	for k, v := range extra {
		files[k] = v
	}
	return buildZip(t, files)
}

func run(text string, bold bool) string {
	rpr := ""
	if bold {
		rpr = `<w:rPr><w:b/><w:bCs/></w:rPr>`
	}
	return `<w:r>` + rpr + `<w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func para(runs ...string) string { return `<w:p>` + strings.Join(runs, "") + `</w:p>` }

const docxBodyFixture = `<w:p><w:pPr><w:pStyle w:val="Title"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr>` +
	`<w:r><w:t>Interview P09 (fictional)</w:t></w:r></w:p>` +
	`<w:p/>` +
	// bold label, deleted and inserted revisions
	`<w:p>` + `<w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r><w:r><w:t xml:space="preserve"> How did you </w:t></w:r>` +
	`<w:del w:id="1" w:author="A"><w:r><w:delText>never </w:delText></w:r></w:del>` +
	`<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">first </w:t></w:r></w:ins>` +
	`<w:r><w:t>start?</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>` +
	// label split over three bold runs; tab and line break in the text
	`<w:p>` + `<w:r><w:rPr><w:b/></w:rPr><w:t>Par</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ticipant 9</w:t></w:r>` +
	`<w:r><w:rPr><w:b/></w:rPr><w:t>:</w:t></w:r>` +
	`<w:r><w:t xml:space="preserve"> I answered an ad.</w:t><w:tab/><w:t>Really.</w:t><w:br/><w:t>Second line, &amp; more.</w:t></w:r></w:p>` +
	// a plain continuation paragraph with a field code and a hyperlink
	`<w:p><w:r><w:t xml:space="preserve">It was on page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
	`<w:hyperlink r:id="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t xml:space="preserve"> of the paper</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>` +
	// a transcript table: speaker | text, and a header row
	`<w:tbl><w:tblPr/>` +
	`<w:tr><w:tc><w:p><w:r><w:t>Speaker</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Text</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>Interviewer</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>And then?</w:t></w:r></w:p></w:tc></w:tr>` +
	`<w:tr><w:tc><w:p><w:r><w:t>00:04:10</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Participant 9:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Then the training.</w:t></w:r></w:p><w:p><w:r><w:t>Six weeks.</w:t></w:r></w:p></w:tc></w:tr>` +
	`</w:tbl>` +
	// a text box with its VML fallback copy, then moved text
	`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Box text</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>` +
	`<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Box text</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>` +
	`<w:r><w:t>Interviewer: Thanks,</w:t></w:r><w:moveFrom><w:r><w:t>OLD</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t xml:space="preserve"> bye.</w:t></w:r></w:moveTo></w:p>`

func TestDocx(t *testing.T) {
	data := buildDocx(t, docxBodyFixture, map[string]string{
		"word/header1.xml":   `<w:hdr ` + wordNS + `><w:p><w:r><w:t>HEADER TEXT</w:t></w:r></w:p></w:hdr>`,
		"word/footer1.xml":   `<w:ftr ` + wordNS + `><w:p><w:r><w:t>FOOTER TEXT</w:t></w:r></w:p></w:ftr>`,
		"word/comments.xml":  `<w:comments ` + wordNS + `><w:comment w:id="0"><w:p><w:r><w:t>COMMENT TEXT</w:t></w:r></w:p></w:comment></w:comments>`,
		"word/footnotes.xml": `<w:footnotes ` + wordNS + `><w:footnote w:id="1"><w:p><w:r><w:t>FOOTNOTE</w:t></w:r></w:p></w:footnote></w:footnotes>`,
	})
	tr, err := Parse("P09.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Format != "docx" || tr.Encoding != "zip" {
		t.Errorf("format %q encoding %q", tr.Format, tr.Encoding)
	}
	sameTurns(t, "docx", tr.Turns, []tt{
		{"", "Interview P09 (fictional)", "", ""},
		{"Interviewer", "How did you first start?", "", ""},
		{"Participant 9", "I answered an ad. Really.\nSecond line, & more.\nIt was on page 3 of the paper.\nSpeaker: Text", "", ""},
		{"Interviewer", "And then?", "", ""},
		{"Participant 9", "Then the training.\nSix weeks.\nBox text", "00:04:10.000", ""},
		{"Interviewer", "Thanks, bye.", "", ""},
	})
	checkTurns(t, tr.Turns)
}

func TestDocxOtterAndRels(t *testing.T) {
	// An Otter.ai .docx export: speaker line with a tab before the time. The
	// main part is found through _rels/.rels under another name.
	body := para(run("Jordan Lee", false), `<w:r><w:tab/></w:r>`, run("0:03", false)) +
		para(run("Welcome back.", false)) +
		para(run("Priya Natarajan", false), `<w:r><w:tab/></w:r>`, run("0:09", false)) +
		para(run("Thanks.", false))
	files := map[string]string{
		"_rels/.rels":        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
		"word/document2.xml": `<w:document ` + wordNS + `><w:body>` + body + `</w:body></w:document>`,
	}
	tr, err := Parse("otter.docx", buildZip(t, files))
	if err != nil {
		t.Fatal(err)
	}
	// Paragraphs are separated by blank lines, so a speaker line and its text
	// are not adjacent; the Otter reader lets a header's text follow a blank.
	sameTurns(t, "otter docx", tr.Turns, []tt{
		{"Jordan Lee", "Welcome back.", "00:00:03.000", ""},
		{"Priya Natarajan", "Thanks.", "00:00:09.000", ""},
	})
}

func TestDocxPathological(t *testing.T) {
	// Deeply nested tables and paragraphs must not take quadratic time.
	const depth = 20000
	var b strings.Builder
	for range depth {
		b.WriteString(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Interviewer</w:t></w:r></w:p></w:tc><w:tc>`)
	}
	b.WriteString(para(run("deep", false)))
	for range depth {
		b.WriteString(`</w:tc></w:tr></w:tbl>`)
	}
	for range depth {
		b.WriteString(`<w:p><w:r><w:t>x</w:t></w:r>`)
	}
	for range depth {
		b.WriteString(`</w:p>`)
	}
	tr, err := Parse("deep.docx", buildDocx(t, b.String(), nil))
	if err != nil {
		t.Fatal(err)
	}
	checkTurns(t, tr.Turns)
	if n := strings.Count(tr.Turns[len(tr.Turns)-1].Text, "x"); n == 0 {
		t.Errorf("nested paragraphs lost")
	}
}
