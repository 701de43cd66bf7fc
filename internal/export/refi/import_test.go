package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

func TestRoundTrip(t *testing.T) {
	p := newTestProject(t)
	_, data := exportProject(t, p)
	q, res, err := importArchive(t, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 0 {
		t.Errorf("a grounded export needs no adjustment, got:\n%s", strings.Join(res.Notes, "\n"))
	}
	want, got := snapshot(t, p), snapshot(t, q)
	// The orphaned coding is not exported.
	var codings []string
	for _, c := range want.Codings {
		if !strings.HasPrefix(c, "c00000000008") {
			codings = append(codings, c)
		}
	}
	want.Codings = codings
	for _, f := range []struct {
		name      string
		want, got any
	}{
		{"sources", want.Sources, got.Sources},
		{"turns", want.Turns, got.Turns},
		{"codings", want.Codings, got.Codings},
		{"memos", want.Memos, got.Memos},
		{"participants", want.Participants, got.Participants},
		{"codes", want.Codes, got.Codes},
		{"categories", want.Categories, got.Categories},
		{"core", want.Core, got.Core},
		{"relations", want.Relations, got.Relations},
	} {
		if !reflect.DeepEqual(f.want, f.got) {
			t.Errorf("%s differ after the round trip:\nwant %q\n got %q", f.name, f.want, f.got)
		}
	}
	rep, err := q.Check(false)
	if err != nil || len(rep.Problems) > 0 {
		t.Errorf("check of the imported project: %v %+v", err, rep.Problems)
	}
	if len(want.Codings) != 7 || len(want.Memos) != 7 {
		t.Fatalf("the test project has %d codings and %d memos", len(want.Codings), len(want.Memos))
	}
	// Importing the same archive again adds nothing.
	imp := convertBytes(t, data, ImportOptions{Coder: "importer"})
	res, err = applyTo(t, q, imp)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.SourcesAdded) != 0 || res.CodingsAdded != 0 || res.MemosAdded != 0 || res.CodesAdded != 0 || res.CategoriesAdded != 0 || res.Participants != 0 {
		t.Errorf("re-import added %+v", res)
	}
	if len(res.SourcesUnchanged) != 2 || res.CodingsPresent != 7 || res.MemosPresent != 7 {
		t.Errorf("re-import: %+v", res)
	}
	if !reflect.DeepEqual(snapshot(t, q), got) {
		t.Error("re-import changed the project")
	}
}

func convertBytes(t *testing.T, data []byte, opts ImportOptions) *Imported {
	t.Helper()
	a, err := OpenArchive("test.qdpx", bytes.NewReader(data), int64(len(data)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	qde, _ := a.ReadQDE()
	x, err := DecodeProject("project.qde", qde)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Convert(a, x, opts)
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// The fixture in testdata/nvivo is written as other tools write: a
// namespace variant, GUIDs in braces and upper case, a bare plainTextPath,
// a text with a byte order mark and CRLF line ends, and UTF-16 positions.
func TestImportOtherTool(t *testing.T) {
	data := zipDir(t, filepath.Join("testdata", "nvivo"))
	p, res, err := importArchive(t, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st := snapshot(t, p)
	if got := strings.Join(st.Sources, ";"); got != "Interview-Jose participant=Sam-Rivera" {
		t.Errorf("sources %s", got)
	}
	wantTurns := []string{
		"Interviewer: Thanks for joining. How did you start? 😀",
		"Sam Rivera: I started as a volunteer 🙂 at the drop-in.\nI kept showing up, every Tuesday.",
		"Interviewer: What helped clients trust you?",
		"Sam Rivera: Being honest — I said I'd been there too. 👍 That mattered.",
	}
	if !reflect.DeepEqual(st.Turns["Interview-Jose"], wantTurns) {
		t.Errorf("turns %q", st.Turns["Interview-Jose"])
	}
	cs, err := p.ReadCodings("")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Code+"|"+c.Ref().String()+"|"+c.Quote+"|"+c.Coder+"|"+c.Memo)
	}
	want := []string{
		"Showing up|Interview-Jose:129-188|every Tuesday.\n\nInterviewer: What helped clients trust you?|Jane Smith|",
		"Getting started|Interview-Jose#2:0-42|I started as a volunteer 🙂 at the drop-in.|Jane Smith|",
		"Volunteering|Interview-Jose#2:0-42|I started as a volunteer 🙂 at the drop-in.|Jane Smith|",
		"Showing up|Interview-Jose#2:43-76|I kept showing up, every Tuesday.|Jane Smith|Clear example of reliability.",
		"Honesty|Interview-Jose#4:0-41|Being honest — I said I'd been there too.|Jane Smith|",
		"Honesty|Interview-Jose#4:44-58|That mattered.|Jane Smith|",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("codings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range []string{
		`namespace is "urn:QDA-XML:project:1:0"`,
		`plainTextPath "interview-jose.txt" read as sources/interview-jose.txt`,
		"starts with a byte order mark and has CRLF line ends",
		"UTF-16 code units",
		"crosses turns 2 to 3",
		`"Getting started" has sub-codes and codings of its own`,
	} {
		if !strings.Contains(strings.Join(res.Notes, "\n"), w) {
			t.Errorf("no adjustment mentions %q in:\n%s", w, strings.Join(res.Notes, "\n"))
		}
	}
	if got := strings.Join(st.Participants, ";"); got != "Sam-Rivera Role=Peer worker Years=4" {
		t.Errorf("participants %s", got)
	}
	// Codes without a colour get one from grounded's palette.
	wantCodes := []string{
		"Getting started|Getting started|||||#3366cc",
		"Honesty|Trust|||||#e15759",
		"Showing up|Trust|Being there, predictably.||||#ff9900",
		"Volunteering|Getting started|||||#4e79a7",
	}
	if !reflect.DeepEqual(st.Codes[:4], wantCodes) || len(st.Codes) != 4 {
		t.Errorf("codes %q", st.Codes)
	}
	if st.Core != "" {
		t.Errorf("a core %q was made from a codebook grounded did not write", st.Core)
	}
	ms, _ := p.ListMemos()
	if len(ms) != 2 || ms[0].Target != (coding.Target{Kind: "code", Name: "Showing up"}) || ms[0].Author != "Jane Smith" ||
		ms[1].Target.Kind != "project" || ms[1].Author != "importer" || ms[1].Body != "# Project journal\n\nPilot of two interviews." {
		t.Errorf("memos %+v", ms)
	}
}

func TestImportCoreOption(t *testing.T) {
	data := zipDir(t, filepath.Join("testdata", "nvivo"))
	imp := convertBytes(t, data, ImportOptions{Coder: "x", Core: "trust"})
	if imp.Codebook.Core == nil || imp.Codebook.Core.Name != "Trust" || len(imp.Codebook.Core.Stages) != 0 {
		t.Fatalf("core %+v", imp.Codebook.Core)
	}
	a, _ := OpenArchive("t", bytes.NewReader(data), int64(len(data)), DefaultLimits)
	qde, _ := a.ReadQDE()
	x, _ := DecodeProject("p", qde)
	if _, err := Convert(a, x, ImportOptions{Coder: "x", Core: "Nope"}); err == nil || !strings.Contains(err.Error(), `"Getting started", "Trust"`) {
		t.Errorf("err %v, want the top-level codes listed", err)
	}
}

func TestImportCodebookCoreOnlyFromGrounded(t *testing.T) {
	p := newTestProject(t)
	d, _ := Load(p, "t")
	x, _ := BuildCodebook(d)
	imp, err := ConvertCodebook(x, ImportOptions{Coder: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Codebook.Core == nil || strings.Join(imp.Codebook.Core.Stages, ",") != "Building Trust,Launching Toward Independence" {
		t.Fatalf("grounded's core not recognised: %+v", imp.Codebook.Core)
	}
	// The same tree with another GUID on the core (as a tool that renews
	// GUIDs would write) is a plain category.
	x.Codes.Code[0].GUID = "{11111111-2222-4333-8444-555555555555}"
	imp, err = ConvertCodebook(x, ImportOptions{Coder: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Codebook.Core != nil || imp.Codebook.Category("Creating Connection") == nil || imp.Codebook.Category("Building Trust").Parent != "Creating Connection" {
		t.Fatalf("core %+v, categories %+v", imp.Codebook.Core, imp.Codebook.Categories)
	}
}

func TestImportRefusesClash(t *testing.T) {
	p := newTestProject(t)
	_, data := exportProject(t, p)
	// Change S1's text in the archive.
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var files []string
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		s := b.String()
		if strings.Contains(s, "I kept showing up") {
			s = strings.Replace(s, "café", "cafe", 1)
		}
		files = append(files, f.Name, s)
	}
	changed := zipFiles(t, files...)
	before := snapshot(t, p)
	_, err := applyTo(t, p, convertBytes(t, changed, ImportOptions{Coder: "x"}))
	var ce *ClashError
	if !errors.As(err, &ce) || strings.Join(ce.IDs, ",") != "S1" {
		t.Fatalf("err %v, want a clash on S1", err)
	}
	if !reflect.DeepEqual(snapshot(t, p), before) {
		t.Error("a refused import changed the project")
	}
}

func TestHostileArchives(t *testing.T) {
	good := string(mustRead(t, filepath.Join("testdata", "golden", "project.qde")))
	big := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: "sources/huge.txt", Method: zip.Store, UncompressedSize64: 600 << 20, CompressedSize64: 5, CRC32: 0})
		w.Write([]byte("hello"))
		w2, _ := zw.Create("project.qde")
		w2.Write([]byte(good))
		zw.Close()
		return b.Bytes()
	}
	link := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		h := &zip.FileHeader{Name: "sources/link.txt"}
		h.SetMode(os.ModeSymlink | 0o777)
		w, _ := zw.CreateHeader(h)
		w.Write([]byte("/etc/passwd"))
		w2, _ := zw.Create("project.qde")
		w2.Write([]byte(good))
		zw.Close()
		return b.Bytes()
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"zip slip", zipFiles(t, "project.qde", good, "../evil.txt", "x"), `entry "../evil.txt" points outside the archive`},
		{"zip slip inside", zipFiles(t, "project.qde", good, "sources/../../evil.txt", "x"), "points outside the archive"},
		{"absolute", zipFiles(t, "project.qde", good, "/etc/evil.txt", "x"), `entry "/etc/evil.txt" has an absolute path`},
		{"windows absolute", zipFiles(t, "project.qde", good, `C:\evil.txt`, "x"), "has an absolute path"},
		{"oversize claimed", big(), `entry "sources/huge.txt" is 600 MB uncompressed, more than the 512 MB allowed`},
		{"symlink", link(), `entry "sources/link.txt" is a symbolic link`},
		{"not a zip", []byte("hello"), "not a .qdpx archive"},
		{"no project", zipFiles(t, "sources/a.txt", "x"), "no project.qde"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenArchive("evil.qdpx", bytes.NewReader(tc.data), int64(len(tc.data)), DefaultLimits)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
	// Too many entries and too much in total, with small limits.
	data := zipFiles(t, "project.qde", good, "a", "1", "b", "2")
	if _, err := OpenArchive("x", bytes.NewReader(data), int64(len(data)), Limits{Entry: 1 << 20, Total: 1 << 20, Entries: 2}); err == nil || !errors.Is(err, ErrUnsafeArchive) || !strings.Contains(err.Error(), "3 entries") {
		t.Errorf("entries: %v", err)
	}
	if _, err := OpenArchive("x", bytes.NewReader(data), int64(len(data)), Limits{Entry: 1 << 20, Total: 100, Entries: 10}); err == nil || !strings.Contains(err.Error(), "in total") {
		t.Errorf("total: %v", err)
	}
}

func TestMalformedXML(t *testing.T) {
	bad := "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n  <Sources>\n    <TextSource guid=\"a\" name=\"b\">\n  </Sources>\n</Project>\n"
	_, err := DecodeProject("project.qde", []byte(bad))
	var xe *XMLError
	if !errors.As(err, &xe) || xe.Line != 5 || !strings.Contains(err.Error(), "project.qde:5: malformed XML") {
		t.Fatalf("err %v, want a syntax error on line 5", err)
	}
	_, err = DecodeProject("project.qde", []byte("<?xml version=\"1.0\"?>\n<CodeBook/>"))
	if err == nil || !strings.Contains(err.Error(), "project.qde:2: the root element is <CodeBook>, not <Project>") {
		t.Fatalf("err %v", err)
	}
	_, err = DecodeProject("project.qde", []byte("<Project name=\"x\">"))
	if err == nil || !strings.Contains(err.Error(), "malformed XML") {
		t.Fatalf("err %v", err)
	}
	// An archive with a malformed project.qde is refused before anything
	// is converted.
	data := zipFiles(t, "project.qde", bad)
	if _, _, err := importArchive(t, data, ImportOptions{}); err == nil || !strings.Contains(err.Error(), ":5: malformed XML") {
		t.Fatalf("err %v", err)
	}
}

func TestImportInlineTextAndOddPositions(t *testing.T) {
	// Positions counted from 1 with an inclusive end, text inline, a
	// selection on a speaker label only, and one outside the text.
	qde := `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="inline">
  <CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="00000000-0000-4000-8000-000000000002" name="Talk 1">
      <PlainTextContent>Ann: Hello there, friend.
Bob: Hi Ann.
Ann: Bye now.
Bob: See you.</PlainTextContent>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000003" name="Hello there" startPosition="6" endPosition="16">
        <Coding guid="00000000-0000-4000-8000-000000000004"><CodeRef targetGUID="00000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000005" name="Bye now." startPosition="45" endPosition="52">
        <Coding guid="00000000-0000-4000-8000-000000000006"><CodeRef targetGUID="00000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000007" name="Bob: " startPosition="27" endPosition="31">
        <Coding guid="00000000-0000-4000-8000-000000000008"><CodeRef targetGUID="00000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000009" startPosition="500" endPosition="510">
        <Coding guid="00000000-0000-4000-8000-00000000000a"><CodeRef targetGUID="00000000-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
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
		got = append(got, c.Ref().String()+"|"+c.Quote+"|"+c.Coder)
	}
	if want := []string{"Talk-1#1:0-11|Hello there|me", "Talk-1#3:0-8|Bye now.|me"}; !reflect.DeepEqual(got, want) {
		t.Errorf("codings %q, want %q", got, want)
	}
	notes := strings.Join(imp.Notes, "\n")
	for _, w := range []string{"counted from 1 instead of 0, the end position inclusive", "covers no words of the transcript", "500-510", "lies outside the text"} {
		if !strings.Contains(notes, w) {
			t.Errorf("no note mentions %q:\n%s", w, notes)
		}
	}
}

func TestImportIntoExistingMergesCodebook(t *testing.T) {
	p := newTestProject(t)
	data := zipDir(t, filepath.Join("testdata", "nvivo"))
	res, err := applyTo(t, p, convertBytes(t, data, ImportOptions{Coder: "x"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.SourcesAdded) != 1 || res.CodesAdded != 3 || res.CategoriesAdded != 2 || res.CodingsAdded != 6 {
		t.Errorf("result %+v", res)
	}
	cb, _ := p.ReadCodebook()
	if cb.Core == nil || cb.Core.Name != "Creating Connection" || cb.Code("Showing up").Category != "Building Trust" {
		t.Errorf("existing codebook changed: core %+v, Showing up in %q", cb.Core, cb.Code("Showing up").Category)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), `code "Showing up" is in "Building Trust" here and in "Trust" in the archive; kept here`) {
		t.Errorf("notes:\n%s", strings.Join(res.Notes, "\n"))
	}
	ps, _ := p.ReadParticipants()
	if strings.Join(ps.Attributes, ",") != "role,setting,Role,Years" || ps.Get("Sam-Rivera") == nil {
		t.Errorf("participants %+v", ps)
	}
	if errs := checkProject(t, p); len(errs) > 0 {
		t.Errorf("check after import: %v", errs)
	}
}

func checkProject(t *testing.T, p *project.Project) []string {
	t.Helper()
	rep, err := p.Check(false)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, pr := range rep.Problems {
		if pr.Severity == "error" {
			out = append(out, pr.File+": "+pr.Message)
		}
	}
	return out
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A VTT speaker who speaks once has a label that the plain text does not
// let the .txt reader recognise: the turns read back differently, the
// codings keep their words, and the import says so.
func TestRoundTripTurnsDiffer(t *testing.T) {
	p, err := project.Init(filepath.Join(t.TempDir(), "v"), project.InitOptions{Name: "v", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	vtt := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hello, who are you?\n\n00:00:03.000 --> 00:00:04.000\n<v jordan lee>I am Jordan.\n\n00:00:05.000 --> 00:00:06.000\n<v Interviewer>Thanks.\n"
	lock, _ := p.Lock()
	plans, err := p.PlanIngest([]project.IngestFile{{Path: "V.vtt", Data: []byte(vtt)}}, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := p.Edit(lock, "alice", "setup")
	e.ApplyIngest(plans)
	e.Codebook.AddCode("Y", "")
	e.AddCoding(coding.Coding{ID: "c1", Code: "Y", Source: "V", Turn: 3, Start: 0, End: 7, Quote: "Thanks.", Coder: "alice", Created: t0})
	if _, err := e.Commit("setup"); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	ex, data := exportProject(t, p)
	// With grounded's turns file the turns come back as they were.
	q, res, err := importArchive(t, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := q.ReadCodings("")
	if len(cs) != 1 || cs[0].Ref().String() != "V#3:0-7" || cs[0].Quote != "Thanks." || cs[0].ID != "c1" {
		t.Errorf("codings %+v", cs)
	}
	if len(res.Notes) != 0 {
		t.Errorf("notes %q", res.Notes)
	}
	if got, want := snapshot(t, q).Turns, snapshot(t, p).Turns; !reflect.DeepEqual(got, want) {
		t.Errorf("turns %q, want %q", got, want)
	}
	// Without it (another tool wrote the archive again) the text is parsed,
	// and the note says why the turns differ.
	var files []string
	for name, b := range ex.Texts {
		if !strings.HasPrefix(name, "grounded-turns/") {
			files = append(files, name, string(b))
		}
	}
	qde, _ := MarshalProject(ex.Project)
	q, res, err = importArchive(t, zipFiles(t, append([]string{"project.qde", string(qde)}, files...)...), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ = q.ReadCodings("")
	if len(cs) != 1 || cs[0].Ref().String() != "V#1:45-52" || cs[0].Quote != "Thanks." || cs[0].ID != "c1" {
		t.Errorf("codings %+v", cs)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), `source "V" reads back as 1 turns, not the 3 of its layout`) ||
		!strings.Contains(strings.Join(res.Notes, "\n"), "is read as part of the turn before") {
		t.Errorf("notes %q", res.Notes)
	}
}
