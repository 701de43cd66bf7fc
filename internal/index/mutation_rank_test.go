package index

import (
	"testing"
)

// With no limit, every match is a hit, also when the query matches every
// turn of the index (empty text matches all of them).
func TestAllHitsOfEveryTurn(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, q := range []Query{{}, {Text: "   "}, {Text: "*"}} {
		res := find(t, ix, q)
		if res.Total != 9 || len(res.Hits) != 9 {
			t.Errorf("%+v: %d hits of %d, want all 9 turns", q, len(res.Hits), res.Total)
		}
	}
}

// The ways of ordering a page that rank.go describes: a page of a text
// query is ordered in Go (way 2), one of filters alone, whose matches all
// score the same, by bleve (way 3).
func TestWayOfAPage(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, c := range []struct {
		q    Query
		way  int
		hits int
	}{
		{Query{Text: "staff", Limit: 2}, 1, 2},
		{Query{Text: "staff", Limit: 2, Offset: 4}, 1, 1},
		{Query{Speakers: []string{"Interviewer"}, Limit: 2}, 2, 2},
	} {
		var before [4]int64
		for i := range before {
			before[i] = ix.ways[i].Load()
		}
		res := find(t, ix, c.q)
		if len(res.Hits) != c.hits {
			t.Errorf("%+v: %d hits, want %d", c.q, len(res.Hits), c.hits)
		}
		for i := range before {
			want := before[i]
			if i == c.way {
				want++
			}
			if got := ix.ways[i].Load(); got != want {
				t.Errorf("%+v: way %d taken %d times, want %d", c.q, i+1, got-before[i], want-before[i])
			}
		}
	}
}

// A page whose first fetch of ids is exactly one more than the page (the
// fetch bound allows no more, as for a page of 4095 hits or more with the
// real bound, or the bound is below the page) is still exact.
func TestFastPageAtTheFetchBound(t *testing.T) {
	p := tiesProject(t)
	ix := syncMem(t, p)
	for _, lim := range []int{5, 20, 40} {
		q := Query{Text: "trust", Limit: lim}
		ix.sortedOnly = true
		want := find(t, ix, q)
		ix.sortedOnly = false
		for _, bound := range []int{lim + 1, lim / 2} {
			ix.fastLimit = bound
			got := find(t, ix, q)
			ix.fastLimit = 0
			if !sameHits(got, want) {
				t.Errorf("limit %d, fetch bound %d:\n%s\nwant\n%s", lim, bound, show(got), show(want))
			}
		}
	}
}
