package refi

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// TestRoundTripLayouts: grounded → qdpx → grounded gives the same turns,
// codings and references for every transcript layout, including a
// source-level coding whose end falls on the next turn's speaker label and
// layouts whose plain text reads back as other turns.
func TestRoundTripLayouts(t *testing.T) {
	layouts := map[string]string{
		"labelled.txt":   "P01: I started in the ER.\nIt was hard.\n\nInterviewer: Why?\n\nP01: Because nobody listened. Then someone did.\n",
		"unlabelled.txt": "I started in the ER. It was hard.\n\nWhy?\n\nBecause nobody listened. Then someone did.\n",
		"once.txt":       "Ann: I started in the ER.\n\nIt was hard, and nobody listened. Then someone did.\n",
		"labelinside.md": "**Ann:** I said: Note: this matters.\n\n**Bob:** Why? Because nobody listened. Then someone did.\n",
		"cues.vtt":       "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hello, who are you?\n\n00:00:03.000 --> 00:00:04.000\n<v jordan lee>I am Jordan. Nobody listened. Then someone did.\n",
		"subs.srt":       "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBob: Nobody listened. Then someone did.\n",
	}
	p, err := project.Init(filepath.Join(t.TempDir(), "l"), project.InitOptions{Name: "layouts", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	var files []project.IngestFile
	for name, text := range layouts {
		files = append(files, project.IngestFile{Path: name, Data: []byte(text)})
	}
	lock, _ := p.Lock()
	plans, err := p.PlanIngest(files, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := p.Edit(lock, "alice", "setup")
	e.ApplyIngest(plans)
	e.Codebook.AddCode("Y", "")
	n := 0
	for _, pl := range plans {
		src := pl.Source
		turns := pl.Turns
		plain, offsets := corpus.PlainText(turns)
		id := func() string { n++; return strings.Repeat("0", 10) + string(rune('a'+n/10)) + string(rune('0'+n%10)) }
		// A coding inside the last turn.
		last := len(turns)
		q := "someone did."
		if i := strings.Index(turns[last-1].Text, q); i >= 0 {
			st := utf8.RuneCountInString(turns[last-1].Text[:i])
			mustAdd(t)(e.AddCoding(coding.Coding{ID: id(), Code: "Y", Source: src.ID, Turn: last, Start: st, End: st + utf8.RuneCountInString(q), Quote: q, Coder: "alice", Created: t0}))
		}
		// A source-level coding from inside turn 1 to the third character
		// of turn 2's line (on its label when it has one).
		if len(turns) > 1 {
			start, end := 2, offsets[1]+3
			qq, _ := corpus.Slice(plain, start, end)
			mustAdd(t)(e.AddCoding(coding.Coding{ID: id(), Code: "Y", Source: src.ID, Turn: 0, Start: start, End: end, Quote: qq, Coder: "bob", Created: t0}))
		}
		e.AddMemo(coding.Memo{ID: "2026-03-02-" + src.ID[:min(6, len(src.ID))], Target: coding.Target{Kind: coding.TargetRef, Name: src.ID + "#1"}, Author: "alice", Created: t0, Body: "Whole first turn."})
	}
	if _, err := e.Commit("setup"); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	_, data := exportProject(t, p)
	q, res, err := importArchive(t, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 0 {
		t.Errorf("a grounded export needs no adjustment, got:\n%s", strings.Join(res.Notes, "\n"))
	}
	want, got := snapshot(t, p), snapshot(t, q)
	for _, f := range []struct {
		name      string
		want, got any
	}{
		{"turns", want.Turns, got.Turns},
		{"codings", want.Codings, got.Codings},
		{"memos", want.Memos, got.Memos},
	} {
		if !reflect.DeepEqual(f.want, f.got) {
			t.Errorf("%s differ after the round trip:\nwant %q\n got %q", f.name, f.want, f.got)
		}
	}
	if len(want.Codings) < 10 {
		t.Fatalf("the test project has %d codings", len(want.Codings))
	}
}

func mustAdd(t *testing.T) func(bool, error) {
	return func(_ bool, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}
