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

	"github.com/grounded-qda/grounded/internal/project"
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
// An exclusion must also keep out the turns it knows nothing of. The
// manifest records each source's speakers (manifestEntry.Speakers), so a
// turn of a source whose turns all have a speaker is kept out by its
// speaker, or its speaker and source. A source whose entry predates that
// record, or that has a turn without a speaker (which no filter lets
// through), is kept out whole but for the speakers let through in it: a
// source term, and a term per speaker let through there.

// speakersKnown reports whether e records its source's speakers: every
// document has a speaker or is counted in Unspoken.
func (e manifestEntry) speakersKnown() bool {
	return len(e.Speakers) > 0 || e.Unspoken > 0 || e.Turns == 0
}

// speakersOf returns the speakers of docs, sorted, and the number of
// docs without one, for their source's manifest entry.
func speakersOf(docs []doc) (speakers []string, unspoken int) {
	for _, d := range docs {
		sp, _ := d.fields[FieldSpeaker].(string)
		switch {
		case sp == "":
			unspoken++
		case !slices.Contains(speakers, sp):
			speakers = append(speakers, sp)
		}
	}
	slices.Sort(speakers)
	return speakers, unspoken
}

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
type allowedSpeakers struct {
	by map[string]*speakerAllowance
	// inSource lists, per source, the speakers let through there by
	// name (SpeakerSources.Only); anywhere, those let through in every
	// source but some (Only nil).
	inSource map[string][]string
	anywhere []string
}

// speakerAllowance is where a speaker's turns pass: in the sources of
// only, and in every source but those of one of the except sets.
type speakerAllowance struct {
	only   map[string]bool
	except []map[string]bool
}

func newAllowedSpeakers(ss []SpeakerSources) *allowedSpeakers {
	a := &allowedSpeakers{by: map[string]*speakerAllowance{}, inSource: map[string][]string{}}
	for _, s := range ss {
		if s.Speaker == "" {
			continue
		}
		w := a.by[s.Speaker]
		if w == nil {
			w = &speakerAllowance{only: map[string]bool{}}
			a.by[s.Speaker] = w
		}
		not := make(map[string]bool, len(s.Except))
		for _, src := range s.Except {
			not[src] = true
		}
		if s.Only == nil {
			if len(w.except) == 0 {
				a.anywhere = append(a.anywhere, s.Speaker)
			}
			w.except = append(w.except, not)
			continue
		}
		for _, src := range s.Only {
			if !not[src] && !w.only[src] {
				w.only[src] = true
				a.inSource[src] = append(a.inSource[src], s.Speaker)
			}
		}
	}
	return a
}

// allows reports whether the turns of speaker in source pass.
func (a *allowedSpeakers) allows(source, speaker string) bool {
	w := a.by[speaker]
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

// in returns the speakers let through in source, sorted.
func (a *allowedSpeakers) in(source string) []string {
	sps := slices.Clone(a.inSource[source])
	for _, sp := range a.anywhere {
		if !slices.Contains(sps, sp) && a.allows(source, sp) {
			sps = append(sps, sp)
		}
	}
	slices.Sort(sps)
	return sps
}

// speakerExclusion is the query of the turns that the speaker filter ss
// keeps out, and its number of terms, built only while it has fewer than
// limit terms; nil when it would have limit terms or more, or when it
// keeps nothing out (then the filter itself costs little: it lets every
// speaker through).
//
// A speaker is kept out by its speaker term when it is let through
// nowhere; else by a term of fieldSpeakerIn per source it is kept out of,
// or by its speaker term but for a term per source it is let through in,
// whichever is fewer terms. A source whose speakers are not all known
// (see above) is kept out by its source term but for a term of
// fieldSpeakerIn per speaker let through in it.
func speakerExclusion(ss []SpeakerSources, indexed map[string]manifestEntry, limit int) (query.Query, int) {
	allowed := newAllowedSpeakers(ss)
	out := map[string][]string{} // speaker: the sources it is kept out of
	in := map[string][]string{}  // speaker: the sources it may be let through in
	var whole []string           // the sources kept out whole but for some speakers
	for src, e := range indexed {
		if !e.speakersKnown() || e.Unspoken > 0 {
			if whole = append(whole, src); len(whole) >= limit {
				return nil, 0
			}
			continue
		}
		for _, sp := range e.Speakers {
			if allowed.allows(src, sp) {
				in[sp] = append(in[sp], src)
			} else {
				out[sp] = append(out[sp], src)
			}
		}
	}
	n := 0
	slices.SortFunc(whole, project.CompareIDs)
	wholeIn := make([][]string, len(whole))
	for i, src := range whole {
		wholeIn[i] = allowed.in(src)
		for _, sp := range wholeIn[i] {
			in[sp] = append(in[sp], src)
		}
		if n += 1 + len(wholeIn[i]); n >= limit {
			return nil, 0
		}
	}
	// cost is the number of terms that keep sp out.
	cost := func(sp string) int {
		if len(in[sp]) == 0 {
			return 1
		}
		return min(len(out[sp]), 1+len(in[sp]))
	}
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
	pairs := func(sp string, srcs []string) []query.Query {
		ts := make([]query.Query, len(srcs))
		for i, src := range srcs {
			ts[i] = term(fieldSpeakerIn, speakerIn(src, sp))
		}
		return ts
	}
	but := func(q query.Query, not []query.Query) query.Query {
		if len(not) == 0 {
			return q
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(q)
		b.AddMustNot(bleve.NewDisjunctionQuery(not...))
		return b
	}
	terms := make([]query.Query, 0, n)
	for i, src := range whole {
		not := make([]query.Query, len(wholeIn[i]))
		for j, sp := range wholeIn[i] {
			not[j] = term(fieldSpeakerIn, speakerIn(src, sp))
		}
		terms = append(terms, but(term(FieldSource, src), not))
	}
	for _, sp := range slices.Sorted(maps.Keys(out)) {
		// Only the list used is sorted: the interviewer's thousand
		// sources kept out, by one term, are not.
		if len(in[sp]) > 0 && len(out[sp]) <= 1+len(in[sp]) {
			slices.SortFunc(out[sp], project.CompareIDs)
			terms = append(terms, pairs(sp, out[sp])...)
		} else {
			slices.SortFunc(in[sp], project.CompareIDs)
			terms = append(terms, but(term(FieldSpeaker, sp), pairs(sp, in[sp])))
		}
	}
	if len(terms) == 1 {
		return terms[0], n
	}
	return bleve.NewDisjunctionQuery(terms...), n
}
