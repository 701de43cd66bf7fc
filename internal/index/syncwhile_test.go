package index

import (
	"os"
	"slices"
	"testing"
	"time"
)

// TestSyncWhile checks that a search run while Sync compares the project
// with the index (SyncWhile) is reported fresh only when Sync left the
// index as the search saw it: with an index up to date its answer is
// Search's; after a source was changed, added or removed, or with no
// index yet, it is not fresh, and a search afterwards sees the change.
// SyncWith, with the stats begun before the index is opened, the way the
// search command calls it, is held to the same.
func TestSyncWhile(t *testing.T) {
	t.Run("SyncWhile", func(t *testing.T) { testSyncWhile(t, false) })
	t.Run("SyncWith", func(t *testing.T) { testSyncWhile(t, true) })
}

func testSyncWhile(t *testing.T, early bool) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	refsOf := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.Ref+" "+h.Text)
		}
		slices.Sort(out)
		return out
	}
	syncWhile := func(q string) (*Index, SyncStats, bool, *Result) {
		t.Helper()
		var scan *Scan
		if early {
			scan = StartScan(p)
		}
		ix, err := Open(indexDir(p), Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		var res *Result
		var serr error
		var st SyncStats
		var fresh bool
		if early {
			st, fresh, err = ix.SyncWith(scan, func() { res, serr = ix.Search(Query{Text: q}) })
		} else {
			st, fresh, err = ix.SyncWhile(p, func() { res, serr = ix.Search(Query{Text: q}) })
		}
		if err != nil || serr != nil && fresh {
			t.Fatalf("SyncWhile: %v, search: %v", err, serr)
		}
		return ix, st, fresh, res
	}

	ix, st, fresh, res := syncWhile("staff")
	if !fresh || st.Added+st.Updated+st.Removed != 0 {
		t.Errorf("up to date: fresh %v, %+v", fresh, st)
	}
	if want := refsOf(find(t, ix, Query{Text: "staff"})); !slices.Equal(refsOf(res), want) || len(want) < 3 {
		t.Errorf("fresh search %v, Search %v", refsOf(res), want)
	}

	for _, change := range []struct {
		name, query, want string
		do                func()
	}{
		{"changed", "zebra", "P10#2 A zebra was kind.", func() {
			writeSource(t, p, "P10", "Cy", turnsOf("Interviewer: What about the staff?", "Cy: A zebra was kind."))
		}},
		{"added", "okapi", "P3#1 An okapi.", func() { writeSource(t, p, "P3", "Dee", turnsOf("Dee: An okapi.")) }},
		{"removed", "okapi", "", func() { removeSource(t, p, "P3") }},
	} {
		change.do()
		ix, st, fresh, _ := syncWhile(change.query)
		if fresh || st.Added+st.Updated+st.Removed != 1 {
			t.Errorf("%s: fresh %v, %+v", change.name, fresh, st)
		}
		got := refsOf(find(t, ix, Query{Text: change.query}))
		if want := []string{change.want}; change.want == "" && len(got) != 0 || change.want != "" && !slices.Equal(got, want) {
			t.Errorf("%s: then %q finds %v, want %q", change.name, change.query, got, change.want)
		}
	}

	if err := os.RemoveAll(indexDir(p)); err != nil {
		t.Fatal(err)
	}
	_, st, fresh, _ = syncWhile("staff")
	if fresh || !st.Rebuilt {
		t.Errorf("no index: fresh %v, %+v", fresh, st)
	}
}
