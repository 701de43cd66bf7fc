package coding

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestMergeSameAsSort: Merge gives what sorting the concatenation gives,
// for sorted runs, unsorted runs, empty runs and ties between runs.
func TestMergeSameAsSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		runs := make([][]Coding, r.IntN(6))
		for i := range runs {
			run := make([]Coding, r.IntN(20))
			for j := range run {
				run[j] = Coding{
					ID: fmt.Sprint(r.IntN(4)), Code: fmt.Sprint(r.IntN(3)), Source: fmt.Sprint("P", r.IntN(3)),
					Turn: r.IntN(3), Start: r.IntN(3), End: r.IntN(3), Coder: []string{"alice", "bob"}[r.IntN(2)],
					Quote: fmt.Sprint(trial, i, j), Created: time.Unix(int64(j), 0),
				}
			}
			if r.IntN(4) > 0 {
				Sort(run)
			}
			runs[i] = run
		}
		var want []Coding
		for _, run := range runs {
			want = append(want, run...)
		}
		Sort(want)
		if got := MergeSorted(runs); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: Merge differs from Sort\ngot  %v\nwant %v", trial, got, want)
		}
	}
}
