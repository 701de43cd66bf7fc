package index

import (
	"context"
	"math"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// filteredQuery is Main restricted to the turns Filter matches (nil: no
// restriction), without those Exclude matches (nil: none), with Main's
// scores: what bleve's boolean query with Main as its must clause, Filter
// as its filter and Exclude as its must-not clause finds.
//
// bleve's boolean passes each match of Main through three searchers: a
// boolean searcher, which scores it again, the conjunction its must
// clause becomes, which scores it once more, and a filtering searcher. A
// word that matches fifteen thousand turns spent a third of a filtered
// search there. filteredQuery's searcher hands Main's matches on as they
// are, once Filter and Exclude, searched unscored, have been advanced to
// them.
type filteredQuery struct {
	Main, Filter, Exclude query.Query
}

// Searcher returns a filteringSearcher, or Main's searcher when Main
// matches nothing.
//
// When Main is a boolean query of words and excluded words
// (splitExclusion), its words are Main and the excluded words join
// Exclude, unless its words' searcher matches nothing (a required word
// with no word in it, "+."): bleve then leaves that clause out, and Main is
// searched whole, as bleve would.
func (q filteredQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	main, exclude, err := q.mainSearcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	if _, none := main.(*searcher.MatchNoneSearcher); none {
		return main, nil
	}
	fs := &filteringSearcher{Searcher: main}
	unscoredOptions := search.SearcherOptions{Score: "none"}
	for _, c := range []struct {
		q query.Query
		s **clauseSearcher
	}{{q.Filter, &fs.filter}, {exclude, &fs.exclude}} {
		if c.q == nil {
			continue
		}
		s, err := c.q.Searcher(ctx, i, m, unscoredOptions)
		if err != nil {
			_ = fs.Close()
			return nil, err
		}
		*c.s = &clauseSearcher{s: s}
	}
	return fs, nil
}

// mainSearcher is the searcher of Main's words and the exclusion to apply
// (see Searcher).
func (q filteredQuery) mainSearcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, query.Query, error) {
	if words, excluded := splitExclusion(q.Main); excluded != nil {
		s, err := leanQuery(words).Searcher(ctx, i, m, options)
		if err != nil {
			return nil, nil, err
		}
		if _, none := s.(*searcher.MatchNoneSearcher); !none {
			if q.Exclude != nil {
				excluded = query.NewDisjunctionQuery([]query.Query{q.Exclude, excluded})
			}
			return s, excluded, nil
		}
		_ = s.Close()
	}
	s, err := q.Main.Searcher(ctx, i, m, options)
	return s, q.Exclude, err
}

// filteringSearcher is the searcher of a filteredQuery: its Searcher's
// matches that filter matches (when not nil) and exclude does not.
type filteringSearcher struct {
	search.Searcher
	filter, exclude *clauseSearcher
}

var reflectStaticSizeFilteringSearcher = int(reflect.TypeFor[filteringSearcher]().Size())

func (s *filteringSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	return s.pass(ctx, d, err)
}

func (s *filteringSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	return s.pass(ctx, d, err)
}

// pass returns d, or the first match after it, that the clauses let
// through.
func (s *filteringSearcher) pass(ctx *search.SearchContext, d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for d != nil && err == nil {
		var ok bool
		if ok, err = s.accepts(ctx, d.IndexInternalID); ok || err != nil {
			break
		}
		ctx.DocumentMatchPool.Put(d)
		d, err = s.Searcher.Next(ctx)
	}
	if err != nil {
		if d != nil {
			ctx.DocumentMatchPool.Put(d)
		}
		return nil, err
	}
	return d, nil
}

// accepts reports whether the turn id passes: matched by the filter,
// not by the exclusion. The ids asked about only grow, as the main
// searcher's matches do.
func (s *filteringSearcher) accepts(ctx *search.SearchContext, id bleveindex.IndexInternalID) (bool, error) {
	if s.filter != nil {
		in, err := s.filter.has(ctx, id)
		if err != nil || !in {
			return false, err
		}
	}
	if s.exclude != nil {
		out, err := s.exclude.has(ctx, id)
		if err != nil || out {
			return false, err
		}
	}
	return true, nil
}

func (s *filteringSearcher) Close() error {
	err := s.Searcher.Close()
	for _, c := range []*clauseSearcher{s.filter, s.exclude} {
		if c != nil {
			if cerr := c.s.Close(); err == nil {
				err = cerr
			}
		}
	}
	return err
}

func (s *filteringSearcher) Size() int {
	n := reflectStaticSizeFilteringSearcher + s.Searcher.Size()
	for _, c := range []*clauseSearcher{s.filter, s.exclude} {
		if c != nil {
			n += c.s.Size()
		}
	}
	return n
}

// DocumentMatchPoolSize counts the clauses' matches too: they are taken
// from the same pool.
func (s *filteringSearcher) DocumentMatchPoolSize() int {
	n := s.Searcher.DocumentMatchPoolSize()
	for _, c := range []*clauseSearcher{s.filter, s.exclude} {
		if c != nil {
			n += c.s.DocumentMatchPoolSize()
		}
	}
	return n
}

// clauseSearcher answers whether a clause matches turns asked about in
// increasing order, advancing its searcher no further than needed.
type clauseSearcher struct {
	s       search.Searcher
	cur     *search.DocumentMatch // the match at or after the last id asked about
	started bool
}

// has reports whether the clause matches id, which is no smaller than the
// ids asked about before.
func (c *clauseSearcher) has(ctx *search.SearchContext, id bleveindex.IndexInternalID) (bool, error) {
	if c.started && c.cur == nil {
		return false, nil // exhausted
	}
	if !c.started || c.cur.IndexInternalID.Compare(id) < 0 {
		if c.cur != nil {
			ctx.DocumentMatchPool.Put(c.cur)
		}
		c.started = true
		var err error
		if c.cur, err = c.s.Advance(ctx, id); err != nil {
			c.cur = nil
			return false, err
		}
		if c.cur == nil {
			return false, nil
		}
	}
	return c.cur.IndexInternalID.Equals(id), nil
}

// splitExclusion returns a boolean query of required words and excluded
// ones (+relapse -detox), or of optional words and excluded ones (trust
// -detox), as the words' query and the exclusion: a filteredQuery of the
// two finds what the boolean finds, with the same scores (bleve's boolean
// searcher scores a match of its one scored clause as that clause does).
// Any other query is returned as it is, with a nil exclusion.
func splitExclusion(q query.Query) (main, exclude query.Query) {
	b, ok := q.(*query.BooleanQuery)
	if !ok || b.MustNot == nil || b.Filter != nil {
		return q, nil
	}
	should := b.Should
	if d, ok := should.(*query.DisjunctionQuery); ok && len(d.Disjuncts) == 0 {
		should = nil
	}
	switch {
	case b.Must != nil && should == nil:
		main = b.Must
	case b.Must == nil && should != nil:
		main = should
	default:
		return q, nil
	}
	return main, onePart(b.MustNot)
}

// onePart is q, or its one part when q is a conjunction or disjunction of
// one query: the same turns, through a searcher fewer. Only for a query
// whose scores nothing reads.
func onePart(q query.Query) query.Query {
	switch c := q.(type) {
	case *query.DisjunctionQuery:
		if len(c.Disjuncts) == 1 && c.Min <= 1 {
			return onePart(c.Disjuncts[0])
		}
	case *query.ConjunctionQuery:
		if len(c.Conjuncts) == 1 {
			return onePart(c.Conjuncts[0])
		}
	}
	return q
}

// leanQuery is q without a disjunction of one query around that query
// (the query of a single word, "trust", is a boolean of one optional
// clause, a disjunction of the word's query): bleve's disjunction
// searcher would pass each match through, scored as its one part scores
// it (the coordination factor is 1/1), after setting its part's query
// norm; normQuery sets the same norm and leaves the matches alone.
func leanQuery(q query.Query) query.Query {
	switch c := q.(type) {
	case *query.BooleanQuery:
		if c.Must == nil && c.MustNot == nil && c.Filter == nil && c.Should != nil {
			if d, ok := c.Should.(*query.DisjunctionQuery); ok {
				return leanQuery(d)
			}
		}
	case *query.DisjunctionQuery:
		if len(c.Disjuncts) == 1 && c.Min <= 1 {
			return normQuery{c.Disjuncts[0]}
		}
	}
	return q
}

// normQuery is its query with the query norm that a disjunction of it
// alone would set: its searcher's matches and scores are the
// disjunction's.
type normQuery struct{ query.Query }

func (q normQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	sub := q.Query
	if mq, ok := sub.(*query.MatchQuery); ok {
		if tq := oneTerm(mq, m); tq != nil {
			sub = tq
		}
	}
	s, err := sub.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	if _, none := s.(*searcher.MatchNoneSearcher); !none {
		// As DisjunctionSliceSearcher.computeQueryNorm does.
		s.SetQueryNorm(1.0 / math.Sqrt(s.Weight()))
	}
	return s, nil
}

// oneTerm is the term query of a match query (a word of the query string)
// whose text its field's analyzer makes one term of, searched without
// fuzziness; nil for any other. bleve searches such a match as a
// disjunction of that one term (MatchQuery.Searcher), which sets the
// term's query norm as normQuery does and scores each match as the term
// does: a searcher that every hit of a word passed through for nothing.
func oneTerm(mq *query.MatchQuery, m mapping.IndexMapping) *query.TermQuery {
	plain := *mq
	plain.SetAutoFuzziness(false)
	if plain != *mq || mq.Fuzziness != 0 || mq.Operator != query.MatchQueryOperatorOr {
		return nil // fuzzy (auto or not), or every term required
	}
	tokens, field, ok := analyzeFor(m, mq.FieldVal, mq.Analyzer, mq.Match) // phrase.go
	if !ok || len(tokens) != 1 {
		return nil
	}
	tq := query.NewTermQuery(string(tokens[0].Term))
	tq.SetField(field)
	tq.SetBoost(mq.BoostVal.Value())
	return tq
}
