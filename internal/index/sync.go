package index

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// batchSize is the number of document operations per bleve batch.
const batchSize = 1000

// manifest is the content of manifest.json.
type manifest struct {
	Schema  int                      `json:"schema"`
	Sources map[string]manifestEntry `json:"sources"`
}

type manifestEntry struct {
	// Fingerprint sums up the stamps of the source's files (see the
	// package comment).
	Fingerprint string `json:"fingerprint"`
	// Turns is the number of its documents in the index.
	Turns int `json:"turns"`
	// Content is the hash of its files' content (contentHash) when they
	// were too recent, as it was indexed, for the stamps alone to show
	// every later change (see racyWindow); empty otherwise.
	Content string `json:"content,omitempty"`
	// Dirty is set while a Sync changes the source's documents: the index
	// may hold any number of them, and the next Sync re-indexes it.
	Dirty bool `json:"dirty,omitempty"`
}

// turns is the number of documents the manifest accounts for; ok is false
// when a source is dirty, and the number unknown.
func (m *manifest) turns() (n uint64, ok bool) {
	for _, e := range m.Sources {
		if e.Dirty {
			return 0, false
		}
		n += uint64(e.Turns)
	}
	return n, true
}

func newManifest() *manifest {
	return &manifest{Schema: SchemaVersion, Sources: map[string]manifestEntry{}}
}

func readManifest(path string) (*manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
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
	// Docs is the number of turns in the index afterwards.
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

// Rebuild drops the index and builds it anew from the project.
func (ix *Index) Rebuild(p *project.Project) (SyncStats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return SyncStats{}, errClosed
	}
	if ix.dir != "" && ix.lockErr != nil {
		return SyncStats{}, fmt.Errorf("cannot lock the search index: %w", ix.lockErr)
	}
	if err := ix.reset(); err != nil {
		return SyncStats{}, err
	}
	ix.rebuilt = true
	return ix.sync(p)
}

// Sync brings the index up to date with the project: sources whose
// fingerprint changed since they were indexed are re-indexed, sources that
// are gone are dropped (see the package comment). The caller should hold
// the project's lock for reading.
func (ix *Index) Sync(p *project.Project) (SyncStats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		return SyncStats{}, errClosed
	}
	st, err := ix.sync(p)
	var de *damageError
	if errors.As(err, &de) {
		// bleve failed on index files that opened fine: start again.
		if rerr := ix.resetFor(de.cause); rerr != nil {
			return st, errors.Join(err, rerr)
		}
		return ix.sync(p)
	}
	return st, err
}

var errClosed = errors.New("search index: closed")

func (ix *Index) sync(p *project.Project) (st SyncStats, err error) {
	st.Rebuilt, st.Notice = ix.rebuilt, ix.notice
	defer func() {
		if r := recover(); r != nil {
			err = damaged(fmt.Sprint("bleve: ", r))
			if ix.idx == nil {
				_ = ix.reset()
			}
		}
		if err == nil {
			ix.rebuilt, ix.notice = false, ""
		}
	}()

	// Stamp the files before reading them, so that a change made while
	// they are read shows in the next Sync.
	now := time.Now()
	scan, err := scanSources(p)
	if err != nil {
		return st, err
	}
	var changed []*scanned
	present := map[string]bool{}
	settled := false // racy entries are no longer racy: update the manifest
	for i := range scan {
		s := &scan[i]
		present[s.id] = true
		e, ok := ix.man.Sources[s.id]
		if ok && e.Fingerprint == s.fp && !e.Dirty {
			if e.Content == "" {
				continue
			}
			// Recorded while racy: compare the content.
			if c, err := contentHash(p, s); err == nil && c == e.Content {
				if !s.racy(now) {
					e.Content = ""
					ix.man.Sources[s.id] = e
					settled = true
				}
				continue
			}
		}
		changed = append(changed, s)
	}
	var removed []string
	for id := range ix.man.Sources {
		if !present[id] {
			removed = append(removed, id)
		}
	}
	sort.Strings(removed)
	if len(changed) == 0 && len(removed) == 0 {
		if settled && ix.lockErr == nil {
			// Best effort: a manifest that cannot be written (a read-only
			// project) only costs the content comparisons again.
			_ = ix.man.write(ix.writeManifestPath())
		}
		n, err := ix.idx.DocCount()
		st.Docs = int(n)
		return st, err
	}
	if err := ix.writable(); err != nil {
		if !isPermission(err) {
			return st, err
		}
		n, derr := ix.idx.DocCount()
		st.Docs = int(n)
		st.Notice = joinNotice(st.Notice, fmt.Sprintf("the search index is out of date (%d of %d sources changed or removed since it was last updated) and cannot be updated (%s): the results may miss those changes", len(changed)+len(removed), len(scan), shortCause(err.Error())))
		return st, derr
	}

	// Only the sources that changed are parsed.
	jobs := make([]job, 0, len(changed))
	for _, s := range changed {
		src, err := p.ReadSource(s.id)
		if err != nil {
			return st, err
		}
		j := job{src: src, fp: s.fp}
		_, j.old = ix.man.Sources[s.id]
		if s.racy(now) {
			if j.content, err = contentHash(p, s); err != nil {
				return st, err
			}
		}
		jobs = append(jobs, j)
	}
	slices.SortFunc(jobs, func(a, b job) int {
		return cmp.Or(a.src.Ingested.Compare(b.src.Ingested), strings.Compare(a.src.ID, b.src.ID))
	})

	n, err := ix.idx.DocCount()
	if err != nil {
		return st, damaged(err)
	}

	// Documents of a source are found by a query before they are replaced,
	// so that turns left by an interrupted Sync are deleted too. An empty
	// index has nothing to find.
	emptyAtStart := n == 0
	if emptyAtStart && len(ix.man.Sources) == 0 && ix.dir != "" {
		// Built from scratch, offline: much faster than batches.
		return st, ix.build(p, jobs, &st)
	}

	// Mark the sources about to change, so that an interrupted Sync
	// leaves them to be re-indexed and Open does not take the index for
	// damaged (see load).
	for _, id := range removed {
		e := ix.man.Sources[id]
		e.Dirty = true
		ix.man.Sources[id] = e
	}
	for _, j := range jobs {
		e := ix.man.Sources[j.src.ID]
		e.Dirty = true
		ix.man.Sources[j.src.ID] = e
	}
	if err := ix.man.write(ix.writeManifestPath()); err != nil {
		return st, err
	}

	b := ix.idx.NewBatch()
	// pending are the manifest changes whose documents are in b.
	pending := map[string]*manifestEntry{}
	flush := func() error {
		if b.Size() > 0 {
			if err := ix.idx.Batch(b); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
			b.Reset()
		}
		if len(pending) == 0 {
			return nil
		}
		for id, e := range pending {
			if e == nil {
				delete(ix.man.Sources, id)
			} else {
				ix.man.Sources[id] = *e
			}
		}
		clear(pending)
		return ix.man.write(ix.writeManifestPath())
	}
	add := func(op func()) error {
		op()
		if b.Size() >= batchSize {
			return flush()
		}
		return nil
	}
	deleteDocs := func(id string, keep int) error {
		ids, err := ix.docsOf(id)
		if err != nil {
			return err
		}
		for _, d := range ids {
			if _, n, ok := splitDocID(d); ok && n <= keep {
				continue // replaced by the new document
			}
			if err := add(func() { b.Delete(d) }); err != nil {
				return err
			}
		}
		return nil
	}

	for _, id := range removed {
		if err := deleteDocs(id, 0); err != nil {
			return st, err
		}
		pending[id] = nil
		st.Removed++
	}
	for i, j := range jobs {
		docs, err := buildDocs(p, j.src)
		if err != nil {
			st.Skipped = append(st.Skipped, err.Error())
			docs = nil // drop what was indexed of it; retried next time
		}
		if j.old || !emptyAtStart {
			if err := deleteDocs(j.src.ID, len(docs)); err != nil {
				return st, err
			}
		}
		for _, d := range docs {
			if err := add(func() { _ = b.Index(d.id, d.fields) }); err != nil {
				return st, err
			}
		}
		switch {
		case err != nil:
			pending[j.src.ID] = nil
		case j.old:
			st.Updated++
			pending[j.src.ID] = &manifestEntry{Fingerprint: j.fp, Turns: len(docs), Content: j.content}
		default:
			st.Added++
			pending[j.src.ID] = &manifestEntry{Fingerprint: j.fp, Turns: len(docs), Content: j.content}
		}
		if ix.progress != nil {
			ix.progress(i+1, len(jobs))
		}
	}
	if err := flush(); err != nil {
		return st, err
	}
	n, err = ix.idx.DocCount()
	st.Docs = int(n)
	return st, err
}

// joinNotice joins two sentences for the user.
func joinNotice(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

type job struct {
	src     *corpus.Source
	fp      string // its fingerprint
	content string // its content hash when racy, else ""
	old     bool   // in the manifest
}

// buildPattern matches the directories bleve's offline builder works in,
// which it makes in the index directory (os.MkdirTemp(dir,
// "scorch-offline-build")).
const buildPattern = "scorch-offline-build*"

// build replaces the (empty) index on disk by one made with bleve's
// offline builder from the sources of jobs. The manifest is removed first
// and written last, so that an interrupted build is started again by the
// next Open.
func (ix *Index) build(p *project.Project, jobs []job, st *SyncStats) (err error) {
	_ = ix.idx.Close()
	ix.idx = nil
	defer func() {
		if err != nil && ix.idx == nil {
			// Leave an empty, usable index behind.
			if rerr := ix.reset(); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}
	}()
	if err := os.Remove(ix.manifestPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("search index: %w", err)
	}
	old, _ := filepath.Glob(filepath.Join(ix.dir, buildPattern))
	for _, d := range append(old, ix.blevePath()) {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	m, err := newMapping()
	if err != nil {
		return err
	}
	bl, err := bleve.NewBuilder(ix.blevePath(), m, map[string]any{
		"batchSize":       batchSize,
		"buildPathPrefix": ix.dir,
	})
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	man := newManifest()
	for i, j := range jobs {
		docs, err := buildDocs(p, j.src)
		if err != nil {
			st.Skipped = append(st.Skipped, err.Error())
		} else {
			for _, d := range docs {
				if err := bl.Index(d.id, d.fields); err != nil {
					_ = bl.Close()
					return fmt.Errorf("search index: %w", err)
				}
			}
			man.Sources[j.src.ID] = manifestEntry{Fingerprint: j.fp, Turns: len(docs), Content: j.content}
			st.Added++
			st.Docs += len(docs)
		}
		if ix.progress != nil {
			ix.progress(i+1, len(jobs))
		}
	}
	if err := bl.Close(); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	idx, err := openBleve(ix.blevePath(), ix.timeout, true)
	if err != nil {
		return fmt.Errorf("search index: open the new index: %w", err)
	}
	ix.idx, ix.man, ix.readOnly = idx, man, true
	return man.write(ix.manifestPath())
}

func (ix *Index) writeManifestPath() string {
	if ix.dir == "" {
		return ""
	}
	return ix.manifestPath()
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

// buildDocs reads a source's turns and codings and makes its documents.
func buildDocs(p *project.Project, s *corpus.Source) ([]doc, error) {
	turns, err := p.ReadTurns(s)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", s.ID, err)
	}
	cs, err := p.ReadCodings(s.ID)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", s.ID, err)
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
	docs := make([]doc, len(turns))
	for i, t := range turns {
		f := map[string]any{
			FieldText:        t.Text,
			FieldSource:      s.ID,
			FieldParticipant: part,
			FieldTurn:        float64(t.N),
			fieldSortKey:     key,
		}
		if t.Speaker != "" {
			f[FieldSpeaker] = t.Speaker
		}
		if t.Start != "" {
			f[fieldStart] = t.Start
		}
		if len(codes[i]) > 0 {
			f[FieldCodes] = uniq(codes[i])
		}
		if len(coders[i]) > 0 {
			f[FieldCoders] = uniq(coders[i])
		}
		docs[i] = doc{id: DocID(s.ID, t.N), fields: f}
	}
	return docs, nil
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
