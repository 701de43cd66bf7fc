package index

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestTurnQueries runs many turn: comparisons, alone, with words and with
// filters, on a project with long turns in chunks, and checks their hits
// against every turn of the project filtered by its number (the hits of
// the same query without the comparison). The hits are compared as sets
// here; their order and scores are TestTurnComparisonDoesNotRank's.
func TestTurnQueries(t *testing.T) {
	withChunkBytes(t, 700)
	p := buildProject(t)
	ix, _ := syncDisk(t, p, false)
	hits := func(q Query) []Hit { t.Helper(); return find(t, ix, q).Hits }
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

// TestTurnComparisonDoesNotRank checks that a required comparison on turn
// chooses turns and leaves the ranking of the rest of the query alone:
// the hits are those of the query without it, filtered by the turn's
// number, in the same order and with the same scores; and a comparison
// alone scores every turn alike, so its hits are in reading order.
func TestTurnComparisonDoesNotRank(t *testing.T) {
	withChunkBytes(t, 700)
	p := buildProject(t)
	ix, _ := syncDisk(t, p, false)
	hits := func(q Query) []Hit {
		t.Helper()
		q.Limit = 10000
		return find(t, ix, q).Hits
	}
	type ranked struct {
		Ref   string
		Score float64
	}
	rank := func(hs []Hit, keep func(int) bool) []ranked {
		var out []ranked
		for _, h := range hs {
			if keep(h.Turn) {
				out = append(out, ranked{h.Ref, h.Score})
			}
		}
		return out
	}
	above := func(n int) func(int) bool { return func(m int) bool { return m > n } }
	below := func(n int) func(int) bool { return func(m int) bool { return m < n } }
	for _, c := range []struct {
		text, base string
		keep       func(int) bool
		speakers   []string
	}{
		{"+turn:>30 +support", "support", above(30), nil},
		{"+turn:>3 +support", "support", above(3), nil},
		{"+turn:<=12 +peer -support", "+peer -support", below(13), nil},
		{"+turn:<8 +codes:trust", "codes:trust", below(8), nil},
		{"+turn:>2 +someone +nobody", "+someone +nobody", above(2), nil},
		{"+turn:>5 +(cafe résumé)", "+(cafe résumé)", above(5), nil},
		{"+turn:>1 +support", "support", above(1), []string{"Ana"}},
	} {
		want := rank(hits(Query{Text: c.base, Speakers: c.speakers}), c.keep)
		got := rank(hits(Query{Text: c.text, Speakers: c.speakers}), func(int) bool { return true })
		if len(want) < 2 {
			t.Fatalf("%q: only %d hits to compare", c.base, len(want))
		}
		if i := firstDiff(got, want); i >= 0 {
			t.Errorf("%q ranks differently from %q filtered by turn: %d and %d hits, first difference at %d:\n got %v\nwant %v",
				c.text, c.base, len(got), len(want), i, got[i:min(i+3, len(got))], want[i:min(i+3, len(want))])
		}
	}
	all := hits(Query{})
	got := hits(Query{Text: "turn:<=4"})
	var wantRefs, gotRefs []string
	for _, h := range all {
		if h.Turn <= 4 {
			wantRefs = append(wantRefs, h.Ref)
		}
	}
	for _, h := range got {
		gotRefs = append(gotRefs, h.Ref)
		if h.Score != got[0].Score {
			t.Errorf("turn:<=4: %s scores %v, %s %v", h.Ref, h.Score, got[0].Ref, got[0].Score)
		}
	}
	if !slices.Equal(gotRefs, wantRefs) {
		t.Errorf("turn:<=4 is not in reading order:\n got %v\nwant %v", gotRefs, wantRefs)
	}
}

// firstDiff is the index of the first element where a and b differ, or
// -1 if they are equal.
func firstDiff[T comparable](a, b []T) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// TestIndexFields checks the fields an index holds: those of the mapping
// and no "_all", which bleve gives every document unless its mapping
// turns it off, and which no query reads (6% of an ingest's CPU).
func TestIndexFields(t *testing.T) {
	p := buildProject(t)
	for _, serial := range []bool{false, true} {
		ix, _ := syncDisk(t, p, serial)
		fields, err := ix.idx.Fields()
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(fields, "_all") {
			t.Errorf("serial %v: the index has an _all field: %v", serial, fields)
		}
		if !slices.Contains(fields, FieldText) || !slices.Contains(fields, FieldTurn) {
			t.Errorf("serial %v: fields %v", serial, fields)
		}
	}
}

// TestTurnEmptyRange checks that a comparison no turn satisfies matches
// nothing wherever it stands: bleve drops a match-none query from a
// query string's +must clauses, which made +turn:<0 +support find every
// support (found by review). A memo search refuses it, as any turn:.
func TestTurnEmptyRange(t *testing.T) {
	for _, chunk := range []int{0, 700} {
		if chunk > 0 {
			withChunkBytes(t, chunk)
		}
		p := buildProject(t)
		ix, _ := syncDisk(t, p, false)
		for _, q := range []Query{
			{Text: "+turn:<0 +support"},
			{Text: "+turn:<=-1 -support"},
			{Text: "+turn:>99999999999999999999 +peer"},
			{Text: "+turn:2.5 +support"},
			{Text: "turn:<0", Speakers: []string{"Ana"}},
		} {
			res, err := ix.Search(q)
			if err != nil {
				t.Fatalf("%q: %v", q.Text, err)
			}
			if len(res.Hits) != 0 {
				t.Errorf("chunks of %d: %q %v: %d hits, want 0", chunk, q.Text, q.Speakers, len(res.Hits))
			}
		}
	}
	for _, text := range []string{"turn:<0", "turn:<0 warm", "turn:3"} {
		_, err := SearchMemos(memoFixture(), MemoQuery{Text: text})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("memos %q: err %v, want a *QueryError (memos have no turn)", text, err)
		}
	}
}

// TestTurnEqualsDoesNotRank checks that turn:N ranks as turn:>=N
// turn:<=N and as the words alone: bleve parses turn:N as a match of
// the text "N" or the number N, and the match's weight lowered every
// score (found by review), which reordered short turns against long
// turns in chunks.
func TestTurnEqualsDoesNotRank(t *testing.T) {
	withChunkBytes(t, 700)
	p := buildProject(t)
	ix, _ := syncDisk(t, p, false)
	ranking := func(text string) []string {
		t.Helper()
		var out []string
		for _, h := range find(t, ix, Query{Text: text, Limit: 10000}).Hits {
			out = append(out, fmt.Sprintf("%s=%.9f", h.Ref, h.Score))
		}
		return out
	}
	checked := 0
	for n := 1; n <= 40; n += 3 {
		for _, w := range []string{"trust", "support", "peer", "someone"} {
			eq := ranking(fmt.Sprintf("+%s +turn:%d", w, n))
			rng := ranking(fmt.Sprintf("+%s +turn:>=%d +turn:<=%d", w, n, n))
			if !slices.Equal(eq, rng) {
				t.Fatalf("turn %d, %s:\n turn:%d     %v\n >=%d <=%d  %v", n, w, n, eq, n, n, rng)
			}
			var alone []string
			for _, h := range ranking("+" + w) {
				if strings.HasSuffix(strings.Split(h, "=")[0], fmt.Sprintf("#%d", n)) {
					alone = append(alone, h)
				}
			}
			if !slices.Equal(eq, alone) {
				t.Fatalf("turn %d, %s: +turn:%d %v, the word alone at turn %d %v", n, w, n, eq, n, alone)
			}
			checked += len(eq)
		}
	}
	if checked < 20 {
		t.Errorf("only %d hits compared", checked)
	}
}

// TestZeroBoostRefused checks that a boost of 0 is refused with a
// message: with every weight 0 bleve's scores are NaN (support^0 alone,
// or beside an unranked turn comparison).
func TestZeroBoostRefused(t *testing.T) {
	p := buildProject(t)
	ix, _ := syncDisk(t, p, false)
	for _, text := range []string{"support^0", "+turn:>30 +support^0", "trust support^0"} {
		_, err := ix.Search(Query{Text: text})
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), "boost of 0") {
			t.Errorf("%q: err %v, want a *QueryError about the boost", text, err)
		}
	}
	res, err := ix.Search(Query{Text: "support^0.1"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("support^0.1: %v, %d hits", err, len(res.Hits))
	}
	for _, h := range res.Hits {
		if math.IsNaN(h.Score) || math.IsInf(h.Score, 0) {
			t.Fatalf("support^0.1: %s scores %v", h.Ref, h.Score)
		}
	}
}
