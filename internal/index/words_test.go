package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// TestWordsFingerprint checks that the fingerprint sees what would make an
// index's terms or highlights wrong (a word cut one byte short, a word
// split in two, stems or folds changed), and only that: the analysis
// built with bleve's own tokenizer, whose words grounded_words cuts
// exactly, gives the same fingerprint.
func TestWordsFingerprint(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(textAnalyzer)
	analyze := func(s string) analysis.TokenStream { return a.Analyze([]byte(s)) }
	base := fingerprintWords(analyze, wordSpans)
	if base == "" || base != wordsFingerprint() {
		t.Fatalf("fingerprint %q, wordsFingerprint %q", base, wordsFingerprint())
	}
	withFilters := func(tok analysis.Tokenizer, filters ...analysis.TokenFilter) func(string) analysis.TokenStream {
		an := &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}
		return func(s string) analysis.TokenStream { return an.Analyze([]byte(s)) }
	}
	bleveWords := func(s string) []Span {
		var out []Span
		for _, tk := range unicodetok.NewUnicodeTokenizer().Tokenize([]byte(s)) {
			out = append(out, Span{tk.Start, tk.End})
		}
		return out
	}
	stem := newStemTokens(stemCacheSize)
	if got := fingerprintWords(withFilters(unicodetok.NewUnicodeTokenizer(), foldTokens{}, stem, positionsOnly{}), bleveWords); got != base {
		t.Errorf("bleve's tokenizer: %s, want %s (the same words)", got, base)
	}
	short := func(s string) []Span { // the non-ASCII words one byte short
		out := wordSpans(s)
		for i := range out {
			if strings.ContainsFunc(s[out[i].Start:out[i].End], func(r rune) bool { return r > 0x7f }) {
				out[i].End--
			}
		}
		return out
	}
	split := func(s string) analysis.TokenStream { // "well-being" as one word more
		toks := analyze(s)
		for i, tk := range toks {
			if string(tk.Term) == "3" {
				toks = append(toks[:i+1], toks[i:]...)
				for _, later := range toks[i+1:] {
					later.Position++
				}
				break
			}
		}
		return toks
	}
	for name, fp := range map[string]string{
		"non-ASCII words cut short": fingerprintWords(analyze, short),
		"a word split":              fingerprintWords(split, wordSpans),
		"no stems":                  fingerprintWords(withFilters(wordTokens{}, foldTokens{}, positionsOnly{}), wordSpans),
		"no folding":                fingerprintWords(withFilters(wordTokens{}, stem, positionsOnly{}), wordSpans),
		"offsets kept":              fingerprintWords(withFilters(wordTokens{}, foldTokens{}, stem), wordSpans),
	} {
		if fp == base {
			t.Errorf("%s: the same fingerprint %s", name, fp)
		}
	}
}

// TestWordsChangeRebuilds: an index whose manifest records another
// analysis is rebuilt, with a notice that says why; an index of this one
// is not.
func TestWordsChangeRebuilds(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	if got := readManifestT(t, p).Words; got != wordsFingerprint() {
		t.Fatalf("the manifest records words %q, want %q", got, wordsFingerprint())
	}
	ix, st := openSync(t, p)
	ix.Close()
	if st.Rebuilt || st.Notice != "" {
		t.Errorf("same analysis: %+v", st)
	}
	for _, words := range []string{"0", ""} {
		editManifest(t, p, func(m *manifest) { m.Words = words })
		ix, st := openSync(t, p)
		if !st.Rebuilt || st.Added != 3 || !strings.Contains(st.Notice, "cut or compared words differently") {
			t.Errorf("manifest with words %q: %+v", words, st)
		}
		if res := find(t, ix, Query{Text: "trust"}); res.Total == 0 {
			t.Errorf("no hits after the rebuild")
		}
		ix.Close()
	}
}
