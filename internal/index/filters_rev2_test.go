package index

import "testing"

// TestFilterWordsMatchingNothing: words whose analysis leaves no term
// ("—", "...") match no turn; with a filter they must still match none.
// bleve's BooleanQuery drops a Must whose searcher is a MatchNoneSearcher;
// with Must the words' query itself (b.Must = main) rather than a
// conjunction of it (AddMust), a filter alone remains, over every turn.
func TestFilterWordsMatchingNothing(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, text := range []string{"—", "...", "+—"} {
		if r := find(t, ix, Query{Text: text}); r.Total != 0 {
			t.Fatalf("%q: %d hits without a filter", text, r.Total)
		}
		for _, q := range []Query{
			{Text: text, Speakers: []string{"Interviewer"}},
			{Text: text, Participants: []string{"Ana"}},
			{Text: text, Codes: []string{"Trust"}},
			{Text: text, Speakers: []string{"Interviewer", "Ben"}, Participants: []string{"Ana", "Ben"}},
		} {
			if r := find(t, ix, q); r.Total != 0 {
				t.Errorf("%+v: %d hits %v, want none (as without the filter)", q, r.Total, refs(r))
			}
		}
	}
}
