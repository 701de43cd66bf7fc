package index

import (
	"cmp"
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// searchKit is what a test needs to run searchers on ix's index directly.
type searchKit struct {
	t    *testing.T
	r    bleveindex.IndexReader
	m    mapping.IndexMapping
	ctx  context.Context
	sctx *search.SearchContext
}

func newSearchKit(t *testing.T, ix *Index) *searchKit {
	r := indexReader(t, ix)
	t.Cleanup(func() { r.Close() })
	return &searchKit{t, r, ix.idx.Mapping(), context.Background(),
		&search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(64, 0)}}
}

func (k *searchKit) searcher(q query.Query, o search.SearcherOptions) search.Searcher {
	s, err := q.Searcher(k.ctx, k.r, k.m, o)
	if err != nil {
		k.t.Fatal(err)
	}
	k.t.Cleanup(func() { s.Close() })
	return s
}

// ids returns the turns q matches, in order.
func (k *searchKit) ids(q query.Query, o search.SearcherOptions) []bleveindex.IndexInternalID {
	s := k.searcher(q, o)
	var out []bleveindex.IndexInternalID
	for {
		d, err := s.Next(k.sctx)
		if err != nil {
			k.t.Fatal(err)
		}
		if d == nil {
			return out
		}
		out = append(out, slices.Clone(d.IndexInternalID))
		k.sctx.DocumentMatchPool.Put(d)
	}
}

// firstFrom is the index in ids of the first turn at or after id.
func firstFrom(ids []bleveindex.IndexInternalID, id bleveindex.IndexInternalID) int {
	i, _ := slices.BinarySearchFunc(ids, id, func(a, b bleveindex.IndexInternalID) int { return a.Compare(b) })
	return i
}

// TestUnionSearcher checks termSetQuery's searcher against bleve's
// disjunction of the same terms, on terms of the text, which share turns
// (the filters' keyword terms never do): the same turns by Next, by
// Advance to every turn of the index, and along random walks of both.
func TestUnionSearcher(t *testing.T) {
	ix := filterProject(t, false)
	k := newSearchKit(t, ix)
	unscored := search.SearcherOptions{Score: "none"}
	every := k.ids(bleve.NewMatchAllQuery(), unscored)
	for _, terms := range [][]string{
		{"hope", "warm", "handoff", "shame"},
		{"shame"},
		{"warm", "nosuchword", "peer"},
		{"nosuchword"},
	} {
		var ds []query.Query
		for _, w := range terms {
			tq := bleve.NewTermQuery(w)
			tq.SetField(FieldText)
			ds = append(ds, tq)
		}
		want := k.ids(bleve.NewDisjunctionQuery(ds...), unscored)
		q := termSetQuery{Field: FieldText, Terms: terms}
		if got := k.ids(q, unscored); !slices.EqualFunc(got, want, bleveindex.IndexInternalID.Equals) {
			t.Fatalf("%v: Next gives %d turns, the disjunction %d", terms, len(got), len(want))
		}
		if len(terms) == 4 && (len(want) < 100 || len(want) > len(every)-50) {
			t.Fatalf("%v: %d of %d turns: the test needs turns in and out", terms, len(want), len(every))
		}
		for _, id := range every {
			d, err := k.searcher(q, unscored).Advance(k.sctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if i := firstFrom(want, id); i == len(want) && d != nil || i < len(want) && (d == nil || !d.IndexInternalID.Equals(want[i])) {
				t.Fatalf("%v: Advance(%x) = %v", terms, id, d)
			}
		}
		r := rand.New(rand.NewPCG(uint64(len(terms)), 3))
		for walk := 0; walk < 20; walk++ {
			s := k.searcher(q, unscored)
			pos := 0 // the index in want of the next turn Next should return
			for step := 0; step < 60 && pos <= len(want); step++ {
				var d *search.DocumentMatch
				var err error
				if r.IntN(2) == 0 {
					d, err = s.Next(k.sctx)
				} else {
					id := every[r.IntN(len(every))]
					if pos > 0 && id.Compare(want[pos-1]) <= 0 {
						id = want[pos-1] // Advance never goes back
					}
					d, err = s.Advance(k.sctx, id)
					pos = firstFrom(want, id)
				}
				if err != nil {
					t.Fatal(err)
				}
				if pos == len(want) {
					if d != nil {
						t.Fatalf("%v walk %d step %d: %x, want none", terms, walk, step, d.IndexInternalID)
					}
					break
				}
				if d == nil || !d.IndexInternalID.Equals(want[pos]) {
					t.Fatalf("%v walk %d step %d: %v, want %x", terms, walk, step, d, want[pos])
				}
				pos++
			}
		}
	}
}

// TestNormQuery checks that normQuery scores as bleve's disjunction of its
// one query does, on a bare term query (which, unlike the queries a query
// string makes, sets no query norm of its own): with the norm, a term's
// query weight is boost × idf × 1/(boost × idf), which is not exactly 1
// for every boost.
func TestNormQuery(t *testing.T) {
	ix := filterProject(t, false)
	k := newSearchKit(t, ix)
	scores := func(q query.Query) []float64 {
		s := k.searcher(q, search.SearcherOptions{})
		var out []float64
		for {
			d, err := s.Next(k.sctx)
			if err != nil {
				t.Fatal(err)
			}
			if d == nil {
				return out
			}
			out = append(out, d.Score)
			k.sctx.DocumentMatchPool.Put(d)
		}
	}
	notOne := 0
	for boost := 1; boost <= 60; boost++ {
		tq := bleve.NewTermQuery("hope")
		tq.SetField(FieldText)
		tq.SetBoost(float64(boost))
		want := scores(bleve.NewDisjunctionQuery(tq))
		if got := scores(normQuery{tq}); !slices.Equal(got, want) || len(want) < 10 {
			t.Fatalf("boost %d: scores %v, the disjunction's %v", boost, got, want)
		}
		if bare := scores(tq); !slices.Equal(bare, want) {
			notOne++ // the norm changed the scores: the case that needs it
		}
	}
	if notOne == 0 {
		t.Fatal("no boost makes the norm matter: the test shows nothing")
	}
}

// TestOneTerm checks which words normQuery searches as their one term
// (oneTerm): a plain word, boosted or not, on the text or a keyword
// field; not a fuzzy word (auto or not), nor a word the analyzer cuts in
// two or in none. TestFilteredQueryAsBoolean checks their scores.
func TestOneTerm(t *testing.T) {
	ix := filterProject(t, false)
	m := ix.idx.Mapping()
	match := func(text, field string, set func(*query.MatchQuery)) *query.MatchQuery {
		mq := bleve.NewMatchQuery(text)
		mq.SetField(field)
		if set != nil {
			set(mq)
		}
		return mq
	}
	for _, c := range []struct {
		name  string
		mq    *query.MatchQuery
		term  string // "" for none
		boost float64
	}{
		{"word", match("Relapsing", "", nil), "relaps", 1},
		{"boosted", match("hope", FieldText, func(q *query.MatchQuery) { q.SetBoost(3) }), "hope", 3},
		{"keyword", match("Jordan Lee", FieldSpeaker, nil), "Jordan Lee", 1},
		{"fuzzy", match("hope", FieldText, func(q *query.MatchQuery) { q.SetFuzziness(1) }), "", 0},
		{"auto fuzzy", match("hope", FieldText, func(q *query.MatchQuery) { q.SetAutoFuzziness(true) }), "", 0},
		{"two words", match("trust-peer", FieldText, nil), "", 0},
		{"no word", match("—", FieldText, nil), "", 0},
		{"all required", match("hope", FieldText, func(q *query.MatchQuery) { q.SetOperator(query.MatchQueryOperatorAnd) }), "", 0},
	} {
		tq := oneTerm(c.mq, m)
		switch {
		case c.term == "" && tq != nil:
			t.Errorf("%s: term %q, want none", c.name, tq.Term)
		case c.term != "" && (tq == nil || tq.Term != c.term || tq.Boost() != c.boost || tq.Field() != cmp.Or(c.mq.FieldVal, m.DefaultSearchField())):
			t.Errorf("%s: %+v, want %q boost %v", c.name, tq, c.term, c.boost)
		}
	}
	// And normQuery does search such a word as its term alone.
	k := newSearchKit(t, ix)
	if s := k.searcher(normQuery{match("hope", FieldText, nil)}, search.SearcherOptions{}); reflect.TypeOf(s) != reflect.TypeFor[*searcher.TermSearcher]() {
		t.Errorf("normQuery of a word: %T, want a term searcher", s)
	}
}
