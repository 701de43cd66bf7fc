package index

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// The analysis of the turns' text (see "Words and phrases" in the package
// comment).
//
// The highlights are the tokenizer's words of the original text at the
// positions a query matched (positions.go), so the analysis must keep the
// tokenizer's words one for one: no char filter (it would change the text
// before it is cut into words) and no filter that drops or splits a
// token; every change is made to each word's term after the tokenizer.
const (
	// textAnalyzer analyses the text field, in documents and queries.
	textAnalyzer = "grounded_text"
	// foldFilter is the token filter that unifies apostrophes, folds
	// accents and case, and marks words with an apostrophe as not to be
	// stemmed.
	foldFilter = "grounded_fold"
)

func init() {
	// The names are recorded in the index's mapping: bleve looks them up
	// in its registry when it opens the index.
	if err := registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	}); err != nil {
		panic(err)
	}
}

// textAnalyzerConfig is the custom analyzer of the text field: Unicode
// word boundaries (UAX #29, which keep don't and don’t one word each, cut
// by wordTokens, tokenize.go), foldTokens, then the Porter stemmer (stemTokens, stem.go), which leaves
// alone the words that foldTokens marked, then positionsOnly, which zeroes
// the byte offsets (positions.go). No stop words are removed.
func textAnalyzerConfig() map[string]any {
	return map[string]any{
		"type":          custom.Name,
		"tokenizer":     wordsTokenizer,
		"token_filters": []any{foldFilter, stemFilter, positionsFilter},
	}
}

// foldTokens is the grounded_fold token filter.
type foldTokens struct{}

func (foldTokens) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term, t.KeyWord = foldTerm(t.Term)
	}
	return input
}

// foldTerm is what foldTokens makes of a word: its folded term (the
// word's own bytes when they do not change, as a token's term may be),
// and whether the term is not to be stemmed. The analysis of a full build
// (textTerms, textfreq.go) folds with it too.
func foldTerm(word []byte) (term []byte, keyword bool) {
	if isPlainASCII(word) {
		term = lowerASCII(word)
	} else {
		term = []byte(FoldWord(string(word)))
	}
	// A contraction (can't, I'm) or a possessive (Ana's): the stemmer
	// would cut it to another word (it's to it).
	return term, bytes.IndexByte(term, '\'') >= 0
}

// apostrophes are the characters read as an apostrophe (or a single
// quote) besides ': right and left single quotation marks, the modifier
// letter apostrophe, the prime, the fullwidth apostrophe and the grave
// and acute accents typed for one.
var apostrophes = strings.NewReplacer(
	"\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u2032", "'",
	"\uff07", "'", "`", "'", "\u00b4", "'", "\u201b", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u00ab", `"`, "\u00bb", `"`,
)

// FoldWord is what the index compares of a word: apostrophes and quotes
// unified (don’t is don't), accents and other marks removed (é is e, and
// ß is ss, by ASCII folding where it applies), and lower case. It does
// not stem.
func FoldWord(w string) string {
	w = apostrophes.Replace(w)
	if !isASCII(w) {
		// Decompose, drop the combining marks, then fold what remains
		// (ß, æ, ø…) to ASCII where it has an ASCII form.
		d := norm.NFD.String(w)
		var b strings.Builder
		b.Grow(len(d))
		for _, r := range d {
			if !unicode.Is(unicode.Mn, r) {
				b.WriteRune(r)
			}
		}
		w = string(asciifolding.New().Filter([]byte(norm.NFC.String(b.String()))))
	}
	return strings.ToLower(w)
}

// isPlainASCII reports whether term is ASCII without a grave accent typed
// for an apostrophe (most words): lower case is then all of FoldWord.
func isPlainASCII(term []byte) bool {
	for _, c := range term {
		if c >= utf8.RuneSelf || c == '`' {
			return false
		}
	}
	return true
}

// lowerASCII returns term in lower case, copied when it changes (a term
// may share the bytes of the text).
func lowerASCII(term []byte) []byte {
	for i, c := range term {
		if 'A' <= c && c <= 'Z' {
			out := bytes.Clone(term)
			for j := i; j < len(out); j++ {
				if c := out[j]; 'A' <= c && c <= 'Z' {
					out[j] = c + 'a' - 'A'
				}
			}
			return out
		}
	}
	return term
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
