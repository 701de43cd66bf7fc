package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// stemTexts are texts to analyse: the bundled example transcripts (as
// their files hold them, time stamps and markup included), the generated
// sources' vocabulary, and random strings of letters, accented and not,
// apostrophes of every kind, digits, punctuation, CJK and emoji.
func stemTexts(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "transcripts", "*"))
	if err != nil || len(files) < 5 {
		t.Fatalf("example transcripts: %v, %d files", err, len(files))
	}
	var texts []string
	for _, f := range files {
		if strings.HasSuffix(f, ".docx") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	texts = append(texts, strings.Join(genVocabulary, " "))
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZeeeeaaassiiinggyy'’ʼ′`´éèêëàçñøßÆœıİ0123456789.,-_ \n\t王芳李娜😀")
	for range 300 {
		var b strings.Builder
		for range 1 + r.IntN(200) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	return texts
}

// folded is text cut into words and folded, as the stemmer receives it.
func folded(text string) analysis.TokenStream {
	return foldTokens{}.Filter(unicodetok.NewUnicodeTokenizer().Tokenize([]byte(text)))
}

// tokensOf prints a token stream for comparison.
func tokensOf(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q@%d[%d:%d]%v ", t.Term, t.Position, t.Start, t.End, t.KeyWord)
	}
	return b.String()
}

// TestStemMatchesPorter checks that the cached stemmer gives the terms of
// bleve's Porter filter, token for token, when a word is first seen and
// when it is kept, with a cache that fills up (3 words) and with the
// analyzer's own; and the analyzer of the text field against one built
// with bleve's filter, for the positions too.
func TestStemMatchesPorter(t *testing.T) {
	texts := stemTexts(t)
	for _, size := range []int{3, stemCacheSize} {
		s := newStemTokens(size)
		for round := range 2 {
			for i, text := range texts {
				want := tokensOf(porterFilter.Filter(folded(text)))
				got := tokensOf(s.Filter(folded(text)))
				if got != want {
					t.Fatalf("cache of %d, round %d, text %d:\n got %s\nwant %s", size, round, i, got, want)
				}
			}
		}
		if size == 3 && len(s.stems) != 3 {
			t.Errorf("a cache of 3 words holds %d", len(s.stems))
		}
		if size == stemCacheSize && len(s.stems) < 1000 {
			t.Errorf("the cache kept %d words", len(s.stems))
		}
	}

	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(textAnalyzer)
	ref := &analysis.DefaultAnalyzer{Tokenizer: unicodetok.NewUnicodeTokenizer(), TokenFilters: []analysis.TokenFilter{foldTokens{}, porterFilter, positionsOnly{}}}
	for i, text := range texts {
		if got, want := tokensOf(a.Analyze([]byte(text))), tokensOf(ref.Analyze([]byte(text))); got != want {
			t.Fatalf("text %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// TestStemConcurrent analyses the same texts on four goroutines with one
// stemmer, which they share as the workers of a build do.
func TestStemConcurrent(t *testing.T) {
	texts := stemTexts(t)
	want := make([]string, len(texts))
	for i, text := range texts {
		want[i] = tokensOf(porterFilter.Filter(folded(text)))
	}
	s := newStemTokens(500)
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Go(func() {
			for k := range texts {
				i := (k + g*len(texts)/4) % len(texts)
				if got := tokensOf(s.Filter(folded(texts[i]))); got != want[i] {
					errs <- fmt.Sprintf("goroutine %d, text %d:\n got %s\nwant %s", g, i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// FuzzStem compares the cached stemmer with bleve's Porter filter on any
// text, twice (the second time from the cache).
func FuzzStem(f *testing.F) {
	for _, s := range []string{"trusting trusted trust", "don’t it’s Fonctionnalité", "relapsing relapses", "ıİß caresses ponies", ""} {
		f.Add(s)
	}
	s := newStemTokens(64)
	f.Fuzz(func(t *testing.T, text string) {
		want := tokensOf(porterFilter.Filter(folded(text)))
		for range 2 {
			if got := tokensOf(s.Filter(folded(text))); got != want {
				t.Fatalf("%q:\n got %s\nwant %s", text, got, want)
			}
		}
	})
}
