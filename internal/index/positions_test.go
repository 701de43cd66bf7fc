package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// TestPositionsAreWords checks what the highlights rest on: the text
// analyzer's token at position p is the word wordSpans(text)[p-1], the
// word that the analyzer without grounded_positions gives there, with
// the same offsets, for the texts of TestStemMatchesPorter (transcripts,
// accents, apostrophes, CJK, emoji) and chunks of them.
func TestPositionsAreWords(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(textAnalyzer)
	withOffsets := &analysis.DefaultAnalyzer{Tokenizer: unicodetok.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{foldTokens{}, newStemTokens(stemCacheSize)}}
	texts := stemTexts(t)
	checked := 0
	for i, text := range texts {
		toks, ref, words := a.Analyze([]byte(text)), withOffsets.Analyze([]byte(text)), wordSpans(text)
		if len(toks) != len(ref) || len(toks) != len(words) {
			t.Fatalf("text %d: %d tokens, %d with offsets, %d words", i, len(toks), len(ref), len(words))
		}
		for k, tok := range toks {
			r := ref[k]
			w := words[tok.Position-1]
			if tok.Position != k+1 || r.Position != tok.Position || w != (Span{r.Start, r.End}) || tok.Start != 0 || tok.End != 0 {
				t.Fatalf("text %d token %d %q: position %d (with offsets %d, %d-%d), word %v, offsets %d-%d",
					i, k, tok.Term, tok.Position, r.Position, r.Start, r.End, w, tok.Start, tok.End)
			}
			checked++
		}
	}
	if checked < 10000 {
		t.Errorf("only %d tokens checked", checked)
	}
}

// TestWordsToSpans checks the highlights made from positions: of a whole
// text, of chunks (numbered from their start), and the errors when the
// index names a word or chunk that the text does not have.
func TestWordsToSpans(t *testing.T) {
	text := "Zoë said “trust” — then trusting, then TRUST."
	// Words: Zoë(1) said(2) trust(3) then(4) trusting(5) then(6) TRUST(7).
	at := func(s string, from int) Span {
		i := strings.Index(text[from:], s) + from
		return Span{i, i + len(s)}
	}
	got, err := wordsToSpans(text, []wordAt{{0, -1, 3}, {0, -1, 7}, {0, -1, 1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Span{at("trust", 0), at("TRUST", 0), at("Zoë", 0)}
	if !slices.Equal(got, want) {
		t.Errorf("whole text: %v, want %v", got, want)
	}
	// A chunk from "then" (the first) to the end: "trusting" is its word 2.
	c := strings.Index(text, "then")
	got, err = wordsToSpans(text, []wordAt{{c, len(text), 2}, {c, len(text), 1}}, []Span{{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	want = []Span{{0, 1}, at("trusting", 0), at("then", 0)}
	if !slices.Equal(got, want) {
		t.Errorf("chunk: %v, want %v", got, want)
	}
	for _, bad := range [][]wordAt{{{0, -1, 8}}, {{0, -1, 0}}, {{c, len(text) + 1, 1}}, {{c, c, 1}}, {{c, len(text), 5}}} {
		if got, err := wordsToSpans(text, bad, nil); err == nil {
			t.Errorf("%v: %v, want an error", bad, got)
		}
	}
}
