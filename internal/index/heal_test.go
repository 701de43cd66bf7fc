package index

import (
	"errors"
	"strings"
	"testing"
)

// TestSearchHealing: a search that fails for any reason but the query is
// run again once after a rebuild, with a notice naming what happened; a
// query error is returned as it is, without a rebuild.
func TestSearchHealing(t *testing.T) {
	p := genCorpus(t, 2, 20)
	ix, _ := syncDisk(t, p, false)
	want, err := ix.Search(Query{Text: "peer", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		first   error
		notice  string // "" when no rebuild is wanted
		wantErr bool
	}{
		{"works", nil, "", false},
		{"damaged", damaged("a segment cannot be read"), "the search index was damaged (", false},
		{"stale", &StaleError{Ref: "G1#3", Reason: "has changed since it was indexed"}, "the search index was out of date (", false},
		{"query", &QueryError{Query: "(", Err: errors.New("syntax error")}, "", true},
	} {
		calls := 0
		res, notice, err := ix.SearchHealing(p, func() (*Result, error) {
			calls++
			if calls == 1 && tc.first != nil {
				return nil, tc.first
			}
			return ix.Search(Query{Text: "peer", Limit: 5})
		})
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: error %v", tc.name, err)
		}
		rebuilt := tc.notice != ""
		if wantCalls := map[bool]int{false: 1, true: 2}[rebuilt]; calls != wantCalls {
			t.Errorf("%s: searched %d times, want %d", tc.name, calls, wantCalls)
		}
		if !strings.HasPrefix(notice, tc.notice) || (notice == "") != !rebuilt {
			t.Errorf("%s: notice %q, want one starting %q", tc.name, notice, tc.notice)
		}
		if !tc.wantErr && (res == nil || res.Total != want.Total || len(res.Hits) != len(want.Hits)) {
			t.Errorf("%s: result %+v, want %d hits of %d", tc.name, res, len(want.Hits), want.Total)
		}
	}
}
