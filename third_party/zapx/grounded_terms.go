package zap

import index "github.com/blevesearch/bleve_index_api"

// grounded (PATCHES.md, the fourth patch): a field that lists its terms
// with ids.

// IDTerm is one distinct term of a field of a document: the term, its
// frequencies and locations (Freq, as AnalyzedTokenFrequencies holds it
// under Term), and an id. An id other than 0 stands for its term in every
// field of the same name of the documents of a segment: two IDTerms of
// such fields have the same id if and only if they have the same term.
// 0 is no id.
type IDTerm struct {
	ID   uint32
	Term string
	Freq *index.TokenFreq
}

// TermIDField is a field whose analysis is also a list of its distinct
// terms, with ids. When building a segment, zap takes the field's terms
// from IDTerms, which must hold the terms of AnalyzedTokenFrequencies,
// each once, and finds each term's postings list by its id, without
// hashing the term. AnalyzedTokenFrequencies must still return the
// field's frequencies: zap calls it for a document that has another field
// of the same name (a field given twice), whose frequencies it merges into
// the first's map (so that map may change), and for every document of a
// segment of more than 2^32 postings lists; scorch's analysis calls it
// for a document with a composite field (_all).
type TermIDField interface {
	index.Field
	IDTerms() []IDTerm
}
