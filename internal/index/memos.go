package index

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/grounded-qda/grounded/coding"
)

// MemoQuery is a search over memos' text.
type MemoQuery struct {
	// Text is a query string as for Query.Text, over the memos' text
	// only: a field other than text is refused. Empty matches every memo.
	Text string
	// Limit is the number of hits returned, after skipping Offset; 0 or
	// less means all of them.
	Limit  int
	Offset int
}

// MemoHit is a matching memo.
type MemoHit struct {
	Memo    string    `json:"memo"`
	Type    string    `json:"type"`
	Author  string    `json:"author"`
	Targets []string  `json:"targets"`
	Created time.Time `json:"created"`
	Score   float64   `json:"score"`
	// Text is the memo's whole text; Highlights the matched words in it,
	// as for a turn's Hit.
	Text       string `json:"text"`
	Highlights []Span `json:"highlights"`
}

// MemoResult is the answer to a MemoQuery: Total matching memos, and the
// page of Hits by descending score, then creation time, then id.
type MemoResult struct {
	Query string    `json:"query"`
	Total uint64    `json:"total"`
	Hits  []MemoHit `json:"hits"`
}

// SearchMemos searches the text of the memos given (the caller selects
// them, by type or author, beforehand). It indexes them in memory for the
// query with the turns' mapping, so that words, stems, phrases and the
// query syntax mean what they mean for turns. A query that cannot be
// parsed or used gives a *QueryError.
func SearchMemos(ms []coding.Memo, q MemoQuery) (res *MemoResult, err error) {
	main, err := parseText(q.Text)
	if err != nil {
		return nil, err
	}
	if err := onlyText(main); err != nil {
		return nil, &QueryError{Query: q.Text, Err: err}
	}
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("memo search: %w", err)
	}
	defer idx.Close()
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("memo search: bleve: %v", r)
		}
	}()
	b := idx.NewBatch()
	for i, memo := range ms {
		if err := b.Index(strconv.Itoa(i), map[string]any{FieldText: memo.Body}); err != nil {
			return nil, fmt.Errorf("memo search: %w", err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return nil, fmt.Errorf("memo search: %w", err)
	}
	req := bleve.NewSearchRequestOptions(main, len(ms)+1, 0, false)
	req.IncludeLocations = true
	sr, err := idx.Search(req)
	if err != nil {
		if qerr := checkQuery(q.Text, main); qerr != nil {
			return nil, qerr
		}
		return nil, fmt.Errorf("memo search: %w", err)
	}
	res = &MemoResult{Query: q.Text, Total: sr.Total, Hits: []MemoHit{}}
	for _, d := range sr.Hits {
		i, err := strconv.Atoi(d.ID)
		if err != nil || i < 0 || i >= len(ms) {
			return nil, fmt.Errorf("memo search: unknown document %q", d.ID)
		}
		memo := ms[i]
		var targets []string
		for _, t := range memo.AllTargets() {
			targets = append(targets, t.String())
		}
		if len(targets) == 0 {
			targets = []string{"project"}
		}
		hl, err := highlights(memo.Body, d.Locations[FieldText])
		if err != nil {
			return nil, fmt.Errorf("memo search: memo %s: %w", memo.ID, err)
		}
		res.Hits = append(res.Hits, MemoHit{Memo: memo.ID, Type: memo.Type, Author: memo.Author, Targets: targets,
			Created: memo.Created, Score: d.Score, Text: memo.Body, Highlights: hl})
	}
	slices.SortStableFunc(res.Hits, func(a, b MemoHit) int {
		return cmp.Or(-cmp.Compare(roundScore(a.Score), roundScore(b.Score)), a.Created.Compare(b.Created), strings.Compare(a.Memo, b.Memo))
	})
	from := min(max(q.Offset, 0), len(res.Hits))
	to := len(res.Hits)
	if q.Limit > 0 {
		to = min(from+q.Limit, to)
	}
	res.Hits = res.Hits[from:to]
	return res, nil
}

// onlyText refuses a query that names a field other than the text: memos
// have no speaker, source, participant, codes, coders or turn.
func onlyText(q query.Query) error {
	var subs []query.Query
	switch q := q.(type) {
	case *query.BooleanQuery:
		subs = []query.Query{q.Must, q.Should, q.MustNot, q.Filter}
	case *query.ConjunctionQuery:
		subs = q.Conjuncts
	case *query.DisjunctionQuery:
		subs = q.Disjuncts
	case query.FieldableQuery:
		if f := q.Field(); f != "" && f != FieldText {
			return fmt.Errorf("memos are searched by their text only; they have no field %q", f)
		}
	}
	for _, s := range subs {
		if s == nil {
			continue
		}
		if err := onlyText(s); err != nil {
			return err
		}
	}
	return nil
}
