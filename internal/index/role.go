package index

import (
	"context"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// A speaker filter (Query.SpeakerSources, the command line's --role) is
// applied in one of two ways, whichever names fewer terms:
//
//   - as a filter, the turns it lets through (speakerSourcesFilter): a
//     term per allowed speaker, or per allowed speaker and source;
//   - as an exclusion, the turns it keeps out (speakerExclusion), which
//     the search leaves out as it leaves out a -word.
//
// Neither changes a hit's score: bleve scores neither a filter nor an
// excluded clause. Each term costs a lookup in every segment's
// dictionary and a postings list to unite, so the number of terms is the
// cost: --role participant, in a study where each interview has its own
// participant and one interviewer, is a thousand terms let through at a
// thousand interviews, and one (speaker:Interviewer) kept out.
//
// An exclusion is exact only when the index holds no turn it does not
// know of: it needs every indexed source's speakers (the manifest
// records them, manifestEntry.Speakers) and no turn without a speaker
// (which a filter never lets through, and an exclusion would). When a
// source's entry predates that record, or has a turn without a speaker,
// the filter is used.

// speakerFilterQueries is the speaker filter of ss over the sources
// indexed: filter, to add to the search's filters, or exclude, the turns
// to leave out; both nil when ss is empty.
func speakerFilterQueries(ss []SpeakerSources, indexed map[string]manifestEntry) (filter, exclude query.Query) {
	filter, n := speakerSourcesFilter(ss, indexed)
	if filter == nil || n <= 1 {
		return filter, nil
	}
	if x, m := speakerExclusion(ss, indexed, n); x != nil && m < n {
		return nil, unscored{x}
	}
	return filter, nil
}

// unscored is a query whose searcher scores nothing, as bleve's searcher
// of a filter does: for turns kept out, whose scores nothing reads.
type unscored struct{ query.Query }

func (u unscored) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.Score, o.Explain, o.IncludeTermVectors = "none", false, false
	return u.Query.Searcher(ctx, i, m, o)
}

// allowedSpeakers answers whether a speaker's turns in a source pass a
// speaker filter.
type allowedSpeakers map[string]*speakerAllowance

// speakerAllowance is where a speaker's turns pass: in the sources of
// only, and in every source but those of one of the except sets.
type speakerAllowance struct {
	only   map[string]bool
	except []map[string]bool
}

func newAllowedSpeakers(ss []SpeakerSources) allowedSpeakers {
	a := allowedSpeakers{}
	for _, s := range ss {
		if s.Speaker == "" {
			continue
		}
		w := a[s.Speaker]
		if w == nil {
			w = &speakerAllowance{only: map[string]bool{}}
			a[s.Speaker] = w
		}
		not := make(map[string]bool, len(s.Except))
		for _, src := range s.Except {
			not[src] = true
		}
		if s.Only == nil {
			w.except = append(w.except, not)
			continue
		}
		for _, src := range s.Only {
			if !not[src] {
				w.only[src] = true
			}
		}
	}
	return a
}

// allows reports whether the turns of speaker in source pass.
func (a allowedSpeakers) allows(source, speaker string) bool {
	w := a[speaker]
	if w == nil {
		return false
	}
	if w.only[source] {
		return true
	}
	for _, not := range w.except {
		if !not[source] {
			return true
		}
	}
	return false
}

// speakerExclusion is the query of the turns that the speaker filter ss
// keeps out, and its number of terms, built only while it has fewer than
// limit terms; nil when it cannot be built (a source whose speakers the
// manifest does not know, or a turn without a speaker), when it would
// have limit terms or more, or when it keeps nothing out (then the filter
// itself costs little: it lets every speaker through).
//
// A speaker is kept out by its speaker term when it is kept out of every
// source it speaks in; else by a term of fieldSpeakerIn per source it is
// kept out of, or by its speaker term but for a term per source it is let
// through in, whichever is fewer terms.
func speakerExclusion(ss []SpeakerSources, indexed map[string]manifestEntry, limit int) (query.Query, int) {
	allowed := newAllowedSpeakers(ss)
	out := map[string][]string{} // speaker: the sources it is kept out of
	in := map[string][]string{}  // speaker: the sources it is let through in
	for src, e := range indexed {
		if !e.speakersKnown() || e.Unspoken > 0 {
			return nil, 0
		}
		for _, sp := range e.Speakers {
			if allowed.allows(src, sp) {
				in[sp] = append(in[sp], src)
			} else {
				out[sp] = append(out[sp], src)
			}
		}
	}
	// cost is the number of terms that keep sp out.
	cost := func(sp string) int {
		if len(in[sp]) == 0 {
			return 1
		}
		return min(len(out[sp]), 1+len(in[sp]))
	}
	n := 0
	for sp := range out {
		if n += cost(sp); n >= limit {
			return nil, 0
		}
	}
	if n == 0 {
		return nil, 0
	}
	term := func(field, v string) query.Query {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		return t
	}
	in1 := func(sp string, srcs []string) []query.Query {
		slices.Sort(srcs)
		ts := make([]query.Query, len(srcs))
		for i, src := range srcs {
			ts[i] = term(fieldSpeakerIn, speakerIn(src, sp))
		}
		return ts
	}
	terms := make([]query.Query, 0, n)
	for _, sp := range slices.Sorted(maps.Keys(out)) {
		switch {
		case len(in[sp]) == 0:
			terms = append(terms, term(FieldSpeaker, sp))
		case len(out[sp]) <= 1+len(in[sp]):
			terms = append(terms, in1(sp, out[sp])...)
		default:
			b := bleve.NewBooleanQuery()
			b.AddMust(term(FieldSpeaker, sp))
			b.AddMustNot(bleve.NewDisjunctionQuery(in1(sp, in[sp])...))
			terms = append(terms, b)
		}
	}
	if len(terms) == 1 {
		return terms[0], n
	}
	return bleve.NewDisjunctionQuery(terms...), n
}
