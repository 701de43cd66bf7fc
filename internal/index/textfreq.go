package index

import (
	"bytes"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	zap "github.com/blevesearch/zapx/v17"
)

// The analysis of a full build, without tokens
//
// bleve analyses a document's text by making a token of every word (a
// struct and a pointer to it), running the analyzer's filters over them
// (fold, stem, positions), then counting them into the term frequencies
// that a segment is built from (analysis.TokenFrequency): for each word a
// token, a term, a location and a map access, and for each distinct word
// of the turn a frequency, its list of locations and its term as a
// string. That was a fifth of the CPU of an ingest.
//
// A full build (build.go) analyses the text field with textTerms
// instead: the words are cut as the tokenizer cuts them (appendWords),
// each word's term is what foldTokens and stemTokens would make of it,
// looked up by the word's bytes in a table of the words the worker has
// already seen (a study has some 30,000 words against ten million
// tokens), and the frequencies and locations are carved from one slice
// per turn. Each term has an id, from a table the build's workers share
// (termIDs): the turn's words are counted by id, and the field lists its
// distinct terms with their ids (termsField, a zap.TermIDField) for
// grounded's copy of zap, which finds each term's postings list by its id
// (third_party/zapx/PATCHES.md, the fourth patch). The map of the
// frequencies that bleve's interface asks for is made only if it is
// asked for (zap does, for a document with a field given twice). A field
// of the keyword analyzer without term vectors (speaker, source, turn…)
// is its one term, its whole value (keywordField).
//
// The result is the analysis bleve makes, item for item: the number of
// words, and for each term its frequency and its locations (position
// from 1, no byte offsets, as positionsOnly leaves them; the field's
// array positions), in the order of the words. The tests compare the two
// on many texts and fuzz them (TestTextTermsAsAnalyzer, FuzzTextTerms),
// compare every field of every document of a test project
// (TestPreparerAsBleve), and TestParallelBuildSameAsSerial compares the
// indexes built.
//
// Other fields (the codes, whose analyzer lowers their case), and every
// document that the index adds outside a full build (a changed source),
// are analysed by bleve as before: their text has the same terms either
// way.

// termTableSize is the most words a textTerms keeps the terms of, and
// termIDsSize the most terms a termIDs gives ids to; tests make them
// smaller.
var termTableSize, termIDsSize = 1 << 16, 1 << 20

// maxTableWord is the longest word, in bytes, whose term a textTerms keeps,
// and the longest term that has an id: longer ones (a pasted blob, a URL,
// OCR without spaces) are rare, and would make the tables hold megabytes;
// their terms are made again for each word and looked up by their text.
// Whether a term has an id depends on the term alone, not on the word it
// was made of: a word over maxTableWord bytes may have the term of a
// shorter one (ab…abs, ab…ab; é…é, e…e), and a turn's words of one term
// must be counted as one (textTerms.find), zap's list of the field's
// terms holding each term once.
const maxTableWord = 64

// termIDs gives the terms of a full build ids from 1, shared by its
// workers: zap finds a term's postings list by its id (grounded's copy of
// zap, PATCHES.md, the fourth patch), and a worker counts a turn's words
// by it, neither hashing the term again. Past termIDsSize terms, a new
// term has no id (0), and both look it up by its text.
type termIDs struct {
	mu  sync.Mutex
	ids map[string]uint32
}

func newTermIDs() *termIDs { return &termIDs{ids: make(map[string]uint32)} }

// id is the id of term (0: none).
func (t *termIDs) id(term string) uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	id, ok := t.ids[term]
	if !ok && len(t.ids) < termIDsSize {
		id = uint32(len(t.ids) + 1)
		t.ids[term] = id
	}
	return id
}

// wordTerm is the term of a word, as a string (the key of the
// frequencies) and as bytes (TokenFreq.Term), made once, and its id.
type wordTerm struct {
	s  string
	b  []byte
	id uint32
}

// textTerms analyses texts as the text field's analyzer does, for one
// goroutine.
type textTerms struct {
	ids   *termIDs            // shared
	terms map[string]wordTerm // a word's bytes → its term
	cuts  []wordCut           // reused
	words []int32             // reused: the index in the turn's terms of each word
	slot  []int32             // reused: term id → its index in the turn's terms + 1
	other map[string]int32    // reused: the same for a term without an id
}

// newTextTerms is a textTerms whose terms have ids from ids (nil: its
// own).
func newTextTerms(ids *termIDs) *textTerms {
	if ids == nil {
		ids = newTermIDs()
	}
	return &textTerms{ids: ids, terms: make(map[string]wordTerm), other: make(map[string]int32)}
}

// term is the term of word (the bytes of a word of a text), as
// foldTokens (foldTerm) then stemTokens make it.
func (a *textTerms) term(word []byte) wordTerm {
	if t, ok := a.terms[string(word)]; ok {
		return t
	}
	b, keyword := foldTerm(word)
	if keyword {
		b = bytes.Clone(b) // not the text's bytes
	} else {
		b = bytes.Clone(porterStem(b))
	}
	t := wordTerm{s: string(b), b: b}
	if len(t.s) <= maxTableWord { // by the term's length: see maxTableWord
		t.id = a.ids.id(t.s)
	}
	if len(word) > maxTableWord {
		return t // not kept: see maxTableWord
	}
	if len(a.terms) < termTableSize {
		a.terms[string(word)] = t
	}
	return t
}

// analyze returns the number of words of text and its distinct terms, in
// the order of their first words, with their frequencies and locations as
// the text field's analyzer and analysis.TokenFrequency make them for a
// field of one value (whose array positions are given) that keeps term
// vectors.
func (a *textTerms) analyze(text []byte, arrayPositions []uint64) (int, []zap.IDTerm) {
	a.cuts = appendWords(a.cuts[:0], text)
	n := len(a.cuts)
	if n == 0 {
		return 0, nil
	}
	locs := make([]index.TokenLocation, n)
	ptrs := make([]*index.TokenLocation, n)
	freqs := make([]index.TokenFreq, 0, n)
	terms := make([]zap.IDTerm, 0, n)
	if cap(a.words) < n {
		a.words = make([]int32, n)
	}
	words := a.words[:n]
	// Find each word's term among the turn's (by its id, or its text),
	// counting its words; then give each term its part of ptrs, in the
	// order of its first word, and fill it in the order of the words.
	for i, c := range a.cuts {
		t := a.term(text[c.start:c.end])
		k := a.find(t, len(terms))
		if k == len(terms) {
			freqs = append(freqs, index.TokenFreq{Term: t.b})
			terms = append(terms, zap.IDTerm{ID: t.id, Term: t.s})
		}
		freqs[k].SetFrequency(freqs[k].Frequency() + 1)
		words[i] = int32(k)
		locs[i].Position = i + 1
		locs[i].ArrayPositions = arrayPositions
	}
	next := 0
	for k := range terms {
		f := freqs[k].Frequency()
		freqs[k].Locations = ptrs[next : next : next+f]
		next += f
		terms[k].Freq = &freqs[k]
	}
	for i, k := range words {
		freqs[k].Locations = append(freqs[k].Locations, &locs[i])
	}
	for _, t := range terms { // for the next turn
		if t.ID != 0 {
			a.slot[t.ID] = 0
		}
	}
	clear(a.other)
	return n, terms
}

// reset forgets the terms of a turn whose analysis stopped midway (a
// panic): analyze notes them in slot and other until its end.
func (a *textTerms) reset() {
	clear(a.slot)
	clear(a.other)
}

// find returns the index of t among the turn's terms, or next (the number
// of them) when it is new, which it records.
func (a *textTerms) find(t wordTerm, next int) int {
	if t.id == 0 {
		k, ok := a.other[t.s]
		if !ok {
			a.other[t.s] = int32(next)
			return next
		}
		return int(k)
	}
	if int(t.id) >= len(a.slot) {
		a.slot = slices.Grow(a.slot, int(t.id)+1-len(a.slot))[:int(t.id)+1]
	}
	if k := a.slot[t.id]; k > 0 {
		return int(k - 1)
	}
	a.slot[t.id] = int32(next + 1)
	return next
}

// termsField is a text field analysed by textTerms: Analyze does
// nothing, and the analysis is the one given. It lists its terms with
// their ids for zap (zap.TermIDField); their frequencies as a map are made
// when asked for.
type termsField struct {
	*document.TextField
	length int
	terms  []zap.IDTerm
	freqs  index.TokenFrequencies
}

func (*termsField) Analyze()                {}
func (f *termsField) AnalyzedLength() int   { return f.length }
func (f *termsField) IDTerms() []zap.IDTerm { return f.terms }
func (f *termsField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.freqs == nil {
		f.freqs = make(index.TokenFrequencies, len(f.terms))
		for _, t := range f.terms {
			f.freqs[t.Term] = t.Freq
		}
	}
	return f.freqs
}

// keywordTerm is a termsField of one term, made in one allocation.
type keywordTerm struct {
	termsField
	term [1]zap.IDTerm
	freq index.TokenFreq
}

// keywordField is f analysed as the keyword analyzer and
// analysis.TokenFrequency analyse a field without term vectors: one word,
// its whole value, once, without locations.
func keywordField(f *document.TextField) *termsField {
	k := &keywordTerm{}
	k.freq.Term = f.Value()
	k.freq.SetFrequency(1)
	k.term[0] = zap.IDTerm{Term: string(f.Value()), Freq: &k.freq}
	k.termsField = termsField{TextField: f, length: 1, terms: k.term[:]}
	return &k.termsField
}
