package index

import (
	"context"
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// The turn number
//
// A document's turn field is a keyword: its turn's number in decimal,
// zero-padded to turnDigits digits (turnTerm), so that one term holds it
// and the order of the terms is the order of the numbers. (bleve would
// index a number as sixteen prefix-coded terms, a quarter of the cost of
// indexing a turn.) Its doc values order the ties of a ranking by turn.
//
// A query string's comparisons on turn (turn:17, turn:>30, turn:<=3),
// which bleve's parser makes numeric range queries, are rewritten by
// turnRange into unranked queries (unrankedQuery) of those terms: a bound
// that is not a whole number is rounded inwards (turn:>2.5 is turn:>=3),
// a bound below 0 or beyond the largest turn number is clamped, and a
// range that holds no whole number matches nothing.

// turnDigits is the width of a turn's term: more than the digits of the
// largest number of turns a manifest accepts.
const turnDigits = 16

// maxTurnNumber is the largest turn number a term can hold.
const maxTurnNumber = 1e16 - 1

// turnTerm is the term of turn number n.
func turnTerm(n int) string {
	s := strconv.Itoa(n)
	if len(s) >= turnDigits {
		return s
	}
	b := make([]byte, turnDigits-len(s), turnDigits)
	for i := range b {
		b[i] = '0'
	}
	return string(append(b, s...))
}

// turnRange is the query of a numeric range on turn: the turns from lo to
// hi (nil: unbounded), each bound inclusive or not (nil: lo inclusive, hi
// exclusive, as bleve reads them).
func turnRange(q *query.NumericRangeQuery) query.Query {
	lo, hi := 0.0, float64(maxTurnNumber)
	if q.Min != nil {
		if q.InclusiveMin == nil || *q.InclusiveMin {
			lo = math.Max(lo, math.Ceil(*q.Min))
		} else {
			lo = math.Max(lo, math.Floor(*q.Min)+1)
		}
	}
	if q.Max != nil {
		if q.InclusiveMax != nil && *q.InclusiveMax {
			hi = math.Min(hi, math.Floor(*q.Max))
		} else {
			hi = math.Min(hi, math.Ceil(*q.Max)-1)
		}
	}
	switch {
	case math.IsNaN(lo) || math.IsNaN(hi) || lo > hi:
		// No turn: the empty term of the field, not a MatchNoneQuery,
		// which bleve drops from the +must clauses of a query string
		// (so +turn:<0 +support found every support), and which names no
		// field for onlyText to refuse in a memo search.
		return turnTermQuery("")
	case lo == hi:
		return turnTermQuery(turnTerm(int(lo)))
	}
	yes := true
	r := bleve.NewTermRangeInclusiveQuery(turnTerm(int(lo)), turnTerm(int(hi)), &yes, &yes)
	r.SetField(FieldTurn)
	return unrankedQuery{r}
}

// turnTermQuery is the unranked query of one term of the turn field.
func turnTermQuery(term string) query.Query {
	t := bleve.NewTermQuery(term)
	t.SetField(FieldTurn)
	return unrankedQuery{t}
}

// An unrankedQuery matches what its query matches and does not rank it:
// every document it matches scores 0 from it, and its weight in the
// query's norm is 0, so it changes which documents are found and never
// the scores of the rest of the query. (An optional unranked clause,
// turn:>30 support, still counts as one of the clauses a document
// satisfies, as any optional clause does.) A boost on it has no effect.
//
// A comparison on turn is one (a turn's number is not a reason to rank
// it), and so is the term that keeps a long turn's leaves to its chunks
// (long.go). Its query is searched unscored: the terms of a range are
// read from the field's dictionary and their postings united as bitmaps
// (bleve's "unadorned" disjunction), so a wide range costs one pass over
// its documents, not one cursor per turn number.
type unrankedQuery struct{ q query.Query }

// Field is the field of the query, if it has one: what a check of the
// fields a query names (onlyText) reads.
func (u unrankedQuery) Field() string {
	if f, ok := u.q.(query.FieldableQuery); ok {
		return f.Field()
	}
	return ""
}

// SetField sets the field of the query, if it has one.
func (u unrankedQuery) SetField(field string) {
	if f, ok := u.q.(query.FieldableQuery); ok {
		f.SetField(field)
	}
}

// Searcher is the unranked searcher of the query.
func (u unrankedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := u.q.Searcher(ctx, r, m, search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	return unranked{s, opts.Explain}, nil
}

// unranked is a searcher whose matches score 0 and whose weight is 0.
type unranked struct {
	search.Searcher
	explain bool
}

func (u unranked) Weight() float64      { return 0 }
func (u unranked) SetQueryNorm(float64) {}

func (u unranked) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return u.unscore(u.Searcher.Next(ctx))
}

func (u unranked) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return u.unscore(u.Searcher.Advance(ctx, id))
}

func (u unranked) unscore(d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if d != nil {
		d.Score = 0
		d.Expl = nil
		if u.explain {
			d.Expl = &search.Explanation{Message: "unranked: chooses documents, does not rank them"}
		}
	}
	return d, err
}

// turnEquals is the numeric range of turn:17 (or turn:-3), which bleve's
// query string parser makes a disjunction of a match of the text "17" on
// the field and the range [17, 17]; nil for any other query. The match
// finds nothing (the terms are padded) but its weight would lower every
// score of the query, so the disjunction is replaced by the range alone.
func turnEquals(q *query.DisjunctionQuery) *query.NumericRangeQuery {
	if len(q.Disjuncts) != 2 {
		return nil
	}
	m, ok := q.Disjuncts[0].(*query.MatchQuery)
	if !ok || m.FieldVal != FieldTurn {
		return nil
	}
	r, ok := q.Disjuncts[1].(*query.NumericRangeQuery)
	if !ok || r.FieldVal != FieldTurn {
		return nil
	}
	return r
}
