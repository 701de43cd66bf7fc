package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/grounded-qda/grounded/corpus"
)

// TestFullBuildDocumentOrder: a full build numbers the documents in the
// sources' order (their order of ingest) and each source's turns in
// order, across segments: the segments built on every core (segBuilds)
// reach the builder in the order of their batches, each batch in the
// order of its documents, and are merged in one round (buildMergeMax
// segments at once) in that order. bleve's own builder numbered the
// documents of a segment in the order of a map, so two builds of one
// project differed in their bytes; this one's segments are those of the
// documents in order.
func TestFullBuildDocumentOrder(t *testing.T) {
	oldBatch, oldPiece := buildBatchSize, pieceDocs
	buildBatchSize, pieceDocs = 7, 3
	t.Cleanup(func() { buildBatchSize, pieceDocs = oldBatch, oldPiece })
	p := newProject(t)
	var want []string
	// Ingested in this order, which is not the order of their ids.
	for s, id := range []string{"P3", "P1", "P10", "P2", "A9"} {
		var turns []corpus.Turn
		for n := range 4 + 5*s {
			turns = append(turns, corpus.Turn{N: n + 1, Speaker: "Ana", Text: fmt.Sprintf("trust word%d of %s", n, id)})
			want = append(want, fmt.Sprintf("%s#%d", id, n+1))
		}
		writeSource(t, p, id, "Part"+id, turns)
	}
	ix, _ := syncDisk(t, p, false)
	if got := docOrder(t, ix); !slices.Equal(got, want) {
		t.Errorf("documents in the order\n%v\nwant\n%v", got, want)
	}
	if len(want) <= 3*buildBatchSize {
		t.Fatalf("%d documents: too few segments to show their order", len(want))
	}
}

// docOrder is the external ids of ix's documents by their number.
func docOrder(t *testing.T, ix *Index) []string {
	t.Helper()
	ai, err := ix.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	var ids []string
	for {
		n, err := all.Next()
		if err != nil {
			t.Fatal(err)
		}
		if n == nil {
			return ids
		}
		id, err := r.ExternalID(n)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
}

// recordingBuilder is a bleve.Builder that records what it is given.
type recordingBuilder struct {
	docs []int // of each segment given, its number of documents
	ids  []string
}

func (b *recordingBuilder) Index(id string, data any) error {
	d, ok := data.(*document.Document)
	if !ok || len(d.Fields) != 1 {
		return fmt.Errorf("given %T, not a document of one field", data)
	}
	f, ok := d.Fields[0].(prebuiltField)
	if !ok {
		return fmt.Errorf("given a %T", d.Fields[0])
	}
	b.docs = append(b.docs, int(f.p.Count()))
	b.ids = append(b.ids, id)
	return nil
}

func (b *recordingBuilder) Close() error { return nil }

// panickyField is a field whose analysis panics, as a bug in bleve would.
type panickyField struct{ *document.TextField }

func (panickyField) Analyze() { panic("analysis failed") }

// TestSegBuilds: segments are given to the builder in the order of their
// batches, each with its batch's documents, however long each takes to
// build, with at most max building at once; a segment that cannot be
// built stops the build with bleve's panic as an error, after the
// segments before it, and none after it reaches the builder.
func TestSegBuilds(t *testing.T) {
	docs := func(prefix string, n int, bad bool) []*document.Document {
		var out []*document.Document
		for i := range n {
			d := document.NewDocument(fmt.Sprintf("%s%d", prefix, i))
			f := document.NewTextField(FieldText, nil, []byte(strings.Repeat("trust and peer support ", 1+i*50)))
			if bad && i == n-1 {
				d.AddField(panickyField{f})
			} else {
				d.AddField(f)
			}
			out = append(out, d)
		}
		return out
	}
	b := &recordingBuilder{}
	s := &segBuilds{bl: b, max: 2}
	// Large segments first, so that a later, smaller one is built first.
	sizes := []int{40, 30, 1, 2, 25, 3}
	for i, n := range sizes {
		if err := s.add(docs(fmt.Sprintf("s%d-", i), n, false)); err != nil {
			t.Fatal(err)
		}
		if len(s.pending) > 2 {
			t.Fatalf("%d segments building at once, max 2", len(s.pending))
		}
	}
	if err := s.flush(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.docs, sizes) {
		t.Errorf("segments of %v documents given, want %v", b.docs, sizes)
	}
	for _, id := range b.ids {
		if id != prebuiltID {
			t.Errorf("a segment given as %q", id)
		}
	}

	b = &recordingBuilder{}
	s = &segBuilds{bl: b, max: 2}
	var err error
	for i, batch := range [][]*document.Document{docs("a", 3, false), docs("b", 4, true), docs("c", 5, false), docs("d", 6, false)} {
		if err = s.add(batch); err != nil {
			if i < 2 {
				t.Fatalf("batch %d: %v, before the bad segment could have been waited for", i, err)
			}
			break
		}
	}
	if err == nil {
		err = s.flush()
	}
	if err == nil || !strings.Contains(err.Error(), "analysis failed") {
		t.Errorf("error %v, want bleve's panic", err)
	}
	s.wait()
	if !slices.Equal(b.docs, []int{3}) {
		t.Errorf("segments of %v documents given, want only the one before the bad one: [3]", b.docs)
	}
}

// TestBuildSegmentAsBuilder: buildSegment adds each document's _id field
// and composes its composite fields as scorch's builder does: a document
// with an _all field gets the terms of its indexed fields in it, not the
// _id's (a field without analyzer has its whole value as its one term).
func TestBuildSegmentAsBuilder(t *testing.T) {
	d := document.NewDocument("X#1")
	d.AddField(document.NewTextField(FieldText, nil, []byte("trust peer")))
	d.AddField(document.NewCompositeField("_all", true, nil, nil))
	p, err := buildSegment([]*document.Document{d})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if n := p.Count(); n != 1 {
		t.Fatalf("%d documents", n)
	}
	terms := func(field string) []string {
		dict, err := p.Dictionary(field)
		if err != nil {
			t.Fatal(err)
		}
		it := dict.AutomatonIterator(nil, nil, nil)
		var out []string
		for e, err := it.Next(); e != nil || err != nil; e, err = it.Next() {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, e.Term)
		}
		return out
	}
	for field, want := range map[string][]string{"_id": {"X#1"}, "_all": {"trust peer"}, FieldText: {"trust peer"}} {
		if got := terms(field); !slices.Equal(got, want) {
			t.Errorf("%s: terms %v, want %v", field, got, want)
		}
	}
}

var _ index.Field = prebuiltField{}

// TestFullBuildFailsBeforeFirstSegment: a full build that fails before
// any segment reached the builder (here the builder cannot persist its
// first segment, its working directory having gone; a source failing
// midway, or a segment that cannot be built, come to the same) returns
// its error, not the panic of closing a builder that has no segment
// (scorch.Builder.Close takes its first one), which Sync would report as
// a damaged index; the next Sync builds the index.
func TestFullBuildFailsBeforeFirstSegment(t *testing.T) {
	oldBatch, oldPiece := buildBatchSize, pieceDocs
	buildBatchSize, pieceDocs = 7, 3
	t.Cleanup(func() { buildBatchSize, pieceDocs = oldBatch, oldPiece })
	p := newProject(t)
	for _, id := range []string{"A", "B"} {
		var turns []corpus.Turn
		for n := range 5 {
			turns = append(turns, corpus.Turn{N: n + 1, Speaker: "Ana", Text: fmt.Sprintf("trust %s %d", id, n)})
		}
		writeSource(t, p, id, "", turns)
	}
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	removed := 0
	ix.SetProgress(func(done, total int) {
		if done != 1 {
			return
		}
		// The first source's 5 documents wait for the second's to make
		// a batch: no segment has reached the builder yet.
		ms, _ := filepath.Glob(filepath.Join(dir, buildPattern))
		for _, m := range ms {
			if err := os.RemoveAll(m); err == nil {
				removed++
			}
		}
	})
	_, err = ix.Sync(p)
	switch {
	case err == nil:
		t.Fatal("the build succeeded without the builder's directory")
	case errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "persisting segment"):
		t.Fatalf("the build failed with %q, not the builder's error", err)
	case removed != 1:
		t.Fatalf("removed %d working directories of the builder, want 1", removed)
	}
	ix.SetProgress(nil)
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	if res := find(t, ix, Query{Text: "trust"}); res.Total != 10 {
		t.Errorf("%d hits after the build, want 10", res.Total)
	}
}

// gatedField is a field whose analysis waits for gate to be closed.
type gatedField struct {
	*document.TextField
	gate <-chan struct{}
}

func (f gatedField) Analyze() { <-f.gate; f.TextField.Analyze() }

// gateBuilder is a recordingBuilder that counts the segments given
// before released was set.
type gateBuilder struct {
	recordingBuilder
	released *atomic.Bool
	early    int
}

func (b *gateBuilder) Index(id string, data any) error {
	if !b.released.Load() {
		b.early++
	}
	return b.recordingBuilder.Index(id, data)
}

// TestSegBuildsWaitForOldest: segBuilds gives the builder the oldest
// segment first even when the later ones are built and it is not, without
// depending on how long each takes (TestSegBuilds's timing shows it most
// of the time only): the first batch's analysis waits for a gate, opened
// once the two later segments are built and some time after the builder
// may have been given them.
func TestSegBuildsWaitForOldest(t *testing.T) {
	gate := make(chan struct{})
	var released atomic.Bool
	docs := func(prefix string, n int, gated bool) []*document.Document {
		var out []*document.Document
		for i := range n {
			d := document.NewDocument(fmt.Sprintf("%s%d", prefix, i))
			f := document.NewTextField(FieldText, nil, []byte("trust and peer support"))
			if gated && i == 0 {
				d.AddField(gatedField{f, gate})
			} else {
				d.AddField(f)
			}
			out = append(out, d)
		}
		return out
	}
	b := &gateBuilder{released: &released}
	s := &segBuilds{bl: b, max: 3}
	for i, n := range []int{2, 3, 4} {
		if err := s.add(docs(fmt.Sprintf("s%d-", i), n, i == 0)); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); len(s.pending[1]) == 0 || len(s.pending[2]) == 0; {
		if time.Now().After(deadline) {
			close(gate)
			t.Fatal("the later segments were not built")
		}
		time.Sleep(time.Millisecond)
	}
	time.AfterFunc(50*time.Millisecond, func() { released.Store(true); close(gate) })
	if err := s.flush(); err != nil {
		t.Fatal(err)
	}
	if b.early > 0 || !slices.Equal(b.docs, []int{2, 3, 4}) {
		t.Errorf("segments of %v documents given, %d before the first was built; want [2 3 4], none", b.docs, b.early)
	}
}

// TestFullBuildSyncError: a full build whose segment cannot be synced
// fails with that error, and the index it made is not used: the next
// Sync builds it again.
func TestFullBuildSyncError(t *testing.T) {
	p := newProject(t)
	writeSource(t, p, "A", "", turnsOf("Ana: trust me", "Ben: trust you"))
	old := syncFile
	t.Cleanup(func() { syncFile = old })
	failed := errors.New("sync failed: input/output error")
	syncFile = func(*os.File) error { return failed }
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(p); !errors.Is(err, failed) {
		t.Fatalf("Sync: %v, want the sync's error", err)
	}
	syncFile = old
	st, err := ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Rebuilt || st.Docs != 2 {
		t.Fatalf("after the failed build: %+v, want a full build of 2 turns", st)
	}
}
