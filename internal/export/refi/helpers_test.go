package refi

import (
	"archive/zip"
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Two transcripts: labelled speakers, non-ASCII and astral characters (so
// that code points and UTF-16 units differ), and a turn of two lines.
var transcripts = map[string]string{
	"S1.txt": "Interviewer: How did you meet your first client? 🙂\n\n" +
		"Alex Chen: In the ER. I pulled up a chair so I was lower than them.\n" +
		"I said, I'm not a doctor — I'm a peer, and I've been where you are.\n\n" +
		"Interviewer: And then?\n\n" +
		"Alex Chen: I kept showing up. Every Tuesday, café at ten. Zoë came too.\n",
	"S2.txt": "Interviewer: What does launching look like?\n\n" +
		"Río Núñez: When they call their sister instead of me. 👍 That's the win.\n\n" +
		"Interviewer: Do you miss them?\n\n" +
		"Río Núñez: Sometimes. But stepping back is the job.\n",
}

// newTestProject builds a small coded project with every kind of thing an
// export carries: a core with stages, nested categories, codes with
// guidance and colours, two coders, codings on turns and one across turns,
// a coding memo, memos on the project, a code, a category, the core, a
// source and two references, a relation with a note, and participants
// with attributes (one without sources).
func newTestProject(t *testing.T) *project.Project {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "proj")
	p, err := project.Init(dir, project.InitOptions{Name: "Pilot study", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	lock, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	var files []project.IngestFile
	for _, name := range []string{"S1.txt", "S2.txt"} {
		files = append(files, project.IngestFile{Path: name, Data: []byte(transcripts[name])})
	}
	files[1].Participant = "P2"
	plans, err := p.PlanIngest(files, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Edit(lock, "alice", "setup")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyIngest(plans); err != nil {
		t.Fatal(err)
	}
	cb := e.Codebook
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = cb.SetCore("Creating Connection", []string{"Building Trust", "Launching Toward Independence"})
	must(err)
	cb.Core.Description = "How peers connect."
	cat, err := cb.AddCategory("Self-disclosure", "Building Trust", "Using one's own story.")
	must(err)
	cat.WhenToUse = "Talk about telling one's story."
	cat.Provisional = true
	_, err = cb.AddCategory("Choosing what to share", "Self-disclosure", "")
	must(err)
	_, err = cb.AddCategory("Caring for the helper", "", "Outside the model.")
	must(err)
	for _, c := range []struct{ name, cat string }{
		{"Sharing lived experience", "Self-disclosure"},
		{"Showing up", "Building Trust"},
		{"Stepping back", "Launching Toward Independence"},
		{"Self-care", "Caring for the helper"},
		{"Lowering oneself", ""},
		{"Sharing lived experience", ""}, // fails: exists (checked below)
	} {
		code, err := cb.AddCode(c.name, c.cat)
		if c.cat == "" && c.name == "Sharing lived experience" {
			if err == nil {
				t.Fatal("duplicate code accepted")
			}
			continue
		}
		must(err)
		if c.name == "Sharing lived experience" {
			code.Description = "The PSW tells part of their story."
			code.WhenToUse = "Explicit disclosure."
			code.WhenNotToUse = "General empathy."
			code.Example = "I've been where you are."
		}
	}
	_, _, err = cb.Relate("Building Trust", "Launching Toward Independence", "condition", "Trust comes first.")
	must(err)
	s1, s2 := plans[0].Turns, plans[1].Turns
	add := func(id, code, src, quote, coder string, turns []corpus.Turn, memo string) {
		t.Helper()
		sp, err := coding.FindQuote(corpus.Ref{Source: src}, turns, quote)
		must(err)
		c := coding.Coding{ID: id, Code: code, Source: src, Turn: sp.Turn, Start: sp.Start, End: sp.End, Quote: sp.Quote,
			Coder: coder, Created: t0.Add(time.Hour), Memo: memo}
		_, err = e.AddCoding(c)
		must(err)
	}
	add("c00000000001", "Lowering oneself", "S1", "I pulled up a chair so I was lower than them.", "alice", s1, "")
	add("c00000000002", "Sharing lived experience", "S1", "I'm a peer, and I've been where you are.", "alice", s1, "Classic disclosure.")
	add("c00000000003", "Sharing lived experience", "S1", "I'm a peer, and I've been where you are.", "bob", s1, "")
	add("c00000000004", "Showing up", "S1", "I kept showing up. Every Tuesday, café at ten. Zoë came too.", "bob", s1, "")
	add("c00000000005", "Stepping back", "S2", "When they call their sister instead of me. 👍 That's the win.", "alice", s2, "")
	add("c00000000006", "Self-care", "S2", "Sometimes.", "bob", s2, "")
	// A coding across turns 3 and 4 of S2, in plain-text offsets.
	text, off := corpus.PlainText(s2)
	start := off[2] + len([]rune("Do you miss them"))
	end := off[3] + len([]rune("Sometimes."))
	q, _ := corpus.Slice(text, start, end)
	_, err = e.AddCoding(coding.Coding{ID: "c00000000007", Code: "Stepping back", Source: "S2", Turn: 0, Start: start, End: end, Quote: q, Coder: "alice", Created: t0.Add(2 * time.Hour)})
	must(err)
	// An orphaned coding: left out of the export with a warning.
	_, err = e.AddCoding(coding.Coding{ID: "c00000000008", Code: "Showing up", Source: "S1", Turn: 4, Start: 0, End: 3, Quote: "Old", Coder: "alice", Created: t0, Orphaned: true})
	must(err)
	for i, m := range []coding.Memo{
		{ID: "2026-03-02-aaaaaa", Target: coding.Target{Kind: coding.TargetProject}, Body: "Project journal.\n\nSecond paragraph."},
		{ID: "2026-03-02-bbbbbb", Target: coding.Target{Kind: coding.TargetCode, Name: "Showing up"}, Body: "Reliability before disclosure."},
		{ID: "2026-03-02-cccccc", Target: coding.Target{Kind: coding.TargetCategory, Name: "Self-disclosure"}, Body: "Maybe split."},
		{ID: "2026-03-02-dddddd", Target: coding.Target{Kind: coding.TargetCategory, Name: "Creating Connection"}, Body: "The core."},
		{ID: "2026-03-02-eeeeee", Target: coding.Target{Kind: coding.TargetSource, Name: "S2"}, Body: "Short interview."},
		{ID: "2026-03-02-ffffff", Target: coding.Target{Kind: coding.TargetRef, Name: "S1#2"}, Body: "Whole turn."},
		{ID: "2026-03-02-gggggg", Target: coding.Target{Kind: coding.TargetRef, Name: "S2#2:0-4"}, Body: "A span."},
	} {
		m.Author = []string{"alice", "bob"}[i%2]
		m.Created = t0.Add(time.Duration(i) * time.Minute)
		e.AddMemo(m)
	}
	ps := &project.Participants{Attributes: []string{"role", "setting"}, List: []corpus.Participant{
		{ID: "S1", Attributes: map[string]string{"role": "PSW", "setting": "ER"}},
		{ID: "P2", Attributes: map[string]string{"role": "Navigator"}},
		{ID: "P9", Attributes: map[string]string{"role": "PSW", "setting": "Outreach"}},
	}}
	e.Tx.WriteFile(project.ParticipantsFile, ps.Encode())
	if _, err := e.Commit("setup"); err != nil {
		t.Fatal(err)
	}
	return p
}

// exportProject builds and zips a project's export.
func exportProject(t *testing.T, p *project.Project) (*Export, []byte) {
	t.Helper()
	d, err := Load(p, "grounded test")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := BuildProject(d)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteQDPX(&b, ex, d.Created); err != nil {
		t.Fatal(err)
	}
	return ex, b.Bytes()
}

// zipFiles zips name -> content pairs in order.
func zipFiles(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zipDir zips a fixture directory, paths relative to it.
func zipDir(t *testing.T, dir string) []byte {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files = append(files, filepath.ToSlash(rel), string(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return zipFiles(t, files...)
}

// importArchive converts an archive and applies it to a new project.
func importArchive(t *testing.T, data []byte, opts ImportOptions) (*project.Project, *Result, error) {
	t.Helper()
	a, err := OpenArchive("test.qdpx", bytes.NewReader(data), int64(len(data)), DefaultLimits)
	if err != nil {
		return nil, nil, err
	}
	qde, err := a.ReadQDE()
	if err != nil {
		return nil, nil, err
	}
	x, err := DecodeProject("project.qde", qde)
	if err != nil {
		return nil, nil, err
	}
	if opts.Coder == "" {
		opts.Coder = "importer"
	}
	if opts.Now.IsZero() {
		opts.Now = t0.Add(24 * time.Hour)
	}
	imp, err := Convert(a, x, opts)
	if err != nil {
		return nil, nil, err
	}
	p, err := project.Init(filepath.Join(t.TempDir(), "imported"), project.InitOptions{Name: imp.Name, Now: opts.Now})
	if err != nil {
		t.Fatal(err)
	}
	res, err := applyTo(t, p, imp)
	return p, res, err
}

func applyTo(t *testing.T, p *project.Project, imp *Imported) (*Result, error) {
	t.Helper()
	lock, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	e, err := p.Edit(lock, "importer", "import qdpx")
	if err != nil {
		t.Fatal(err)
	}
	res, err := imp.Apply(e)
	if err != nil {
		return nil, err
	}
	_, err = e.Commit("import")
	return res, err
}

// xmllint validates data against a schema in testdata/schema, or skips.
func xmllint(t *testing.T, schema string, data []byte) {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not on PATH (install libxml2-utils); schema validation skipped, the Go structural check still ran")
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(path, "--noout", "--schema", filepath.Join("testdata", "schema", schema), f).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint %s: %v\n%s", schema, err, out)
	}
	if !strings.Contains(string(out), "validates") {
		t.Fatalf("xmllint: %s", out)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update after checking the change):\n%s", name, firstDiff(string(want), string(got)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}

// state is the comparable content of a project.
type state struct {
	Sources      []string
	Turns        map[string][]string
	Codings      []string
	Memos        []string
	Participants []string
	Codes        []string
	Categories   []string
	Core         string
	Relations    []string
}

func snapshot(t *testing.T, p *project.Project) state {
	t.Helper()
	var st state
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	st.Turns = map[string][]string{}
	for _, s := range srcs {
		st.Sources = append(st.Sources, s.ID+" participant="+s.Participant)
		turns, err := p.ReadTurns(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range turns {
			st.Turns[s.ID] = append(st.Turns[s.ID], tt.Speaker+": "+tt.Text)
		}
	}
	cs, err := p.ReadCodings("")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		st.Codings = append(st.Codings, strings.Join([]string{c.ID, c.Code, c.Ref().String(), c.Quote, c.Coder, c.Created.Format(time.RFC3339), c.Memo}, "|"))
	}
	ms, err := p.ListMemos()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		st.Memos = append(st.Memos, strings.Join([]string{m.ID, m.Target.String(), m.Author, m.Created.Format(time.RFC3339), m.Body}, "|"))
	}
	ps, err := p.ReadParticipants()
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range ps.List {
		s := pt.ID
		for _, a := range ps.Attributes {
			if v, ok := pt.Attributes[a]; ok {
				s += " " + a + "=" + v
			}
		}
		st.Participants = append(st.Participants, s)
	}
	slices.Sort(st.Participants)
	cb, err := p.ReadCodebook()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cb.Codes {
		st.Codes = append(st.Codes, strings.Join([]string{c.Name, c.Category, c.Description, c.WhenToUse, c.WhenNotToUse, c.Example, c.Color}, "|"))
	}
	for _, c := range cb.Categories {
		st.Categories = append(st.Categories, strings.Join([]string{c.Name, c.Parent, c.Description, c.WhenToUse, boolStr(c.Provisional)}, "|"))
	}
	slices.Sort(st.Codes)
	slices.Sort(st.Categories)
	if cb.Core != nil {
		st.Core = cb.Core.Name + "|" + cb.Core.Description + "|" + strings.Join(cb.Core.Stages, ">")
	}
	for _, r := range cb.Relations {
		st.Relations = append(st.Relations, r.From+"|"+r.To+"|"+r.As+"|"+r.Note)
	}
	return st
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func nilCodebook() *codebook.Codebook { return codebook.New() }
