package index

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func newProject(t testing.TB) *project.Project {
	t.Helper()
	p, err := project.Init(t.TempDir(), project.InitOptions{Name: "test", Coder: "ana", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// turnsOf makes turns from "Speaker: text" lines ("" speaker when there is
// no ": ").
func turnsOf(lines ...string) []corpus.Turn {
	var ts []corpus.Turn
	for i, l := range lines {
		sp, text := "", l
		for j := 0; j+1 < len(l); j++ {
			if l[j] == ':' && l[j+1] == ' ' {
				sp, text = l[:j], l[j+2:]
				break
			}
		}
		ts = append(ts, corpus.Turn{N: i + 1, Speaker: sp, Text: text})
	}
	return ts
}

var ingestSeq int

func writeSource(t testing.TB, p *project.Project, id, participant string, turns []corpus.Turn) {
	t.Helper()
	data := project.EncodeTurns(turns)
	ingestSeq++
	src := &corpus.Source{
		ID: id, Participant: participant, Format: "txt", Encoding: "utf-8",
		Original: "original.txt", OriginalName: id + ".txt",
		TextSHA256: project.SHA256(data),
		Turns:      len(turns), Chars: corpus.CharCount(turns), Speakers: corpus.Speakers(turns),
		Ingested: t0.Add(time.Duration(ingestSeq)),
	}
	commit(t, p, func(tx *project.Tx) {
		tx.WriteFile(project.SourceRel(id, project.SourceTurnsFile), data)
		tx.WriteFile(project.SourceRel(id, project.SourceMetaFile), project.EncodeSource(src))
	})
}

func removeSource(t testing.TB, p *project.Project, id string) {
	t.Helper()
	commit(t, p, func(tx *project.Tx) {
		tx.Remove(project.SourceRel(id, project.SourceTurnsFile))
		tx.Remove(project.SourceRel(id, project.SourceMetaFile))
	})
}

func writeCodings(t testing.TB, p *project.Project, coder, source string, cs []coding.Coding) {
	t.Helper()
	for i := range cs {
		cs[i].Coder, cs[i].Source = coder, source
		if cs[i].ID == "" {
			cs[i].ID = fmt.Sprintf("%s%s%03d", coder, source, i)
		}
		cs[i].Created = t0
	}
	commit(t, p, func(tx *project.Tx) {
		tx.WriteFile(project.ShardRel(coder, source), coding.EncodeJSONL(cs))
	})
}

func commit(t testing.TB, p *project.Project, f func(tx *project.Tx)) {
	t.Helper()
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	tx := p.Begin()
	f(tx)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// fixture is a small project:
//
//	P1 (participant Ana): an interview about trust and peer support
//	P2 (participant Ben): non-ASCII text
//	P10 (participant Cy): for the natural order of sources
func fixture(t testing.TB) *project.Project {
	p := newProject(t)
	writeSource(t, p, "P1", "Ana", turnsOf(
		"Interviewer: How did you come to trust the staff?",
		"Jordan Lee: Trusting them took years. Peer support was what helped.",
		"Interviewer: Tell me about peer support.",
		"Jordan Lee: Support from a peer who has been there, and the staff listened.",
	))
	p2 := turnsOf(
		"Interviewer: What about the staff?",
		"Ben: Zoë said “trust” is earned, not given.",
		"Ben: I never trusted the system.",
	)
	writeSource(t, p, "P2", "Ben", p2)
	writeSource(t, p, "P10", "Cy", turnsOf(
		"Interviewer: What about the staff?",
		"Cy: The staff were kind.",
	))
	writeCodings(t, p, "ana", "P1", []coding.Coding{
		{Code: "Trust", Turn: 2, Start: 0, End: 8, Quote: "Trusting"},
	})
	writeCodings(t, p, "Bo", "P1", []coding.Coding{
		{Code: "Peer support", Turn: 4, Start: 0, End: 17, Quote: "Support from a pe"},
	})
	// A source-level span over P2's plain text, covering turn 2 only.
	_, offs := corpus.PlainText(p2)
	writeCodings(t, p, "ana", "P2", []coding.Coding{
		{Code: "TRUST", Turn: 0, Start: offs[1], End: offs[1] + 3, Quote: "Zoë"},
	})
	return p
}

func syncMem(t testing.TB, p *project.Project) *Index {
	t.Helper()
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	return ix
}

func find(t testing.TB, ix *Index, q Query) *Result {
	t.Helper()
	res, err := ix.Search(q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func refs(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Ref)
	}
	return out
}

// sortedRefs are the refs of r in sorted order, for tests that do not
// check ranking.
func sortedRefs(r *Result) []string {
	out := refs(r)
	slices.Sort(out)
	return out
}
