package index

import (
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
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
// turnRanges into ranges of those terms: a bound that is not a whole
// number is rounded inwards (turn:>2.5 is turn:>=3), a bound below 0 or
// beyond the largest turn number is clamped, and a range that holds no
// whole number matches nothing.

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
	if math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
		return bleve.NewMatchNoneQuery()
	}
	if lo == hi {
		t := bleve.NewTermQuery(turnTerm(int(lo)))
		t.SetField(FieldTurn)
		t.SetBoost(q.Boost())
		return t
	}
	yes := true
	r := bleve.NewTermRangeInclusiveQuery(turnTerm(int(lo)), turnTerm(int(hi)), &yes, &yes)
	r.SetField(FieldTurn)
	r.SetBoost(q.Boost())
	return r
}
