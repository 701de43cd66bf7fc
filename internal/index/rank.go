package index

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Ordering the hits
//
// Hits are ordered by descending score rounded to 1e-9 (so that scores
// differing only by rounding errors tie), then by source in natural order,
// then by turn. bleve can sort by score, source and turn itself, but to do
// so it reads the sort fields' doc values of every match, which is most of
// the cost of a search that matches many turns. So ranked tries cheaper
// ways first, each exact:
//
//  1. All hits (Limit 0): bleve returns every match, ordered by score
//     alone, and the ties are broken in Go.
//  2. A page of a text query: bleve returns the ids and scores of the best
//     matches by score alone, a hundred more than wanted (and four times
//     as many, up to fastLimit, while the last one fetched ties, rounded,
//     with the last one wanted). Once the last one fetched scores below the last one
//     wanted, every match that was not fetched does too (rounding keeps the
//     order of scores), so the page is among those fetched: they are
//     ordered in Go by the source and turn of their ids, and a second
//     query, restricted to the page's ids, loads the stored fields and
//     locations of the page alone.
//  3. Otherwise, when the ties at the end of the page are too many (a
//     query of filters alone scores every match the same), bleve sorts by
//     score, source and turn.

// fastLimit bounds the number of matches fetched by id and score to order
// a page in Go; beyond it bleve sorts (3).
const fastLimit = 4096

// ranked runs the query for q's page of hits.
func (ix *Index) ranked(q Query, main, full query.Query) (*Result, error) {
	from := max(q.Offset, 0)
	need := from + q.Limit // the hits wanted in order
	if q.Limit <= 0 {
		n, err := ix.idx.DocCount()
		if err != nil {
			return nil, damaged(err)
		}
		need = int(n)
	}
	switch {
	case ix.sortedOnly:
	case q.Limit <= 0:
		ix.ways[0].Add(1)
		sr, err := ix.search(q.Text, main, full, need+1, true, false)
		if err != nil {
			return nil, err
		}
		return page(q, sr.Total, toHits(sr.Hits), from, len(sr.Hits)), nil
	case strings.TrimSpace(q.Text) != "":
		res, err := ix.fastPage(q, main, full, from, need)
		if res != nil || err != nil {
			ix.ways[1].Add(1)
			return res, err
		}
	}
	ix.ways[2].Add(1)
	size := need + 1
	for {
		sr, err := ix.search(q.Text, main, full, size, true, true)
		if err != nil {
			return nil, err
		}
		// bleve orders by exact score: fetch until the last hit fetched
		// ranks, rounded, below the last one wanted.
		h := sr.Hits
		if need > 0 && len(h) > need && uint64(len(h)) < sr.Total {
			b, l := h[need-1].Score, h[len(h)-1].Score
			if b != l && roundScore(b) == roundScore(l) {
				size *= 2
				continue
			}
		}
		return page(q, sr.Total, toHits(sr.Hits), from, need), nil
	}
}

// fastPage is way 2 of ranked; it returns nil when there are too many
// ties.
func (ix *Index) fastPage(q Query, main, full query.Query, from, need int) (*Result, error) {
	limit := cmp.Or(ix.fastLimit, fastLimit)
	var sr *bleve.SearchResult
	for size := min(need+100, max(need+1, limit)); ; size = min(4*size, limit) {
		var err error
		sr, err = ix.search(q.Text, main, full, size, false, false)
		if err != nil {
			return nil, err
		}
		h := sr.Hits
		if uint64(len(h)) >= sr.Total || roundScore(h[need-1].Score) > roundScore(h[len(h)-1].Score) {
			break
		}
		if size >= limit {
			return nil, nil
		}
		ix.ways[3].Add(1)
	}
	type match struct {
		d    *search.DocumentMatch
		key  string
		turn int
	}
	ms := make([]match, len(sr.Hits))
	keys := map[string]string{}
	for i, d := range sr.Hits {
		src, turn, ok := splitDocID(d.ID)
		if !ok {
			return nil, damaged(fmt.Sprintf("document id %q", d.ID))
		}
		key, ok := keys[src]
		if !ok {
			key = naturalKey(src)
			keys[src] = key
		}
		ms[i] = match{d, key, turn}
	}
	slices.SortStableFunc(ms, func(a, b match) int {
		return cmp.Or(
			-cmp.Compare(roundScore(a.d.Score), roundScore(b.d.Score)),
			strings.Compare(a.key, b.key),
			cmp.Compare(a.turn, b.turn),
		)
	})
	ms = ms[min(from, len(ms)):min(need, len(ms))]
	res := &Result{Query: q.Text, Total: sr.Total, Hits: make([]Hit, 0, len(ms))}
	if len(ms) == 0 {
		return res, nil
	}
	// The stored fields and locations of the page.
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.d.ID
	}
	sr2, err := ix.search(q.Text, main, bleve.NewConjunctionQuery(pageQuery(full), bleve.NewDocIDQuery(ids)), len(ids), true, false)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*search.DocumentMatch, len(sr2.Hits))
	for _, d := range sr2.Hits {
		byID[d.ID] = d
	}
	for _, m := range ms {
		d := byID[m.d.ID]
		if d == nil {
			return nil, damaged(fmt.Sprintf("turn %s matched, then did not", m.d.ID))
		}
		h := toHit(d)
		h.Score = m.d.Score // the query's score, not the restricted one's
		res.Hits = append(res.Hits, h)
	}
	return res, nil
}

// search runs a query for the size best hits, ordered by score only or
// (sorted) by score, source and turn, with the stored fields and
// locations of the hits or (fields false) their ids and scores alone.
func (ix *Index) search(text string, main, q query.Query, size int, fields, sorted bool) (*bleve.SearchResult, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	if fields {
		req.Fields = storedFields
		req.IncludeLocations = true
	}
	if sorted {
		req.SortByCustom(search.SortOrder{
			&search.SortScore{Desc: true},
			&search.SortField{Field: fieldSortKey, Type: search.SortFieldAsString},
			&search.SortField{Field: FieldTurn, Type: search.SortFieldAsString},
		})
	}
	sr, err := ix.idx.Search(req)
	if err != nil {
		if qerr := checkQuery(text, main); qerr != nil {
			return nil, qerr
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	return sr, nil
}

func toHits(ds []*search.DocumentMatch) []Hit {
	hits := make([]Hit, len(ds))
	for i, d := range ds {
		hits[i] = toHit(d)
	}
	return hits
}

// page orders hits and returns those from from to need (at most), the
// page of q.
func page(q Query, total uint64, hits []Hit, from, need int) *Result {
	keys := map[string]string{}
	for _, h := range hits {
		if _, ok := keys[h.Source]; !ok {
			keys[h.Source] = naturalKey(h.Source)
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(
			-cmp.Compare(roundScore(a.Score), roundScore(b.Score)),
			strings.Compare(keys[a.Source], keys[b.Source]),
			cmp.Compare(a.Turn, b.Turn),
		)
	})
	hits = hits[min(from, len(hits)):min(need, len(hits))]
	return &Result{Query: q.Text, Total: total, Hits: hits}
}
