package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/grounded-qda/grounded/internal/project"
)

// SchemaVersion is the version of the index's mapping and manifest. An
// index written with another version is rebuilt. 5: the text, speaker,
// source, turn and timestamp are no longer stored; each document stores
// the hash of its turn (hittext.go). 6: and where its turn's line is in
// turns.jsonl (hittext.go). 7: a keyword of its source and speaker
// together, for Query.SpeakerSources. 8: the turn number is a keyword,
// zero-padded (turn.go), no longer a number; no "_all" field. 9: the
// text's term vectors keep positions without byte offsets (positions.go),
// in grounded's copy of zap, which writes them as one number each; and
// the text's tokenizer is grounded_words, which cuts exactly the words of
// bleve's "unicode" (tokenize.go; an index whose mapping names "unicode"
// still opens). 10: the manifest records the fingerprint of the analysis
// the index was made with (words.go), and an index of another is rebuilt.
const SchemaVersion = 10

// DefaultTimeout is how long a Sync or Rebuild that has to write the
// index waits for another one that is writing it.
const DefaultTimeout = 5 * time.Second

// Names inside the index directory.
const (
	// LockFile is locked (flock, exclusively) by a process writing the
	// index; readers never take it.
	LockFile     = "lock"
	ManifestFile = "manifest.json"
	// GenPrefix begins the name of each generation of the bleve index,
	// GenPrefix + a number; the manifest names the current one.
	GenPrefix = "bleve-"
)

// ErrBusy is returned by Sync and Rebuild when another process has been
// writing the index for longer than the timeout.
var ErrBusy = errors.New("the search index is being updated by another grounded command; try again")

// ErrDamaged is matched (errors.Is) by the errors of Search when bleve
// fails in a way that means the index files are damaged: Rebuild repairs
// it. Sync rebuilds a damaged index itself.
var ErrDamaged = errors.New("the search index is damaged")

type damageError struct{ cause string }

func (e *damageError) Error() string {
	return fmt.Sprintf("the search index is damaged (%s); delete .grounded/index and it will be rebuilt", e.cause)
}

func (e *damageError) Is(target error) bool { return target == ErrDamaged }

// isPermission reports whether err means that a file cannot be written or
// read for lack of permission or because its file system is read-only. Such
// an index is not damaged and must not be deleted.
func isPermission(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// damaged returns an error matching ErrDamaged.
func damaged(cause any) error { return &damageError{cause: shortCause(fmt.Sprint(cause))} }

// Options configures Open.
type Options struct {
	// Timeout bounds the wait of a Sync or Rebuild that has to write the
	// index for another process that is writing it; 0 means
	// DefaultTimeout. Reading never waits for anything.
	Timeout time.Duration
	// Progress, when set, is called by Sync and Rebuild after each source
	// they (re-)index, with the number of sources done and to do.
	Progress func(done, total int)
	// Project is the project whose turns the hits' text is read from
	// (hittext.go), for an index searched without a Sync; Sync and
	// Rebuild set it to their project.
	Project *project.Project
}

// Index is an open search index. Its methods may be called from several
// goroutines.
type Index struct {
	mu       sync.RWMutex
	dir      string           // "" for an index in memory
	proj     *project.Project // of the last Sync or Rebuild: the hits' text
	idx      bleve.Index
	man      *manifest
	progress func(done, total int)
	timeout  time.Duration

	// loaded is set once the index on disk has been opened (by the first
	// Sync or Search) or replaced (by Rebuild).
	loaded bool
	// gen is the generation idx was opened from; "" when idx is in memory:
	// a placeholder for an index that is missing or damaged, which the
	// next Sync builds on disk, or (mem) the index of this command alone.
	gen string
	mem bool
	// readOnly is set while idx is open for reading only; a generation on
	// disk is only ever written before the manifest names it.
	readOnly bool
	closed   bool
	// offlineOverride, when set (by tests), replaces offline: the tests
	// give the serial build that offline replaced, to compare the two.
	offlineOverride func(ix *Index, p *project.Project, path string, m *mapping.IndexMappingImpl, man *manifest, jobs []job) (offlineResult, error)
	// writeErr is why the last Sync or Rebuild could not write the index
	// (a permission error), nil when it could or did not have to.
	writeErr error

	// For the tests that compare the ways of ordering hits (rank.go):
	// sortedOnly makes Search let bleve sort every page (the third way),
	// fastLimit replaces the constant when not 0, and ways counts the
	// searches done each way (and, in ways[3], the second and later
	// fetches of the second).
	sortedOnly bool
	fastLimit  int
	ways       [4]atomic.Int64
	// booleanFilters makes Search apply filters and exclusions through
	// bleve's boolean query rather than a filteredQuery, and leave the
	// query's disjunctions of one query alone (filter.go), for the test
	// that compares the two.
	booleanFilters bool
	// wholeReads counts the turns.jsonl files searches read whole rather
	// than at their hits' lines (hittext.go), for the tests.
	wholeReads atomic.Int64

	// rebuilt and notice are set when the index had to be started anew;
	// the next Sync reports them.
	rebuilt bool
	notice  string
	// changes counts the changes made to idx (and its replacements), for SyncWhile.
	changes uint64
}

// Open returns the index in dir (PROJECT/.grounded/index), creating the
// directory when missing. It opens no file: the first Sync or Search
// does, and a Rebuild never reads the old index. It takes no lock:
// reading never waits for, nor excludes, another process (see the package
// comment). The index must be synced before it is searched.
func Open(dir string, o Options) (*Index, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ix := &Index{dir: dir, progress: o.Progress, timeout: timeout, proj: o.Project}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if !isPermission(err) {
			return nil, fmt.Errorf("search index: %w", err)
		}
		// A read-only project without an index.
		if err := ix.inMemory(err); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// OpenMem returns an empty index held in memory, for tests.
func OpenMem() (*Index, error) {
	ix := &Index{loaded: true, mem: true}
	if err := ix.placeholder(""); err != nil {
		return nil, err
	}
	return ix, nil
}

// SetProgress replaces the progress callback of Options.
func (ix *Index) SetProgress(f func(done, total int)) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.progress = f
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.closed = true
	var err error
	if ix.idx != nil {
		err = ix.idx.Close()
		ix.idx = nil
	}
	return err
}

func (ix *Index) manifestPath() string { return filepath.Join(ix.dir, ManifestFile) }
func (ix *Index) genPath(gen string) string {
	return filepath.Join(ix.dir, gen)
}

// ensureLoaded opens the index on disk for reading, once. ix.mu is held
// for writing.
func (ix *Index) ensureLoaded() error {
	if ix.closed {
		return errClosed
	}
	if ix.loaded {
		return nil
	}
	ix.loaded = true
	return ix.load()
}

// load opens the generation the manifest names for reading, or puts a
// placeholder in its place when it is missing, outdated or damaged. A
// generation that disappears between reading the manifest and opening it
// was replaced by a writer: the manifest is read again.
func (ix *Index) load() error {
	for attempt := 0; ; attempt++ {
		m, err := readManifest(ix.manifestPath())
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return ix.placeholder("")
		case err != nil && isPermission(err):
			return ix.inMemory(err)
		case err != nil:
			return ix.placeholder(fmt.Sprintf("%s: %v", ManifestFile, err))
		case m.Schema != SchemaVersion:
			if err := ix.placeholder(""); err != nil {
				return err
			}
			if len(m.Sources) > 0 {
				ix.notice = fmt.Sprintf("the search index was made by another version of grounded (index format %d, now %d) and has been rebuilt", m.Schema, SchemaVersion)
			}
			return nil
		case m.Words != wordsFingerprint() && wordsFingerprint() != "":
			if err := ix.placeholder(""); err != nil {
				return err
			}
			if len(m.Sources) > 0 {
				ix.notice = "the search index was made by a version of grounded that cut or compared words differently, and has been rebuilt"
			}
			return nil
		case !validGen(m.Gen):
			return ix.placeholder(fmt.Sprintf("%s names no index", ManifestFile))
		}
		path := ix.genPath(m.Gen)
		idx, err := openGen(path, ix.timeout)
		switch {
		case err == nil:
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing):
			if attempt < 3 {
				continue // replaced meanwhile: read the manifest again
			}
			return ix.placeholder("") // removed: rebuilt without a remark, as a missing index
		case isBoltTimeout(err):
			// Only a writer that died with a generation open would
			// hold it: the manifest never names a generation being
			// written.
			return fmt.Errorf("%w (waited %s for %s)", ErrBusy, ix.timeout, path)
		case isPermission(err):
			// Not damage: the files are there but may not be read.
			return ix.inMemory(err)
		default:
			return ix.placeholder(err.Error())
		}
		// bleve falls back to an older snapshot when the newest cannot be
		// loaded, silently losing documents: the manifest would then vouch
		// for sources that are no longer (or not wholly) indexed.
		n, err := docCount(idx)
		if want := m.docs(); err != nil || n != want {
			_ = idx.Close()
			if err != nil {
				return ix.placeholder(err.Error())
			}
			return ix.placeholder(fmt.Sprintf("it holds %d documents where its manifest lists %d", n, want))
		}
		ix.idx, ix.man, ix.gen, ix.readOnly = idx, m, m.Gen, true
		return nil
	}
}

// openGen checks the root bolt file of a generation (checkBolt), then
// opens it for reading only.
func openGen(path string, timeout time.Duration) (bleve.Index, error) {
	if err := checkBolt(filepath.Join(path, "store", "root.bolt")); err != nil {
		return nil, err
	}
	return openBleve(path, timeout, true)
}

// docCount is idx.DocCount, turning a panic inside bleve into an error.
func docCount(idx bleve.Index) (n uint64, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, fmt.Errorf("bleve: %v", r)
		}
	}()
	return idx.DocCount()
}

// openBleve opens the bleve index at path, for reading only or also for
// writing, turning a panic inside bleve (which damaged files can cause)
// into an error. Opened for reading only, bleve writes nothing: it neither
// commits to its root.bolt nor merges or removes segments, and bolt takes
// a shared lock on root.bolt.
func openBleve(path string, timeout time.Duration, readOnly bool) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("bleve: %v", r)
		}
	}()
	return bleve.OpenUsing(path, map[string]any{"bolt_timeout": timeout.String(), "read_only": readOnly})
}

// isBoltTimeout reports whether err is bbolt's ErrTimeout: the root bolt
// file of the index is locked by another process. It compares the message
// rather than the value so as not to import bbolt, an indirect dependency.
func isBoltTimeout(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if e.Error() == "timeout" {
			return true
		}
	}
	return false
}

// placeholder puts an empty index in memory in place of one on disk that
// is missing, outdated or damaged; damage, when not empty, says why the
// old one was dropped. The next Sync builds a new generation on disk (or,
// when it cannot write, fills the placeholder for this command alone).
// Nothing on disk is read or removed.
func (ix *Index) placeholder(damage string) error {
	if ix.idx != nil {
		_ = ix.idx.Close()
		ix.idx = nil
	}
	m, err := newMapping()
	if err != nil {
		return err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	ix.idx, ix.man, ix.gen, ix.readOnly = idx, newManifest(), "", false
	ix.changes++
	ix.rebuilt = true
	if damage != "" {
		ix.notice = fmt.Sprintf("the search index was damaged (%s) and has been rebuilt", shortCause(damage))
	}
	return nil
}

// inMemory replaces the index on disk, which cannot be used because of
// err (a permission error), by an empty index in memory that the next Sync
// fills, for this command only.
func (ix *Index) inMemory(err error) error {
	if rerr := ix.placeholder(""); rerr != nil {
		return rerr
	}
	ix.mem, ix.loaded = true, true
	ix.notice = fmt.Sprintf("the search index cannot be used (%s); the project was indexed in memory for this command", shortCause(err.Error()))
	return nil
}

// shortCause keeps the first line of an error message, at most 120 bytes.
func shortCause(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 120 {
		i := 120
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "…"
	}
	return s
}

// Field names of the documents.
const (
	FieldText        = "text"
	FieldSpeaker     = "speaker"
	FieldSource      = "source"
	FieldParticipant = "participant"
	FieldCodes       = "codes"
	FieldCoders      = "coders"
	FieldTurn        = "turn"
	fieldSortKey     = "sortkey"   // the source id in natural order, for sorting
	fieldTextHash    = "texthash"  // turnHash of the turn, stored only
	fieldLine        = "line"      // the turn's line in turns.jsonl, stored only (hittext.go)
	fieldSpeakerIn   = "speakerin" // "SOURCE SPEAKER": who speaks where, indexed only (search.go)
)

// Fields are the fields a query string may name.
var Fields = []string{FieldText, FieldSpeaker, FieldSource, FieldParticipant, FieldCodes, FieldCoders, FieldTurn}

// codeAnalyzer keeps a code name whole and lower-cases it.
const codeAnalyzer = "grounded_code"

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(codeAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []any{lowercase.Name},
	})
	if err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(textAnalyzer, textAnalyzerConfig()); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()

	text := bleve.NewTextFieldMapping()
	text.Analyzer = textAnalyzer
	// Not stored: a hit's text is read from the project (hittext.go).
	// The term vectors hold the words' positions, for phrases and
	// highlights; the analyzer zeroes their byte offsets (positions.go).
	text.Store = false
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false
	doc.AddFieldMappingsAt(FieldText, text)

	kw := func(analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	// The speaker, source, turn and timestamp of a hit come from its id
	// and its turn in the project (hittext.go): not stored.
	doc.AddFieldMappingsAt(FieldSpeaker, kw(keyword.Name, false))
	doc.AddFieldMappingsAt(FieldSource, kw(keyword.Name, false))
	doc.AddFieldMappingsAt(FieldParticipant, kw(keyword.Name, true))
	doc.AddFieldMappingsAt(FieldCodes, kw(codeAnalyzer, false))
	doc.AddFieldMappingsAt(FieldCoders, kw(keyword.Name, false))
	doc.AddFieldMappingsAt(fieldSpeakerIn, kw(keyword.Name, false))
	// The chunks of long turns (chunk.go).
	doc.AddFieldMappingsAt(fieldChunked, kw(keyword.Name, false))
	doc.AddFieldMappingsAt(fieldTurnRef, kw(keyword.Name, false))
	offset := bleve.NewNumericFieldMapping()
	offset.Index = false
	offset.Store = true
	offset.IncludeInAll = false
	offset.DocValues = false
	doc.AddFieldMappingsAt(fieldOffset, offset)
	doc.AddFieldMappingsAt(fieldChunkEnd, offset)

	sortKey := kw(keyword.Name, false)
	sortKey.DocValues = true
	doc.AddFieldMappingsAt(fieldSortKey, sortKey)

	// The turn number as one padded term (turn.go); its doc values order
	// the ties of a ranking.
	turn := kw(keyword.Name, false)
	turn.DocValues = true
	doc.AddFieldMappingsAt(FieldTurn, turn)

	// Stored, not indexed: the turn's hash and its line in turns.jsonl.
	for _, name := range []string{fieldTextHash, fieldLine} {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		doc.AddFieldMappingsAt(name, f)
	}

	// No "_all" field: no field is included in it, and bleve would
	// still give every document an empty one to index.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im.DefaultMapping = doc
	im.DefaultField = FieldText
	im.DefaultAnalyzer = textAnalyzer
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}
