package project

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/internal/errs"
)

// TestTagCodebook: a tag keeps a copy of codebook.yaml as it stands and
// its checksum; tags list in the order made; a name is used once and must
// be a valid id.
func TestTagCodebook(t *testing.T) {
	p, _ := coded(t)
	if tags, err := p.Tags(); err != nil || tags != nil {
		t.Fatalf("Tags of an untagged project = %v, %v", tags, err)
	}
	cb := readFile(t, p.Path(CodebookFile))
	tag := func(name string) error {
		t.Helper()
		l := lock(t, p)
		defer l.Unlock()
		e, err := p.Edit(l, "lead", "codebook tag")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.TagCodebook(name, "after round "+name); err != nil {
			return err
		}
		_, err = e.Commit("tag " + name)
		return err
	}
	for _, n := range []string{"v1", "v2"} {
		if err := tag(n); err != nil {
			t.Fatal(err)
		}
	}
	tags, err := p.Tags()
	if err != nil || len(tags) != 2 || tags[0].Name != "v1" || tags[1].Name != "v2" {
		t.Fatalf("Tags = %+v, %v", tags, err)
	}
	if tags[0].SHA256 != SHA256([]byte(cb)) || tags[0].Coder != "lead" || tags[0].Message != "after round v1" {
		t.Errorf("tag = %+v", tags[0])
	}
	if got := readFile(t, projFile(p, CodebookTagRel("v1"))); got != cb {
		t.Errorf("the tag's copy differs from the codebook:\n%s", got)
	}
	var ex *errs.Exists
	if err := tag("v1"); !errors.As(err, &ex) {
		t.Errorf("a second tag v1: %v", err)
	}
	var inv *errs.Invalid
	if err := tag("../x"); !errors.As(err, &inv) {
		t.Errorf("tag ../x: %v", err)
	}
	if _, err := undo(t, p, "lead"); err == nil || !strings.Contains(err.Error(), "a codebook tag is never changed") {
		t.Errorf("undo of a tag: %v", err)
	}
	writeTestFile(t, projFile(p, CodebookTagsRel), "{broken\n")
	if _, err := p.Tags(); err == nil || !strings.Contains(err.Error(), "codebook.jsonl") {
		t.Errorf("broken tags file: %v", err)
	}
}

// TestPins: pins read back in pin order, the first line of a coding
// winning; no pins removes the file.
func TestPins(t *testing.T) {
	p := newProject(t)
	t1 := time.Date(2026, 1, 15, 10, 0, 0, 0, time.FixedZone("X", 3600))
	pins := []Pin{{Coding: "aaaaaaaaaaa2", Code: "Trust", By: "alice", Time: t1}, {Coding: "aaaaaaaaaaa1", Code: "Showing up", By: "alice", Time: t1}}
	edit(t, p, "alice", "pin", func(e *Edit) error { e.SetPins(pins); return nil })
	ids, err := p.PinnedIDs()
	if err != nil || !slices.Equal(ids, []string{"aaaaaaaaaaa2", "aaaaaaaaaaa1"}) {
		t.Errorf("PinnedIDs = %v, %v", ids, err)
	}
	got, _ := p.Pins()
	if len(got) != 2 || got[0].Time.Location() != time.UTC || !got[0].Time.Equal(t1) {
		t.Errorf("Pins = %+v", got)
	}
	// A merge doubled a line: the first one wins.
	writeTestFile(t, p.Path(PinsFile), readFile(t, p.Path(PinsFile))+`{"coding":"aaaaaaaaaaa2","code":"Other","by":"bob","time":"2026-01-16T10:00:00Z"}`+"\n")
	got, _ = p.Pins()
	if len(got) != 2 || got[0].Code != "Trust" {
		t.Errorf("Pins after a doubled line = %+v", got)
	}
	edit(t, p, "alice", "unpin", func(e *Edit) error { e.SetPins(nil); return nil })
	if exists(p.Path(PinsFile)) {
		t.Error("no pins left a pins file")
	}
	if got, err := p.Pins(); err != nil || got != nil {
		t.Errorf("Pins without a file = %v, %v", got, err)
	}
	writeTestFile(t, p.Path(PinsFile), "{\n")
	if _, err := p.PinnedIDs(); err == nil || !strings.Contains(err.Error(), PinsFile) {
		t.Errorf("broken pins file: %v", err)
	}
}
