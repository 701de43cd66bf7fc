package index

import (
	"context"
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
	"github.com/gofrs/flock"
)

// SchemaVersion is the version of the index's mapping and manifest. An
// index written with another version is rebuilt.
const SchemaVersion = 3

// DefaultTimeout is how long Open waits for another process that has the
// index open.
const DefaultTimeout = 5 * time.Second

// Names inside the index directory.
const (
	LockFile     = "lock"
	ManifestFile = "manifest.json"
	BleveDir     = "bleve"
)

// ErrBusy is returned by Open when another process holds the index for
// longer than the timeout.
var ErrBusy = errors.New("the search index is in use by another grounded command; try again")

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
	// Timeout bounds the wait for another process that has the index open;
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// Progress, when set, is called by Sync and Rebuild after each source
	// they (re-)index, with the number of sources done and to do.
	Progress func(done, total int)
}

// Index is an open search index. Its methods may be called from several
// goroutines.
type Index struct {
	mu       sync.RWMutex
	dir      string // "" for an index in memory
	lock     *flock.Flock
	idx      bleve.Index
	man      *manifest
	progress func(done, total int)
	timeout  time.Duration

	// readOnly is set while bleve has the index open for reading only, as
	// Open leaves it; Sync reopens it for writing when it has work to do.
	readOnly bool
	// lockErr is why the lock could not be taken (a permission error), in
	// which case the index on disk is not written.
	lockErr error

	// For the tests that compare the ways of ordering hits (rank.go):
	// sortedOnly makes Search let bleve sort every page (the third way),
	// fastLimit replaces the constant when not 0, and ways counts the
	// searches done each way (and, in ways[3], the second and later
	// fetches of the second).
	sortedOnly bool
	fastLimit  int
	ways       [4]atomic.Int64

	// rebuilt and notice are set when Open had to start a new index; the
	// next Sync reports them.
	rebuilt bool
	notice  string
}

// Open opens the index in dir (PROJECT/.grounded/index), creating it when
// missing. It waits at most o.Timeout for another process that has it
// open and then fails with an error wrapping ErrBusy. A damaged index is
// replaced by an empty one, which the next Sync fills and reports (see
// SyncStats.Notice). The index must be synced before it is searched.
func Open(dir string, o Options) (*Index, error) {
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ix := &Index{dir: dir, progress: o.Progress, timeout: timeout}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if !isPermission(err) {
			return nil, fmt.Errorf("search index: %w", err)
		}
		// A read-only project without an index.
		if err := ix.inMemory(err); err != nil {
			return nil, err
		}
		return ix, nil
	}
	lockPath := filepath.Join(dir, LockFile)
	fl := flock.New(lockPath)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	switch {
	case err != nil && isPermission(err):
		// The lock file cannot be created or opened: the index may be
		// read (bleve's shared lock on its root.bolt guards against a
		// writer) but not written (see writable and resetFor).
		ok, fl, ix.lockErr = true, nil, err
	case err != nil && !errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("search index: lock %s: %w", lockPath, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w (waited %s for %s)", ErrBusy, timeout, lockPath)
	}
	ix.lock = fl
	if err := ix.load(); err != nil {
		if fl != nil {
			_ = fl.Unlock()
		}
		return nil, err
	}
	return ix, nil
}

// OpenMem returns an empty index held in memory, for tests.
func OpenMem() (*Index, error) {
	ix := &Index{}
	if err := ix.resetFor(""); err != nil {
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

// Close closes the index and releases its lock.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var err error
	if ix.idx != nil {
		err = ix.idx.Close()
		ix.idx = nil
	}
	if ix.lock != nil {
		if uerr := ix.lock.Unlock(); err == nil {
			err = uerr
		}
		ix.lock = nil
	}
	return err
}

func (ix *Index) manifestPath() string { return filepath.Join(ix.dir, ManifestFile) }
func (ix *Index) blevePath() string    { return filepath.Join(ix.dir, BleveDir) }

// load opens the index on disk for reading, or starts a new one when it is
// missing, outdated or damaged. The lock is held.
func (ix *Index) load() error {
	timeout := ix.timeout
	m, err := readManifest(ix.manifestPath())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ix.resetFor("")
	case err != nil && isPermission(err):
		return ix.inMemory(err)
	case err != nil:
		return ix.resetFor(fmt.Sprintf("%s: %v", ManifestFile, err))
	case m.Schema != SchemaVersion:
		return ix.resetFor("")
	}
	idx, err := openBleve(ix.blevePath(), timeout, true)
	switch {
	case err == nil:
	case isBoltTimeout(err):
		return fmt.Errorf("%w (waited %s for %s)", ErrBusy, timeout, ix.blevePath())
	case isPermission(err):
		// Not damage: the files are there but may not be read.
		return ix.inMemory(err)
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist), errors.Is(err, bleve.ErrorIndexMetaMissing):
		return ix.resetFor("")
	default:
		return ix.resetFor(err.Error())
	}
	// bleve falls back to an older snapshot when the newest cannot be
	// loaded, silently losing documents: the manifest would then vouch
	// for sources that are no longer (or not wholly) indexed.
	n, err := docCount(idx)
	if want, ok := m.turns(); err != nil || ok && n != want {
		_ = idx.Close()
		if err != nil {
			return ix.resetFor(err.Error())
		}
		return ix.resetFor(fmt.Sprintf("it holds %d turns where its manifest lists %d", n, want))
	}
	ix.idx, ix.man, ix.readOnly = idx, m, true
	return nil
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
// commits to its root.bolt nor merges or removes segments.
func openBleve(path string, timeout time.Duration, readOnly bool) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("bleve: %v", r)
		}
	}()
	return bleve.OpenUsing(path, map[string]any{"bolt_timeout": timeout.String(), "read_only": readOnly})
}

// writable reopens the index for writing if it is open for reading only.
// When it cannot be written (isPermission), it stays open for reading.
func (ix *Index) writable() error {
	if !ix.readOnly {
		return nil
	}
	if ix.lockErr != nil {
		return fmt.Errorf("cannot lock the search index: %w", ix.lockErr)
	}
	// Try the directory first: bleve may open a read-only directory for
	// writing and fail only later, in the background.
	probe, err := os.CreateTemp(ix.dir, ".write-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // not the probe's name
		}
		return fmt.Errorf("cannot write %s: %w", ix.dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())

	_ = ix.idx.Close()
	ix.idx = nil
	idx, err := openBleve(ix.blevePath(), ix.timeout, false)
	if err == nil {
		ix.idx, ix.readOnly = idx, false
		return nil
	}
	if isBoltTimeout(err) {
		err = fmt.Errorf("%w (waited %s for %s)", ErrBusy, ix.timeout, ix.blevePath())
	} else {
		err = fmt.Errorf("search index: %w", err)
	}
	ro, rerr := openBleve(ix.blevePath(), ix.timeout, true)
	if rerr != nil {
		return errors.Join(err, rerr)
	}
	ix.idx = ro
	return err
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

// resetFor starts a new empty index; damage, when not empty, says why the
// old one was dropped. An index that cannot be replaced for lack of
// permission is left as it is, and a new one is made in memory.
func (ix *Index) resetFor(damage string) error {
	if ix.dir != "" && ix.lockErr != nil {
		return ix.inMemory(ix.lockErr)
	}
	if err := ix.reset(); err != nil {
		if ix.dir != "" && isPermission(err) {
			return ix.inMemory(err)
		}
		return err
	}
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
	if ix.idx != nil {
		_ = ix.idx.Close()
		ix.idx = nil
	}
	ix.dir = ""
	if rerr := ix.reset(); rerr != nil {
		return rerr
	}
	ix.rebuilt = true
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

// reset replaces the index by a new empty one and writes an empty
// manifest. On disk, the manifest is removed first, so that a crash
// half-way leaves a directory that the next Open rebuilds.
func (ix *Index) reset() error {
	if ix.idx != nil {
		_ = ix.idx.Close()
		ix.idx = nil
	}
	m, err := newMapping()
	if err != nil {
		return err
	}
	ix.man = newManifest()
	ix.readOnly = false
	if ix.dir == "" {
		idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		ix.idx = idx
		return nil
	}
	if err := os.Remove(ix.manifestPath()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("search index: %w", err)
	}
	if err := os.RemoveAll(ix.blevePath()); err != nil {
		return fmt.Errorf("search index: remove the old index: %w", err)
	}
	idx, err := bleve.NewUsing(ix.blevePath(), m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("search index: create %s: %w", ix.blevePath(), err)
	}
	ix.idx = idx
	return ix.man.write(ix.manifestPath())
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
	fieldStart       = "start"   // the turn's timestamp, stored only
	fieldSortKey     = "sortkey" // the source id in natural order, for sorting
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
	text.Store = true
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
	doc.AddFieldMappingsAt(FieldSpeaker, kw(keyword.Name, true))
	doc.AddFieldMappingsAt(FieldSource, kw(keyword.Name, true))
	doc.AddFieldMappingsAt(FieldParticipant, kw(keyword.Name, true))
	doc.AddFieldMappingsAt(FieldCodes, kw(codeAnalyzer, false))
	doc.AddFieldMappingsAt(FieldCoders, kw(keyword.Name, false))
	sortKey := kw(keyword.Name, false)
	sortKey.DocValues = true
	doc.AddFieldMappingsAt(fieldSortKey, sortKey)

	turn := bleve.NewNumericFieldMapping()
	turn.Store = true
	turn.IncludeInAll = false
	turn.DocValues = true
	doc.AddFieldMappingsAt(FieldTurn, turn)

	start := bleve.NewTextFieldMapping()
	start.Index = false
	start.Store = true
	start.IncludeInAll = false
	start.IncludeTermVectors = false
	start.DocValues = false
	doc.AddFieldMappingsAt(fieldStart, start)

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
