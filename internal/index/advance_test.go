package index

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestPageHighlightsAsAll checks that the hits of a page (rank.go's
// fastPage, whose second search advances the query to each hit) have the
// highlights that the same turns have when every hit is asked for, for
// queries of required and optional words, where bleve's boolean searcher
// lost the optional words' locations (advance.go). Found by review: the
// page of "+turn:<=20 trust" showed a turn with "trust" and no highlight.
func TestPageHighlightsAsAll(t *testing.T) {
	p := newProject(t)
	var lines []string
	for i := 1; i <= 60; i++ {
		w := []string{"alpha beta"}
		if i%3 == 0 {
			w = append(w, "we trust them")
		}
		if i%4 == 0 {
			w = append(w, "support")
		}
		if i%5 == 0 {
			w = append(w, "gamma")
		}
		lines = append(lines, fmt.Sprintf("%c: %s", 'A'+i%2, strings.Join(w, " ")))
	}
	writeSource(t, p, "P01", "P01", turnsOf(lines...))
	writeSource(t, p, "P02", "P02", turnsOf(lines[10:]...))
	ix := syncMem(t, p)
	checked, optional := 0, 0
	for _, q := range []string{"+turn:<=20 trust", "+alpha trust", "+support trust", "+alpha trust support -gamma", `+beta "we trust" gamma`, "+turn:>5 +alpha trust^2 support"} {
		all := map[string][]Span{}
		for _, h := range find(t, ix, Query{Text: q, Limit: 0}).Hits {
			all[h.Ref] = h.Highlights
		}
		for _, limit := range []int{1, 3, 7, 10} {
			for offset := 0; offset < 40; offset += limit {
				res := find(t, ix, Query{Text: q, Limit: limit, Offset: offset})
				for _, h := range res.Hits {
					if !reflect.DeepEqual(h.Highlights, all[h.Ref]) {
						t.Errorf("%q limit %d offset %d: %s %q highlights %v, all hits %v", q, limit, offset, h.Ref, h.Text, h.Highlights, all[h.Ref])
					}
					checked++
					if strings.Contains(h.Text, "trust") {
						optional++
					}
				}
			}
		}
	}
	if checked < 500 || optional < 100 {
		t.Errorf("%d hits checked, %d with trust", checked, optional)
	}
}
