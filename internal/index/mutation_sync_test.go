package index

import (
	"slices"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// A span of a source's plain text codes the turns whose text it overlaps:
// one that starts where a turn's text ends, or ends where the next one's
// begins, does not code that turn.
func TestSpanBoundariesCodeTurns(t *testing.T) {
	p := newProject(t)
	turns := turnsOf("A: one two", "B: three four", "C: five six")
	writeSource(t, p, "P1", "", turns)
	text, offs := corpus.PlainText(turns)
	end0, end1 := offs[0]+turns[0].Len(), offs[1]+turns[1].Len()
	span := func(code string, s, e int) coding.Coding {
		return coding.Coding{Code: code, Start: s, End: e, Quote: text[s:e]}
	}
	writeCodings(t, p, "ana", "P1", []coding.Coding{
		span("From the end of turn 1", end0, offs[1]+5),
		span("Up to the start of turn 2", offs[0]+4, offs[1]),
		span("Across turn 2", offs[0]+4, offs[2]+2),
		span("Up to the end of turn 2", offs[1], end1),
	})
	ix := syncMem(t, p)
	for code, want := range map[string][]string{
		"From the end of turn 1":    {"P1#2"},
		"Up to the start of turn 2": {"P1#1"},
		"Across turn 2":             {"P1#1", "P1#2", "P1#3"},
		"Up to the end of turn 2":   {"P1#2"},
	} {
		if got := sortedRefs(find(t, ix, Query{Codes: []string{code}})); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
}

// A writer whose generation another writer replaced meanwhile starts from
// the new one: it does not index again what the other already did.
func TestSyncAfterAnotherWriter(t *testing.T) {
	p := fixture(t)
	a, _ := openSync(t, p)
	defer a.Close()
	b, _ := openSync(t, p)
	defer b.Close()
	writeSource(t, p, "P3", "Di", turnsOf("Interviewer: And trust?", "Di: Trust came slowly."))
	if st, err := b.Sync(p); err != nil || st.Added != 1 {
		t.Fatalf("the other writer: %+v %v", st, err)
	}
	st, err := a.Sync(p)
	if err != nil || st.Added != 0 || st.Updated != 0 || st.Docs != 11 {
		t.Errorf("after the other writer: %+v %v, want nothing to do and 11 turns", st, err)
	}
	if got := sortedRefs(find(t, a, Query{Text: "slowly"})); !slices.Equal(got, []string{"P3#2"}) {
		t.Errorf("slowly: %v", got)
	}
}

// The documents of a source are listed in pages of 10,000: a source of
// more turns than a page, removed, leaves none behind.
func TestRemoveSourceOfMoreThanAPage(t *testing.T) {
	lines := make([]string, 10001)
	for i := range lines {
		lines[i] = "S: filler"
	}
	lines[10000] = "S: lastword"
	p := newProject(t)
	writeSource(t, p, "P1", "", turnsOf(lines...))
	writeSource(t, p, "P2", "", turnsOf("S: lastword too"))
	ix := syncMem(t, p)
	if got := find(t, ix, Query{Text: "lastword"}).Total; got != 2 {
		t.Fatalf("lastword: %d hits, want 2", got)
	}
	removeSource(t, p, "P1")
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	if got := refs(find(t, ix, Query{Text: "lastword"})); !slices.Equal(got, []string{"P2#1"}) {
		t.Errorf("lastword after removing P1: %v, want only P2#1", got)
	}
	if got := refs(find(t, ix, Query{Text: "filler"})); len(got) != 0 {
		t.Errorf("filler after removing P1: %v, want none", got)
	}
}
