package index

import (
	"strconv"
	"strings"
)

// Long turns in chunks
//
// Indexing a document holds all of its terms and their positions at once,
// so one turn of corpus.MaxTurnChars would cost the index tens of
// megabytes. A turn of more than ChunkBytes bytes is therefore indexed as
// several documents, its chunks, each of at most about ChunkBytes bytes,
// cut where a word begins and ends; consecutive chunks share
// PhraseWords-1 words, so that any run of up to PhraseWords words of the
// turn lies wholly inside one chunk. A turn of ChunkBytes bytes or fewer
// is one document, as it always was.
//
// A chunk's document has the fields of its turn's document (source,
// speaker, participant, turn, codes, coders, start), its own stretch of
// the text in text, and four more: chunked (always "1"), turnref (the
// turn's reference, SRC#N), offset and chunkend (stored only: the byte
// offsets of the chunk's start and end in the turn's text). Its id is SRC#N/K, K from 1; '/' is in
// no source id.

// ChunkBytes is the size in bytes above which a turn is indexed in chunks,
// and about the size of each chunk.
const ChunkBytes = 8192

// PhraseWords is the longest phrase, in words, that is found by the index
// alone in a turn indexed in chunks. A longer phrase is checked against
// the turn's text (see longPhrase).
const PhraseWords = 32

// Fields of the chunks' documents only (see above).
const (
	fieldChunked = "chunked"
	fieldTurnRef = "turnref"
	fieldOffset  = "offset"
	// fieldChunkEnd is stored only: the byte offset of the chunk's end in
	// the turn's text (for the highlights, positions.go).
	fieldChunkEnd = "chunkend"
)

// chunkSpan is a chunk of a turn's text: bytes [start, end).
type chunkSpan struct{ start, end int }

// chunkBytes is ChunkBytes; tests make it smaller.
var chunkBytes = ChunkBytes

// chunkText cuts text into chunks (see above); nil when it is at most
// ChunkBytes long. The first chunk starts at 0 and the last ends at
// len(text); each starts where a word starts, ends where a word ends
// (or at the end of the text), and starts at or before the end of the one
// before it.
func chunkText(text string) []chunkSpan {
	if len(text) <= chunkBytes {
		return nil
	}
	// The words as the text's analyzer cuts them (tokenize.go).
	words := appendWords(nil, text)
	if len(words) <= 2*PhraseWords {
		return []chunkSpan{{0, len(text)}}
	}
	var out []chunkSpan
	a := 0 // first word of the chunk
	for {
		// Take words while the chunk stays within ChunkBytes, and at
		// least 2*PhraseWords of them so that each chunk moves on.
		b := a + 1
		for b < len(words) && (b-a < 2*PhraseWords || words[b].end-words[a].start <= chunkBytes) {
			b++
		}
		start := words[a].start
		if a == 0 {
			start = 0
		}
		if b >= len(words) {
			out = append(out, chunkSpan{start, len(text)})
			return out
		}
		out = append(out, chunkSpan{start, words[b-1].end})
		// The next chunk repeats the last PhraseWords-1 words: a run of
		// PhraseWords words starting before it ends in this one.
		a = b - (PhraseWords - 1)
	}
}

// chunkID is the document id of chunk k (from 1) of a turn.
func chunkID(turnRef string, k int) string { return turnRef + "/" + strconv.Itoa(k) }

// turnOfDoc returns the reference of the turn of a document id: the id of
// a whole turn's document, or the part before '/' of a chunk's.
func turnOfDoc(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[:i]
	}
	return id
}

// chunkDocs makes the documents of a long turn's chunks from the fields
// of its document (f, whose text is the turn's). Nil when the turn is not
// long.
func chunkDocs(id string, f map[string]any) []doc {
	text, _ := f[FieldText].(string)
	cs := chunkText(text)
	if cs == nil {
		return nil
	}
	docs := make([]doc, len(cs))
	for k, c := range cs {
		g := make(map[string]any, len(f)+3)
		for name, v := range f {
			g[name] = v
		}
		g[FieldText] = text[c.start:c.end]
		g[fieldChunked] = "1"
		g[fieldTurnRef] = id
		g[fieldOffset] = float64(c.start)
		g[fieldChunkEnd] = float64(c.end)
		docs[k] = doc{id: chunkID(id, k+1), fields: g}
	}
	return docs
}
