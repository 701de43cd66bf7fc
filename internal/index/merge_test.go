package index

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// genSegments is the number of segments of the generation that the index
// of p names, opened on its own.
func genSegments(t *testing.T, ix *Index) int {
	t.Helper()
	r, err := openGen(ix.genPath(ix.gen), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := segmentCount(r)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Many incremental syncs, each adding or changing a source, leave a
// bounded number of segments, and find what a rebuild finds, in the same
// order and with the same scores.
func TestSegmentsBounded(t *testing.T) {
	// scorch's own merger merges small segments while the writer is
	// open, but not all of them in time: with a bound of one segment, the
	// merge after the update is what keeps it.
	defer func(n int) { maxSegments = n }(maxSegments)
	maxSegments = 1
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	most := 0
	for i := range 30 {
		id := fmt.Sprintf("Q%d", i)
		writeSource(t, p, id, "Ana", turnsOf(
			"Interviewer: Who did you trust?",
			fmt.Sprintf("Ana: The warm handoff, number %d, and peer support.", i),
		))
		if i%3 == 2 {
			// A change to an older source too: deletions in old segments.
			writeSource(t, p, fmt.Sprintf("Q%d", i-2), "Ben", turnsOf("Ben: trust again "+id))
		}
		ix, st := openSync(t, p)
		if st.Added+st.Updated == 0 {
			t.Fatalf("sync %d changed nothing: %+v", i, st)
		}
		n := genSegments(t, ix)
		most = max(most, n)
		ix.Close()
	}
	if most > maxSegments {
		t.Errorf("up to %d segments after an update, want at most %d", most, maxSegments)
	}
	queries := []Query{
		{Text: "trust", Limit: 10},
		{Text: `"warm handoff"`, Limit: 0},
		{Text: "+peer -trust", Limit: 5},
		{Text: "", Participants: []string{"Ben"}, Limit: 0},
	}
	ix, _ = openSync(t, p)
	var got []*Result
	for _, q := range queries {
		got = append(got, find(t, ix, q))
	}
	ix.Close()
	mem := syncMem(t, p)
	for i, q := range queries {
		if want := find(t, mem, q); !reflect.DeepEqual(got[i], want) {
			t.Errorf("%+v after merges:\n%+v\nin one build:\n%+v", q, got[i], want)
		}
	}
}
