package refi

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// TestMergeCodebookPlaces: a category or code whose parent is not in the
// project goes to the top level; an existing one keeps its place (with a
// note only when the archive puts it elsewhere) and its definition, and
// gets only the fields it lacks.
func TestMergeCodebookPlaces(t *testing.T) {
	dst := codebook.New()
	if _, err := dst.AddCategory("Kept", "", "Here."); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.AddCategory("Moved", "Kept", ""); err != nil {
		t.Fatal(err)
	}
	c, _ := dst.AddCode("Old code", "")
	c.Description = "Ours."

	src := codebook.New()
	for _, x := range [][3]string{{"Parent", "", ""}, {"Child", "Parent", ""}, {"Kept", "", "Theirs."}, {"Moved", "", ""}} {
		if _, err := src.AddCategory(x[0], x[1], x[2]); err != nil {
			t.Fatal(err)
		}
	}
	// The child before its parent, as a document may list them.
	src.Categories[0], src.Categories[1] = src.Categories[1], src.Categories[0]
	orphan, _ := src.AddCode("Orphan", "")
	orphan.Category = "Gone"
	oc, _ := src.AddCode("Old code", "")
	oc.Description, oc.WhenToUse = "Theirs.", "When it applies."
	if _, err := src.AddCode("New code", "Kept"); err != nil {
		t.Fatal(err)
	}
	// A stage of the archive's core that is under another category here:
	// kept here, without a note (a stage has no parent to disagree on).
	if _, err := dst.AddCategory("Phase", "Kept", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.SetCore("Core", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := src.AddCategory("Phase", "", ""); err != nil {
		t.Fatal(err)
	}
	// A stage of the archive that is a top-level category here becomes one
	// of the project's stages.
	if _, err := dst.AddCategory("Top", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := src.AddCategory("Top", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := src.SetCore("Core", []string{"Phase", "Top"}); err != nil {
		t.Fatal(err)
	}

	res := &Result{}
	var notes []string
	if err := mergeCodebook(dst, src, res, func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }); err != nil {
		t.Fatal(err)
	}
	if got := dst.Category("Child"); got == nil || got.Parent != "" {
		t.Errorf("a category listed before its parent: %+v", got)
	}
	if got := dst.Code("Orphan"); got == nil || got.Category != "" {
		t.Errorf("a code in a category not in the archive: %+v", got)
	}
	if got := dst.Code("New code"); got == nil || got.Category != "Kept" {
		t.Errorf("a code in an existing category: %+v", got)
	}
	if got := dst.Category("Kept"); got.Description != "Here." {
		t.Errorf("an existing definition was replaced: %q", got.Description)
	}
	if got := dst.Code("Old code"); got.Description != "Ours." || got.WhenToUse != "When it applies." {
		t.Errorf("existing code: %+v", got)
	}
	if res.CategoriesAdded != 2 || res.CodesAdded != 2 || dst.Category("Phase").Parent != "Kept" || !dst.IsStage("Top") {
		t.Errorf("result %+v", res)
	}
	// Moved is under Kept here and at the top in the archive; Phase is a
	// stage there and not here.
	want := []string{
		`category "Moved" is under "Kept" here and under "(top level)" in the archive; kept here`,
		`"Phase" is a stage in the archive but not in this project`,
		`stage "Top" is added after the project's stages`,
	}
	if !slices.Equal(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
}

func newEmptyProject(t *testing.T) *project.Project {
	t.Helper()
	p, err := project.Init(filepath.Join(t.TempDir(), "p"), project.InitOptions{Name: "p", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestApplyParticipants: participants and attributes are added whether
// the archive has only cases, only variables, or both; existing values are
// kept, with a note only where the archive's differ.
func TestApplyParticipants(t *testing.T) {
	p := newEmptyProject(t)
	const g1, g2 = "{CA5E0000-0000-4000-8000-000000000001}", "{CA5E0000-0000-4000-8000-000000000002}"
	apply := func(ps *project.Participants, foreign map[string]string) *Result {
		t.Helper()
		imp := &Imported{Participants: ps}
		if foreign != nil {
			imp.Foreign = &Foreign{GUID: foreign, Codable: map[string]bool{}}
		}
		res, err := applyTo(t, p, imp)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	read := func() *project.Participants {
		t.Helper()
		ps, err := p.ReadParticipants()
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}

	// Cases without variables.
	res := apply(&project.Participants{List: []corpus.Participant{{ID: "P1"}}}, map[string]string{"case\x00P1": g1})
	if res.Participants != 1 || read().Get("P1") == nil {
		t.Fatalf("cases only: %+v, %+v", res, read())
	}
	// Variables without cases.
	res = apply(&project.Participants{Attributes: []string{"role"}}, nil)
	if res.Participants != 0 || !slices.Equal(read().Attributes, []string{"role"}) {
		t.Fatalf("variables only: %+v, %+v", res, read())
	}
	// A new value for P1 and a new participant P2: two changed.
	res = apply(&project.Participants{Attributes: []string{"role"}, List: []corpus.Participant{
		{ID: "P1", Attributes: map[string]string{"role": "peer"}},
		{ID: "P2", Attributes: map[string]string{"role": "lead"}},
	}}, map[string]string{"case\x00P2": g2})
	if res.Participants != 2 || read().Get("P1").Attributes["role"] != "peer" || read().Get("P2").Attributes["role"] != "lead" {
		t.Fatalf("values: %+v, %+v", res, read())
	}
	// Another attribute for P1: added beside the one it has.
	res = apply(&project.Participants{Attributes: []string{"role", "setting"}, List: []corpus.Participant{{ID: "P1", Attributes: map[string]string{"setting": "ER"}}}}, nil)
	if got := read().Get("P1").Attributes; res.Participants != 1 || got["role"] != "peer" || got["setting"] != "ER" {
		t.Fatalf("another attribute: %+v, %v", res, got)
	}
	// The same value again: nothing changed, nothing to say.
	res = apply(&project.Participants{List: []corpus.Participant{{ID: "P1", Attributes: map[string]string{"role": "peer"}}}}, nil)
	if res.Participants != 0 || len(res.Notes) != 0 {
		t.Errorf("same value: %+v", res)
	}
	// A different value: kept, with a note.
	res = apply(&project.Participants{List: []corpus.Participant{{ID: "P1", Attributes: map[string]string{"role": "lead"}}}}, nil)
	if res.Participants != 0 || read().Get("P1").Attributes["role"] != "peer" || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], `participant P1: role is "peer" here and "lead" in the archive; kept "peer"`) {
		t.Errorf("different value: %+v", res)
	}
	// The foreign GUIDs of both imports are kept.
	b, err := os.ReadFile(p.Path(ForeignFile))
	if err != nil {
		t.Fatal(err)
	}
	if want := "case\tP1\t" + g1 + "\ncase\tP2\t" + g2 + "\n"; string(b) != want {
		t.Errorf("%s:\n%s\nwant\n%s", ForeignFile, b, want)
	}
}

// TestApplyAgain: importing a project's own export into it again adds
// nothing but what is new, and says where the archive disagrees.
func TestApplyAgain(t *testing.T) {
	p := newTestProject(t)
	_, data := exportProject(t, p)
	imp := convertBytes(t, data, ImportOptions{Coder: "x"})
	var other string
	for _, s := range imp.Sources {
		if s.Meta.ID == "S2" {
			other = s.Meta.Participant
			s.Meta.Participant = "Someone"
		}
	}
	if other == "" {
		t.Fatal("no source S2 with a participant in the export")
	}
	n := len(imp.Memos)
	imp.Memos = append(imp.Memos, coding.Memo{ID: "2026-03-09-zzzzzz", Target: coding.Target{Kind: coding.TargetProject}, Author: "x", Created: t0, Body: "A new memo."})
	res, err := applyTo(t, p, imp)
	if err != nil {
		t.Fatal(err)
	}
	if res.MemosAdded != 1 || res.MemosPresent != n || res.CodingsAdded != 0 || len(res.SourcesUnchanged) != 2 {
		t.Errorf("result %+v", res)
	}
	var said []string
	for _, nt := range res.Notes {
		if strings.Contains(nt, "exists already with participant") {
			said = append(said, nt)
		}
	}
	if want := "source S2 exists already with participant " + other + " (the archive says Someone); kept"; len(said) != 1 || said[0] != want {
		t.Errorf("notes about participants %q, want %q", said, want)
	}
}

// TestApplyWithoutParticipants: an archive with no cases and no variables
// does not read participants.yaml, so a damaged one does not stop the
// import (check reports it).
func TestApplyWithoutParticipants(t *testing.T) {
	p := newEmptyProject(t)
	if err := os.WriteFile(p.Path(project.ParticipantsFile), []byte("participants: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.ReadParticipants(); err == nil {
		t.Fatal("the damaged file reads")
	}
	if _, err := applyTo(t, p, &Imported{Participants: &project.Participants{}}); err != nil {
		t.Errorf("apply: %v", err)
	}
}
