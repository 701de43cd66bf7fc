package refi

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestExportProject(t *testing.T) {
	p := newTestProject(t)
	ex, data := exportProject(t, p)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	var names []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
		names = append(names, f.Name)
	}
	if names[0] != "project.qde" || len(names) != 1+2+2+7+1 {
		t.Fatalf("entries %v, want project.qde, two turns files, two sources, seven memos and a relation's note", names)
	}
	qde := []byte(files["project.qde"])
	// grounded's ids travel in GUIDs: no marker shows to the researcher.
	if strings.Contains(string(qde), "grounded:") {
		t.Errorf("project.qde holds an internal marker:\n%s", qde)
	}
	// Every note's text is a file (QualCoder reads notes only so).
	for _, n := range ex.Project.Notes.Note {
		if n.PlainTextContent != nil || files["sources/"+strings.TrimPrefix(n.PlainTextPath, "internal://")] == "" {
			t.Errorf("note %q: its text is not a file in the archive", n.Name)
		}
	}
	if !strings.Contains(ex.Project.Description, "Project journal.") {
		t.Errorf("the project memo is not the project's description: %q", ex.Project.Description)
	}
	golden(t, "project.qde", qde)

	// The source texts are the plain text of the turns.
	for _, s := range ex.Project.Sources.Text {
		path := "sources/" + strings.TrimPrefix(s.PlainTextPath, "internal://")
		if _, ok := files[path]; !ok {
			t.Errorf("%s: %s is not in the archive", s.Name, path)
		}
	}
	// Every selection's name is exactly the text at its code-point
	// positions.
	for _, s := range ex.Project.Sources.Text {
		text := []rune(files["sources/"+strings.TrimPrefix(s.PlainTextPath, "internal://")])
		for _, sel := range s.Selections {
			a, b := atoi(t, sel.StartPosition), atoi(t, sel.EndPosition)
			if got := string(text[a:b]); got != sel.Name {
				t.Errorf("%s %s-%s: text %q, name %q", s.Name, sel.StartPosition, sel.EndPosition, got, sel.Name)
			}
		}
	}
	if ex.Codings != 7 || ex.Sources != 2 || ex.Memos != 7 || ex.Cases != 3 {
		t.Errorf("counts: %d codings, %d sources, %d memos, %d cases", ex.Codings, ex.Sources, ex.Memos, ex.Cases)
	}
	if len(ex.Warnings) != 1 || !strings.Contains(ex.Warnings[0], "c00000000008") || !strings.Contains(ex.Warnings[0], "orphaned") {
		t.Errorf("warnings %q, want one about the orphaned coding", ex.Warnings)
	}

	errs := CheckProjectXML(qde, func(path string) (string, bool) {
		s, ok := files["sources/"+strings.TrimPrefix(path, "internal://")]
		return s, ok
	})
	for _, err := range errs {
		t.Error(err)
	}
	xmllint(t, "Project-mrt2019.xsd", qde)
}

func TestExportStable(t *testing.T) {
	p := newTestProject(t)
	_, a := exportProject(t, p)
	_, b := exportProject(t, p)
	if !bytes.Equal(a, b) {
		t.Fatal("two exports of the same project differ")
	}
}

func TestExportCodebook(t *testing.T) {
	p := newTestProject(t)
	d, err := Load(p, "grounded test")
	if err != nil {
		t.Fatal(err)
	}
	x, err := BuildCodebook(d)
	if err != nil {
		t.Fatal(err)
	}
	data, err := MarshalCodebook(x)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "codebook.qdc", data)
	// The tree: core, its stages in order, then the category outside the
	// core, then the uncategorised code.
	var top []string
	for _, c := range x.Codes.Code {
		top = append(top, c.Name+":"+c.IsCodable)
	}
	if got, want := strings.Join(top, ","), "Creating Connection:false,Caring for the helper:false,Lowering oneself:true"; got != want {
		t.Errorf("top level %s, want %s", got, want)
	}
	core := x.Codes.Code[0]
	if core.GUID != CoreGUID("Creating Connection") {
		t.Errorf("core guid %s, want the core GUID", core.GUID)
	}
	var stages []string
	for _, s := range core.Codes {
		stages = append(stages, s.Name)
	}
	if got := strings.Join(stages, ","); got != "Building Trust,Launching Toward Independence" {
		t.Errorf("stages %s", got)
	}
	trust := core.Codes[0]
	if len(trust.Codes) != 2 || trust.Codes[0].Name != "Self-disclosure" || trust.Codes[1].Name != "Showing up" || trust.Codes[1].IsCodable != "true" {
		t.Errorf("Building Trust holds %+v, want Self-disclosure then the code Showing up", trust.Codes)
	}
	sd := trust.Codes[0]
	if sd.Description != "Using one's own story.\n\nWhen to use: Talk about telling one's story.\n\n(provisional)" {
		t.Errorf("category description %q", sd.Description)
	}
	for _, err := range CheckCodebookXML(data) {
		t.Error(err)
	}
	xmllint(t, "Codebook.xsd", data)
}

func TestExportEmptyCodebook(t *testing.T) {
	d := &Data{Name: "x", Codebook: nilCodebook()}
	if _, err := BuildCodebook(d); err != ErrEmptyCodebook {
		t.Fatalf("err %v, want ErrEmptyCodebook", err)
	}
	ex, err := BuildProject(d)
	if err != nil {
		t.Fatal(err)
	}
	qde, _ := MarshalProject(ex.Project)
	for _, err := range CheckProjectXML(qde, nil) {
		t.Error(err)
	}
	if strings.Contains(string(qde), "<Codes") || strings.Contains(string(qde), "<Users") {
		t.Errorf("empty lists written:\n%s", qde)
	}
	xmllint(t, "Project-mrt2019.xsd", qde)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("position %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// An export that does not fit the schema is refused before anything is
// written.
func TestWriteQDPXRefusesInvalid(t *testing.T) {
	ex, _ := exportProject(t, newTestProject(t))
	ex.Project.Sources.Text[0].Selections[0].EndPosition = "999999"
	var b bytes.Buffer
	err := WriteQDPX(&b, ex, t0)
	if err == nil || !strings.Contains(err.Error(), "does not fit the REFI-QDA schema") || b.Len() != 0 {
		t.Errorf("err %v, %d bytes written", err, b.Len())
	}
}
