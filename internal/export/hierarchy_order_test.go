package export

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// TestBuildSameForAnyInputOrder gives Build the same codings sorted and
// reversed. Two coders coded the same span with different quotes (one
// quote stale), so the exemplar depends on which comes first: Build must
// sort what it is given (it skips the sort only when the codings are
// already in coding.Sort's order).
func TestBuildSameForAnyInputOrder(t *testing.T) {
	cb := codebook.New()
	cb.Codes = append(cb.Codes, &codebook.Code{Name: "Trust"})
	cs := []coding.Coding{
		{ID: "a1", Code: "Trust", Source: "P1", Turn: 1, Start: 0, End: 5, Quote: "We met", Coder: "alice"},
		{ID: "b1", Code: "Trust", Source: "P1", Turn: 1, Start: 0, End: 5, Quote: "We mat", Coder: "bob"},
		{ID: "b2", Code: "Trust", Source: "P2", Turn: 3, Start: 2, End: 9, Quote: "showed", Coder: "bob"},
	}
	render := func(cs []coding.Coding) string {
		b, err := json.Marshal(Build(Input{Codebook: cb, Codings: cs}, Options{Exemplars: 3}))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	sorted := slices.Clone(cs)
	coding.Sort(sorted)
	reversed := slices.Clone(sorted)
	slices.Reverse(reversed)
	want := render(sorted)
	if got := render(reversed); got != want {
		t.Errorf("Build of reversed codings:\n%s\nwant (sorted)\n%s", got, want)
	}
	if !slices.Equal(reversed, func() []coding.Coding { r := slices.Clone(sorted); slices.Reverse(r); return r }()) {
		t.Error("Build changed the slice it was given")
	}
}
