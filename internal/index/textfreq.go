package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// The text field's analysis in a full build, without tokens
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
// tokens), and the frequencies are carved from one slice per turn. The
// result is the analysis bleve makes, item for item: the number of
// words, and for each term its frequency and its locations (position
// from 1, no byte offsets, as positionsOnly leaves them; no array
// positions: the text is one value), in the order of the words. The
// tests compare the two on many texts and fuzz them
// (TestTextTermsAsAnalyzer, FuzzTextTerms); TestParallelBuildSameAsSerial
// compares the indexes built.
//
// Other fields, and every document that the index adds outside a full
// build (a changed source), are analysed by bleve as before: their text
// has the same terms either way.

// termTableSize is the most words a textTerms keeps the terms of; tests
// make it smaller.
var termTableSize = 1 << 16

// wordTerm is the term of a word, as a string (the key of the
// frequencies) and as bytes (TokenFreq.Term), made once.
type wordTerm struct {
	s string
	b []byte
}

// textTerms analyses texts as the text field's analyzer does, for one
// goroutine.
type textTerms struct {
	terms map[string]wordTerm // a word's bytes → its term
	cuts  []wordCut           // reused
	refs  []*index.TokenFreq  // reused: the term of each word
}

func newTextTerms() *textTerms {
	return &textTerms{terms: make(map[string]wordTerm)}
}

// term is the term of word (the bytes of a word of a text), as
// foldTokens then stemTokens make it.
func (a *textTerms) term(word []byte) wordTerm {
	if t, ok := a.terms[string(word)]; ok {
		return t
	}
	var b []byte
	if isPlainASCII(word) {
		b = bytes.Clone(lowerASCII(word))
	} else {
		b = []byte(FoldWord(string(word)))
	}
	if bytes.IndexByte(b, '\'') < 0 { // as foldTokens marks keywords
		b = bytes.Clone(porterStem(b))
	}
	t := wordTerm{string(b), b}
	if len(a.terms) < termTableSize {
		a.terms[string(word)] = t
	}
	return t
}

// analyze returns the number of words of text and its term frequencies,
// as the text field's analyzer and analysis.TokenFrequency make them for
// a field of one value that keeps term vectors.
func (a *textTerms) analyze(text []byte) (int, index.TokenFrequencies) {
	a.cuts = appendWords(a.cuts[:0], text)
	n := len(a.cuts)
	rv := make(index.TokenFrequencies, n)
	if n == 0 {
		return 0, rv
	}
	locs := make([]index.TokenLocation, n)
	ptrs := make([]*index.TokenLocation, n)
	freqs := make([]index.TokenFreq, 0, n)
	if cap(a.refs) < n {
		a.refs = make([]*index.TokenFreq, n)
	}
	refs := a.refs[:n]
	// Count each term's words, then give each term its part of ptrs, in
	// the order of its first word, and fill it in the order of the words.
	for i, c := range a.cuts {
		t := a.term(text[c.start:c.end])
		tf := rv[t.s]
		if tf == nil {
			freqs = append(freqs, index.TokenFreq{Term: t.b})
			tf = &freqs[len(freqs)-1]
			rv[t.s] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		refs[i] = tf
		locs[i].Position = i + 1
	}
	next := 0
	for i, tf := range refs {
		if tf.Locations == nil {
			k := tf.Frequency()
			tf.Locations = ptrs[next : next : next+k]
			next += k
		}
		tf.Locations = append(tf.Locations, &locs[i])
		refs[i] = nil
	}
	return n, rv
}

// termsField is a text field analysed by textTerms: Analyze does
// nothing, and the analysis is the one given.
type termsField struct {
	*document.TextField
	length int
	freqs  index.TokenFrequencies
}

func (termsField) Analyze()                                           {}
func (f termsField) AnalyzedLength() int                              { return f.length }
func (f termsField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
