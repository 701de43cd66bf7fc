package index

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/gofrs/flock"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// batchSize is the number of document operations per bleve batch.
const batchSize = 1000

// maxBatchBytes bounds the text of a batch that applyJobs writes: bleve
// holds the analysis of a whole batch (every term and position) at once.
// Turns of ordinary length reach batchSize first; the chunks of long
// turns (chunk.go), of about 8 KB each, reach this.
const maxBatchBytes = 1 << 20

// manifest is the content of manifest.json.
type manifest struct {
	Schema int `json:"schema"`
	// Gen is the directory of the bleve index (a generation).
	Gen string `json:"gen"`
	// Words is the fingerprint of the analysis the index was made with
	// (words.go).
	Words   string                   `json:"words,omitempty"`
	Sources map[string]manifestEntry `json:"sources"`
}

type manifestEntry struct {
	// Fingerprint sums up the stamps of the source's files (see the
	// package comment).
	Fingerprint string `json:"fingerprint"`
	// Turns is the number of its turns in the index.
	Turns int `json:"turns"`
	// Docs is the number of its documents in the index when some of its
	// turns are indexed in chunks (chunk.go); 0 when it is Turns.
	Docs int `json:"docs,omitempty"`
	// Content is the hash of its files' content (contentHash) when they
	// were too recent, as it was indexed, for the stamps alone to show
	// every later change (see racyWindow); empty otherwise.
	Content string `json:"content,omitempty"`
	// Hash is the hash of its files' content as indexed (contentHash):
	// when their stamps differ from Fingerprint's but their content is
	// the same (a copy, a chmod, a checkout of the same files), the
	// source is not re-indexed, and the entry takes the new stamps.
	Hash string `json:"hash"`
	// Speakers are the speakers of its documents, sorted, and Unspoken
	// the number of its documents without one: with them a speaker
	// filter may name the turns it keeps out rather than those it lets
	// through (role.go). An entry written before they were recorded has
	// neither; then nothing is known of its speakers (speakersKnown).
	Speakers []string `json:"speakers,omitempty"`
	Unspoken int      `json:"unspoken,omitempty"`
}

// turns is the number of turns the manifest accounts for.
func (m *manifest) turns() (n uint64) {
	for _, e := range m.Sources {
		n += uint64(e.Turns)
	}
	return n
}

// docs is the number of documents the manifest accounts for.
func (m *manifest) docs() (n uint64) {
	for _, e := range m.Sources {
		n += uint64(max(e.Docs, e.Turns))
	}
	return n
}

// chunks reports whether some turn is indexed in chunks, and the number
// of documents of the sources that have one.
func (m *manifest) chunks() (bool, int) {
	any, n := false, 0
	for _, e := range m.Sources {
		if e.Docs > 0 {
			any, n = true, n+e.Docs
		}
	}
	return any, n
}

func newManifest() *manifest {
	return &manifest{Schema: SchemaVersion, Words: wordsFingerprint(), Sources: map[string]manifestEntry{}}
}

func readManifest(path string) (*manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := decodeManifest(data, &m); err != nil { // manifest_read.go
		return nil, err
	}
	if m.Sources == nil {
		if m.Schema == SchemaVersion {
			return nil, errors.New("no sources")
		}
		m.Sources = map[string]manifestEntry{}
	}
	return &m, nil
}

// write replaces the manifest file atomically. An index in memory has no
// file (path "").
func (m *manifest) write(path string) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("search index: write %s: %w", path, err)
	}
	return nil
}

// SyncStats reports what Sync did.
type SyncStats struct {
	// Added, Updated and Removed count sources newly indexed, re-indexed
	// and dropped.
	Added, Updated, Removed int
	// Docs is the number of turns in the index afterwards (a turn indexed
	// in chunks counts once).
	Docs int
	// Rebuilt is set when the whole index was built anew (the first time,
	// after Rebuild, or because it was missing, outdated or damaged).
	Rebuilt bool
	// Notice, when not empty, is a sentence for the user: the index was
	// damaged and has been rebuilt.
	Notice string
	// Skipped lists the sources that could not be read (their turns or
	// codings are broken), one message each. They are left out of the index
	// and tried again by the next Sync.
	Skipped []string
}

// Rebuild builds the index anew from the project, in a new generation,
// without opening the old one (which may be damaged). It waits at most
// Options.Timeout for another process writing the index. When the index
// cannot be written (a read-only project), it fails with an error that
// says so, matching fs.ErrPermission; the index in hand is then the
// project indexed in memory.
func (ix *Index) Rebuild(p *project.Project) (SyncStats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return SyncStats{}, errClosed
	}
	if !ix.mem {
		ix.loaded = true
		if err := ix.placeholder(""); err != nil {
			return SyncStats{}, err
		}
		ix.notice = ""
	}
	ix.writeErr = nil
	ix.proj = p
	st, err := ix.syncSafe(p)
	if err == nil && ix.writeErr != nil {
		// Indexed in memory, or not at all: the index on disk is as it was.
		return st, fmt.Errorf("cannot rebuild the search index: %w", ix.writeErr)
	}
	return st, err
}

// Sync brings the index up to date with the project: sources whose
// fingerprint changed since they were indexed are re-indexed, sources that
// are gone are dropped (see the package comment). The caller should hold
// the project's lock for reading.
func (ix *Index) Sync(p *project.Project) (SyncStats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.ensureLoaded(); err != nil {
		return SyncStats{}, err
	}
	ix.proj = p
	return ix.syncSafe(p)
}

// SyncWhile is Sync, with search (a search of ix) run while Sync stats
// the project's files, the most of Sync's time when the index is up to
// date: two stats per source, a few milliseconds at a thousand sources,
// which the search no longer waits for. It reports whether what search
// saw was the index as Sync left it (fresh): when Sync changed the index
// (a source was edited, added or removed; the index was rebuilt), search's
// answer may be out of date and must not be used: search again. SyncWhile
// returns after search has returned, so that what search wrote is the
// caller's to read; when the index cannot be opened, it returns its error
// without running search. The caller should hold the project's lock for
// reading, as for Sync.
func (ix *Index) SyncWhile(p *project.Project, search func()) (st SyncStats, fresh bool, err error) {
	return ix.SyncWith(StartScan(p), search)
}

// SyncWith is SyncWhile with the stats begun earlier, by StartScan: a
// command starts them first, so that they run while it reads its other
// files and opens the index, not only while it searches. The caller must
// hold the project's lock for reading from before StartScan until
// SyncWith returns.
func (ix *Index) SyncWith(sc *Scan, search func()) (st SyncStats, fresh bool, err error) {
	defer sc.Wait() // no stat outlives the call, whatever it returns
	p := sc.p
	ix.mu.Lock()
	if err := ix.ensureLoaded(); err != nil {
		ix.mu.Unlock()
		return SyncStats{}, false, err // search not run
	}
	ix.proj = p
	idx, gen, changes := ix.idx, ix.gen, ix.changes
	ix.mu.Unlock()

	done := make(chan struct{})
	go func() {
		defer close(done)
		search()
	}()
	sc.Wait()
	<-done

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if sc.err != nil {
		return st, false, sc.err
	}
	st, err = ix.syncSafeScanned(p, sc.now, sc.scan)
	fresh = err == nil && ix.idx == idx && ix.gen == gen && ix.changes == changes && st.Added == 0 && st.Updated == 0 && st.Removed == 0
	return st, fresh, err
}

// A Scan is the stamps of a project's sources and their files (the
// freshness check of Sync), taken in the background from StartScan on,
// for SyncWith.
type Scan struct {
	p    *project.Project
	now  time.Time // before the first stat
	done chan struct{}
	scan []scanned
	err  error
}

// StartScan starts stamping p's sources in the background.
func StartScan(p *project.Project) *Scan {
	sc := &Scan{p: p, now: time.Now(), done: make(chan struct{})}
	go func() {
		defer close(sc.done)
		sc.scan, sc.err = scanSources(p)
	}()
	return sc
}

// Wait returns when the scan has ended: a command that does not reach
// SyncWith waits for it before giving up the project's lock.
func (sc *Scan) Wait() { <-sc.done }

// syncSafe is sync, starting again from a placeholder when bleve fails on
// index files that opened fine.
func (ix *Index) syncSafe(p *project.Project) (SyncStats, error) {
	return ix.syncSafeScanned(p, time.Time{}, nil)
}

// syncSafeScanned is syncSafe, its first comparison with the sources
// scanned at now when scan is not nil (syncScanned).
func (ix *Index) syncSafeScanned(p *project.Project, now time.Time, scan []scanned) (SyncStats, error) {
	st, err := ix.syncScanned(p, now, scan)
	var de *damageError
	if errors.As(err, &de) && !ix.mem {
		if rerr := ix.placeholder(de.cause); rerr != nil {
			return st, errors.Join(err, rerr)
		}
		return ix.sync(p)
	}
	return st, err
}

var errClosed = errors.New("search index: closed")

// diff is what a Sync has to do.
type diff struct {
	changed []*scanned
	removed []string
	settled bool // racy entries are no longer racy: update the manifest
	sources int
}

func (d *diff) empty() bool { return len(d.changed) == 0 && len(d.removed) == 0 }

// diff compares the project's sources, stamped at now, with the manifest.
func (ix *Index) diff(p *project.Project, now time.Time) (*diff, error) {
	scan, err := scanSources(p)
	if err != nil {
		return nil, err
	}
	return ix.diffScanned(p, now, scan), nil
}

// diffScanned is diff of the sources scanned at now.
func (ix *Index) diffScanned(p *project.Project, now time.Time, scan []scanned) *diff {
	d := &diff{sources: len(scan)}
	present := map[string]bool{}
	for i := range scan {
		s := &scan[i]
		present[s.id] = true
		e, ok := ix.man.Sources[s.id]
		if ok && e.Fingerprint == s.fp {
			if e.Content == "" {
				continue
			}
			// Recorded while racy: compare the content.
			if c, err := contentHash(p, s); err == nil && c == e.Content {
				if !s.racy(now) {
					e.Content = ""
					ix.man.Sources[s.id] = e
					d.settled = true
				}
				continue
			}
		}
		if ok && e.Hash != "" {
			// The stamps differ (a copy, a chmod, a checkout): the
			// content decides.
			if c, err := contentHash(p, s); err == nil && c == e.Hash {
				e.Fingerprint, e.Content = s.fp, ""
				if s.racy(now) {
					e.Content = c
				}
				ix.man.Sources[s.id] = e
				d.settled = true
				continue
			}
		}
		d.changed = append(d.changed, s)
	}
	for id := range ix.man.Sources {
		if !present[id] {
			d.removed = append(d.removed, id)
		}
	}
	sort.Strings(d.removed)
	return d
}

func (ix *Index) sync(p *project.Project) (SyncStats, error) {
	return ix.syncScanned(p, time.Time{}, nil)
}

// syncScanned is sync; when scan is not nil, the sources scanned at now
// are its first comparison.
func (ix *Index) syncScanned(p *project.Project, now time.Time, scan []scanned) (st SyncStats, err error) {
	if ix.closed || ix.idx == nil {
		return st, errClosed
	}
	st.Rebuilt, st.Notice = ix.rebuilt, ix.notice
	defer func() {
		if r := recover(); r != nil {
			err = damaged(fmt.Sprint("bleve: ", r))
		}
		if err == nil {
			ix.rebuilt, ix.notice = false, ""
		}
	}()

	// Stamp the files before reading them, so that a change made while
	// they are read shows in the next Sync.
	var d *diff
	if scan != nil {
		d = ix.diffScanned(p, now, scan)
	} else {
		now = time.Now()
		if d, err = ix.diff(p, now); err != nil {
			return st, err
		}
	}
	if d.empty() {
		if d.settled && !ix.mem && ix.gen != "" {
			ix.writeSettled()
		}
		return st, ix.count(&st)
	}
	if ix.mem {
		return st, ix.apply(p, d, now, &st)
	}

	// The writer's turn.
	unlock, err := ix.lockWriter()
	if err != nil {
		return st, ix.cannotWrite(p, d, now, &st, err)
	}
	defer unlock()
	// Another process may have written a new generation meanwhile.
	if m, err := readManifest(ix.manifestPath()); err == nil && m.Schema == SchemaVersion && m.Gen != ix.gen && ix.gen != "" {
		if err := ix.load(); err != nil {
			return st, err
		}
		if ix.mem {
			return st, ix.apply(p, d, now, &st)
		}
		if d, err = ix.diff(p, now); err != nil {
			return st, err
		}
	}
	if d.empty() {
		if d.settled && ix.gen != "" {
			_ = ix.man.write(ix.manifestPath())
		}
		return st, ix.count(&st)
	}
	if len(ix.man.Sources) == 0 {
		var jobs []job
		if jobs, err = ix.jobs(p, d, now); err != nil {
			return st, err
		}
		err = ix.build(p, jobs, &st)
	} else {
		err = ix.update(p, d, now, &st)
	}
	if err != nil && isPermission(err) {
		return st, ix.cannotWrite(p, d, now, &st, err)
	}
	return st, err
}

// writeSettled writes the manifest when only the stamps of its entries
// changed, if the writer's lock is free and the manifest still names the
// generation in hand. Best effort: a manifest that cannot be written (a
// read-only project, a writer at work) only costs the content comparisons
// again.
func (ix *Index) writeSettled() {
	fl := flock.New(filepath.Join(ix.dir, LockFile))
	if ok, err := fl.TryLock(); err != nil || !ok {
		return
	}
	defer fl.Unlock()
	if m, err := readManifest(ix.manifestPath()); err != nil || m.Gen != ix.gen {
		return
	}
	_ = ix.man.write(ix.manifestPath())
}

// count sets st.Docs.
func (ix *Index) count(st *SyncStats) error {
	st.Docs = int(ix.man.turns())
	return nil
}

// cannotWrite answers a Sync that has changes to make but may not write
// the index (err): a placeholder is filled in memory for this command; an
// index on disk is searched as it is, with a notice.
func (ix *Index) cannotWrite(p *project.Project, d *diff, now time.Time, st *SyncStats, err error) error {
	if !isPermission(err) {
		return err
	}
	ix.writeErr = err
	if ix.gen == "" {
		ix.mem = true
		st.Notice = fmt.Sprintf("the search index cannot be used (%s); the project was indexed in memory for this command", shortCause(err.Error()))
		return ix.apply(p, d, now, st)
	}
	if err := ix.count(st); err != nil {
		return err
	}
	st.Notice = joinNotice(st.Notice, fmt.Sprintf("the search index is out of date (%d of %d sources changed or removed since it was last updated) and cannot be updated (%s): the results may miss those changes", len(d.changed)+len(d.removed), d.sources, shortCause(err.Error())))
	return nil
}

// jobs parses the sources that changed, on every core (at 10,000
// sources, reading each one's metadata and hashing its files one after
// the other took 5.5 s on one core); the error is the first source's in
// the order of d.changed.
func (ix *Index) jobs(p *project.Project, d *diff, now time.Time) ([]job, error) {
	jobs := make([]job, len(d.changed))
	errs := make([]error, len(d.changed))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(d.changed)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(d.changed); i = int(next.Add(1) - 1) {
				jobs[i], errs[i] = ix.job(p, d.changed[i], now)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(jobs, func(a, b job) int {
		return cmp.Or(a.src.Ingested.Compare(b.src.Ingested), strings.Compare(a.src.ID, b.src.ID))
	})
	return jobs, nil
}

// job reads the metadata of the changed source s and hashes its files.
func (ix *Index) job(p *project.Project, s *scanned, now time.Time) (job, error) {
	src, err := p.ReadSource(s.id)
	if err != nil {
		return job{}, err
	}
	j := job{src: src, fp: s.fp}
	_, j.old = ix.man.Sources[s.id]
	if j.hash, err = contentHash(p, s); err != nil {
		return job{}, err
	}
	if s.racy(now) {
		j.content = j.hash
	}
	return j, nil
}

// update writes the changes into a new generation, made from the current
// one, and names it in the manifest. The writer's lock is held.
func (ix *Index) update(p *project.Project, d *diff, now time.Time, st *SyncStats) (err error) {
	jobs, err := ix.jobs(p, d, now)
	if err != nil {
		return err
	}
	gen, err := ix.newGenDir()
	if err != nil {
		return err
	}
	path := ix.genPath(gen)
	if err := copyGen(ix.genPath(ix.gen), path); err != nil {
		os.RemoveAll(path)
		return fmt.Errorf("search index: %w", err)
	}
	w, err := openBleve(path, ix.timeout, false)
	if err != nil {
		os.RemoveAll(path)
		return fmt.Errorf("search index: %w", err)
	}
	old, oldMan := ix.idx, ix.man
	ix.idx, ix.man = w, cloneManifest(oldMan)
	defer func() {
		if err != nil {
			_ = w.Close()
			ix.idx, ix.man = old, oldMan
			os.RemoveAll(path)
		}
	}()
	if err := ix.apply(p, &diff{removed: d.removed}, now, st); err != nil {
		return err
	}
	if err := ix.applyJobs(p, jobs, st); err != nil {
		return err
	}
	if err := mergeSegments(w); err != nil { // merge.go
		return fmt.Errorf("search index: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	r, err := openGen(path, ix.timeout)
	if err != nil {
		return fmt.Errorf("search index: open the new index: %w", err)
	}
	man := ix.man
	man.Gen = gen
	if err := man.write(ix.manifestPath()); err != nil {
		_ = r.Close()
		return err
	}
	_ = old.Close()
	ix.idx, ix.gen, ix.readOnly = r, gen, true
	ix.removeOldGens(gen)
	return ix.count(st)
}

func cloneManifest(m *manifest) *manifest {
	c := *m
	c.Sources = maps.Clone(m.Sources)
	return &c
}

// apply makes the changes of d to ix.idx in batches (an index in memory,
// or a new generation not yet named by the manifest).
func (ix *Index) apply(p *project.Project, d *diff, now time.Time, st *SyncStats) error {
	for _, id := range d.removed {
		if err := ix.batchDelete(id, nil); err != nil {
			return err
		}
		delete(ix.man.Sources, id)
		st.Removed++
	}
	if len(d.changed) > 0 {
		jobs, err := ix.jobs(p, d, now)
		if err != nil {
			return err
		}
		if err := ix.applyJobs(p, jobs, st); err != nil {
			return err
		}
	}
	return ix.count(st)
}

// batchDelete deletes the documents of a source but those of keep (nil:
// all of them).
func (ix *Index) batchDelete(id string, keep []doc) error {
	ids, err := ix.docsOf(id)
	if err != nil {
		return err
	}
	kept := make(map[string]bool, len(keep))
	for _, d := range keep {
		kept[d.id] = true
	}
	b := ix.idx.NewBatch()
	for _, d := range ids {
		if kept[d] {
			continue // replaced by the new document
		}
		b.Delete(d)
		ix.changes++
		if b.Size() >= batchSize {
			if err := ix.idx.Batch(b); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
			b.Reset()
		}
	}
	if b.Size() > 0 {
		if err := ix.idx.Batch(b); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	return nil
}

// applyJobs (re-)indexes the sources of jobs in ix.idx.
func (ix *Index) applyJobs(p *project.Project, jobs []job, st *SyncStats) error {
	b := ix.idx.NewBatch()
	bytes := 0 // of text in b
	flush := func() error {
		if b.Size() == 0 {
			return nil
		}
		ix.changes++
		if err := ix.idx.Batch(b); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		b.Reset()
		bytes = 0
		return nil
	}
	for i, j := range jobs {
		docs, turns, err := buildDocs(p, j.src)
		if err != nil {
			st.Skipped = append(st.Skipped, err.Error())
			docs = nil // drop what was indexed of it; retried next time
		}
		if j.old {
			if err := flush(); err != nil {
				return err
			}
			if err := ix.batchDelete(j.src.ID, docs); err != nil {
				return err
			}
		}
		for _, d := range docs {
			_ = b.Index(d.id, d.fields)
			text, _ := d.fields[FieldText].(string)
			bytes += len(text)
			if b.Size() >= batchSize || bytes >= maxBatchBytes {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		switch {
		case err != nil:
			delete(ix.man.Sources, j.src.ID)
		default:
			if j.old {
				st.Updated++
			} else {
				st.Added++
			}
			e := newEntry(j, turns, len(docs))
			e.Speakers, e.Unspoken = speakersOf(docs)
			ix.man.Sources[j.src.ID] = e
		}
		if ix.progress != nil {
			ix.progress(i+1, len(jobs))
		}
	}
	return flush()
}

// joinNotice joins two sentences for the user.
func joinNotice(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// newEntry is the manifest entry of a source indexed by j, with its
// number of turns and of documents.
func newEntry(j job, turns, docs int) manifestEntry {
	e := manifestEntry{Fingerprint: j.fp, Turns: turns, Content: j.content, Hash: j.hash}
	if docs != turns {
		e.Docs = docs
	}
	return e
}

type job struct {
	src     *corpus.Source
	fp      string // its fingerprint
	hash    string // its content hash
	content string // its content hash when racy, else ""
	old     bool   // in the manifest
}

// buildPattern matches the directories bleve's offline builder works in,
// which it makes in the index directory (os.MkdirTemp(dir,
// "scorch-offline-build")).
const buildPattern = "scorch-offline-build*"

// build makes a new generation with bleve's offline builder from the
// sources of jobs, and names it in the manifest; the index in hand (a
// placeholder) is not read. The writer's lock is held.
func (ix *Index) build(p *project.Project, jobs []job, st *SyncStats) (err error) {
	gen, err := ix.newGenDir()
	if err != nil {
		return err
	}
	path := ix.genPath(gen)
	defer func() {
		if err != nil {
			os.RemoveAll(path)
		}
	}()
	m, err := newMapping()
	if err != nil {
		return err
	}
	man := newManifest()
	man.Gen = gen
	res, err := ix.offline(p, path, m, man, jobs)
	if err != nil {
		return err
	}
	added, docs, skipped, later := res.added, res.docs, res.skipped, res.later
	if !res.built {
		var e bleve.Index
		if e, err = bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil); err == nil {
			err = e.Close()
		}
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	if len(later) > 0 {
		lst, err := ix.buildLater(p, path, man, later)
		if err != nil {
			return err
		}
		added += lst.Added
		docs = int(man.turns())
		skipped = append(skipped, lst.Skipped...)
	}
	idx, err := openGen(path, ix.timeout)
	if err != nil {
		return fmt.Errorf("search index: open the new index: %w", err)
	}
	if err := man.write(ix.manifestPath()); err != nil {
		_ = idx.Close()
		return err
	}
	_ = ix.idx.Close()
	ix.idx, ix.man, ix.gen, ix.readOnly = idx, man, gen, true
	st.Added += added
	st.Docs = docs
	st.Skipped = append(st.Skipped, skipped...)
	ix.removeOldGens(gen)
	return nil
}

// buildLater indexes the sources of jobs in the generation at path that
// the offline builder made, opened for writing, with the batches of
// applyJobs; man is the generation's manifest, which it completes.
func (ix *Index) buildLater(p *project.Project, path string, man *manifest, jobs []job) (SyncStats, error) {
	var st SyncStats
	w, err := openBleve(path, ix.timeout, false)
	if err != nil {
		return st, fmt.Errorf("search index: %w", err)
	}
	idx, oldMan, progress := ix.idx, ix.man, ix.progress
	ix.idx, ix.man, ix.progress = w, man, nil // progress was reported
	err = ix.applyJobs(p, jobs, &st)
	ix.idx, ix.man, ix.progress = idx, oldMan, progress
	if cerr := w.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("search index: %w", cerr)
	}
	return st, err
}

// docsOf returns the ids of the documents of a source.
func (ix *Index) docsOf(source string) ([]string, error) {
	q := bleve.NewTermQuery(source)
	q.SetField(FieldSource)
	var ids []string
	const page = 10000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(q, page, from, false)
		req.SortBy([]string{"_id"})
		res, err := ix.idx.Search(req)
		if err != nil {
			return nil, damaged(err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < page {
			return ids, nil
		}
	}
}

// DocID returns the id of the document of a turn: its reference, SRC#N.
func DocID(source string, turn int) string { return source + "#" + strconv.Itoa(turn) }

func splitDocID(id string) (string, int, bool) {
	src, num, ok := strings.Cut(id, "#")
	if !ok {
		return "", 0, false
	}
	n, err := strconv.Atoi(num)
	return src, n, err == nil
}

// participantOf returns the participant of a source (its id by default).
func participantOf(s *corpus.Source) string {
	if s.Participant != "" {
		return s.Participant
	}
	return s.ID
}

type doc struct {
	id     string
	fields map[string]any
}

// buildDocs reads a source's turns and codings and makes its documents:
// one per turn, or a long turn's chunks (chunk.go). It returns them and
// the number of turns.
func buildDocs(p *project.Project, s *corpus.Source) ([]doc, int, error) {
	turns, err := p.ReadTurns(s)
	if err != nil {
		return nil, 0, fmt.Errorf("source %s: %w", s.ID, err)
	}
	cs, err := p.ReadCodings(s.ID)
	if err != nil {
		return nil, 0, fmt.Errorf("source %s: %w", s.ID, err)
	}
	codes := make([][]string, len(turns))
	coders := make([][]string, len(turns))
	mark := func(i int, c coding.Coding) {
		codes[i] = append(codes[i], codebook.Key(c.Code))
		if c.Coder != "" {
			coders[i] = append(coders[i], c.Coder)
		}
	}
	var offsets []int
	for _, c := range cs {
		if c.Orphaned || c.Source != s.ID {
			continue
		}
		if c.Turn > 0 {
			if c.Turn <= len(turns) {
				mark(c.Turn-1, c)
			}
			continue
		}
		// A span of the plain text: the turns whose text it overlaps.
		if offsets == nil {
			_, offsets = corpus.PlainText(turns)
		}
		for i, t := range turns {
			start, end := offsets[i], offsets[i]+t.Len()
			if c.Start < end && start < c.End || c.Start == c.End && start <= c.Start && c.Start <= end {
				mark(i, c)
			}
		}
	}
	part := participantOf(s)
	key := naturalKey(s.ID)
	lines := turnLines(p, s.ID, len(turns)) // hittext.go
	docs := make([]doc, 0, len(turns))
	for i, t := range turns {
		f := map[string]any{
			FieldText:        t.Text,
			FieldSource:      s.ID,
			FieldParticipant: part,
			FieldTurn:        turnTerm(t.N), // turn.go
			fieldSortKey:     key,
			fieldTextHash:    turnHash(t),
		}
		if t.Speaker != "" {
			f[FieldSpeaker] = t.Speaker
			f[fieldSpeakerIn] = speakerIn(s.ID, t.Speaker) // search.go
		}
		if lines != nil {
			f[fieldLine] = lines[i]
		}
		if len(codes[i]) > 0 {
			f[FieldCodes] = uniq(codes[i])
		}
		if len(coders[i]) > 0 {
			f[FieldCoders] = uniq(coders[i])
		}
		id := DocID(s.ID, t.N)
		if ch := chunkDocs(id, f); ch != nil {
			docs = append(docs, ch...)
			continue
		}
		docs = append(docs, doc{id: id, fields: f})
	}
	return docs, len(turns), nil
}

func uniq(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

// naturalKey returns a string whose byte order is the natural order of
// source ids, project.CompareIDs (P2 before P10). Each run of digits
// becomes '0', its length without leading zeros in two digits, and those
// digits; since ids hold no other character between '0' and '9', a run
// compares with a letter as a digit does. A space (below every character
// of an id) and the id itself follow, to order ids that differ only in
// leading zeros as text (P02 before P2).
func naturalKey(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); {
		c := id[i]
		if c < '0' || c > '9' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(id) && id[j] >= '0' && id[j] <= '9' {
			j++
		}
		run := strings.TrimLeft(id[i:j], "0")
		fmt.Fprintf(&b, "0%02d%s", len(run), run)
		i = j
	}
	b.WriteByte(' ')
	b.WriteString(id)
	return b.String()
}
