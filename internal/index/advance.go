package index

import (
	"context"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// The optional words of a page's hits
//
// A searcher's Advance(ID) moves it to its first match at or after ID,
// from where it stands; a searcher already at ID stays there. bleve's
// BooleanSearcher, advanced past its current match to a turn where its
// optional clause (should) already stands, advances that clause again all
// the same (search_boolean.go, Advance, bleve v2.6.3): the clause moves
// past the turn, and the turn's match loses the clause's term locations.
// The turn still matches (its required clause holds) and its score is
// not used there, but its optional words go unhighlighted.
//
// The page's second search (rank.go, fastPage) advances the query to each
// turn of the page: so with a query of required and optional words
// (+support trust, +turn:<=10 trust), some hits of a page lost the
// highlights of their optional words, depending on where the documents lay
// in the index. pageQuery gives that search's booleans with both clauses
// an optional clause that stays where it stands when advanced to a turn
// at or before it (stayingSearcher). The first search, which ranks, moves
// its top searcher with Next alone, which bleve's boolean gets right; so
// do the long turns' highlights (long.go, fetch), whose query has no
// boolean left in it (highlightQuery).

// pageQuery returns q with the optional clause of each boolean query that
// also has a required one made a stayingQuery; q is not changed.
func pageQuery(q query.Query) query.Query {
	return mapQuery(q, func(q query.Query) query.Query {
		if b, ok := q.(*query.BooleanQuery); ok && b.Must != nil && b.Should != nil {
			b.Should = stayingQuery{b.Should} // b is mapQuery's copy
		}
		return q
	})
}

// stayingQuery is a query searched by a stayingSearcher.
type stayingQuery struct{ query.Query }

func (q stayingQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	if _, none := s.(*searcher.MatchNoneSearcher); none {
		return s, nil // the boolean leaves out a clause that matches nothing
	}
	return &stayingSearcher{Searcher: s}, nil
}

// stayingSearcher is a searcher whose Advance to a turn at or before its
// current match returns that match again. It keeps its searcher's current
// match and hands out copies, since whoever receives a match may give it
// back to the pool, to be reused, before advancing.
type stayingSearcher struct {
	search.Searcher
	cur *search.DocumentMatch // nil before the first match and after the last
}

func (s *stayingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	s.drop(ctx)
	var err error
	if s.cur, err = s.Searcher.Next(ctx); err != nil || s.cur == nil {
		return nil, err
	}
	return copyMatch(ctx, s.cur), nil
}

func (s *stayingSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if s.cur != nil && s.cur.IndexInternalID.Compare(id) >= 0 {
		return copyMatch(ctx, s.cur), nil
	}
	s.drop(ctx)
	var err error
	if s.cur, err = s.Searcher.Advance(ctx, id); err != nil || s.cur == nil {
		return nil, err
	}
	return copyMatch(ctx, s.cur), nil
}

func (s *stayingSearcher) drop(ctx *search.SearchContext) {
	if s.cur != nil {
		ctx.DocumentMatchPool.Put(s.cur)
		s.cur = nil
	}
}

// DocumentMatchPoolSize counts the match kept.
func (s *stayingSearcher) DocumentMatchPoolSize() int { return s.Searcher.DocumentMatchPoolSize() + 1 }

// copyMatch is a copy of m from the pool: what a searcher's match holds
// (its document, score, explanation and term locations).
func copyMatch(ctx *search.SearchContext, m *search.DocumentMatch) *search.DocumentMatch {
	c := ctx.DocumentMatchPool.Get()
	c.IndexInternalID = append(c.IndexInternalID[:0], m.IndexInternalID...)
	c.Score, c.Expl, c.HitNumber = m.Score, m.Expl, m.HitNumber
	c.FieldTermLocations = append(c.FieldTermLocations[:0], m.FieldTermLocations...)
	for i := range c.FieldTermLocations {
		l := &c.FieldTermLocations[i].Location
		l.ArrayPositions = slices.Clone(l.ArrayPositions)
	}
	if m.Locations != nil {
		c.Locations = make(search.FieldTermLocationMap, len(m.Locations))
		for f, tlm := range m.Locations {
			ct := make(search.TermLocationMap, len(tlm))
			for term, ls := range tlm {
				cls := make(search.Locations, len(ls))
				for i, l := range ls {
					cl := *l
					cl.ArrayPositions = slices.Clone(l.ArrayPositions)
					cls[i] = &cl
				}
				ct[term] = cls
			}
			c.Locations[f] = ct
		}
	}
	if m.ScoreBreakdown != nil {
		c.ScoreBreakdown = maps.Clone(m.ScoreBreakdown)
	}
	c.Descendants = append(c.Descendants[:0], m.Descendants...)
	return c
}
