package index

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// marked returns the words of text that spans (of code points) mark.
func marked(text string, spans []Span) []string {
	rs := []rune(text)
	var out []string
	for _, s := range spans {
		out = append(out, string(rs[s.Start:s.End]))
	}
	return out
}

// A hit's text is the project's text, read at search time: when the
// project changed after the index was synced, the index's byte offsets
// would mark the wrong words of the new text, so the search fails with
// ErrStale instead; after a Sync it shows the new text, rightly marked.
func TestHitTextStale(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	res := find(t, ix, Query{Text: "listened"})
	if len(res.Hits) != 1 || res.Hits[0].Text != "Support from a peer who has been there, and the staff listened." {
		t.Fatalf("before the change: %+v", res.Hits)
	}
	if got := marked(res.Hits[0].Text, res.Hits[0].Highlights); len(got) != 1 || got[0] != "listened" {
		t.Fatalf("before the change: marked %q", got)
	}

	// P1's turn 4 changes, keeping the word at another place; the index
	// is not synced.
	writeSource(t, p, "P1", "Ana", turnsOf(
		"Interviewer: How did you come to trust the staff?",
		"Jordan Lee: Trusting them took years. Peer support was what helped.",
		"Interviewer: Tell me about peer support.",
		"Jordan Lee: They listened, and that was all.",
	))
	for _, q := range []Query{{Text: "listened"}, {Text: "listened", Limit: 5}, {Text: "listened staff", Limit: 1}} {
		res, err := ix.Search(q)
		var se *StaleError
		if !errors.Is(err, ErrStale) || !errors.As(err, &se) || se.Ref != "P1#4" {
			t.Fatalf("%+v after the change, not synced: %+v, %v; want ErrStale for P1#4", q, res, err)
		}
		if !strings.Contains(err.Error(), "P1#4") {
			t.Errorf("the error does not name the turn: %v", err)
		}
	}
	// Hits of other sources are unaffected.
	if res := find(t, ix, Query{Text: "kind"}); len(res.Hits) != 1 || res.Hits[0].Text != "The staff were kind." {
		t.Errorf("another source: %+v", res.Hits)
	}

	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	res = find(t, ix, Query{Text: "listened"})
	if len(res.Hits) != 1 || res.Hits[0].Text != "They listened, and that was all." {
		t.Fatalf("after a sync: %+v", res.Hits)
	}
	if got := marked(res.Hits[0].Text, res.Hits[0].Highlights); len(got) != 1 || got[0] != "listened" {
		t.Errorf("after a sync: marked %q", got)
	}
}

// A hit whose source or turn is gone from the project is stale too.
func TestHitTextGone(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	writeSource(t, p, "P2", "Ben", turnsOf("Interviewer: What about the staff?"))
	if _, err := ix.Search(Query{Text: "never"}); !errors.Is(err, ErrStale) {
		t.Errorf("a turn gone: %v, want ErrStale", err)
	}
	removeSource(t, p, "P10")
	if _, err := ix.Search(Query{Text: "kind"}); !errors.Is(err, ErrStale) {
		t.Errorf("a source gone: %v, want ErrStale", err)
	}
}

// The same for a long turn, indexed in chunks, and for a long phrase,
// which is checked against the turn's text.
func TestHitTextStaleLong(t *testing.T) {
	withChunkBytes(t, 700)
	p := newProject(t)
	text := strings.Repeat("blen zorp quiv. ", 200) + "finalword."
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: text}})
	ix := syncMem(t, p)
	long := `"` + strings.Repeat("blen zorp quiv ", 20) + `"`
	for _, q := range []string{"finalword", long} {
		if res := find(t, ix, Query{Text: q}); len(res.Hits) != 1 || res.Hits[0].Text != text {
			t.Fatalf("%s before the change: %d hits", q, len(res.Hits))
		}
	}
	changed := "finalword " + text
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: changed}})
	for _, q := range []string{"finalword", long} {
		if _, err := ix.Search(Query{Text: q}); !errors.Is(err, ErrStale) {
			t.Errorf("%s after the change, not synced: %v, want ErrStale", q, err)
		}
	}
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	res := find(t, ix, Query{Text: "finalword"})
	if len(res.Hits) != 1 || res.Hits[0].Text != changed {
		t.Fatalf("after a sync: %+v", res)
	}
	if got := marked(changed, res.Hits[0].Highlights); len(got) != 2 || got[0] != "finalword" || got[1] != "finalword" {
		t.Errorf("after a sync: marked %q", got)
	}
}

// A turns.jsonl where line N is not turn N (a blank line, which the store
// reads past) is read whole: the hits' text is still their turn's.
func TestHitTextBlankLine(t *testing.T) {
	p := newProject(t)
	turns := turnsOf("Interviewer: Where did you sleep?", "Ana: In the shelter, some nights.", "Ana: The shelter was full.")
	data := append([]byte("\n"), project.EncodeTurns(turns)...)
	src := &corpus.Source{
		ID: "P1", Participant: "Ana", Format: "txt", Encoding: "utf-8",
		Original: "original.txt", OriginalName: "P1.txt", TextSHA256: project.SHA256(data),
		Turns: len(turns), Chars: corpus.CharCount(turns), Speakers: corpus.Speakers(turns), Ingested: t0,
	}
	commit(t, p, func(tx *project.Tx) {
		tx.WriteFile(project.SourceRel("P1", project.SourceTurnsFile), data)
		tx.WriteFile(project.SourceRel("P1", project.SourceMetaFile), project.EncodeSource(src))
	})
	ix := syncMem(t, p)
	res := find(t, ix, Query{Text: "shelter"})
	if len(res.Hits) != 2 || res.Hits[0].Text != turns[res.Hits[0].Turn-1].Text || res.Hits[1].Text != turns[res.Hits[1].Turn-1].Text {
		t.Fatalf("hits %+v", res.Hits)
	}
	for _, h := range res.Hits {
		if got := marked(h.Text, h.Highlights); len(got) != 1 || got[0] != "shelter" {
			t.Errorf("%s: marked %q", h.Ref, got)
		}
	}
}

// The speaker and timestamp of a hit come from the project too, and are
// checked as its text is: a turn whose speaker changed since the index
// was synced is stale (the index matched it under the old one).
func TestHitSpeakerStale(t *testing.T) {
	p := newProject(t)
	turns := []corpus.Turn{{N: 1, Speaker: "Ana", Start: "00:00:01.000", Text: "We slept in the car."}}
	writeSource(t, p, "P1", "Ana", turns)
	ix := syncMem(t, p)
	res := find(t, ix, Query{Text: "car", Speakers: []string{"Ana"}})
	if len(res.Hits) != 1 || res.Hits[0].Speaker != "Ana" || res.Hits[0].Start != "00:00:01.000" {
		t.Fatalf("before the change: %+v", res.Hits)
	}
	turns[0].Speaker = "Bea"
	writeSource(t, p, "P1", "Ana", turns)
	if _, err := ix.Search(Query{Text: "car", Speakers: []string{"Ana"}}); !errors.Is(err, ErrStale) {
		t.Errorf("speaker changed: %v, want ErrStale", err)
	}
	turns[0].Speaker, turns[0].Start = "Ana", "00:00:02.000"
	writeSource(t, p, "P1", "Ana", turns)
	if _, err := ix.Search(Query{Text: "car"}); !errors.Is(err, ErrStale) {
		t.Errorf("timestamp changed: %v, want ErrStale", err)
	}
}

// A hit's turn is read at its line, with no read of its whole turns.jsonl;
// when the lines moved since the index was synced (a turn before it
// changed) but the hit's turn did not, it is read whole and shows the same
// hit; when the hit's turn itself changed, the search fails with ErrStale.
func TestHitTextAtLine(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	want := find(t, ix, Query{Text: "listened"})
	if len(want.Hits) != 1 || want.Hits[0].Ref != "P1#4" {
		t.Fatalf("hits %+v", want.Hits)
	}
	if n := ix.wholeReads.Load(); n != 0 {
		t.Errorf("a search read %d turns.jsonl whole, want 0 (each hit at its line)", n)
	}

	// Turn 4 changes in place (its line at the same offset, of the same
	// length): not shown.
	writeSource(t, p, "P1", "Ana", turnsOf(
		"Interviewer: How did you come to trust the staff?",
		"Jordan Lee: Trusting them took years. Peer support was what helped.",
		"Interviewer: Tell me about peer support.",
		"Jordan Lee: Support from a pear who has been there, and the staff listened.",
	))
	if _, err := ix.Search(Query{Text: "listened"}); !errors.Is(err, ErrStale) {
		t.Errorf("turn changed in place: %v, want ErrStale", err)
	}

	// Turn 1 grows: turn 4's line moves, its content is as indexed.
	writeSource(t, p, "P1", "Ana", turnsOf(
		"Interviewer: How did you come to trust the staff here, over the years?",
		"Jordan Lee: Trusting them took years. Peer support was what helped.",
		"Interviewer: Tell me about peer support.",
		"Jordan Lee: Support from a peer who has been there, and the staff listened.",
	))
	before := ix.wholeReads.Load()
	got := find(t, ix, Query{Text: "listened"})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines moved, turn unchanged: %+v, want %+v", got, want)
	}
	if n := ix.wholeReads.Load() - before; n != 1 {
		t.Errorf("lines moved: %d turns.jsonl read whole, want 1", n)
	}
}

// The lines stored are those of the file; a file that is not one turn a
// line, with a newline at the end, stores none.
func TestTurnLines(t *testing.T) {
	p := newProject(t)
	turns := turnsOf("Interviewer: Where did you sleep?", "Ana: In the shelter, some nights.")
	writeSource(t, p, "P1", "Ana", turns)
	data := project.EncodeTurns(turns)
	got := turnLines(p, "P1", 2)
	first := bytes.IndexByte(data, '\n')
	want := []string{formatLineLoc(0, first), formatLineLoc(first+1, len(data)-first-2)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("turnLines = %q, want %q", got, want)
	}
	for _, n := range []int{1, 3} {
		if got := turnLines(p, "P1", n); got != nil {
			t.Errorf("turnLines for %d turns of 2 lines = %q, want nil", n, got)
		}
	}
	if got := turnLines(p, "P9", 1); got != nil {
		t.Errorf("turnLines of a missing source = %q", got)
	}
	for _, s := range []string{"", "1", "1 0", "-1 5", "x 5", "5 y", "1 2 3"} {
		if l := parseLineLoc(s); l != (lineLoc{}) {
			t.Errorf("parseLineLoc(%q) = %v, want none", s, l)
		}
	}
	if l := parseLineLoc(formatLineLoc(12, 34)); l != (lineLoc{12, 34}) {
		t.Errorf("parseLineLoc(formatLineLoc(12, 34)) = %v", l)
	}
}
