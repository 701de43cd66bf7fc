package index

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/grounded-qda/grounded/internal/project"
)

// A full build on every core
//
// bleve's offline builder (scorch.Builder) analyses each document and
// builds each segment under one mutex, so fed document by document it
// runs on one core. A full build (build, in sync.go) therefore prepares
// the documents before they reach the builder, in workers on every core:
// the turns and codings of each source are read (buildDocs), and a
// worker maps each turn's fields as the index mapping would (docMaker,
// docfields.go: what MapDocument makes, as bleve's builder does, without
// reflection) and analyses each indexed field (Analyze, as scorch does
// before it builds a segment; the text with textTerms, textfreq.go). The fields are then wrapped so that
// scorch's Analyze is a no-op (analyzedField). The prepared documents are
// batched in the sources' order, as the builder would batch them, and
// each batch is made a segment on its own goroutine (segBuilds,
// prebuilt.go: with the _id field and the composite fields the builder
// would add), while the workers prepare the next documents, and every
// group of buildMergeMax segments is merged while the next are built;
// the builder, given the segments in order through a mapping that takes
// a prepared document's fields as they are (preparedMapping), merges
// them into the index's one segment. The index it writes (index_meta.json, the mapping as internal
// data, the segment) is what bleve.NewBuilder writes, since it is
// bleve.NewBuilder that makes it.
//
// The sources are read in order on one goroutine (a small part of the
// work) and their documents prepared in pieces of at most pieceDocs: at
// most a batch's worth of pieces (buildBatchSize documents) and one per
// worker wait, prepared, to be batched, so that the workers go on while
// segments are built, and one more per worker is being prepared: the
// memory of prepared documents grows neither with the number of sources
// nor with the length of one.
//
// The documents are batched by buildBatchSize (bleve's default: larger
// batches cost memory, about 50 KB per document of 40 words in the batch;
// at most one batch per worker is being built) and merged
// buildMergeMax segments at a time: up to 256,000 turns (1,280
// interviews of 200 turns) in one round, which reads and writes every
// posting once (at 200,000 turns, the merges took 1.9–2.0 s instead of
// 2.7–3.1 s in two rounds of 20); 10,000 interviews in two rounds, the
// first while the segments are built. One round for 2,000 segments is
// not faster: inside a 300 MB memory cgroup it read from all their files
// at once and ran for more than 15 minutes (docs/benchmarks.md, "Round
// ten").
//
// The documents, their fields and their analysis are those of the serial
// build (offlineSerial, which tests keep as the reference): the test
// TestParallelBuildSameAsSerial compares the results of many queries.

// buildBatchSize is the number of documents per segment of a full build,
// and buildMergeMax the number of segments it merges at once; tests make
// them smaller.
var buildBatchSize, buildMergeMax = 1000, 256

// offlineResult is what an offline build made of its jobs.
type offlineResult struct {
	added, docs int
	skipped     []string
	// later are the sources with long turns, left to buildLater.
	later []job
	// built is set when the builder wrote the generation (false when no
	// source had a document).
	built bool
}

// pieceDocs is the largest number of documents a worker prepares at
// once: a source of many turns is prepared in pieces, so that the memory
// of analysed documents waiting for the builder stays bounded (about 50
// KB per document) however long a source is. Tests make it smaller.
var pieceDocs = 100

// piece is a part of a source's documents, to be prepared by a worker
// (in), then handed to the builder (out).
type piece struct {
	job   int // index in jobs
	turns int // the source's number of turns
	// last is set on the source's last piece (its only one when it has no
	// document, was skipped or has long turns).
	last  bool
	later bool  // long turns: left to buildLater
	err   error // the source cannot be read, or a document was refused
	in    []doc
	out   []*document.Document
	// On the last piece, the source's speakers and its number of
	// documents without one (speakersOf).
	speakers []string
	unspoken int
}

// analyzedField is a field already analysed: Analyze does nothing.
type analyzedField struct{ document.Field }

func (analyzedField) Analyze() {}

// preparedMapping is the index mapping given to the builder: a
// *document.Document made by a preparer has its fields taken as they are;
// any other value is mapped as the index mapping maps it.
type preparedMapping struct{ *mapping.IndexMappingImpl }

func (m preparedMapping) MapDocument(doc *document.Document, data any) error {
	if d, ok := data.(*document.Document); ok {
		doc.Fields, doc.CompositeFields = d.Fields, d.CompositeFields
		doc.SetIndexed()
		return nil
	}
	return m.IndexMappingImpl.MapDocument(doc, data)
}

// MarshalJSON writes the index mapping itself: bleve stores it in the
// index, which is opened with it.
func (m preparedMapping) MarshalJSON() ([]byte, error) { return json.Marshal(m.IndexMappingImpl) }

// preparer prepares documents for the builder: one per worker.
type preparer struct {
	dk      *docMaker // shared, read only
	tt      *textTerms
	text    analysis.Analyzer // the mapping's textAnalyzer
	keyword analysis.Analyzer // and its keyword analyzer
}

// newPreparer is a preparer of documents of m, sharing dk and ids (nil:
// its own).
func newPreparer(m *mapping.IndexMappingImpl, dk *docMaker, ids *termIDs) *preparer {
	if dk == nil {
		dk = newDocMaker(m)
	}
	return &preparer{dk: dk, tt: newTextTerms(ids), text: m.AnalyzerNamed(textAnalyzer), keyword: m.AnalyzerNamed(keyword.Name)}
}

// doc maps d as the mapping would (docMaker, docfields.go) and analyses
// its indexed fields, as bleve's builder and scorch would
// (bleve.Builder.Index, scorch's analyze): the text field with textTerms
// (textfreq.go) when it is the text of one value, with term vectors, that
// textAnalyzer analyses; a field of the keyword analyzer without term
// vectors as its one term (keywordField); every other field with bleve's
// analysis.
func (pr *preparer) doc(d doc) (*document.Document, error) {
	out, err := pr.dk.mapDoc(d)
	if err != nil {
		return nil, err
	}
	for i, f := range out.Fields {
		o := f.Options()
		if !o.IsIndexed() {
			continue
		}
		tf, isText := f.(*document.TextField)
		switch {
		case isText && pr.text != nil && tf.Analyzer() == pr.text && tf.Name() == FieldText &&
			len(tf.ArrayPositions()) == 0 && o.IncludeTermVectors() && !o.SkipFreqNorm():
			n, terms := pr.tt.analyze(tf.Value(), tf.ArrayPositions())
			out.Fields[i] = &termsField{TextField: tf, length: n, terms: terms}
		case isText && pr.keyword != nil && tf.Analyzer() == pr.keyword && !o.IncludeTermVectors() && !o.SkipFreqNorm():
			out.Fields[i] = keywordField(tf)
		default:
			f.Analyze()
			out.Fields[i] = analyzedField{f}
		}
	}
	return out, nil
}

// piece prepares the documents of pc (a worker's task); a panic inside
// bleve is returned as an error.
func (pr *preparer) piece(pc *piece) {
	defer func() {
		if e := recover(); e != nil {
			pc.out, pc.err = nil, fmt.Errorf("search index: bleve: %v", e)
			pr.tt.reset() // the worker goes on: forget the turn left midway
		}
	}()
	pc.out = make([]*document.Document, len(pc.in))
	for i, d := range pc.in {
		var err error
		if pc.out[i], err = pr.doc(d); err != nil {
			pc.out, pc.err = nil, fmt.Errorf("search index: %w", err)
			return
		}
	}
	pc.in = nil
}

// pieces reads the documents of source j (index i in jobs) and cuts them
// into pieces of at most pieceDocs documents.
func pieces(p *project.Project, i int, j job) []*piece {
	ds, turns, err := buildDocs(p, j.src)
	switch {
	case err != nil:
		return []*piece{{job: i, last: true, err: err}}
	case len(ds) != turns:
		return []*piece{{job: i, turns: turns, last: true, later: true}}
	}
	speakers, unspoken := speakersOf(ds)
	var out []*piece
	for len(ds) > pieceDocs {
		out = append(out, &piece{job: i, turns: turns, in: ds[:pieceDocs:pieceDocs]})
		ds = ds[pieceDocs:]
	}
	return append(out, &piece{job: i, turns: turns, in: ds, last: true, speakers: speakers, unspoken: unspoken})
}

// prepareAll reads the sources of jobs in order, on one goroutine, and
// has their documents prepared by workers goroutines, in pieces; it
// returns, in order, a channel per piece that receives it once prepared.
// At most ahead pieces wait, prepared or being prepared, for the caller.
// Closing stop makes the goroutines end; wait waits for them.
func prepareAll(p *project.Project, m *mapping.IndexMappingImpl, jobs []job, workers, ahead int, stop <-chan struct{}) (order <-chan chan *piece, wait func()) {
	type task struct {
		pc  *piece
		out chan *piece
	}
	ord := make(chan chan *piece, ahead)
	work := make(chan task)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ord)
		defer close(work)
		for i, j := range jobs {
			pcs := pieces(p, i, j)
			for k, pc := range pcs {
				pcs[k] = nil // held by the channels alone from here on
				out := make(chan *piece, 1)
				select {
				case ord <- out:
				case <-stop:
					return
				}
				if pc.in == nil {
					out <- pc // nothing to prepare
					continue
				}
				select {
				case work <- task{pc, out}:
				case <-stop:
					return
				}
			}
		}
	}()
	dk, ids := newDocMaker(m), newTermIDs()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pr := newPreparer(m, dk, ids)
			for t := range work {
				pr.piece(t.pc)
				t.out <- t.pc
			}
		}()
	}
	return ord, wg.Wait
}

// offline writes the documents of jobs (but those with long turns, which
// it returns in later) into a new index at path with bleve's offline
// builder, preparing them on every core, and adds their entries to man.
func (ix *Index) offline(p *project.Project, path string, m *mapping.IndexMappingImpl, man *manifest, jobs []job) (res offlineResult, err error) {
	if ix.offlineOverride != nil { // the tests' serial reference (build_test.go)
		return ix.offlineOverride(ix, p, path, m, man, jobs)
	}
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	// While the builder builds a segment (at every buildBatchSize
	// documents) the workers go on: a batch's worth of pieces may wait.
	ahead := buildBatchSize/pieceDocs + workers
	order, wait := prepareAll(p, m, jobs, workers, ahead, stop)
	defer func() {
		close(stop)
		// Let the producer see stop, then drain what it queued.
		for range order {
		}
		wait()
	}()
	var bl bleve.Builder
	var segs *segBuilds
	defer func() {
		// On failure the builder is not closed: closing merges its
		// segments into an index that build would delete, and panics
		// when it was given none. It holds no open file; its working
		// directory, as an interrupted build's, goes with the next
		// build's removeOldGens. The segments' working directory is
		// removed, whatever happened (empty after a build).
		if segs != nil {
			_ = segs.close()
		}
	}()
	var batch []*document.Document // of the builder's next segment
	var failed error               // of the source at hand, whose later pieces are dropped
	ndocs := 0                     // of the source at hand
	for out := range order {
		pc := <-out
		j := jobs[pc.job]
		if pc.err != nil && failed == nil {
			failed = pc.err
		}
		if failed == nil && !pc.later {
			if bl == nil && len(pc.out) > 0 {
				bl, err = bleve.NewBuilder(path, preparedMapping{m}, builderConfig(ix.dir))
				if err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
				segs = newSegBuilds(bl, workers, buildMergeMax, ix.dir)
			}
			for _, d := range pc.out {
				if batch == nil {
					batch = make([]*document.Document, 0, buildBatchSize)
				}
				if batch = append(batch, d); len(batch) == buildBatchSize {
					if err := segs.add(batch); err != nil {
						return res, err
					}
					batch = nil
				}
			}
			ndocs += len(pc.out)
			pc.out = nil
		}
		if !pc.last {
			continue
		}
		switch {
		case failed != nil:
			if ndocs > 0 {
				// Documents of a source are in the builder, which has
				// no way to take them out: the build fails, and the
				// next Sync tries again.
				return res, failed
			}
			res.skipped = append(res.skipped, failed.Error())
		case pc.later:
			res.later = append(res.later, j)
		default:
			e := newEntry(j, pc.turns, ndocs)
			e.Speakers, e.Unspoken = pc.speakers, pc.unspoken
			man.Sources[j.src.ID] = e
			res.added++
			res.docs += pc.turns
		}
		failed, ndocs = nil, 0
		if ix.progress != nil {
			ix.progress(pc.job+1, len(jobs))
		}
	}
	if bl != nil {
		if len(batch) > 0 {
			if err := segs.add(batch); err != nil {
				return res, err
			}
		}
		if err := segs.flush(); err != nil {
			return res, err
		}
		err, bl = bl.Close(), nil
		if err == nil {
			err = syncSegments(path)
		}
		if err != nil {
			return res, fmt.Errorf("search index: %w", err)
		}
		res.built = true
	}
	return res, nil
}
