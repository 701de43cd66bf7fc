package index

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
)

func memoFixture() []coding.Memo {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	return []coding.Memo{
		{ID: "m1", Type: coding.MemoAnalytic, Author: "alice", Created: day(1), Body: "A warm handoff to the nurse builds trusting ties."},
		{ID: "m2", Type: coding.MemoReflexive, Author: "bob", Created: day(2), Body: "Warm coffee first, and only then a handoff.\nI can’t say it was planned."},
		{ID: "m3", Type: coding.MemoMethodological, Author: "alice", Created: day(3), Body: "Trust is the word P03 uses; I can't read it otherwise.",
			Target: coding.Target{Kind: coding.TargetCode, Name: "Showing up"}, Targets: []coding.Target{{Kind: coding.TargetRef, Name: "P03#4"}}},
		{ID: "m4", Author: "bob", Created: day(4), Body: "Nothing about that here: forms, waiting lists, fonctionnalité."},
	}
}

func memoIDs(r *MemoResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Memo)
	}
	slices.Sort(out)
	return out
}

func TestSearchMemosSemantics(t *testing.T) {
	ms := memoFixture()
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{`"warm handoff"`, []string{"m1"}},       // adjacent words only, not m2's "warm coffee ... handoff"
		{`warm handoff`, []string{"m1", "m2"}},   // either word
		{`+warm +coffee`, []string{"m2"}},        // both
		{`trust`, []string{"m1", "m3"}},          // trusting and Trust share the stem
		{`trusting`, []string{"m1", "m3"}},       // and the other way round
		{`can't`, []string{"m2", "m3"}},          // can’t with a typographic apostrophe too
		{`can’t`, []string{"m2", "m3"}},          // and the other way round
		{`fonctionnalite`, []string{"m4"}},       // accents folded
		{`warm -handoff`, nil},                   // m1 and m2 both say handoff
		{`text:"waiting lists"`, []string{"m4"}}, // the text field named
		{`nurs*`, []string{"m1"}},                // prefix
		{``, []string{"m1", "m2", "m3", "m4"}},   // every memo
	} {
		r, err := SearchMemos(ms, MemoQuery{Text: tc.query})
		if err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		if got := memoIDs(r); !slices.Equal(got, tc.want) || r.Total != uint64(len(tc.want)) {
			t.Errorf("%s: memos %v (total %d), want %v", tc.query, got, r.Total, tc.want)
		}
	}
}

func TestSearchMemosHits(t *testing.T) {
	r, err := SearchMemos(memoFixture(), MemoQuery{Text: `"warm handoff" trust`})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 2 || r.Hits[0].Memo != "m1" {
		t.Fatalf("hits %+v, want m1 first", r.Hits)
	}
	h := r.Hits[0]
	text := []rune(h.Text)
	var words []string
	for _, s := range h.Highlights {
		words = append(words, string(text[s.Start:s.End]))
	}
	if !slices.Equal(words, []string{"warm", "handoff", "trusting"}) {
		t.Errorf("highlighted %q", words)
	}
	if h.Type != coding.MemoAnalytic || h.Author != "alice" || !slices.Equal(h.Targets, []string{"project"}) {
		t.Errorf("hit %+v", h)
	}
	r, err = SearchMemos(memoFixture(), MemoQuery{Text: "trust"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if h.Memo == "m3" && !slices.Equal(h.Targets, []string{"code Showing up", "ref P03#4"}) {
			t.Errorf("targets %q", h.Targets)
		}
	}
	// By score first: m2 has all three words, m1 (older) two.
	r, err = SearchMemos(memoFixture(), MemoQuery{Text: "warm coffee handoff"})
	if err != nil || len(r.Hits) != 2 || r.Hits[0].Memo != "m2" {
		t.Errorf("hits %+v, %v; want m2 first", r.Hits, err)
	}
	// Paging: ties are ordered by time, then id.
	all, _ := SearchMemos(memoFixture(), MemoQuery{})
	page, _ := SearchMemos(memoFixture(), MemoQuery{Limit: 2, Offset: 1})
	if page.Total != 4 || len(page.Hits) != 2 || page.Hits[0].Memo != all.Hits[1].Memo || all.Hits[0].Memo != "m1" {
		t.Errorf("page %+v of %+v", page.Hits, all.Hits)
	}
}

func TestSearchMemosRefusesTurnFields(t *testing.T) {
	for _, q := range []string{`speaker:Interviewer`, `trust +codes:"Showing up"`, `nosuch:field`, `"unclosed`} {
		_, err := SearchMemos(memoFixture(), MemoQuery{Text: q})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%s: error %v, want a *QueryError", q, err)
		}
	}
}
