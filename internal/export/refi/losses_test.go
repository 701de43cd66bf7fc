package refi

import (
	"strings"
	"testing"
)

// TestImportShortColours: #RGB colours (allowed by both schemas) are
// expanded, a colour on a code that becomes a category is reported as not
// kept, with a count.
func TestImportShortColours(t *testing.T) {
	qde := `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="colours" origin="MAXQDA 24">
  <CodeBook><Codes>
    <Code guid="00000000-0000-4000-8000-000000000010" name="Trust" isCodable="true" color="#F90">
      <Code guid="00000000-0000-4000-8000-000000000011" name="Honesty" isCodable="true" color="#0a9"/>
    </Code>
    <Code guid="00000000-0000-4000-8000-000000000012" name="Being there" isCodable="false" color="#123">
      <Code guid="00000000-0000-4000-8000-000000000013" name="Showing up" isCodable="true" color="#ABCDEF"/>
    </Code>
  </Codes></CodeBook>
</Project>`
	x, err := DecodeProject("project.qde", []byte(qde))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Convert(nil, x, ImportOptions{Coder: "me"})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"Honesty": "#00aa99", "Showing up": "#abcdef"} {
		if got := imp.Codebook.Code(name).Color; got != want {
			t.Errorf("%s: colour %q, want %q", name, got, want)
		}
	}
	notes := strings.Join(imp.Notes, "\n")
	if !strings.Contains(notes, "not kept: 2 colour(s) of codes that became categories") {
		t.Errorf("category colours not reported:\n%s", notes)
	}
}

// TestImportNonGUIDCodeIDs: a tool that writes ids that are not GUIDs
// ("code-001-…") has its codings kept, matched by the exact id, and the
// message says so.
func TestImportNonGUIDCodeIDs(t *testing.T) {
	qde := `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="ids">
  <CodeBook><Codes><Code guid="code-001-aaaa-bbbb" name="A" isCodable="true"/><Code guid="Code-001-AAAA-BBBB" name="B" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="00000000-0000-4000-8000-000000000002" name="T">
    <PlainTextContent>Ann: Hello there, friend.</PlainTextContent>
    <PlainTextSelection guid="00000000-0000-4000-8000-000000000003" name="Hello there" startPosition="5" endPosition="16">
      <Coding guid="00000000-0000-4000-8000-000000000004"><CodeRef targetGUID="code-001-aaaa-bbbb"/></Coding>
      <Coding guid="00000000-0000-4000-8000-000000000005"><CodeRef targetGUID="Code-001-AAAA-BBBB"/></Coding>
      <Coding guid="00000000-0000-4000-8000-000000000006"><CodeRef targetGUID="code-404"/></Coding>
    </PlainTextSelection>
  </TextSource></Sources>
</Project>`
	x, err := DecodeProject("project.qde", []byte(qde))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Convert(nil, x, ImportOptions{Coder: "me"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range imp.Codings {
		got = append(got, c.Code+"|"+c.Quote)
	}
	if strings.Join(got, ";") != "A|Hello there;B|Hello there" {
		t.Errorf("codings %q", got)
	}
	wantNotes(t, strings.Join(imp.Notes, "\n"),
		"2 code(s) have ids that are not GUIDs; references to them were matched by the exact id",
		`a coding refers to code "code-404", but no code in the codebook has that guid`)
}
