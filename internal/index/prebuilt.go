package index

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
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
// fields, then zap's New), and persisted without a sync. The builder
// also merged its segments one group after the other at the end, on one
// core (at 10,000 interviews, 7 merges of 256 segments, 24 of 126 s):
// every group of buildMergeMax segments is therefore merged as the
// builder would merge it, while the next segments are built. The merged
// segments, then the last group's segments, are given to the builder in
// order, each as one document that stands for it (zapx's fifth patch,
// third_party/zapx/PATCHES.md), which renames their files into its own
// directory and merges them at the end into the index's one segment.
// The index has the documents the builder would have indexed, numbered
// in the sources' order (the builder numbered a segment's documents in
// the order of a map, and put its merged segments after the others).

// segmentPlugin is the zap version (this module's copy, with its
// patches) that the offline builder is told to use; it builds the
// segments given to it.
var segmentPlugin = &zap.ZapPlugin{}

// builderConfig is the offline builder's configuration for a full build
// whose segments are built beforehand: every document it is given is a
// segment (a batch of one), and it uses segmentPlugin's version, which
// knows such documents. It merges all the segments it is given in one
// round (mergeMax unbounded): in several rounds it would put each
// round's output after the segments not yet merged (scorch's doMerge),
// and number the last documents first. segBuilds gives it at most
// n/buildMergeMax + buildMergeMax - 1 of n segments (the merged groups,
// then the last group's): 215 at 10,000 interviews of 200 turns, 257
// at 767 segments, where rounds of buildMergeMax put the last batch
// first.
func builderConfig(dir string) map[string]any {
	return map[string]any{
		"batchSize":           1,
		"mergeMax":            math.MaxInt32,
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
// goroutine (at most max at once), and gives them to the builder in the
// order of their batches. Each segment is persisted, without a sync, in
// a working directory of its own (dir) as soon as it is built; every
// group of consecutive segments (group, buildMergeMax) is merged into
// one on its own goroutine, while the next segments are built, and the
// merged segment is given to the builder; the segments of the last,
// incomplete group are given as they are. The builder is then left with
// one merge, in one round (builderConfig), of the merged groups and the
// last group's segments, in order; a study of fewer than group segments
// gives it all of them, as before. The merges it would have made one
// after the other at the end, of the same groups of segments, are made
// while the build goes on (at 10,000 interviews, 7 merges of 256
// segments, 24 s on one core, docs/benchmarks.md "Round ten").
type segBuilds struct {
	bl      bleve.Builder
	max     int              // segments built at once
	group   int              // segments merged into one
	dir     string           // the working directory, made on first use in parent
	parent  string           // where dir is made
	pending []chan segResult // being built, in the order of the batches
	files   []string         // persisted, not yet merged nor given, in order
	merging chan segMerged   // the group being merged, or nil
	n       int              // files named so far
}

type segResult struct {
	p   *zap.Prebuilt
	err error
}

type segMerged struct {
	path string
	err  error
}

// newSegBuilds gives bl the segments of a full build, built max at a
// time, merged by group, persisted in a working directory made in
// parent (its name matches buildPattern, so that removeOldGens removes
// it after an interrupted build).
func newSegBuilds(bl bleve.Builder, max, group int, parent string) *segBuilds {
	return &segBuilds{bl: bl, max: max, group: group, parent: parent}
}

// add starts building a segment of docs, having first taken the oldest
// segments until fewer than max are being built.
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

// next waits for the oldest segment being built and persists it; a
// group complete is merged.
func (s *segBuilds) next() error {
	r := <-s.pending[0]
	s.pending[0] = nil
	s.pending = s.pending[1:]
	if r.err != nil {
		return r.err
	}
	path, err := s.newFile("seg")
	if err == nil {
		err = r.p.Persist(path)
	}
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if s.files = append(s.files, path); len(s.files) == s.group {
		return s.merge()
	}
	return nil
}

// newFile names a new segment file in the working directory, made on
// first use.
func (s *segBuilds) newFile(kind string) (string, error) {
	if s.dir == "" {
		dir, err := os.MkdirTemp(s.parent, "scorch-offline-build-segments")
		if err != nil {
			return "", err
		}
		s.dir = dir
	}
	s.n++
	return filepath.Join(s.dir, fmt.Sprintf("%s%06d.zap", kind, s.n)), nil
}

// merge starts merging the group of segments in files, once the group
// before it is merged and given to the builder.
func (s *segBuilds) merge() error {
	if err := s.merged(); err != nil {
		return err
	}
	files := s.files
	s.files = nil
	path, err := s.newFile("merge")
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	s.merging = make(chan segMerged, 1)
	go func(out chan<- segMerged) {
		out <- segMerged{path, mergeFiles(files, path)}
	}(s.merging)
	return nil
}

// merged waits for the group being merged, if any, and gives the
// merged segment to the builder.
func (s *segBuilds) merged() error {
	if s.merging == nil {
		return nil
	}
	r := <-s.merging
	s.merging = nil
	if r.err != nil {
		return r.err
	}
	return s.give(r.path)
}

// give gives the builder the segment file at path, which it renames
// into its own directory.
func (s *segBuilds) give(path string) error {
	p, err := segmentPlugin.OpenPrebuilt(path)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	d := document.NewDocument(prebuiltID)
	d.AddField(newPrebuiltField(p))
	if err := s.bl.Index(prebuiltID, d); err != nil {
		_ = p.Close()
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// mergeFiles merges the segment files files, in order, into one at
// path, as the builder merges its segments, and removes them.
func mergeFiles(files []string, path string) (err error) {
	segs := make([]segment.Segment, 0, len(files))
	defer func() {
		for _, sg := range segs {
			err = errors.Join(err, sg.Close())
		}
		if err == nil {
			for _, f := range files {
				err = errors.Join(err, os.Remove(f))
			}
		}
		if err != nil {
			err = fmt.Errorf("search index: merging segments: %w", err)
		}
	}()
	for _, f := range files {
		sg, err := segmentPlugin.Open(f)
		if err != nil {
			return err
		}
		segs = append(segs, sg)
	}
	_, _, err = segmentPlugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), path, nil, nil)
	return err
}

// flush gives the builder every segment: those being built, the group
// being merged, and the last group's segments as they are.
func (s *segBuilds) flush() error {
	for len(s.pending) > 0 {
		if err := s.next(); err != nil {
			return err
		}
	}
	if err := s.merged(); err != nil {
		return err
	}
	for len(s.files) > 0 {
		f := s.files[0]
		s.files = s.files[1:]
		if err := s.give(f); err != nil {
			return err
		}
	}
	return nil
}

// close waits for the segments being built and merged, dropping them
// when the build failed, and removes the working directory (empty once
// every segment was given).
func (s *segBuilds) close() error {
	for _, c := range s.pending {
		<-c
	}
	s.pending = nil
	if s.merging != nil {
		<-s.merging
		s.merging = nil
	}
	if s.dir == "" {
		return nil
	}
	return os.RemoveAll(s.dir)
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
