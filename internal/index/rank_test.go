package index

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// tiesProject has sources whose ids are in neither natural nor lexical
// order, and turns of which many are the same few sentences (their scores
// tie, in groups larger than a page and than the first fetch of ids of
// rank.go) and the others random words (their scores mostly differ).
func tiesProject(t *testing.T) *project.Project {
	p := newProject(t)
	r := rand.New(rand.NewPCG(7, 11))
	common := []string{
		"We talked about trust.",
		"We talked about trust.",
		"We talked about trust.",
		"Trust trust.",
		"The staff were kind, and trust came later.",
		"Peer support was a warm handoff.",
	}
	words := strings.Fields("trust staff peer support warm handoff hope kind the a and was we it them later")
	for _, id := range []string{"P10", "P2", "P1", "P02", "P9", "P100", "a3", "P20", "P11", "B1", "P3", "P30"} {
		var lines []string
		var cs []coding.Coding
		for i := range 40 {
			speaker := "Interviewer"
			if i%2 == 1 {
				speaker = "Sam"
			}
			var text string
			if r.IntN(3) > 0 {
				text = common[r.IntN(len(common))]
			} else {
				ws := make([]string, 2+r.IntN(12))
				for j := range ws {
					ws[j] = words[r.IntN(len(words))]
				}
				text = strings.Join(ws, " ") + "."
			}
			lines = append(lines, speaker+": "+text)
			if r.IntN(4) == 0 {
				cs = append(cs, coding.Coding{Code: "Trust", Turn: i + 1, Start: 0, End: 1, Quote: text[:1]})
			}
		}
		writeSource(t, p, id, "", turnsOf(lines...))
		writeCodings(t, p, "ana", id, cs)
	}
	return p
}

// TestFastOrderIsExact compares the pages that Search orders in Go (ways
// 1 and 2 of rank.go) with the pages bleve sorts (way 3), and both with
// slices of the whole ordered list, for queries with many ties and few,
// and pages whose ends fall inside groups of ties and between them.
func TestFastOrderIsExact(t *testing.T) {
	p := tiesProject(t)
	ix := syncMem(t, p)
	queries := []Query{
		{Text: "trust"},
		{Text: "staff"},
		{Text: "trust staff"},
		{Text: "+trust -staff"},
		{Text: `"warm handoff"`},
		{Text: "hope kind later"},
		{Text: "tru*"},
		{Text: "trust", Speakers: []string{"Sam"}},
		{Text: "support", Codes: []string{"trust"}},
		{Text: "nothingmatches"},
		{Speakers: []string{"Sam"}},
		{Codes: []string{"trust"}},
	}
	limits := []int{1, 2, 3, 7, 20, 45, 100, 1000}
	offsets := []int{0, 1, 6, 19, 44, 150}
	for _, q := range queries {
		// The whole list, sorted by bleve.
		ix.sortedOnly = true
		all := find(t, ix, q)
		ix.sortedOnly = false
		if q.Text != "nothingmatches" && len(all.Hits) < 20 {
			t.Fatalf("%+v: only %d hits", q, len(all.Hits))
		}
		if uint64(len(all.Hits)) != all.Total {
			t.Fatalf("%+v: %d hits of %d", q, len(all.Hits), all.Total)
		}
		checkOrder(t, q, all.Hits)
		if got := find(t, ix, q); !sameHits(got, all) {
			t.Errorf("%+v, all hits: ordered in Go\n%s\nby bleve\n%s", q, show(got), show(all))
		}
		for _, lim := range limits {
			for _, off := range offsets {
				pq := q
				pq.Limit, pq.Offset = lim, off
				want := &Result{Query: q.Text, Total: all.Total, Hits: all.Hits[min(off, len(all.Hits)):min(off+lim, len(all.Hits))]}
				fast := find(t, ix, pq)
				ix.sortedOnly = true
				sorted := find(t, ix, pq)
				ix.sortedOnly = false
				if !sameHits(sorted, want) {
					t.Errorf("%+v limit %d offset %d: sorted by bleve\n%s\nwant\n%s", q, lim, off, show(sorted), show(want))
				}
				if !sameHits(fast, want) {
					t.Errorf("%+v limit %d offset %d: fast\n%s\nwant\n%s", q, lim, off, show(fast), show(want))
				}
			}
		}
	}
	// Every way was taken.
	for i, what := range []string{"all hits", "a page ordered in Go", "a page sorted by bleve", "a second fetch of ids"} {
		if ix.ways[i].Load() == 0 {
			t.Errorf("never ordered %s", what)
		}
	}
	// More ties than fastLimit at the end of the page: bleve sorts.
	ix.fastLimit = 30
	before := ix.ways[2].Load()
	q := Query{Text: "trust", Limit: 20}
	res := find(t, ix, q)
	if ix.ways[2].Load() != before+1 {
		t.Errorf("with fastLimit %d: not sorted by bleve", ix.fastLimit)
	}
	ix.sortedOnly = true
	if want := find(t, ix, q); !sameHits(res, want) {
		t.Errorf("fastLimit fallback:\n%s\nwant\n%s", show(res), show(want))
	}
}

// checkOrder checks that hits are by descending score, then source in
// natural order (project.CompareIDs), then turn.
func checkOrder(t *testing.T, q Query, hits []Hit) {
	t.Helper()
	ties := 0
	for i := 1; i < len(hits); i++ {
		a, b := hits[i-1], hits[i]
		c := cmp.Or(-cmp.Compare(roundScore(a.Score), roundScore(b.Score)), project.CompareIDs(a.Source, b.Source), cmp.Compare(a.Turn, b.Turn))
		if c >= 0 {
			t.Fatalf("%+v: %s (%v) before %s (%v)", q, a.Ref, a.Score, b.Ref, b.Score)
		}
		if roundScore(a.Score) == roundScore(b.Score) {
			ties++
		}
	}
	if q.Text == "trust" && len(q.Speakers) == 0 && ties < 150 {
		t.Errorf("%+v: only %d ties: the test does not test ties", q, ties)
	}
}

func sameHits(a, b *Result) bool {
	return a.Total == b.Total && len(a.Hits) == len(b.Hits) && (len(a.Hits) == 0 || reflect.DeepEqual(a.Hits, b.Hits))
}

func show(r *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  total %d:", r.Total)
	for _, h := range r.Hits {
		fmt.Fprintf(&b, " %s(%.4f)", h.Ref, h.Score)
	}
	return b.String()
}
