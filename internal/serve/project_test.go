package serve

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/examples"
	"github.com/grounded-qda/grounded/internal/project"
)

// demoProject builds the bundled fictional demo project (as 'grounded
// demo' does: the Creating Connection template, the eight transcripts, the
// plan's categories, codes and two coders' codings) in a temporary folder.
func demoProject(t testing.TB) *project.Project {
	t.Helper()
	t.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00Z")
	tpl, err := codebook.Template("creating-connection")
	must(t, err)
	p, err := project.Init(t.TempDir(), project.InitOptions{Name: "PSW replication (demo)", Coder: "alice", Codebook: tpl.Data})
	must(t, err)
	var files []project.IngestFile
	for _, name := range examples.Transcripts() {
		data, err := fs.ReadFile(examples.FS(), name)
		must(t, err)
		files = append(files, project.IngestFile{Path: path.Base(name), Data: data})
	}
	plan, err := examples.LoadPlan()
	must(t, err)
	edit(t, p, "alice", "ingest", func(e *project.Edit) {
		plans, err := p.PlanIngest(files, false, project.Now())
		must(t, err)
		must(t, e.ApplyIngest(plans))
	})
	edit(t, p, "alice", "codebook", func(e *project.Edit) {
		for _, c := range plan.Categories {
			if e.Codebook.Category(c.Name) != nil {
				must(t, e.Codebook.SetParent(c.Name, c.Stage))
				continue
			}
			_, err := e.Codebook.AddCategory(c.Name, c.Stage, c.Description)
			must(t, err)
		}
		for _, c := range plan.Codes {
			code, err := e.Codebook.AddCode(c.Name, c.Category)
			must(t, err)
			code.Description = c.Description
		}
	})
	for _, coder := range plan.Coders {
		edit(t, p, coder.Name, "code add", func(e *project.Edit) {
			for _, c := range coder.Codings {
				s, err := p.ReadSource(c.Source)
				must(t, err)
				turns, err := p.ReadTurns(s)
				must(t, err)
				sp, err := coding.FindQuote(corpus.Ref{Source: c.Source}, turns, c.Quote)
				must(t, err)
				_, err = e.AddCoding(coding.Coding{ID: coding.NewID(), Code: c.Code, Source: sp.Source, Turn: sp.Turn, Start: sp.Start, End: sp.End, Quote: sp.Quote, Coder: coder.Name, Created: project.Now()})
				must(t, err)
			}
		})
	}
	return p
}

func edit(t testing.TB, p *project.Project, coder, command string, fn func(e *project.Edit)) {
	t.Helper()
	lock, err := p.Lock()
	must(t, err)
	defer lock.Unlock()
	e, err := p.Edit(lock, coder, command)
	must(t, err)
	fn(e)
	_, err = e.Commit(command)
	must(t, err)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestProjectBackendReads(t *testing.T) {
	p := demoProject(t)
	b := NewProjectBackend(p, "alice")
	ctx := context.Background()
	info, err := b.Project(ctx)
	must(t, err)
	if info.Sources != 8 || info.Codes == 0 || info.Codings == 0 || info.Revision == "" || info.Coder != "alice" {
		t.Fatalf("project %+v", info)
	}
	sd, err := b.Source(ctx, "P01")
	must(t, err)
	if len(sd.Turns) == 0 || sd.Turns[0].Ref != "P01#1" {
		t.Fatalf("source %+v", sd)
	}
	if _, err := b.Source(ctx, "P99"); classify(err) == nil || classify(err).Kind != KindNotFound {
		t.Fatalf("missing source: %v", err)
	}
	if _, err := b.Source(ctx, "../x"); classify(err) == nil || classify(err).Kind != KindInvalid {
		t.Fatalf("bad id: %v", err)
	}
	cs, err := b.Codings(ctx, CodingFilter{Source: "P01", Coder: "BOB"})
	must(t, err)
	if len(cs) == 0 {
		t.Fatal("no codings by bob in P01")
	}
	for _, c := range cs {
		if c.Coder != "bob" || c.Source != "P01" {
			t.Fatalf("filter let through %+v", c)
		}
		// The quote is exactly the code points Start..End of the turn.
		if got := string([]rune(sd.Turns[c.Turn-1].Text)[c.Start:c.End]); got != c.Quote {
			t.Fatalf("%s: quote %q, text %q", c.Ref, c.Quote, got)
		}
	}
	prog, err := b.Progress(ctx)
	must(t, err)
	if len(prog) != 8 || prog[0].Coded["alice"] == 0 {
		t.Fatalf("progress %+v", prog)
	}
	res, err := b.Search(ctx, SearchQuery{Text: "trust", Limit: 5})
	must(t, err)
	if res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("search %+v", res)
	}
	if _, err := b.Search(ctx, SearchQuery{Text: "x", Attrs: []string{"nope=1"}}); classify(err) == nil || classify(err).Field != "attr" {
		t.Fatalf("unknown attribute: %v", err)
	}
	h, err := b.Hierarchy(ctx)
	must(t, err)
	if !strings.HasPrefix(string(h), `{`) || !strings.Contains(string(h), `"core"`) {
		t.Fatalf("hierarchy %.100s", h)
	}
	m, err := b.Model(ctx)
	must(t, err)
	if m.Core == "" || len(m.Stages) == 0 {
		t.Fatalf("model %+v", m)
	}
}

// TestRevision: the revision changes with any change to the project's
// files, and not otherwise.
func TestRevision(t *testing.T) {
	p := demoProject(t)
	b := NewProjectBackend(p, "alice")
	ctx := context.Background()
	r1, err := b.Revision(ctx)
	must(t, err)
	r2, _ := b.Revision(ctx)
	if r1 != r2 {
		t.Fatal("the revision changed with nothing written")
	}
	if _, err := b.Search(ctx, SearchQuery{Text: "trust"}); err != nil { // writes only the cache
		t.Fatal(err)
	}
	if r, _ := b.Revision(ctx); r != r1 {
		t.Fatal("the search index (a cache) changed the revision")
	}
	_, err = b.AddCategory(ctx, CategoryRequest{Name: "Waiting rooms"})
	must(t, err)
	r3, _ := b.Revision(ctx)
	if r3 == r1 {
		t.Fatal("the revision did not change after a write")
	}
	// A write that expects the old revision is refused and writes nothing.
	_, err = b.AddCategory(WithIfMatch(ctx, r1), CategoryRequest{Name: "Corridors"})
	if e := classify(err); e == nil || e.Kind != KindConflict {
		t.Fatalf("stale write: %v", err)
	}
	if r, _ := b.Revision(ctx); r != r3 {
		t.Fatal("a refused write changed the project")
	}
	_, err = b.AddCategory(WithIfMatch(ctx, r3), CategoryRequest{Name: "Corridors"})
	must(t, err)
}

func TestProjectBackendWrites(t *testing.T) {
	p := demoProject(t)
	b := NewProjectBackend(p, "carol")
	ctx := context.Background()
	cs, err := b.Codings(ctx, CodingFilter{Source: "P02"})
	must(t, err)
	gone, err := b.DeleteCoding(ctx, cs[0].ID)
	must(t, err)
	if gone.ID != cs[0].ID {
		t.Fatalf("deleted %+v", gone)
	}
	if _, err := b.DeleteCoding(ctx, cs[0].ID); classify(err) == nil || classify(err).Kind != KindNotFound {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, err := b.AddCategory(ctx, CategoryRequest{Name: "X", Parent: "Nowhere"}); classify(err) == nil || classify(err).Field != "parent" {
		t.Fatalf("unknown parent: %v", err)
	}
	_, err = b.AddCategory(ctx, CategoryRequest{Name: "Waiting rooms", Description: "Where people wait"})
	must(t, err)
	code := cs[1].Code
	_, err = b.AssignCategory(ctx, AssignRequest{Codes: []string{code}, To: "waiting ROOMS"})
	must(t, err)
	desc := "New words"
	def, err := b.DescribeCode(ctx, DescribeRequest{Name: code, Description: &desc})
	must(t, err)
	if def.Category != "Waiting rooms" || def.Description != desc {
		t.Fatalf("definition %+v", def)
	}
	bad := "red"
	if _, err := b.DescribeCode(ctx, DescribeRequest{Name: code, Color: &bad}); classify(err) == nil || classify(err).Kind != KindInvalid {
		t.Fatalf("bad colour: %v", err)
	}
	m, err := b.SaveMemo(ctx, MemoRequest{Target: &coding.Target{Kind: "ref", Name: cs[1].Ref}, Body: "A *passage* memo"})
	must(t, err)
	m2, err := b.SaveMemo(ctx, MemoRequest{ID: m.ID, Body: "Edited"})
	must(t, err)
	if m2.ID != m.ID || m2.Body != "Edited" || m2.Target != m.Target {
		t.Fatalf("edited memo %+v, was %+v", m2, m)
	}
	// An edit goes through coding.EditMemo: an empty text is refused (the
	// memo stays), and the type, author and date are kept.
	if _, err := b.SaveMemo(ctx, MemoRequest{ID: m.ID, Body: " \n "}); classify(err) == nil || classify(err).Kind != KindInvalid || classify(err).Field != "body" {
		t.Fatalf("empty edit: %v", err)
	}
	if m2.Author != m.Author || !m2.Created.Equal(m.Created) || m2.Type != m.Type {
		t.Fatalf("edit changed more than the text: %+v, was %+v", m2, m)
	}
	for _, bad := range []MemoRequest{
		{Target: &coding.Target{Kind: "code", Name: "No such code"}, Body: "x"},
		{Target: &coding.Target{Kind: "ref", Name: "P01#9999"}, Body: "x"},
		{Target: &coding.Target{Kind: "planet", Name: "Mars"}, Body: "x"},
		{Body: "  "},
	} {
		if _, err := b.SaveMemo(ctx, bad); classify(err) == nil {
			t.Errorf("memo %+v: %v", bad, err)
		}
	}
	memos, err := b.Memos(ctx)
	must(t, err)
	if len(memos) != 1 || memos[0].Body != "Edited" {
		t.Fatalf("memos %+v", memos)
	}
	// Undo takes back carol's changes one by one, newest first.
	e, err := b.Undo(ctx)
	must(t, err)
	if e.Command != "memo edit" {
		t.Fatalf("undid %+v", e)
	}
	log, err := b.Log(ctx, 3)
	must(t, err)
	if len(log) != 3 || log[0].Undoes == "" {
		t.Fatalf("log %+v", log)
	}
	var ee *Error
	if _, err := b.AddCoding(ctx, AddCodingRequest{Code: "", Ref: "P01#1"}); !errors.As(err, &ee) || ee.Field != "code" {
		t.Errorf("empty code: %v", err)
	}
}
