package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
)

// Positions without byte offsets
//
// bleve records, for each word of the text it indexes, its position and
// the byte offsets of its start and end (the term vectors, for phrases and
// highlights). The offsets were two of the five numbers the index's
// segments kept per word, and about as many bytes as the text itself. The
// text's analyzer now ends with positionsFilter, which zeroes them, and
// grounded's copy of zap writes a word without offsets as its position
// alone (third_party/zapx/PATCHES.md): the term vectors are about a
// quarter of their size, and phrases, which need positions only, are
// answered as before.
//
// The highlights are computed from the positions and the text that the
// project holds, which every search already reads for the page of hits
// and checks against the hash the index stored (hittext.go): the analyzer
// drops no word, so the word at position p is the p-th word that the
// tokenizer cuts from the text (wordSpans), and its byte offsets are the
// tokenizer's. A chunk of a long turn stores where it starts and ends in
// the turn's text; its words are numbered from its own start, as they
// were indexed.
const positionsFilter = "grounded_positions"

func init() {
	if err := registry.RegisterTokenFilter(positionsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return positionsOnly{}, nil
	}); err != nil {
		panic(err)
	}
}

// positionsOnly is the grounded_positions token filter: it zeroes each
// token's byte offsets and keeps everything else.
type positionsOnly struct{}

func (positionsOnly) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Start, t.End = 0, 0
	}
	return input
}

// wordAt is a word of a document found by a query: its position (from 1)
// in the document's text, and the byte offsets in the turn's text of the
// chunk the document holds (start 0, end -1 for a whole turn).
type wordAt struct{ start, end, pos int }

// locationWords appends the positions of a document's term locations in
// its text field, in the chunk [start, end) of its turn (end -1: the
// whole turn).
func locationWords(locs search.TermLocationMap, start, end int, out []wordAt) []wordAt {
	for _, ls := range locs {
		for _, l := range ls {
			out = append(out, wordAt{start, end, int(l.Pos)})
		}
	}
	return out
}

// wordSpans returns the byte ranges of the words of text, as the text's
// analyzer cuts and numbers them: the word at position p is [p-1].
func wordSpans(text string) []Span {
	var buf [64]wordCut
	words := appendWords(buf[:0], text)
	out := make([]Span, len(words))
	for i, w := range words {
		out[i] = Span{w.start, w.end}
	}
	return out
}

// wordsToSpans appends to out the byte ranges in text of the words ws: of
// a turn's text, or of a memo's (no chunks). A word that the text does
// not have (a chunk past its end, a position past the chunk's last word)
// is an error: the index does not match the text.
func wordsToSpans(text string, ws []wordAt, out []Span) ([]Span, error) {
	type chunk struct{ start, end int }
	cuts := map[chunk][]Span{} // the words of each chunk
	for _, w := range ws {
		c := chunk{w.start, w.end}
		words, ok := cuts[c]
		if !ok {
			switch {
			case c == chunk{0, -1}:
				words = wordSpans(text)
			case 0 <= c.start && c.start < c.end && c.end <= len(text):
				words = wordSpans(text[c.start:c.end])
			default:
				return out, fmt.Errorf("the text has %d bytes, not the chunk [%d, %d)", len(text), c.start, c.end)
			}
			cuts[c] = words
		}
		if w.pos < 1 || w.pos > len(words) {
			return out, fmt.Errorf("no word at position %d (of %d) in the text at byte %d", w.pos, len(words), c.start)
		}
		s := words[w.pos-1]
		out = append(out, Span{c.start + s.Start, c.start + s.End})
	}
	return out, nil
}
