package index

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"
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
// each worker takes a source, reads its turns and codings (buildDocs),
// maps each turn's fields with the index mapping (MapDocument, as bleve's
// builder does) and analyses each indexed field (Analyze, as scorch does
// before it builds a segment). The fields are then wrapped so that the
// builder's own Analyze is a no-op (analyzedField), and the builder,
// given the prepared documents in the sources' order through a mapping
// that takes their fields as they are (preparedMapping), only builds and
// merges segments, on its own goroutine, while the workers prepare the
// next sources. The builder still composes the _all field (which every
// field of the mapping leaves out) and adds each document's _id field,
// as it always did; the index it writes (index_meta.json, the mapping as
// internal data, the segment) is what bleve.NewBuilder writes, since it
// is bleve.NewBuilder that makes it. At most one source per worker waits,
// prepared, for the builder (and one more per worker is being prepared),
// so memory does not grow with the number of sources.
//
// The builder batches prepared documents by buildBatchSize (bleve's
// default: larger batches cost memory, about 50 KB per document of 40
// words in the batch) and merges buildMergeMax segments at a time: at
// 200,000 turns, 200 segments merged in two rounds rather than three.
//
// The documents, their fields and their analysis are those of the serial
// build (offlineSerial, which tests keep as the reference): the test
// TestParallelBuildSameAsSerial compares the results of many queries.

// buildBatchSize is the number of documents per segment of a full build,
// and buildMergeMax the number of segments it merges at once; tests make
// them smaller.
var buildBatchSize, buildMergeMax = 1000, 20

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

// prepared is a source made ready for the builder by a worker.
type prepared struct {
	docs  []*document.Document
	turns int
	later bool // long turns: left to buildLater
	err   error
}

// analyzedField is a field already analysed: Analyze does nothing.
type analyzedField struct{ document.Field }

func (analyzedField) Analyze() {}

// preparedMapping is the index mapping given to the builder: a
// *document.Document made by prepareDoc has its fields taken as they are;
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

// prepareDoc maps d with m and analyses its indexed fields, as bleve's
// builder and scorch would (bleve.Builder.Index, scorch's analyze).
func prepareDoc(m *mapping.IndexMappingImpl, d doc) (*document.Document, error) {
	out := document.NewDocument(d.id)
	if err := m.MapDocument(out, d.fields); err != nil {
		return nil, err
	}
	for i, f := range out.Fields {
		if f.Options().IsIndexed() {
			f.Analyze()
			out.Fields[i] = analyzedField{f}
		}
	}
	return out, nil
}

// prepareJob reads a source's documents and prepares them (a worker's
// task); a panic inside bleve is returned as an error.
func prepareJob(p *project.Project, m *mapping.IndexMappingImpl, j job) (r prepared) {
	defer func() {
		if e := recover(); e != nil {
			r = prepared{err: fmt.Errorf("search index: bleve: %v", e)}
		}
	}()
	ds, turns, err := buildDocs(p, j.src)
	switch {
	case err != nil:
		return prepared{err: err}
	case len(ds) != turns:
		return prepared{turns: turns, later: true}
	}
	r = prepared{turns: turns, docs: make([]*document.Document, len(ds))}
	for i, d := range ds {
		if r.docs[i], err = prepareDoc(m, d); err != nil {
			return prepared{err: fmt.Errorf("search index: %w", err)}
		}
	}
	return r
}

// prepareAll prepares the sources of jobs on workers goroutines and
// returns, in the order of jobs, a channel per source that receives it.
// At most ahead sources wait, prepared or being prepared, for the
// caller. Closing stop makes the goroutines end; wait waits for them.
func prepareAll(p *project.Project, m *mapping.IndexMappingImpl, jobs []job, workers, ahead int, stop <-chan struct{}) (order <-chan chan prepared, wait func()) {
	type task struct {
		j   job
		out chan prepared
	}
	ord := make(chan chan prepared, ahead)
	work := make(chan task)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ord)
		defer close(work)
		for _, j := range jobs {
			out := make(chan prepared, 1)
			select {
			case ord <- out:
			case <-stop:
				return
			}
			select {
			case work <- task{j, out}:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				t.out <- prepareJob(p, m, t.j)
			}
		}()
	}
	return ord, wg.Wait
}

// offline writes the documents of jobs (but those with long turns, which
// it returns in later) into a new index at path with bleve's offline
// builder, preparing them on every core, and adds their entries to man.
func (ix *Index) offline(p *project.Project, path string, m *mapping.IndexMappingImpl, man *manifest, jobs []job) (res offlineResult, err error) {
	if ix.serialBuild {
		return ix.offlineSerial(p, path, m, man, jobs)
	}
	workers := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	order, wait := prepareAll(p, m, jobs, workers, workers, stop)
	defer func() {
		close(stop)
		// Let the producer see stop, then drain what it queued.
		for range order {
		}
		wait()
	}()
	var bl bleve.Builder
	defer func() {
		if err != nil && bl != nil {
			_ = bl.Close()
		}
	}()
	i := 0
	for out := range order {
		j := jobs[i]
		r := <-out
		switch {
		case r.err != nil:
			res.skipped = append(res.skipped, r.err.Error())
		case r.later:
			res.later = append(res.later, j)
		default:
			if bl == nil && len(r.docs) > 0 {
				bl, err = bleve.NewBuilder(path, preparedMapping{m}, map[string]any{
					"batchSize":       buildBatchSize,
					"mergeMax":        buildMergeMax,
					"buildPathPrefix": ix.dir,
				})
				if err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
			}
			for _, d := range r.docs {
				if err := bl.Index(d.ID(), d); err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
			}
			man.Sources[j.src.ID] = newEntry(j, r.turns, len(r.docs))
			res.added++
			res.docs += r.turns
		}
		i++
		if ix.progress != nil {
			ix.progress(i, len(jobs))
		}
	}
	if bl != nil {
		err, bl = bl.Close(), nil
		if err != nil {
			return res, fmt.Errorf("search index: %w", err)
		}
		res.built = true
	}
	return res, nil
}

// offlineSerial is offline as it was before the documents were prepared
// on every core: each document given to the builder as a map of fields,
// with bleve's default batches. The tests compare the two.
func (ix *Index) offlineSerial(p *project.Project, path string, m *mapping.IndexMappingImpl, man *manifest, jobs []job) (res offlineResult, err error) {
	// The builder is made for the first document it is given: it fails
	// on an index without any.
	var bl bleve.Builder
	defer func() {
		if err != nil && bl != nil {
			_ = bl.Close()
		}
	}()
	for i, j := range jobs {
		ds, turns, err := buildDocs(p, j.src)
		switch {
		case err != nil:
			res.skipped = append(res.skipped, err.Error())
		case len(ds) != turns:
			// Long turns in chunks: the builder batches by number of
			// documents alone; they are indexed later, in batches
			// bounded in bytes.
			res.later = append(res.later, j)
		default:
			if bl == nil && len(ds) > 0 {
				bl, err = bleve.NewBuilder(path, m, map[string]any{
					"batchSize":       batchSize,
					"buildPathPrefix": ix.dir,
				})
				if err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
			}
			for _, d := range ds {
				if err := bl.Index(d.id, d.fields); err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
			}
			man.Sources[j.src.ID] = newEntry(j, turns, len(ds))
			res.added++
			res.docs += turns
		}
		if ix.progress != nil {
			ix.progress(i+1, len(jobs))
		}
	}
	if bl != nil {
		err, bl = bl.Close(), nil
		if err != nil {
			return res, fmt.Errorf("search index: %w", err)
		}
		res.built = true
	}
	return res, nil
}
