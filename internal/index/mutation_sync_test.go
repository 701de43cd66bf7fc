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
