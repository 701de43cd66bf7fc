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
