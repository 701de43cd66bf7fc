package index

import (
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// stubSearcher returns its ids in order, then err (nil: the end).
type stubSearcher struct {
	ids []byte
	i   int
	err error
}

func (s *stubSearcher) next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.i >= len(s.ids) {
		return nil, s.err
	}
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = bleveindex.IndexInternalID{s.ids[s.i]}
	s.i++
	return d, nil
}
func (s *stubSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.next(ctx)
}
func (s *stubSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	for s.i < len(s.ids) && s.ids[s.i] < id[0] {
		s.i++
	}
	return s.next(ctx)
}
func (s *stubSearcher) Close() error               { return nil }
func (s *stubSearcher) Weight() float64            { return 1 }
func (s *stubSearcher) SetQueryNorm(float64)       {}
func (s *stubSearcher) Count() uint64              { return uint64(len(s.ids)) }
func (s *stubSearcher) Min() int                   { return 0 }
func (s *stubSearcher) Size() int                  { return 0 }
func (s *stubSearcher) DocumentMatchPoolSize() int { return 1 }

// TestFilteringSearcherNextError (found by review): an error of the words' searcher after
// a match the exclusion rejected must reach the caller, not end the hits.
func TestFilteringSearcherNextError(t *testing.T) {
	boom := errors.New("boom")
	ctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(8, 0)}
	fs := &filteringSearcher{
		Searcher: &stubSearcher{ids: []byte{1}, err: boom},
		exclude:  &clauseSearcher{s: &stubSearcher{ids: []byte{1}}},
	}
	d, err := fs.Next(ctx)
	if d != nil || !errors.Is(err, boom) {
		t.Fatalf("Next = %v, %v; want nil, boom", d, err)
	}
}

// TestSyncWithErrorWaits (found by review): SyncWith (and so SyncWhile) must not return
// while its scan still stats the project: the caller's read lock ends
// when it returns.
func TestSyncWithErrorWaits(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	sc := StartScan(p)
	_, _, err := ix.SyncWith(sc, func() {})
	if err == nil {
		t.Fatal("SyncWith of a closed index: no error")
	}
	select {
	case <-sc.done:
	default:
		t.Fatal("SyncWith returned its error while the scan was still running")
	}
}
