package index

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// A speaker filter that lets through all but a few speakers keeps those
// out (speakerExclusion); a source whose speakers are unknown (an entry
// written before they were recorded) or that has a turn without a
// speaker is kept out whole but for the speakers let through in it,
// which costs more terms, so the filter may let the speakers through
// instead. The hits are the same each way.
func TestSpeakerFilterExcludes(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	if e := ix.man.Sources["P2"]; !slices.Equal(e.Speakers, []string{"Ben", "Interviewer"}) || e.Unspoken != 0 {
		t.Fatalf("P2's entry records speakers %q, %d without one; want Ben, Interviewer, 0", e.Speakers, e.Unspoken)
	}
	// Everyone but the interviewer, and Ben only in P2: three terms let
	// through, one kept out.
	notInterviewer := []SpeakerSources{
		{Speaker: "Jordan Lee", Only: []string{"P1"}},
		{Speaker: "Ben", Only: []string{"P2"}},
		{Speaker: "Cy"},
	}
	// Interviewer everywhere but P2: two terms let through (the speaker,
	// and P2 kept out of it); three kept out.
	interviewer := []SpeakerSources{{Speaker: "Interviewer", Except: []string{"P2"}}}
	check := func(when string, ss []SpeakerSources, wantExclude bool, want []string) {
		t.Helper()
		filter, exclude := speakerFilterQueries(ss, ix.man.Sources)
		if (exclude != nil) != wantExclude || (filter != nil) == wantExclude {
			t.Errorf("%s, %+v: filter %v, exclusion %v; want an exclusion: %v", when, ss, filter != nil, exclude != nil, wantExclude)
		}
		res := find(t, ix, Query{SpeakerSources: ss})
		if got := sortedRefs(res); !slices.Equal(got, want) || res.Total != uint64(len(want)) {
			t.Errorf("%s, %+v: %v (total %d), want %v", when, ss, got, res.Total, want)
		}
	}
	check("all known", notInterviewer, true, []string{"P1#2", "P1#4", "P10#2", "P2#2", "P2#3"})
	check("all known", interviewer, false, []string{"P1#1", "P1#3", "P10#1"})

	// An entry from before speakers were recorded.
	e := ix.man.Sources["P10"]
	e.Speakers = nil
	ix.man.Sources["P10"] = e
	check("P10 unknown", notInterviewer, false, []string{"P1#2", "P1#4", "P10#2", "P2#2", "P2#3"})
	ix = syncMem(t, p)

	// The interviewer let through in one source of four: kept out by
	// its speaker term but for that source's term.
	writeSource(t, p, "P4", "Dee", turnsOf("Interviewer: And the staff?", "Dee: The staff, yes."))
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	notInterviewer = append(notInterviewer, SpeakerSources{Speaker: "Dee"})
	check("an interviewer in one source", append(notInterviewer, SpeakerSources{Speaker: "Interviewer", Only: []string{"P2"}}), true,
		[]string{"P1#2", "P1#4", "P10#2", "P2#1", "P2#2", "P2#3", "P4#2"})
	if x, n := speakerExclusion(append(notInterviewer, SpeakerSources{Speaker: "Interviewer", Only: []string{"P2"}}), ix.man.Sources, 99); n != 2 {
		t.Errorf("the interviewer in P2 alone is kept out by %d terms (%v), want 2", n, x)
	}

	// A turn without a speaker, which no filter lets through.
	writeSource(t, p, "P3", "Dee", turnsOf("Interviewer: And you?", "a turn nobody said", "Dee: Me."))
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	if e := ix.man.Sources["P3"]; !slices.Equal(e.Speakers, []string{"Dee", "Interviewer"}) || e.Unspoken != 1 {
		t.Fatalf("P3's entry records speakers %q, %d without one; want Dee, Interviewer, 1", e.Speakers, e.Unspoken)
	}
	check("a turn without a speaker", notInterviewer, false, []string{"P1#2", "P1#4", "P10#2", "P2#2", "P2#3", "P3#3", "P4#2"})
	// Each speaker in its own sources: P3 is kept out but for Dee there,
	// and the interviewer everywhere.
	bySource := []SpeakerSources{
		{Speaker: "Jordan Lee", Only: []string{"P1"}},
		{Speaker: "Ben", Only: []string{"P2"}},
		{Speaker: "Cy", Only: []string{"P10"}},
		{Speaker: "Dee", Only: []string{"P3", "P4"}},
	}
	check("a turn without a speaker, speakers by source", bySource, true, []string{"P1#2", "P1#4", "P10#2", "P2#2", "P2#3", "P3#3", "P4#2"})
	if x, n := speakerExclusion(bySource, ix.man.Sources, 99); n != 3 {
		t.Errorf("P3 but Dee, and the interviewer: %d terms (%v), want 3", n, x)
	}
	// The interviewer let through in P3 alone, the source kept out whole.
	check("the interviewer in the source kept out whole", append(bySource, SpeakerSources{Speaker: "Interviewer", Only: []string{"P3"}}), true,
		[]string{"P1#2", "P1#4", "P10#2", "P2#2", "P2#3", "P3#1", "P3#3", "P4#2"})
}

// termLeaves counts the term queries of q: the terms an exclusion or a
// filter names, which is what each costs.
func termLeaves(t *testing.T, q query.Query) int {
	t.Helper()
	switch q := q.(type) {
	case nil:
		return 0
	case unscored:
		return termLeaves(t, q.Query)
	case *query.TermQuery:
		return 1
	case *query.DisjunctionQuery:
		n := 0
		for _, d := range q.Disjuncts {
			n += termLeaves(t, d)
		}
		return n
	case *query.ConjunctionQuery:
		n := 0
		for _, c := range q.Conjuncts {
			n += termLeaves(t, c)
		}
		return n
	case *query.BooleanQuery:
		return termLeaves(t, q.Must) + termLeaves(t, q.Should) + termLeaves(t, q.MustNot)
	}
	t.Fatalf("unexpected query %T", q)
	return 0
}

// TestSpeakerExclusionCountsItsTerms: the number of terms speakerExclusion
// reports (what the choice between filter and exclusion compares) is the
// number of terms of the query it builds, and each speaker is kept out
// by the cheaper form; on a tie the filter is kept. The hits of each form
// are checked against the search in TestSpeakerFilterExcludes and, from
// the command line, in TestSearchRoleIsFilteredSearch.
func TestSpeakerExclusionCountsItsTerms(t *testing.T) {
	known := func(speakers ...string) manifestEntry {
		return manifestEntry{Turns: 10, Speakers: speakers}
	}
	indexed := map[string]manifestEntry{
		"A": known("I", "X"), "B": known("I", "X"), "C": known("I", "X"),
		"D": known("I", "X"), "E": known("I", "Y"),
	}
	for _, c := range []struct {
		name  string
		ss    []SpeakerSources
		terms int // of the exclusion
	}{
		// X let through in D only: kept out of A, B, C by its speaker
		// term but D (2 terms) rather than three pairs; I kept out (1).
		{"speaker but one source", []SpeakerSources{{Speaker: "X", Only: []string{"D"}}, {Speaker: "Y"}}, 3},
		// X let through everywhere but A: one pair (A) rather than the
		// speaker term but three sources; I kept out (1).
		{"one pair", []SpeakerSources{{Speaker: "X", Except: []string{"A"}}, {Speaker: "Y"}}, 2},
		// X let through nowhere: its speaker term.
		{"speaker term", []SpeakerSources{{Speaker: "I"}, {Speaker: "Y"}}, 1},
	} {
		x, n := speakerExclusion(c.ss, indexed, 1000)
		if got := termLeaves(t, x); got != n || n != c.terms {
			t.Errorf("%s: the exclusion names %d terms and reports %d; want %d", c.name, got, n, c.terms)
		}
	}

	// A tie keeps the filter: X let through in A and B is two pairs
	// let through; kept out are I (in A) and X in C, two terms.
	tie := map[string]manifestEntry{"A": known("I", "X"), "B": known("X"), "C": known("X")}
	ss := []SpeakerSources{{Speaker: "X", Only: []string{"A", "B"}}}
	filter, exclude := speakerFilterQueries(ss, tie)
	fn := termLeaves(t, filter)
	if _, m := speakerExclusion(ss, tie, 1000); m != fn || fn != 2 {
		t.Fatalf("the tie case is not a tie of two: filter %d terms, exclusion %d", fn, m)
	}
	if exclude != nil || filter == nil {
		t.Errorf("on a tie (%d terms each way): exclusion chosen; want the filter kept", fn)
	}
}
