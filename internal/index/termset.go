package index

import (
	"container/heap"
	"context"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// termSetQuery matches the turns that hold any of Terms in Field, unscored:
// a filter of many values (the participants an --attr filter names, a
// hundred and more at a thousand sources).
//
// bleve searches a disjunction of terms unscored by uniting their postings
// lists into one bitmap before the search starts: every turn of every
// participant, although the filter is asked only about the words' hits
// (filteredQuery). termSetQuery's searcher unites them lazily instead: the
// terms' readers, kept in a heap by their current turn, are advanced only
// as far as the turns asked about.
type termSetQuery struct {
	Field string
	Terms []string
}

func (q termSetQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	u := &unionSearcher{readers: make([]bleveindex.TermFieldReader, 0, len(q.Terms))}
	for _, t := range q.Terms {
		r, err := i.TermFieldReader(ctx, []byte(t), q.Field, false, false, false)
		if err != nil {
			_ = u.Close()
			return nil, err
		}
		u.readers = append(u.readers, r)
	}
	return u, nil
}

// unionSearcher is the searcher of a termSetQuery: each turn that one of
// its readers holds, once, in increasing order, scored 0.
type unionSearcher struct {
	readers []bleveindex.TermFieldReader
	h       readerHeap // the readers not exhausted, by their current turn
	started bool
	last    bleveindex.IndexInternalID // the turn returned last
}

// readerAt is a reader and its current turn.
type readerAt struct {
	r   bleveindex.TermFieldReader
	cur *bleveindex.TermFieldDoc
}

type readerHeap []readerAt

func (h readerHeap) Len() int           { return len(h) }
func (h readerHeap) Less(i, j int) bool { return h[i].cur.ID.Compare(h[j].cur.ID) < 0 }
func (h readerHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *readerHeap) Push(x any)        { *h = append(*h, x.(readerAt)) }
func (h *readerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

var reflectStaticSizeUnionSearcher = int(reflect.TypeFor[unionSearcher]().Size())

// start puts each reader's first turn at or after id (nil: its first
// turn) in the heap.
func (u *unionSearcher) start(id bleveindex.IndexInternalID) error {
	u.started = true
	for _, r := range u.readers {
		var d *bleveindex.TermFieldDoc
		var err error
		if id == nil {
			d, err = r.Next(nil)
		} else {
			d, err = r.Advance(id, nil)
		}
		if err != nil {
			return err
		}
		if d != nil {
			u.h = append(u.h, readerAt{r, d})
		}
	}
	heap.Init(&u.h)
	return nil
}

// moveTop moves the reader at the top of the heap to its next turn (id
// nil) or to its first turn at or after id, and restores the heap.
func (u *unionSearcher) moveTop(id bleveindex.IndexInternalID) error {
	top := &u.h[0]
	var d *bleveindex.TermFieldDoc
	var err error
	if id == nil {
		d, err = top.r.Next(top.cur)
	} else {
		d, err = top.r.Advance(id, top.cur)
	}
	if err != nil {
		return err
	}
	if d == nil {
		heap.Pop(&u.h)
		return nil
	}
	top.cur = d
	heap.Fix(&u.h, 0)
	return nil
}

// match returns the turn at the top of the heap, nil when there is none.
func (u *unionSearcher) match(ctx *search.SearchContext) *search.DocumentMatch {
	if len(u.h) == 0 {
		u.last = nil
		return nil
	}
	u.last = append(u.last[:0], u.h[0].cur.ID...)
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = append(d.IndexInternalID[:0], u.last...)
	return d
}

func (u *unionSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !u.started {
		if err := u.start(nil); err != nil {
			return nil, err
		}
		return u.match(ctx), nil
	}
	// Every reader on the turn returned last moves on.
	for len(u.h) > 0 && u.last != nil && u.h[0].cur.ID.Equals(u.last) {
		if err := u.moveTop(nil); err != nil {
			return nil, err
		}
	}
	return u.match(ctx), nil
}

func (u *unionSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !u.started {
		if err := u.start(id); err != nil {
			return nil, err
		}
		return u.match(ctx), nil
	}
	for len(u.h) > 0 && u.h[0].cur.ID.Compare(id) < 0 {
		if err := u.moveTop(id); err != nil {
			return nil, err
		}
	}
	return u.match(ctx), nil
}

func (u *unionSearcher) Close() error {
	var err error
	for _, r := range u.readers {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (u *unionSearcher) Weight() float64      { return 0 }
func (u *unionSearcher) SetQueryNorm(float64) {}
func (u *unionSearcher) Min() int             { return 0 }
func (u *unionSearcher) DocumentMatchPoolSize() int {
	return 1
}

// Count is the sum of the terms' counts: an upper bound of the turns, as
// a disjunction's is.
func (u *unionSearcher) Count() uint64 {
	var n uint64
	for _, r := range u.readers {
		n += r.Count()
	}
	return n
}

func (u *unionSearcher) Size() int {
	n := reflectStaticSizeUnionSearcher
	for _, r := range u.readers {
		n += r.Size()
	}
	return n
}
