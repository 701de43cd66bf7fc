package index

import (
	"math"
	"slices"
	"testing"
)

// TestTurnQueries runs many turn: comparisons, alone, with words and with
// filters, on a project with long turns in chunks, and checks their hits
// against every turn of the project filtered by its number (the hits of
// the same query without the comparison). The hits are compared as sets:
// a range scores each turn by how rare its number is (as bleve's numeric
// ranges did, by how rare each of their terms is), so their order is not
// the universe's.
func TestTurnQueries(t *testing.T) {
	withChunkBytes(t, 700)
	p := buildProject(t)
	ix, _ := syncDisk(t, p, false)
	hits := func(q Query) []Hit {
		t.Helper()
		res, err := ix.Search(q)
		if err != nil {
			t.Fatalf("%q: %v", q.Text, err)
		}
		return res.Hits
	}
	all := hits(Query{})
	maxTurn := 0
	for _, h := range all {
		maxTurn = max(maxTurn, h.Turn)
	}
	if maxTurn < 40 {
		t.Fatalf("the project's longest source has %d turns", maxTurn)
	}
	between := func(lo, hi float64) func(int) bool {
		return func(n int) bool { return lo <= float64(n) && float64(n) <= hi }
	}
	inf := math.Inf(1)
	for _, c := range []struct {
		text, base string // the query, and the same without the comparison
		want       func(int) bool
	}{
		{"turn:17", "", between(17, 17)},
		{"turn:1", "", between(1, 1)},
		{"turn:>30", "", between(31, inf)},
		{"turn:>=30", "", between(30, inf)},
		{"turn:<3", "", between(-inf, 2)},
		{"turn:<=3", "", between(-inf, 3)},
		{"turn:>2.5", "", between(3, inf)},
		{"turn:<=2.5", "", between(-inf, 2)},
		{"turn:<2.5", "", between(-inf, 2)},
		{"turn:>=9.5", "", between(10, inf)},
		{"turn:>-4", "", between(-inf, inf)},
		{"turn:<-4", "", between(1, 0)},
		{"turn:0", "", between(1, 0)},
		{"turn:2.5", "", between(1, 0)},
		{"turn:99999999999999999999", "", between(1, 0)},
		{"turn:<99999999999999999999", "", between(-inf, inf)},
		{"turn:>99999999999999999999", "", between(1, 0)},
		{"+turn:>=9 +turn:<=11", "", between(9, 11)},
		{"+turn:>9 +turn:<11", "", between(10, 10)},
		{"turn:4 turn:40", "", func(n int) bool { return n == 4 || n == 40 }},
		{"+turn:>30 +support", "support", between(31, inf)},
		{"+turn:<=12 +peer -support", "+peer -support", between(-inf, 12)},
		{"+turn:>=10 -turn:>20", "", between(10, 20)},
		{"+turn:<8 +codes:trust", "codes:trust", between(-inf, 7)},
	} {
		base := all
		if c.base != "" {
			base = hits(Query{Text: c.base})
		}
		want := refsOf(base, c.want)
		got := refsOf(hits(Query{Text: c.text}), func(int) bool { return true })
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d hits, want %d:\n got %v\nwant %v", c.text, len(got), len(want), got, want)
		}
	}
	// With filters, and a page.
	for _, q := range []Query{
		{Text: "turn:<=5", Speakers: []string{"Ana"}},
		{Text: "turn:>20", Codes: []string{"Trust"}},
		{Text: "turn:>=3", Participants: []string{"Part1", "Part5"}},
	} {
		base := q
		base.Text = ""
		want := refsOf(hits(base), map[string]func(int) bool{
			"turn:<=5": between(-inf, 5), "turn:>20": between(21, inf), "turn:>=3": between(3, inf),
		}[q.Text])
		got := refsOf(hits(q), func(int) bool { return true })
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%q with filters: %d hits, want %d (not 0):\n got %v\nwant %v", q.Text, len(got), len(want), got, want)
		}
	}
}

// refsOf is the refs of the hits whose turn number passes keep.
func refsOf(hits []Hit, keep func(int) bool) []string {
	var refs []string
	for _, h := range hits {
		if keep(h.Turn) {
			refs = append(refs, h.Ref)
		}
	}
	return refs
}

func TestTurnTerm(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0000000000000000"}, {7, "0000000000000007"}, {1234, "0000000000001234"}, {9999999999999999, "9999999999999999"}} {
		if got := turnTerm(c.n); got != c.want {
			t.Errorf("turnTerm(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if !(turnTerm(9) < turnTerm(10) && turnTerm(99) < turnTerm(100)) {
		t.Error("the terms are not in the order of the numbers")
	}
}
