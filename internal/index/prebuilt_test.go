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
// order of its documents, and are merged in that order, by groups of
// buildMergeMax (segBuilds) and by the builder. bleve's own builder numbered the
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
	// 70 documents, 10 segments; merged by the builder alone, or in
	// groups of 4 (two groups, then the last 2 segments as they are), of
	// 3 (three groups and the last segment: 4 for the builder, more than
	// a group), of 2 (five groups), of 5 (two groups) and of 10 (one).
	oldMerge := buildMergeMax
	t.Cleanup(func() { buildMergeMax = oldMerge })
	for _, merge := range []int{256, 4, 3, 2, 5, 10} {
		buildMergeMax = merge
		ix, _ := syncDisk(t, p, false)
		if got := docOrder(t, ix); !slices.Equal(got, want) {
			t.Errorf("merged by %d: documents in the order\n%v\nwant\n%v", merge, got, want)
		}
	}
	if len(want) <= 3*buildBatchSize {
		t.Fatalf("%d documents: too few segments to show their order", len(want))
	}
}

// docOrder is the external ids of ix's documents by their number.
func docOrder(t *testing.T, ix *Index) []string {
	t.Helper()
	r := indexReader(t, ix)
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

// recordingBuilder is a bleve.Builder that records what it is given,
// and closes it.
type recordingBuilder struct {
	docs []int // of each segment given, its number of documents
	ids  []string
	all  []string // the documents' ids, in the segments' order
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
	n := f.p.Count()
	b.docs = append(b.docs, int(n))
	b.ids = append(b.ids, id)
	for i := range n {
		id, err := f.p.DocID(i)
		if err != nil {
			return err
		}
		b.all = append(b.all, string(id))
	}
	return f.p.Close()
}

func (b *recordingBuilder) Close() error { return nil }

// panickyField is a field whose analysis panics, as a bug in bleve would.
type panickyField struct{ *document.TextField }

func (panickyField) Analyze() { panic("analysis failed") }

// segDocs is n documents prefix0, prefix1…, the i-th a text of 1+i*grow
// repetitions of four words; if bad, the last one's field panics when it
// is analysed.
func segDocs(prefix string, n, grow int, bad bool) []*document.Document {
	var out []*document.Document
	for i := range n {
		d := document.NewDocument(fmt.Sprintf("%s%d", prefix, i))
		f := document.NewTextField(FieldText, nil, []byte(strings.Repeat("trust and peer support ", 1+i*grow)))
		if bad && i == n-1 {
			d.AddField(panickyField{f})
		} else {
			d.AddField(f)
		}
		out = append(out, d)
	}
	return out
}

// TestSegBuilds: segments are given to the builder in the order of their
// batches, each with its batch's documents in order, however long each
// takes to build, with at most max building at once; every group of
// segments is merged into one, in order, and the last group's segments
// are given as they are; a segment that cannot be built stops the build
// with bleve's panic as an error, and none reaches the builder after it.
// The working directory is gone once close returns.
func TestSegBuilds(t *testing.T) {
	docs := func(prefix string, n int, bad bool) []*document.Document { return segDocs(prefix, n, 50, bad) }
	run := func(group int, sizes []int) (*recordingBuilder, []string) {
		t.Helper()
		parent := t.TempDir()
		b := &recordingBuilder{}
		s := newSegBuilds(b, 2, group, parent)
		var want []string
		for i, n := range sizes {
			batch := docs(fmt.Sprintf("s%d-", i), n, false)
			for _, d := range batch {
				want = append(want, d.ID())
			}
			if err := s.add(batch); err != nil {
				t.Fatal(err)
			}
			if len(s.pending) > 2 {
				t.Fatalf("%d segments building at once, max 2", len(s.pending))
			}
		}
		if err := s.flush(); err != nil {
			t.Fatal(err)
		}
		// A merged group's files are removed; the files given stay (the
		// recorder does not rename them): one per segment given.
		if left, _ := os.ReadDir(s.dir); len(left) != len(b.docs) {
			t.Errorf("after flush the working directory holds %d files, want the %d given", len(left), len(b.docs))
		}
		if err := s.close(); err != nil {
			t.Fatal(err)
		}
		if left, _ := os.ReadDir(parent); len(left) > 0 {
			t.Errorf("left in the parent directory: %v", left)
		}
		return b, want
	}
	// Large segments first, so that a later, smaller one is built first.
	sizes := []int{40, 30, 1, 2, 25, 3}
	b, want := run(100, sizes)
	if !slices.Equal(b.docs, sizes) {
		t.Errorf("segments of %v documents given, want %v", b.docs, sizes)
	}
	if !slices.Equal(b.all, want) {
		t.Errorf("documents given in the order %v, want %v", b.all, want)
	}
	for _, id := range b.ids {
		if id != prebuiltID {
			t.Errorf("a segment given as %q", id)
		}
	}
	// Groups of two: (40, 30), (1, 2), (25, 3) merged; then 7 alone.
	b, want = run(2, append(sizes, 7))
	if !slices.Equal(b.docs, []int{70, 3, 28, 7}) {
		t.Errorf("groups of 2: segments of %v documents given, want [70 3 28 7]", b.docs)
	}
	if !slices.Equal(b.all, want) {
		t.Errorf("groups of 2: documents given in the order %v, want %v", b.all, want)
	}

	parent := t.TempDir()
	b = &recordingBuilder{}
	s := newSegBuilds(b, 2, 100, parent)
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
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	if len(b.docs) > 0 {
		t.Errorf("segments of %v documents given to the builder of a failed build", b.docs)
	}
	if left, _ := os.ReadDir(parent); len(left) > 0 {
		t.Errorf("left in the parent directory after a failure: %v", left)
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
	s := newSegBuilds(b, 3, 100, t.TempDir())
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

// TestJobsFirstError: the sources' metadata are read on every core, and a
// Sync that cannot read two of them reports the first, in the order of
// their ids, as it did one source after another.
func TestJobsFirstError(t *testing.T) {
	p := newProject(t)
	for _, id := range []string{"A1", "B2", "C3", "D4", "E5", "F6", "G7", "H8"} {
		writeSource(t, p, id, "", turnsOf("Ana: trust"))
	}
	for _, id := range []string{"C3", "G7"} {
		if err := os.WriteFile(p.Path("sources", id, "source.yaml"), []byte("id: [\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 20 {
		ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ix.Sync(p)
		ix.Close()
		if err == nil || !strings.Contains(err.Error(), filepath.Join("C3", "source.yaml")) {
			t.Fatalf("Sync: %v, want the error of C3's source.yaml", err)
		}
	}
}
