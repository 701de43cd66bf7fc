package index

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Exact phrases
//
// bleve's PhraseSearcher finds the turns that have every word of a
// phrase (a conjunction of term searchers with their locations), then,
// for each of them, turns the locations into a map of maps
// (DocumentMatch.Complete) and walks it for paths of adjacent positions.
// A phrase of common words has thousands of candidates ("warm handoff":
// 10,350 at a thousand interviews), and the maps were a quarter of such a
// search. exactPhraseQuery does the same search for the phrases that the
// query string makes (one term at each position, no fuzziness): the same
// term searchers and conjunction, so the same matches and scores, and the
// adjacency checked on the conjunction's list of locations, without maps.
// A turn matches when, for some location of the phrase's first term, each
// next term has a location at the next position (in the same array
// position); its locations are those of the matching runs, as bleve's. Any
// other phrase is left to bleve. TestExactPhraseAsBleve compares the two.

// exactPhraseQuery is a MatchPhraseQuery searched by exactPhraseSearcher.
type exactPhraseQuery struct {
	*query.MatchPhraseQuery
}

// exactPhrases returns q with its phrase queries on the text made
// exactPhraseQuery; q itself is not changed.
func exactPhrases(q query.Query) query.Query {
	return mapQuery(q, func(q query.Query) query.Query {
		if p, ok := q.(*query.MatchPhraseQuery); ok && isTextField(p.FieldVal) && p.Fuzziness == 0 {
			return exactPhraseQuery{p}
		}
		return q
	})
}

// mapQuery returns q with f applied to each of its queries, innermost
// first: the clauses of boolean and filtered queries and the parts of
// conjunctions and disjunctions are mapped, in copies of their queries, before the query
// that holds them. q itself is not changed.
func mapQuery(q query.Query, f func(query.Query) query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		c := *q
		for _, sub := range []*query.Query{&c.Must, &c.Should, &c.MustNot, &c.Filter} {
			if *sub != nil {
				*sub = mapQuery(*sub, f)
			}
		}
		return f(&c)
	case *query.ConjunctionQuery:
		c := *q
		c.Conjuncts = mapQueries(q.Conjuncts, f)
		return f(&c)
	case *query.DisjunctionQuery:
		c := *q
		c.Disjuncts = mapQueries(q.Disjuncts, f)
		return f(&c)
	case normQuery: // filter.go
		return f(normQuery{mapQuery(q.Query, f)})
	case filteredQuery: // filter.go
		for _, sub := range []*query.Query{&q.Main, &q.Filter, &q.Exclude} {
			if *sub != nil {
				*sub = mapQuery(*sub, f)
			}
		}
		return f(q)
	}
	return f(q)
}

// mapQueries is mapQuery of each of qs, in a new slice.
func mapQueries(qs []query.Query, f func(query.Query) query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, sub := range qs {
		out[i] = mapQuery(sub, f)
	}
	return out
}

// Searcher is an exactPhraseSearcher, or bleve's own searcher for a
// phrase that is not a plain sequence of terms.
func (q exactPhraseQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	terms, field, ok := q.plainTerms(ctx, m)
	if !ok {
		return q.MatchPhraseQuery.Searcher(ctx, i, m, options)
	}
	boost := q.BoostVal.Value()
	options.IncludeTermVectors = true
	var ts []search.Searcher
	closeAll := func() {
		for _, s := range ts {
			_ = s.Close()
		}
	}
	for _, t := range terms {
		s, err := searcher.NewTermSearcher(ctx, i, t, field, boost, options)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("phrase searcher error building term searcher: %v", err)
		}
		ts = append(ts, s)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, i, ts, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("phrase searcher error building conjunction searcher: %v", err)
	}
	// As PhraseSearcher.computeQueryNorm.
	must.SetQueryNorm(1.0 / math.Sqrt(must.Weight()))
	return &exactPhraseSearcher{must: must, field: field, terms: terms}, nil
}

// plainTerms analyses the phrase as MatchPhraseQuery.Searcher does; ok is
// false unless it is two or more terms, one at each position, with no
// synonyms. (exactPhrases took only phrases without fuzziness; the query
// string never sets a phrase's automatic fuzziness.)
func (q exactPhraseQuery) plainTerms(ctx context.Context, m mapping.IndexMapping) (terms []string, field string, ok bool) {
	if ctx != nil && ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return nil, "", false
	}
	tokens, field, ok := analyzeFor(m, q.FieldVal, q.Analyzer, q.MatchPhrase)
	if !ok || len(tokens) < 2 {
		return nil, "", false
	}
	first := tokens[0].Position
	for i, t := range tokens {
		if t.Position != first+i || len(t.Term) == 0 {
			return nil, "", false
		}
		terms = append(terms, string(t.Term))
	}
	return terms, field, true
}

// analyzeFor is text analysed as bleve's match and phrase queries analyse
// it (MatchQuery.Searcher): by analyzer, or else by the analyzer of field,
// the mapping's default search field when field is empty. ok is false
// when there is no such analyzer (the query's own searcher then gives
// the error).
func analyzeFor(m mapping.IndexMapping, field, analyzer, text string) (tokens analysis.TokenStream, f string, ok bool) {
	if field == "" {
		field = m.DefaultSearchField()
	}
	if analyzer == "" {
		analyzer = m.AnalyzerNameForPath(field)
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil, field, false
	}
	return a.Analyze([]byte(text)), field, true
}

// exactPhraseSearcher is bleve's PhraseSearcher for a plain sequence of
// terms, without its maps.
type exactPhraseSearcher struct {
	must  search.Searcher
	field string
	terms []string
	// curr is the conjunction's current match; started once it was asked
	// for the first one.
	curr    *search.DocumentMatch
	started bool
	scratch []search.FieldTermLocation
}

func (s *exactPhraseSearcher) advance(ctx *search.SearchContext) (err error) {
	if s.curr != nil {
		ctx.DocumentMatchPool.Put(s.curr)
	}
	s.curr, err = s.must.Next(ctx)
	return err
}

func (s *exactPhraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		s.started = true
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
	}
	for s.curr != nil {
		var rv *search.DocumentMatch
		if s.check(s.curr) {
			rv, s.curr = s.curr, nil
		}
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		if rv != nil {
			return rv, nil
		}
	}
	return nil, nil
}

func (s *exactPhraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		s.started = true
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
	}
	if s.curr != nil {
		if s.curr.IndexInternalID.Compare(id) >= 0 {
			return s.Next(ctx)
		}
		ctx.DocumentMatchPool.Put(s.curr)
	}
	if s.curr == nil {
		return nil, nil
	}
	var err error
	s.curr, err = s.must.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

// check reports whether the match has the phrase, and keeps in it the
// locations of the runs of the phrase's terms at adjacent positions.
func (s *exactPhraseSearcher) check(dm *search.DocumentMatch) bool {
	locs := dm.FieldTermLocations
	for f, tlm := range dm.Locations { // none from the term searchers, but allowed for
		for term, ls := range tlm {
			for _, l := range ls {
				locs = append(locs, search.FieldTermLocation{Field: f, Term: term, Location: *l})
			}
		}
	}
	out := s.scratch[:0]
	for i := range locs {
		l0 := &locs[i]
		if l0.Field != s.field || l0.Term != s.terms[0] {
			continue
		}
		run := len(out)
		out = append(out, *l0)
		for j := 1; j < len(s.terms); j++ {
			k := slices.IndexFunc(locs, func(l search.FieldTermLocation) bool {
				return l.Field == s.field && l.Term == s.terms[j] && l.Location.Pos == l0.Location.Pos+uint64(j) &&
					slices.Equal(l.Location.ArrayPositions, l0.Location.ArrayPositions)
			})
			if k < 0 {
				out = out[:run]
				break
			}
			out = append(out, locs[k])
		}
	}
	s.scratch = out
	if len(out) == 0 {
		return false
	}
	dm.Locations = nil
	dm.FieldTermLocations = append(dm.FieldTermLocations[:0], out...)
	return true
}

func (s *exactPhraseSearcher) Close() error               { return s.must.Close() }
func (s *exactPhraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *exactPhraseSearcher) SetQueryNorm(qnorm float64) { s.must.SetQueryNorm(qnorm) }
func (s *exactPhraseSearcher) Count() uint64              { return s.must.Count() }
func (s *exactPhraseSearcher) Min() int                   { return 0 }
func (s *exactPhraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *exactPhraseSearcher) Size() int                  { return s.must.Size() }
