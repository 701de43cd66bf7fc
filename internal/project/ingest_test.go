package project

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func plan(t *testing.T, p *Project, replace bool, files ...IngestFile) ([]*IngestPlan, error) {
	t.Helper()
	l := lock(t, p)
	defer l.Unlock()
	return p.PlanIngest(files, replace, Now())
}

func TestIngestAdds(t *testing.T) {
	p := newProject(t)
	plans, entry := ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript, "P2.md": "**A:** one\n\n**B:** two\n"})
	if len(plans) != 2 || plans[0].Action != IngestAdd || len(entry.SourcesAdded) != 2 {
		t.Fatalf("plans %+v entry %+v", plans, entry)
	}
	s, err := p.ReadSource("P1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Participant != "P1" || s.Format != "txt" || s.Turns != 4 || s.Original != "original.txt" || s.OriginalName != "P1.txt" ||
		s.Encoding != "utf-8" || strings.Join(s.Speakers, ",") != "Interviewer,Jordan" || s.OriginalSHA256 != SHA256([]byte(transcript)) {
		t.Errorf("source = %+v", s)
	}
	turns := turnsOf(t, p, "P1")
	if s.Chars != len([]rune(turns[0].Text+turns[1].Text+turns[2].Text+turns[3].Text)) {
		t.Errorf("chars = %d", s.Chars)
	}
	if !strings.Contains(turns[3].Text, "Zoë’s “trust”") {
		t.Errorf("turn 4 = %q", turns[3].Text)
	}
	orig, err := p.ReadOriginal(s)
	if err != nil || string(orig) != transcript {
		t.Errorf("original = %q, %v", orig, err)
	}
	srcs, err := p.ListSources()
	if err != nil || len(srcs) != 2 || srcs[0].ID != "P1" || srcs[1].ID != "P2" {
		t.Errorf("ListSources = %v, %v", srcs, err)
	}
	if !srcs[0].Ingested.Before(srcs[1].Ingested) {
		t.Error("sources ingested together are not ordered")
	}
}

func TestIngestOptions(t *testing.T) {
	p := newProject(t)
	plans, err := plan(t, p, false, IngestFile{Path: "zoom_0412.vtt", Data: []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jordan Lee>Hello there.\n"), ID: "P21", Participant: "P-21"})
	if err != nil {
		t.Fatal(err)
	}
	s := plans[0].Source
	if s.ID != "P21" || s.Participant != "P-21" || s.Original != "original.vtt" || s.OriginalName != "zoom_0412.vtt" || plans[0].Turns[0].Speaker != "Jordan Lee" {
		t.Errorf("source = %+v turns %+v", s, plans[0].Turns)
	}
}

func TestIngestErrors(t *testing.T) {
	p := newProject(t)
	ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript})
	tests := []struct {
		name  string
		files []IngestFile
		want  string
	}{
		{"bad id from the file name", []IngestFile{{Path: "my interview.txt", Data: []byte(transcript)}}, "my interview.txt: source id \"my interview\""},
		{"hostile id", []IngestFile{{Path: "a.txt", ID: "../x", Data: []byte(transcript)}}, `a.txt: source id "../x"`},
		{"id with a slash", []IngestFile{{Path: "a.txt", ID: "a/b", Data: []byte(transcript)}}, `character '/'`},
		{"bad participant", []IngestFile{{Path: "a.txt", Participant: "a b", Data: []byte(transcript)}}, "a.txt: participant id"},
		{"two files one id", []IngestFile{{Path: "x/P9.txt", Data: []byte(transcript)}, {Path: "y/p9.md", Data: []byte(transcript)}}, `would both become source "p9"`},
		{"empty file", []IngestFile{{Path: "P9.txt", Data: nil}}, "P9.txt"},
		{"unknown format", []IngestFile{{Path: "P9.pdf", Data: []byte("%PDF-1.4")}}, "P9.pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := plan(t, p, false, tc.files...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestIngestUnchangedAndExists(t *testing.T) {
	p := newProject(t)
	ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript})
	plans, err := plan(t, p, false, IngestFile{Path: "elsewhere/P1.txt", Data: []byte(transcript)})
	if err != nil || plans[0].Action != IngestUnchanged {
		t.Fatalf("identical re-ingest: %+v, %v", plans, err)
	}
	hist := readFile(t, p.Path(HistoryRel("lead")))
	_, entry := ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript})
	if entry != nil || readFile(t, p.Path(HistoryRel("lead"))) != hist {
		t.Error("an unchanged ingest wrote history")
	}
	_, err = plan(t, p, false, IngestFile{Path: "P1.txt", Data: []byte(transcript + "\nInterviewer: Thanks.\n")})
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.ID != "P1" || !strings.Contains(err.Error(), "already exists with different content") {
		t.Fatalf("changed without replace = %v", err)
	}
	// The same file under another participant is a change too.
	if _, err := plan(t, p, false, IngestFile{Path: "P1.txt", Participant: "P99", Data: []byte(transcript)}); !errors.As(err, &ee) {
		t.Fatalf("participant change without replace = %v", err)
	}
}

// TestIngestReplace: replacing a transcript re-anchors every coder's
// codings by their quotes and keeps those it cannot place, orphaned.
func TestIngestReplace(t *testing.T) {
	p := newProject(t)
	ingest(t, p, "lead", false, map[string]string{"P1.txt": transcript})
	moved := codingAt(t, p, "Showing up", "alice", "P1", "Every Tuesday")
	lost := codingAt(t, p, "Trust", "alice", "P1", "took months")
	kept := codingAt(t, p, "Question", "bob", "P1", "How did you build trust")
	code(t, p, "alice", moved, lost)
	code(t, p, "bob", kept)

	corrected := strings.Replace(transcript, "Jordan: I kept showing up.", "Jordan: Honestly? I kept showing up.", 1)
	corrected = strings.Replace(corrected, "took months", "took a long time", 1)
	plans, entry := ingest(t, p, "lead", true, map[string]string{"P1.txt": corrected})
	pl := plans[0]
	if pl.Action != IngestReplace || pl.Moved != 1 || pl.Orphaned != 1 {
		t.Fatalf("plan: action %s moved %d orphaned %d", pl.Action, pl.Moved, pl.Orphaned)
	}
	if entry.Irreversible == "" || len(entry.Removed) != 2 || len(entry.Added) != 2 {
		t.Errorf("entry: %+v", entry)
	}
	byID := map[string]bool{}
	turns := turnsOf(t, p, "P1")
	for _, c := range allCodings(t, p) {
		byID[c.ID] = true
		switch c.ID {
		case moved.ID:
			if c.Orphaned || c.Start != moved.Start+10 || c.Turn != moved.Turn {
				t.Errorf("moved coding = %+v", c)
			}
			if got := []rune(turns[c.Turn-1].Text)[c.Start:c.End]; string(got) != c.Quote {
				t.Errorf("moved coding points at %q", string(got))
			}
		case lost.ID:
			if !c.Orphaned || c.Start != lost.Start || c.Quote != "took months" {
				t.Errorf("lost coding = %+v", c)
			}
		case kept.ID:
			if c.Orphaned || c != kept {
				t.Errorf("unchanged coding = %+v", c)
			}
		}
	}
	if len(byID) != 3 {
		t.Errorf("codings after replace: %v", byID)
	}
	r, err := p.Check(false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors() != 0 || !hasProblem(r, "warning", "codings/alice/P1.jsonl", "is orphaned") {
		t.Errorf("check: %+v", r.Problems)
	}
	// A replacement in another format drops the old original.
	_, _ = ingest(t, p, "lead", true, map[string]string{"P1.md": corrected + "\nInterviewer: Bye.\n"})
	if exists(p.Path(SourcesDir, "P1", "original.txt")) || !exists(p.Path(SourcesDir, "P1", "original.md")) {
		t.Error("old original not replaced")
	}
}

// TestIngestAllOrNothing: when one file of several is bad, nothing is
// planned and nothing is written.
func TestIngestAllOrNothing(t *testing.T) {
	p := newProject(t)
	before := state(t, p)
	_, err := plan(t, p, false,
		IngestFile{Path: "P1.txt", Data: []byte(transcript)},
		IngestFile{Path: "P2.txt", Data: []byte("\x00\x01\x02binary\x00")},
		IngestFile{Path: "P3.txt", Data: []byte(transcript)},
	)
	if err == nil || !strings.Contains(err.Error(), "P2.txt") {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(p.Path(SourcesDir))
	if len(entries) != 0 || state(t, p) != before {
		t.Errorf("something was written: %v", entries)
	}
}

// TestIngestOrderSameSecond: sources ingested by separate commands in the
// same second (the clock is fixed here) are still listed in ingest order.
func TestIngestOrderSameSecond(t *testing.T) {
	p := newProject(t)
	for _, id := range []string{"P2", "P10", "A1"} {
		ingest(t, p, "lead", false, map[string]string{id + ".txt": "A: " + id + "\n"})
	}
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range srcs {
		got = append(got, s.ID)
	}
	if strings.Join(got, " ") != "P2 P10 A1" {
		t.Errorf("order = %v", got)
	}
}
