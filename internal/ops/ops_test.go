package ops

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

var ctx = context.Background()

const transcript = "Interviewer: How did it start?\n\nJordan: I kept showing up.\n"

// within runs fn as one committed change by alice.
func within(t *testing.T, p *project.Project, fn func(e *project.Edit) (string, error)) {
	t.Helper()
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	e, err := p.Edit(l, "alice", "test")
	if err != nil {
		t.Fatal(err)
	}
	summary, err := fn(e)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Commit(summary); err != nil {
		t.Fatal(err)
	}
}

func TestIngestAttributesUndo(t *testing.T) {
	t0 := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	dir := filepath.Join(t.TempDir(), "study")
	if _, err := project.Init(dir, project.InitOptions{Now: t0}); err != nil {
		t.Fatal(err)
	}
	p, err := project.Open(dir, project.WithClock(func() time.Time { return t0 }), project.WithLockTimeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	within(t, p, func(e *project.Edit) (string, error) {
		res, err := Ingest(ctx, e, IngestRequest{Files: []project.IngestFile{{Path: "P2.txt", Participant: "P2", Data: []byte(transcript)}}})
		if err == nil && (res.Changed != 1 || res.Plans[0].Source.ID != "P2") {
			t.Errorf("ingest result %+v", res)
		}
		return res.Summary, err
	})
	srcs, err := p.ListSources()
	if err != nil || len(srcs) != 1 || srcs[0].Turns != 2 {
		t.Fatalf("sources after ingest: %v, %v", srcs, err)
	}
	table, err := corpus.ParseAttributesCSV("a.csv", []byte("id,role\nP10,PSW\nP2,PSW\nP9,peer\n"))
	if err != nil {
		t.Fatal(err)
	}
	within(t, p, func(e *project.Edit) (string, error) {
		res, err := ImportAttributes(ctx, e, AttributesRequest{File: "a.csv", Table: table})
		if err == nil && (res.Added != 3 || !slices.Equal(res.Without, []string{"P9", "P10"})) {
			t.Errorf("attributes result %+v; want 3 added, P9 and P10 without a source in natural order", res)
		}
		return res.Summary, err
	})
	ps, err := p.ReadParticipants()
	if err != nil || ps.Get("P10") == nil || ps.Get("P10").Attributes["role"] != "PSW" {
		t.Fatalf("participants after import: %+v, %v", ps, err)
	}
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	// The attribute import is irreversible: undo refuses it rather than
	// skipping to the ingest.
	if _, err := Undo(ctx, p, l, UndoRequest{Coder: "alice"}); err == nil {
		t.Error("undo of an attribute import succeeded")
	}
	l.Unlock()
	// Another coder has nothing to undo.
	l, _ = p.Lock()
	res, err := Undo(ctx, p, l, UndoRequest{Coder: "bob"})
	l.Unlock()
	if err != nil || !res.Nothing {
		t.Errorf("undo by a coder without changes = %+v, %v", res, err)
	}
}
