package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// stemFilter is the token filter that stems the words foldTokens did not
// mark: bleve's Porter stemmer (the "stemmer_porter" filter, which an
// index made before it records by name, and which gives the same terms),
// with the stems of the words already seen kept.
//
// The stemmer turns each word into runes and builds a new term from the
// stem's runes: about 6% of the CPU of an ingest. The words of a study
// are few beside its tokens (some 30,000 against 10 million at 1,000
// interviews), so stemCacheSize words are kept, the first ones seen, and a
// kept word's stem is shared by every token of it (a token's term is only
// read once the filters have run).
const stemFilter = "grounded_stem"

// stemCacheSize is the most words whose stems are kept.
const stemCacheSize = 1 << 16

func init() {
	if err := registry.RegisterTokenFilter(stemFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return newStemTokens(stemCacheSize), nil
	}); err != nil {
		panic(err)
	}
}

// stemTokens is the grounded_stem token filter. The analyzer that holds
// it analyses on every goroutine that indexes or searches.
type stemTokens struct {
	mu    sync.RWMutex
	stems map[string][]byte
	max   int // the most words kept
}

// newStemTokens is a stemTokens that keeps up to max words.
func newStemTokens(max int) *stemTokens {
	return &stemTokens{stems: map[string][]byte{}, max: max}
}

func (s *stemTokens) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !t.KeyWord {
			t.Term = s.stem(t.Term)
		}
	}
	return input
}

// stem is the Porter stem of term, as bleve's filter makes it.
func (s *stemTokens) stem(term []byte) []byte {
	s.mu.RLock()
	st, ok := s.stems[string(term)]
	s.mu.RUnlock()
	if ok {
		return st
	}
	st = porterStem(term)
	s.mu.Lock()
	if len(s.stems) < s.max {
		s.stems[string(term)] = st
	}
	s.mu.Unlock()
	return st
}

// porter is bleve's Porter filter, which keeps no state.
var porterFilter = porter.NewPorterStemmer()

// porterStem is the stem bleve's Porter filter gives term.
func porterStem(term []byte) []byte {
	ts := analysis.TokenStream{{Term: term}}
	return porterFilter.Filter(ts)[0].Term
}
