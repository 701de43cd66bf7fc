package refi

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
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

// TestForeignGUIDsKept: the GUIDs another tool gave codes, categories,
// sources, cases, variables and users are kept in the project
// (ForeignFile) and written again on export, with a codable parent code
// still codable, so that going back to the tool updates its objects.
func TestForeignGUIDsKept(t *testing.T) {
	p, _, err := importArchive(t, zipDir(t, filepath.Join("testdata", "nvivo")), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p.Path(ForeignFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeForeign(b); err != nil {
		t.Fatal(err)
	}
	ex, data := exportProject(t, p)
	qde, _ := MarshalProject(ex.Project)
	for _, w := range []string{
		`guid="{C0DE0000-0000-4000-8000-000000000001}" name="Getting started" isCodable="true"`, // codable parent
		`guid="{C0DE0000-0000-4000-8000-000000000004}" name="Showing up"`,
		`guid="{C0DE0000-0000-4000-8000-000000000003}" name="Trust" isCodable="false"`,
		`<TextSource guid="{50C00000-0000-4000-8000-000000000001}"`,
		`<Case guid="{CA5E0000-0000-4000-8000-000000000001}"`,
		`<User guid="{6A1B2C3D-0000-4000-8000-00000000AA01}" name="Jane Smith"`,
		`<Variable guid="{7A7A0000-0000-4000-8000-000000000001}" name="Role"`,
	} {
		if !strings.Contains(string(qde), w) {
			t.Errorf("export lacks %s", w)
		}
	}
	xmllint(t, "Project-mrt2019.xsd", qde)
	// And grounded reads its export of it back the same.
	q, res, err := importArchive(t, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(snapshot(t, p).Codings, snapshot(t, q).Codings) {
		t.Errorf("codings differ after the round trip; notes %q", res.Notes)
	}
	if _, err := os.Stat(q.Path(ForeignFile)); err == nil {
		t.Errorf("an import of grounded's own archive wrote %s", ForeignFile)
	}
}

func TestDecodeForeignErrors(t *testing.T) {
	_, err := DecodeForeign([]byte("code\ttrust\t6a1b2c3d-0000-4000-8000-00000000aa01\nthing\tx\tnot-a-guid\n"))
	var fe *ForeignError
	if !errors.As(err, &fe) || fe.Line != 2 || !strings.Contains(err.Error(), ForeignFile+":2:") {
		t.Errorf("err %v", err)
	}
}

// Notes referred to by ids that are not GUIDs still reach their targets.
func TestImportNonGUIDNoteIDs(t *testing.T) {
	qde := `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="ids">
  <CodeBook><Codes><Code guid="code-001" name="A" isCodable="true"><NoteRef targetGUID="Note-7"/></Code></Codes></CodeBook>
  <Notes><Note guid="note-7" name="On A"><PlainTextContent>On A: it matters.</PlainTextContent></Note></Notes>
</Project>`
	x, err := DecodeProject("project.qde", []byte(qde))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Convert(nil, x, ImportOptions{Coder: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Memos) != 1 || imp.Memos[0].Target.Kind != "code" || imp.Memos[0].Target.Name != "A" {
		t.Errorf("memos %+v", imp.Memos)
	}
}
