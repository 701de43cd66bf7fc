package index

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Searching long turns
//
// A turn indexed in chunks (chunk.go) is still the unit of a search: it
// is one hit however many of its chunks match, and it matches a query
// when the turn does, not when one chunk does. So a search in an index
// with chunks is made in two parts:
//
//   - the turns of one document are searched and ranked as always
//     (ranked), with the chunks left out;
//   - the long turns are matched at the level of the turn: each word,
//     phrase or other leaf of the query is searched among the chunks, and
//     a turn matches the leaf when one of its chunks does (exact for a
//     word, and for a phrase of up to PhraseWords words, which lies
//     wholly inside one chunk; a longer phrase is checked against the
//     turn's text, longPhrase); the leaves are then combined as the
//     query combines them (+must, -must not, either), over turns. The
//     score of a long turn is the sum, over the leaves it matches, of
//     their best chunk's score (for a single word or phrase, the best
//     chunk's score).
//
// The two lists are merged in the order of hits, and the long turns on
// the page have the highlights of every chunk at their offsets in the
// turn; their text is read from the project, as every hit's
// (hittext.go).

// longSearch is a search among the chunks of an index.
type longSearch struct {
	ix *Index
	// chunks matches every chunk, with a score of 0; filter, when not
	// nil, the documents that pass the query's filters.
	chunks, filter query.Query
	// size is at least the number of chunks.
	size int
	// spans are the byte ranges of the long phrases found by longPhrase,
	// per turn, for the highlights.
	spans map[string][]Span
	// texts reads the turns' text from the project, for longPhrase.
	texts *turnTexts
}

// turnSet maps the references of matching long turns to their scores.
type turnSet map[string]float64

// rankedWithLong answers q in an index that has turns in chunks (see
// above); size is at least the number of chunks; texts reads the text of
// the turns whose long phrases are checked.
func (ix *Index) rankedWithLong(q Query, main, full query.Query, filters []query.Query, size int, texts *turnTexts) (*Result, error) {
	chunked := bleve.NewTermQuery("1")
	chunked.SetField(fieldChunked)
	// Each leaf is searched with the chunks' term, unranked (turn.go), in
	// a conjunction: bleve then walks the chunks' short postings list
	// rather than the leaf's matches among all turns.
	onlyChunks := bleve.NewTermQuery("1")
	onlyChunks.SetField(fieldChunked)
	ls := &longSearch{ix: ix, size: max(size, 1), chunks: unrankedQuery{onlyChunks}, texts: texts}
	if len(filters) > 0 {
		ls.filter = bleve.NewConjunctionQuery(filters...)
	}
	long, err := ls.eval(main)
	if err != nil {
		if qerr := checkQuery(q.Text, main); qerr != nil {
			return nil, qerr
		}
		return nil, err
	}
	short := bleve.NewBooleanQuery()
	short.AddMust(full)
	short.AddMustNot(chunked)
	from := max(q.Offset, 0)
	qs := q
	qs.Offset = 0 // the page is cut after the merge, below
	if q.Limit > 0 {
		qs.Limit = from + q.Limit
	}
	res, err := ix.ranked(qs, main, short)
	if err != nil {
		return nil, err
	}

	// Merge, in the order of hits.
	type entry struct {
		hit  *Hit // a turn of one document, or nil
		ref  string
		key  string
		turn int
		sc   float64
	}
	entries := make([]entry, 0, len(res.Hits)+len(long))
	keys := map[string]string{}
	keyOf := func(src string) string {
		k, ok := keys[src]
		if !ok {
			k = naturalKey(src)
			keys[src] = k
		}
		return k
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		entries = append(entries, entry{hit: h, key: keyOf(h.Source), turn: h.Turn, sc: h.Score})
	}
	for ref, sc := range long {
		src, turn, ok := splitDocID(ref)
		if !ok {
			return nil, damaged(fmt.Sprintf("document id %q", ref))
		}
		entries = append(entries, entry{ref: ref, key: keyOf(src), turn: turn, sc: sc})
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		return cmp.Or(
			-cmp.Compare(roundScore(a.sc), roundScore(b.sc)),
			strings.Compare(a.key, b.key),
			cmp.Compare(a.turn, b.turn),
		)
	})
	need := len(entries)
	if q.Limit > 0 {
		need = min(need, from+q.Limit)
	}
	entries = entries[min(from, need):need]

	var refs []string
	for _, e := range entries {
		if e.hit == nil {
			refs = append(refs, e.ref)
		}
	}
	turns, err := ls.fetch(refs, highlightQuery(main))
	if err != nil {
		return nil, err
	}
	out := &Result{Query: q.Text, Total: res.Total + uint64(len(long)), Hits: make([]Hit, 0, len(entries))}
	for _, e := range entries {
		if e.hit != nil {
			out.Hits = append(out.Hits, *e.hit)
			continue
		}
		t := turns[e.ref]
		if t == nil {
			return nil, damaged(fmt.Sprintf("turn %s matched, then was not found", e.ref))
		}
		h := t.hit
		h.Score = e.sc
		h.words, h.spans = t.words, ls.spans[e.ref]
		out.Hits = append(out.Hits, h)
	}
	return out, nil
}

// eval returns the long turns that match q, with their scores.
func (ls *longSearch) eval(q query.Query) (turnSet, error) {
	switch q := q.(type) {
	case *query.BooleanQuery:
		return ls.evalBoolean(q)
	case *query.ConjunctionQuery:
		var res turnSet
		for i, sub := range q.Conjuncts {
			s, err := ls.eval(sub)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				res = s
				continue
			}
			for ref, sc := range res {
				if o, ok := s[ref]; ok {
					res[ref] = sc + o
				} else {
					delete(res, ref)
				}
			}
		}
		if res == nil {
			res = turnSet{}
		}
		return res, nil
	case *query.DisjunctionQuery:
		res, count := turnSet{}, map[string]int{}
		for _, sub := range q.Disjuncts {
			s, err := ls.eval(sub)
			if err != nil {
				return nil, err
			}
			for ref, sc := range s {
				res[ref] += sc
				count[ref]++
			}
		}
		least := max(int(q.Min), 1)
		for ref, n := range count {
			if n < least {
				delete(res, ref)
			}
		}
		return res, nil
	case *query.MatchPhraseQuery:
		if isTextField(q.FieldVal) {
			return ls.phrase(q)
		}
	}
	return ls.leaf(q)
}

// evalBoolean is eval of a query with +must, either and -must not
// clauses (and filters), as bleve's boolean searcher reads them: without
// a must clause, one of the others is needed; without either, the query
// matches every turn but those of its must-not clauses.
func (ls *longSearch) evalBoolean(q *query.BooleanQuery) (turnSet, error) {
	var res turnSet
	var err error
	switch {
	case q.Must != nil:
		if res, err = ls.eval(q.Must); err != nil {
			return nil, err
		}
		if q.Should != nil {
			s, err := ls.eval(q.Should)
			if err != nil {
				return nil, err
			}
			d, optional := q.Should.(*query.DisjunctionQuery)
			optional = optional && d.Min == 0
			for ref, sc := range res {
				if o, ok := s[ref]; ok {
					res[ref] = sc + o
				} else if !optional {
					delete(res, ref)
				}
			}
		}
	case q.Should != nil:
		if res, err = ls.eval(q.Should); err != nil {
			return nil, err
		}
	default:
		if res, err = ls.leaf(bleve.NewMatchAllQuery()); err != nil {
			return nil, err
		}
	}
	for _, sub := range []query.Query{q.MustNot, q.Filter} {
		if sub == nil {
			continue
		}
		s, err := ls.eval(sub)
		if err != nil {
			return nil, err
		}
		for ref := range res {
			if _, ok := s[ref]; ok == (sub == q.MustNot) {
				delete(res, ref)
			}
		}
	}
	return res, nil
}

// leaf returns the long turns of which a chunk matches q, each with its
// best chunk's score.
func (ls *longSearch) leaf(q query.Query) (turnSet, error) {
	b := bleve.NewBooleanQuery()
	b.AddMust(bleve.NewConjunctionQuery(ls.chunks, q))
	if ls.filter != nil {
		b.AddFilter(ls.filter)
	}
	sr, err := ls.ix.idx.Search(bleve.NewSearchRequestOptions(b, ls.size, 0, false))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := turnSet{}
	for _, d := range sr.Hits {
		ref := turnOfDoc(d.ID)
		if sc, ok := res[ref]; !ok || d.Score > sc {
			res[ref] = d.Score
		}
	}
	return res, nil
}

// highlightQuery is q without its must-not clauses: what is highlighted
// in a hit. A long phrase matches no chunk when it crosses two: its
// highlights come from longPhrase.
func highlightQuery(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		var parts []query.Query
		for _, sub := range []query.Query{q.Must, q.Should} {
			if sub != nil {
				parts = append(parts, highlightQuery(sub))
			}
		}
		return bleve.NewDisjunctionQuery(parts...)
	case *query.ConjunctionQuery:
		parts := make([]query.Query, len(q.Conjuncts))
		for i, sub := range q.Conjuncts {
			parts[i] = highlightQuery(sub)
		}
		return bleve.NewDisjunctionQuery(parts...)
	case *query.DisjunctionQuery:
		parts := make([]query.Query, len(q.Disjuncts))
		for i, sub := range q.Disjuncts {
			parts[i] = highlightQuery(sub)
		}
		return bleve.NewDisjunctionQuery(parts...)
	}
	return q
}

// longTurn is a long turn put back together from its chunks.
type longTurn struct {
	hit Hit // without score, text and highlights
	// words are the words of the turn's chunks that the highlight query
	// matched.
	words []wordAt
}

// fetch puts the long turns refs back together from their chunks: the
// fields of the turn, and the byte ranges in its text that hl matches (hl
// nil: none).
func (ls *longSearch) fetch(refs []string, hl query.Query) (map[string]*longTurn, error) {
	out := map[string]*longTurn{}
	if len(refs) == 0 {
		return out, nil
	}
	terms := make([]query.Query, len(refs))
	for i, r := range refs {
		t := bleve.NewTermQuery(r)
		t.SetField(fieldTurnRef)
		terms[i] = t
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(bleve.NewDisjunctionQuery(terms...))
	if hl != nil {
		b.AddShould(hl)
	}
	req := bleve.NewSearchRequestOptions(b, ls.size, 0, false)
	req.Fields = append(slices.Clone(storedFields), fieldOffset, fieldChunkEnd)
	req.IncludeLocations = hl != nil
	sr, err := ls.ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	type chunk struct {
		d        *search.DocumentMatch
		off, end int
	}
	byTurn := map[string][]chunk{}
	for _, d := range sr.Hits {
		off, _ := d.Fields[fieldOffset].(float64)
		end, ok := d.Fields[fieldChunkEnd].(float64)
		if !ok || end <= off {
			return nil, damaged(fmt.Sprintf("chunk %s does not say where it ends", d.ID))
		}
		ref := turnOfDoc(d.ID)
		byTurn[ref] = append(byTurn[ref], chunk{d, int(off), int(end)})
	}
	for ref, cs := range byTurn {
		slices.SortFunc(cs, func(a, b chunk) int { return cmp.Compare(a.off, b.off) })
		t := &longTurn{hit: toHit(cs[0].d)}
		t.hit.Ref, t.hit.words = ref, nil
		if cs[0].off != 0 {
			return nil, damaged(fmt.Sprintf("the first chunk of turn %s is missing", ref))
		}
		for _, c := range cs {
			if h, _ := c.d.Fields[fieldTextHash].(string); h != t.hit.hash {
				return nil, damaged(fmt.Sprintf("the chunks of turn %s were made from different texts", ref))
			}
			t.words = locationWords(c.d.Locations[FieldText], c.off, c.end, t.words)
		}
		out[ref] = t
	}
	return out, nil
}

// phrase returns the long turns that hold the phrase q. A phrase of up to
// PhraseWords words lies inside one chunk, and is searched as any leaf.
// A longer one can cross from one chunk to the next: the turns of which
// a chunk holds each of its stretches of PhraseWords words are candidates,
// and the words of their text are compared with the phrase's (longPhrase).
func (ls *longSearch) phrase(q *query.MatchPhraseQuery) (turnSet, error) {
	an := ls.ix.idx.Mapping().AnalyzerNamed(textAnalyzer)
	if an == nil {
		return ls.leaf(q)
	}
	var words []string
	for _, t := range an.Analyze([]byte(q.MatchPhrase)) {
		words = append(words, string(t.Term))
	}
	if len(words) <= PhraseWords {
		return ls.leaf(q)
	}
	// Stretches of PhraseWords words covering the phrase.
	var stretches []query.Query
	for i := 0; i < len(words); i += PhraseWords {
		j := min(i+PhraseWords, len(words))
		stretches = append(stretches, bleve.NewPhraseQuery(words[max(j-PhraseWords, 0):j], FieldText))
	}
	cand, err := ls.eval(bleve.NewConjunctionQuery(stretches...))
	if err != nil || len(cand) == 0 {
		return cand, err
	}
	refs := make([]string, 0, len(cand))
	for ref := range cand {
		refs = append(refs, ref)
	}
	turns, err := ls.fetch(refs, nil)
	if err != nil {
		return nil, err
	}
	for ref := range cand {
		t := turns[ref]
		if t == nil {
			delete(cand, ref)
			continue
		}
		turn, err := ls.texts.text(t.hit.Source, t.hit.Turn, t.hit.hash, t.hit.line)
		if err != nil {
			return nil, err
		}
		found := longPhrase(an.Analyze([]byte(turn.Text)), wordSpans(turn.Text), words)
		if len(found) == 0 {
			delete(cand, ref)
			continue
		}
		if ls.spans == nil {
			ls.spans = map[string][]Span{}
		}
		ls.spans[ref] = append(ls.spans[ref], found...)
	}
	return cand, nil
}

// longPhrase returns the byte ranges of the words of each run of tokens
// whose terms are words, in order: where the analysed text of a turn
// holds the analysed phrase. The analyzer drops no word, so consecutive
// tokens are adjacent words, and the token at position p is the word
// spans[p-1] of the text (wordSpans; the analyzer zeroes the offsets).
func longPhrase(toks analysis.TokenStream, spans []Span, words []string) []Span {
	var out []Span
	for i := 0; i+len(words) <= len(toks); i++ {
		k := 0
		for k < len(words) && string(toks[i+k].Term) == words[k] {
			k++
		}
		if k < len(words) {
			continue
		}
		for _, t := range toks[i : i+len(words)] {
			if p := t.Position; 1 <= p && p <= len(spans) {
				out = append(out, spans[p-1])
			}
		}
	}
	return out
}
