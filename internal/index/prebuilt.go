package index

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// Segments built on every core
//
// bleve's offline builder (scorch.Builder) builds each segment from its
// batch of documents under its mutex, on the goroutine that gives it the
// batch's last document, and syncs the segment's file, which it merges
// and deletes at the end: in a full build that goroutine was busy all the
// time, and the build ran on 1.6 of 2 cores. The segments are therefore
// built beforehand (segBuilds): the documents are batched as the builder
// would batch them (buildBatchSize, in the sources' order), each batch is
// made a segment on its own goroutine, exactly as the builder makes it
// (scorch's analysis, which adds the _id field and composes composite
// fields, then zap's New), and the segments are given to the builder in
// order, each as one document that stands for it (zapx's fifth patch,
// third_party/zapx/PATCHES.md): the builder persists it, without a sync,
// and merges the segments at the end as before. The index is the one the
// builder would make of the same documents: the same segments in the
// same order, merged the same way.

// segmentPlugin is the zap version (this module's copy, with its
// patches) that the offline builder is told to use; it builds the
// segments given to it.
var segmentPlugin = &zap.ZapPlugin{}

// builderConfig is the offline builder's configuration for a full build
// whose segments are built beforehand: every document it is given is a
// segment (a batch of one), and it uses segmentPlugin's version, which
// knows such documents.
func builderConfig(dir string) map[string]any {
	return map[string]any{
		"batchSize":           1,
		"mergeMax":            buildMergeMax,
		"buildPathPrefix":     dir,
		"forceSegmentType":    segmentPlugin.Type(),
		"forceSegmentVersion": int(segmentPlugin.Version()),
	}
}

// prebuiltID is the id of the document that stands for a segment; the
// builder requires one, and its _id field is not read.
const prebuiltID = "_segment"

// prebuiltField is the one field of the document that stands for a
// segment (a zap.PrebuiltField): neither indexed nor stored, so scorch's
// analysis passes it by.
type prebuiltField struct {
	*document.TextField
	p *zap.Prebuilt
}

func (f prebuiltField) Prebuilt() *zap.Prebuilt { return f.p }

func newPrebuiltField(p *zap.Prebuilt) prebuiltField {
	return prebuiltField{TextField: document.NewTextFieldWithIndexingOptions("_segment", nil, nil, 0), p: p}
}

// buildSegment makes a segment of docs as scorch's offline builder would
// (executeBatchLOCKED): each document gets its _id field and is analysed
// (scorchAnalyze), then zap builds the segment. A panic inside bleve or
// zap is returned as an error.
func buildSegment(docs []*document.Document) (p *zap.Prebuilt, err error) {
	defer func() {
		if e := recover(); e != nil {
			p, err = nil, fmt.Errorf("search index: bleve: %v", e)
		}
	}()
	rs := make([]index.Document, len(docs))
	for i, d := range docs {
		d.AddIDField()
		scorchAnalyze(d)
		rs[i] = d
	}
	if p, err = segmentPlugin.NewPrebuilt(rs); err != nil {
		return nil, fmt.Errorf("search index: building a segment: %w", err)
	}
	return p, nil
}

// scorchAnalyze is scorch's analysis of a document given to its builder
// (scorch.analyze, without a custom analyzer and without nested
// documents, which grounded's mapping has not): every indexed field is
// analysed (a no-op for the fields a preparer made, which are analysed
// already; the _id field's one term) and composed into the document's
// composite fields, a geo shape with its encoded shape as one term.
func scorchAnalyze(d *document.Document) {
	d.VisitFields(func(field index.Field) {
		if !field.Options().IsIndexed() {
			return
		}
		field.Analyze()
		if !d.HasComposite() || field.Name() == "_id" {
			return
		}
		d.VisitComposite(func(cf index.CompositeField) {
			cf.Compose(field.Name(), field.AnalyzedLength(), field.AnalyzedTokenFrequencies())
		})
		if f, ok := field.(index.GeoShapeField); ok {
			shape := f.EncodedShape()
			d.VisitComposite(func(cf index.CompositeField) {
				cf.Compose(field.Name(), 1, index.TokenFrequencies{
					string(shape): &index.TokenFreq{
						Term:      shape,
						Locations: []*index.TokenLocation{{Start: 0, End: len(shape), Position: 1}},
					},
				})
			})
		}
	})
}

// segBuilds builds the segments of a full build, each on its own
// goroutine, and gives them to the builder in the order of their
// batches; at most max are built at once.
type segBuilds struct {
	bl      bleve.Builder
	max     int
	pending []chan segResult // in the order of the batches
}

type segResult struct {
	p   *zap.Prebuilt
	err error
}

// add starts building a segment of docs, having first given the builder
// the oldest segments until fewer than max are being built.
func (s *segBuilds) add(docs []*document.Document) error {
	for len(s.pending) >= s.max {
		if err := s.next(); err != nil {
			return err
		}
	}
	out := make(chan segResult, 1)
	s.pending = append(s.pending, out)
	go func() {
		p, err := buildSegment(docs)
		out <- segResult{p, err}
	}()
	return nil
}

// next waits for the oldest segment being built and gives it to the
// builder.
func (s *segBuilds) next() error {
	r := <-s.pending[0]
	s.pending[0] = nil
	s.pending = s.pending[1:]
	if r.err != nil {
		return r.err
	}
	d := document.NewDocument(prebuiltID)
	d.AddField(newPrebuiltField(r.p))
	if err := s.bl.Index(prebuiltID, d); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// flush gives the builder every segment, waiting for those being built.
func (s *segBuilds) flush() error {
	for len(s.pending) > 0 {
		if err := s.next(); err != nil {
			return err
		}
	}
	return nil
}

// wait waits for the segments being built, dropping them (the build
// failed).
func (s *segBuilds) wait() {
	for _, c := range s.pending {
		<-c
	}
	s.pending = nil
}

// syncFile syncs f; tests make it fail.
var syncFile = (*os.File).Sync

// syncSegments makes the segments of the index at path durable, with the
// directory that names them: the builder's last segment is a merge's
// output, which zap syncs, or, when the build made one segment, the
// segment as persisted, which was not synced (zap.Prebuilt).
func syncSegments(path string) error {
	store := filepath.Join(path, "store")
	names, err := os.ReadDir(store)
	if err != nil {
		return err
	}
	for _, e := range names {
		if !e.Type().IsRegular() || filepath.Ext(e.Name()) != ".zap" {
			continue
		}
		// Opened for writing: on Windows, Sync (FlushFileBuffers) fails
		// on a file opened for reading only.
		f, err := os.OpenFile(filepath.Join(store, e.Name()), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		err = syncFile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return fsx.SyncDir(store)
}
