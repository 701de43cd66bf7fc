package index

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/grounded-qda/grounded/internal/project"
)

// racyWindow is how recent a file's time stamps may be for its stamp to be
// trusted alone. A file written within racyWindow of a Sync might be
// written again with the same size and the same (coarse) time stamp, so
// its source's manifest entry also records a hash of the files' content
// (manifestEntry.Content), which the next Sync compares. Two seconds cover
// the coarsest time stamps in use (FAT) and the lag of the kernel's coarse
// clock behind time.Now.
const racyWindow = 2 * time.Second

// useChangeTime is false in the tests of systems without change times.
var useChangeTime = true

// scanned is what Sync knows of a source without parsing it: the paths
// and stamps of its files.
type scanned struct {
	id      string
	codings []string // its coding files, sorted
	// fp is the fingerprint of the source (see the package comment).
	fp string
	// newest is the latest time stamp (modification or change, in
	// nanoseconds) of its files.
	newest int64
}

// racy reports whether the source's files are too recent, at the time now
// (taken before they were stamped), for their stamps to tell every change.
func (s *scanned) racy(now time.Time) bool {
	return s.newest >= now.Add(-racyWindow).UnixNano()
}

// scanSources stamps the files of every source: one directory listing of
// sources/ and of the coders' directories, and a stat of each file. Only
// directories with a valid source id and a source.yaml are sources, as for
// project.ListSources.
func scanSources(p *project.Project) ([]scanned, error) {
	ids, err := p.SourceIDs()
	if err != nil {
		return nil, err
	}
	// The coding files of every source, listed once: p.CodingFiles(id)
	// for each source would read every coder's directory each time.
	files, err := p.CodingFiles("")
	if err != nil {
		return nil, err
	}
	codingFiles := map[string][]string{}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		codingFiles[id] = append(codingFiles[id], f)
	}
	// The stats are most of the cost: spread them over the processors.
	out := make([]scanned, len(ids))
	exists := make([]bool, len(ids))
	workers := min(runtime.GOMAXPROCS(0), 8, max(len(ids)/64, 1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	root := p.Path(project.SourcesDir) + string(filepath.Separator)
	st := openStatter(p.Root + string(filepath.Separator)) // stat_*.go
	defer st.close()
	for w := range workers {
		wg.Go(func() {
			var buf []byte
			for i := w; i < len(ids); i += workers {
				s := &out[i]
				s.id, s.codings = ids[i], codingFiles[ids[i]]
				var err error
				exists[i], err = stampSource(p, st, root, s, &buf)
				if err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	n := 0
	for i := range out {
		if exists[i] {
			out[n] = out[i]
			n++
		}
	}
	return out[:n], nil
}

// stampSource computes s.fp and s.newest; dir is the sources directory
// with a trailing separator. It reports whether the source exists (has a
// source.yaml). buf is the caller's, reused from one source to the next:
// a source costs its stats, a few paths and a hash, nothing else (no
// formatting, no filepath.Rel).
func stampSource(p *project.Project, st *statter, dir string, s *scanned, buf *[]byte) (bool, error) {
	b := append((*buf)[:0], "schema "...)
	b = strconv.AppendInt(b, SchemaVersion, 10)
	*buf = append(b, '\n')
	base := dir + s.id + string(filepath.Separator)
	ok, err := stampFile(st, buf, &s.newest, "meta", base+project.SourceMetaFile, "")
	if err != nil || !ok {
		return false, err // no source.yaml: a directory left empty by a removal
	}
	if _, err := stampFile(st, buf, &s.newest, "turns", base+project.SourceTurnsFile, ""); err != nil {
		return false, err
	}
	root := p.Root + string(filepath.Separator)
	for _, f := range s.codings {
		// The coding files were listed below the root: their name is the
		// path from it, with forward slashes.
		rel, ok := strings.CutPrefix(f, root)
		if !ok {
			r, err := filepath.Rel(p.Root, f)
			if err != nil {
				r = f
			}
			rel = r
		}
		if _, err := stampFile(st, buf, &s.newest, "coding", f, filepath.ToSlash(rel)); err != nil {
			return false, err
		}
	}
	sum := sha256.Sum256(*buf)
	s.fp = hex.EncodeToString(sum[:16])
	return true, nil
}

// stampFile appends a line for a file to buf: its kind, name, size,
// modification time and change time (0 where the system has none), or
// "missing"; it raises *newest to the file's latest time stamp and reports
// whether the file exists.
func stampFile(st *statter, buf *[]byte, newest *int64, kind, path, name string) (bool, error) {
	size, mtime, ctime, err := st.stat(path)
	b := append(*buf, kind...)
	b = append(b, ' ')
	b = strconv.AppendQuote(b, name)
	if errors.Is(err, fs.ErrNotExist) {
		*buf = append(b, " missing\n"...)
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !useChangeTime {
		ctime = 0
	}
	*newest = max(*newest, mtime, ctime)
	for _, n := range [...]int64{size, mtime, ctime} {
		b = append(b, ' ')
		b = strconv.AppendInt(b, n, 10)
	}
	*buf = append(b, '\n')
	return true, nil
}

// contentHash is the hash of the content of a source's source.yaml,
// turns.jsonl and coding files: compared when their stamps differ from
// those indexed, and kept for a racy source (see racyWindow).
func contentHash(p *project.Project, s *scanned) (string, error) {
	h := sha256.New()
	files := []string{p.Path(project.SourcesDir, s.id, project.SourceMetaFile), p.Path(project.SourcesDir, s.id, project.SourceTurnsFile)}
	for _, f := range append(files, s.codings...) {
		data, err := os.ReadFile(f)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		fmt.Fprintf(h, "%q %d\n", filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}
