package index

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/grounded-qda/grounded/codebook"
)

// Query is a search over the turns.
type Query struct {
	// Text is a bleve query string
	// (https://blevesearch.com/docs/Query-String-Query/) over the turns'
	// text by default: words (any of them; +word must match, -word must
	// not), "a phrase", field:value for the fields in Fields, wild*cards,
	// fuzzy~ words and /regexps/. Empty means every turn that passes the
	// filters.
	Text string
	// Filters, each a list of values any of which may match (nil: no
	// filter); all filters must match. Speakers and Participants are exact;
	// Codes are code names compared case-insensitively (a turn matches when
	// any coder applied one of them). Empty values are ignored.
	Participants []string
	Speakers     []string
	Codes        []string
	// SpeakerSources, when not empty, is a filter too: a turn passes when
	// its speaker is one entry's, in a source the entry allows. It filters
	// by who speaks where (a speaker's role in a source, say) inside the
	// index, rather than over the hits afterwards.
	SpeakerSources []SpeakerSources
	// Limit is the number of hits returned, after skipping Offset; 0 or
	// less means all of them.
	Limit  int
	Offset int
}

// SpeakerSources is a speaker's turns in some sources: those Only lists
// (every source when Only is nil; none when it is empty but not nil), but
// those Except lists.
type SpeakerSources struct {
	Speaker string
	Only    []string
	Except  []string
}

// Span is a range [Start, End) of code points in a turn's text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Hit is a matching turn.
type Hit struct {
	// Ref is the turn's reference, SRC#N.
	Ref         string  `json:"ref"`
	Source      string  `json:"source"`
	Turn        int     `json:"turn"`
	Speaker     string  `json:"speaker"`
	Participant string  `json:"participant"`
	Score       float64 `json:"score"`
	// Text is the turn's whole text.
	Text string `json:"text"`
	// Highlights are the matched words in Text, sorted, with overlapping
	// and touching spans merged.
	Highlights []Span `json:"highlights"`
	// Start is the turn's timestamp (HH:MM:SS.mmm) when the transcript has
	// one.
	Start string `json:"start,omitempty"`

	// Until the text is read (hittext.go): the words of the highlights
	// (positions.go) and byte ranges found in the text (long phrases),
	// and the hash of the text indexed.
	words []wordAt
	spans []Span
	hash  string
	line  lineLoc
}

// Result is the answer to a Query.
type Result struct {
	Query string `json:"query"`
	// Total is the number of matching turns; Hits holds those between
	// Offset and Offset+Limit, by descending score, then source (in natural
	// order: P2 before P10), then turn.
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
}

// QueryError is a query string that cannot be used.
type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("invalid query %q: %v; see https://blevesearch.com/docs/Query-String-Query/ for the syntax", e.Query, e.Err)
}

func (e *QueryError) Unwrap() error { return e.Err }

var storedFields = []string{FieldParticipant, fieldTextHash, fieldLine}

// Search runs a query. A query string that cannot be parsed or used gives
// a *QueryError.
func (ix *Index) Search(q Query) (res *Result, err error) {
	ix.mu.Lock()
	err = ix.ensureLoaded()
	ix.mu.Unlock()
	if err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, damaged(fmt.Sprint("bleve: ", r))
		}
	}()
	main, err := parseText(q.Text)
	if err != nil {
		return nil, err
	}
	var filters []query.Query
	addFilter := func(field string, values []string, analyse bool) {
		values = slices.DeleteFunc(slices.Clone(values), func(v string) bool { return v == "" })
		if !analyse && len(values) > 1 && !ix.booleanFilters {
			// Many terms, united lazily (termset.go).
			filters = append(filters, termSetQuery{Field: field, Terms: values})
			return
		}
		terms := make([]query.Query, len(values))
		for i, v := range values {
			if analyse {
				// The field's analyzer makes the term, as when indexing.
				m := bleve.NewMatchQuery(v)
				m.SetField(field)
				terms[i] = m
			} else {
				t := bleve.NewTermQuery(v)
				t.SetField(field)
				terms[i] = t
			}
		}
		switch len(terms) {
		case 0:
		case 1: // the term alone: a searcher fewer for every hit to pass
			filters = append(filters, terms[0])
		default:
			filters = append(filters, bleve.NewDisjunctionQuery(terms...))
		}
	}
	addFilter(FieldParticipant, q.Participants, false)
	addFilter(FieldSpeaker, q.Speakers, false)
	codes := make([]string, len(q.Codes))
	for i, c := range q.Codes {
		codes[i] = codebook.Key(c)
	}
	addFilter(FieldCodes, codes, true)
	texts := newTurnTexts(ix.proj)
	texts.whole = &ix.wholeReads
	defer texts.close()
	if long, size := ix.man.chunks(); long {
		// The chunks of long turns are searched with the filters alone.
		if f, _ := speakerSourcesFilter(q.SpeakerSources, ix.man.Sources); f != nil {
			filters = append(filters, f)
		}
		res, err = ix.rankedWithLong(q, main, ix.withFilters(main, filters, nil), filters, size, texts)
	} else {
		f, exclude := speakerFilterQueries(q.SpeakerSources, ix.man.Sources) // role.go
		if f != nil {
			filters = append(filters, f)
		}
		res, err = ix.ranked(q, main, ix.withFilters(exactPhrases(main), filters, exclude)) // phrase.go
	}
	if err != nil {
		return nil, err
	}
	if err := texts.fill(res.Hits); err != nil {
		return nil, err
	}
	return res, nil
}

// speakerIn is the term of a turn's fieldSpeakerIn: its source and its
// speaker, separated by a space (which no source id holds).
func speakerIn(source, speaker string) string { return source + " " + speaker }

// speakerSourcesFilter is the filter of Query.SpeakerSources (nil: none)
// and its number of terms: one disjunction of terms, so that bleve unites
// their postings at once.
// A speaker allowed everywhere is its speaker term; one allowed in some
// sources, a term of fieldSpeakerIn for each of them; one allowed
// everywhere but some, its speaker term without those sources' terms.
// A speaker allowed in every source the index holds (indexed) is allowed
// everywhere: a speaker term rather than one per source.
func speakerSourcesFilter(ss []SpeakerSources, indexed map[string]manifestEntry) (query.Query, int) {
	if len(ss) == 0 {
		return nil, 0
	}
	term := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	var alts []query.Query
	n := 0
	for _, s := range ss {
		if s.Speaker == "" {
			continue // no turn
		}
		if s.Only != nil && everywhere(s, indexed) {
			s = SpeakerSources{Speaker: s.Speaker}
		}
		switch {
		case s.Only != nil:
			for _, src := range s.Only {
				if !slices.Contains(s.Except, src) {
					alts = append(alts, term(fieldSpeakerIn, speakerIn(src, s.Speaker)))
					n++
				}
			}
		case len(s.Except) == 0:
			alts = append(alts, term(FieldSpeaker, s.Speaker))
			n++
		default:
			not := make([]query.Query, len(s.Except))
			for i, src := range s.Except {
				not[i] = term(fieldSpeakerIn, speakerIn(src, s.Speaker))
			}
			b := bleve.NewBooleanQuery()
			b.AddMust(term(FieldSpeaker, s.Speaker))
			b.AddMustNot(bleve.NewDisjunctionQuery(not...))
			alts = append(alts, b)
			n += 1 + len(not)
		}
	}
	if len(alts) == 0 {
		// No entry allows a turn: the filter matches nothing.
		return bleve.NewMatchNoneQuery(), 0
	}
	return bleve.NewDisjunctionQuery(alts...), n
}

// everywhere reports whether s allows every source of indexed.
func everywhere(s SpeakerSources, indexed map[string]manifestEntry) bool {
	if len(indexed) == 0 || len(s.Only) < len(indexed) {
		return false
	}
	allowed := make(map[string]bool, len(s.Only))
	for _, src := range s.Only {
		allowed[src] = true
	}
	for _, src := range s.Except {
		delete(allowed, src)
	}
	for src := range indexed {
		if !allowed[src] {
			return false
		}
	}
	return true
}

// withFilters is main restricted to the turns that pass filters, without
// those exclude matches (nil: none), searched through the fewest
// searchers (filter.go: leanQuery, filteredQuery).
func (ix *Index) withFilters(main query.Query, filters []query.Query, exclude query.Query) query.Query {
	if ix.booleanFilters {
		return booleanWithFilters(main, filters, exclude)
	}
	main = leanQuery(main) // filter.go
	if _, excluded := splitExclusion(main); len(filters) == 0 && exclude == nil && excluded == nil {
		return main
	}
	f := filteredQuery{Main: main, Exclude: exclude} // filter.go
	switch len(filters) {
	case 0:
	case 1:
		f.Filter = filters[0]
	default:
		f.Filter = bleve.NewConjunctionQuery(filters...)
	}
	return f
}

// booleanWithFilters is withFilters through bleve's own queries: main as
// it is, the must clause of a boolean whose filter is the filters and
// whose must-not clause is exclude. Only the tests use it, as the
// reference of filteredQuery and leanQuery.
func booleanWithFilters(main query.Query, filters []query.Query, exclude query.Query) query.Query {
	if len(filters) == 0 && exclude == nil {
		return main
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(main)
	switch len(filters) {
	case 0:
	case 1:
		b.AddFilter(filters[0])
	default:
		b.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	if exclude != nil {
		b.AddMustNot(exclude)
	}
	return b
}

func roundScore(s float64) float64 { return math.Round(s * 1e9) }

// parseText parses a query string; empty text matches every turn.
func parseText(text string) (query.Query, error) {
	if strings.TrimSpace(text) == "" {
		return bleve.NewMatchAllQuery(), nil
	}
	q, err := bleve.NewQueryStringQuery(text).Parse()
	if err != nil {
		return nil, &QueryError{Query: text, Err: cleanParseError(err)}
	}
	if err := checkFields(q); err != nil {
		return nil, &QueryError{Query: text, Err: err}
	}
	return keywordPhrases(q), nil
}

// keywordFields are matched whole: a "quoted value" is one term.
var keywordFields = []string{FieldSpeaker, FieldSource, FieldParticipant, FieldCodes, FieldCoders}

// keywordPhrases turns the phrase queries on keyword fields, like
// speaker:"Jordan Lee", into match queries: the field's analyzer makes a
// single term of the value, and a phrase query would need term vectors.
// It also folds the terms of wildcard, prefix and fuzzy queries on the
// text, which bleve does not analyse, as the text's terms are folded
// (FoldWord): Fonctionnalité* finds fonctionnalite.
func keywordPhrases(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *sub != nil {
				*sub = keywordPhrases(*sub)
			}
		}
	case *query.ConjunctionQuery:
		for i, sub := range q.Conjuncts {
			q.Conjuncts[i] = keywordPhrases(sub)
		}
	case *query.DisjunctionQuery:
		if r := turnEquals(q); r != nil {
			return turnRange(r) // turn.go
		}
		for i, sub := range q.Disjuncts {
			q.Disjuncts[i] = keywordPhrases(sub)
		}
	case *query.WildcardQuery:
		if isTextField(q.FieldVal) {
			q.Wildcard = FoldWord(q.Wildcard)
		}
	case *query.PrefixQuery:
		if isTextField(q.FieldVal) {
			q.Prefix = FoldWord(q.Prefix)
		}
	case *query.FuzzyQuery:
		if isTextField(q.FieldVal) {
			q.Term = FoldWord(q.Term)
		}
	case *query.NumericRangeQuery:
		if q.FieldVal == FieldTurn {
			return turnRange(q) // turn.go
		}
	case *query.MatchPhraseQuery:
		if slices.Contains(keywordFields, q.FieldVal) {
			m := bleve.NewMatchQuery(q.MatchPhrase)
			m.SetField(q.FieldVal)
			m.SetBoost(q.Boost())
			return m
		}
	}
	return q
}

func isTextField(f string) bool { return f == "" || f == FieldText }

// cleanParseError rewords the errors of bleve's query string parser.
func cleanParseError(err error) error {
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		l = strings.TrimPrefix(l, "parse error: ")
		l = strings.TrimPrefix(l, "syntax error: ")
		lines[i] = l
	}
	msg = strings.Join(slices.Compact(lines), "; ")
	if msg == "" || msg == "syntax error" {
		msg = "syntax error (check quotes, and that every field: and +/- is followed by a value)"
	}
	return errors.New(msg)
}

// checkFields refuses a query that names a field the documents do not
// have: bleve would silently match nothing.
func checkFields(q query.Query) error {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if sub != nil {
				if err := checkFields(sub); err != nil {
					return err
				}
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			if err := checkFields(sub); err != nil {
				return err
			}
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			if err := checkFields(sub); err != nil {
				return err
			}
		}
	case query.FieldableQuery:
		if f := q.Field(); f != "" && !slices.Contains(Fields, f) {
			return fmt.Errorf("there is no field %q (the fields are %s; to search for a word followed by a colon, write it as \\:)", f, strings.Join(Fields, ", "))
		}
	}
	if b, ok := q.(query.BoostableQuery); ok && b.Boost() <= 0 {
		// bleve divides by the weights of the query's words: with every
		// weight 0, every score would be NaN.
		return fmt.Errorf("a boost of %g would leave every score undefined; to make a word count for little in the ranking, give it a small boost such as ^0.1", b.Boost())
	}
	return nil
}

// emptyIndex is an empty index with the same mapping, on which a query
// that failed is tried again: if it fails there too, the query is at
// fault, not the index.
var emptyIndex = sync.OnceValues(func() (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	return bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
})

func checkQuery(text string, q query.Query) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	idx, err := emptyIndex()
	if err != nil {
		return nil
	}
	if _, err := idx.Search(bleve.NewSearchRequestOptions(q, 1, 0, false)); err != nil {
		return &QueryError{Query: text, Err: err}
	}
	return nil
}

func toHit(d *search.DocumentMatch) Hit {
	str := func(f string) string {
		s, _ := d.Fields[f].(string)
		return s
	}
	h := Hit{
		Ref:         d.ID,
		Participant: str(FieldParticipant),
		Score:       d.Score,
		hash:        str(fieldTextHash),
		line:        parseLineLoc(str(fieldLine)),
	}
	h.Source, h.Turn, _ = splitDocID(turnOfDoc(d.ID))
	// The speaker, timestamp, text and the highlights in the text come
	// from the project (hittext.go).
	h.words = locationWords(d.Locations[FieldText], 0, -1, nil)
	return h
}

// highlights turns bleve's term locations in text (a memo's: not in
// chunks) into sorted, merged spans of code points.
func highlights(text string, locs search.TermLocationMap) ([]Span, error) {
	bs, err := wordsToSpans(text, locationWords(locs, 0, -1, nil), nil)
	if err != nil {
		return nil, damaged(err)
	}
	return spansToRunes(text, bs), nil
}

// spansToRunes turns byte ranges of text into sorted, merged spans of
// code points, leaving out those that are not in the text.
func spansToRunes(text string, spans []Span) []Span {
	bs := make([]Span, 0, len(spans))
	for _, s := range spans {
		if 0 <= s.Start && s.Start < s.End && s.End <= len(text) {
			bs = append(bs, s)
		}
	}
	if len(bs) == 0 {
		return nil
	}
	slices.SortFunc(bs, func(a, b Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	merged := bs[:1]
	for _, s := range bs[1:] {
		last := &merged[len(merged)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	// Byte offsets to code points, in one pass since the spans are sorted.
	out := make([]Span, len(merged))
	cp, pos := 0, 0
	toCP := func(b int) int {
		cp += utf8.RuneCountInString(text[pos:b])
		pos = b
		return cp
	}
	for i, s := range merged {
		out[i] = Span{toCP(s.Start), toCP(s.End)}
	}
	return out
}
