package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Generations
//
// A writer never changes a generation that the manifest names: readers
// may have it open (bolt holds a shared lock on its root.bolt for as long
// as they do). It makes the next generation, writes it, and then names it
// in the manifest, which it replaces atomically; the generation a reader
// has open stays intact until the reader closes it, and a reader opening
// the index afterwards opens the new one. Older generations are then
// removed: on Unix the files of a generation that a reader still has open
// (mapped in memory) live on until it closes them.

// validGen reports whether name is the name of a generation, GenPrefix and
// a number.
func validGen(name string) bool {
	n, ok := strings.CutPrefix(name, GenPrefix)
	if !ok || n == "" {
		return false
	}
	_, err := strconv.ParseUint(n, 10, 32)
	return err == nil
}

func genNumber(gen string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(gen, GenPrefix), 10, 32)
	return n
}

// nextGen returns the name of the generation after gen ("" for none).
func nextGen(gen string) string {
	return GenPrefix + strconv.FormatUint(genNumber(gen)+1, 10)
}

// lockWriter takes the writer's lock, waiting at most ix.timeout for
// another writer. The error is ErrBusy after the timeout, or a permission
// error when the lock file cannot be created or opened.
func (ix *Index) lockWriter() (unlock func(), err error) {
	lockPath := filepath.Join(ix.dir, LockFile)
	fl := flock.New(lockPath)
	ctx, cancel := context.WithTimeout(context.Background(), ix.timeout)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 20*time.Millisecond)
	switch {
	case err != nil && isPermission(err):
		return nil, fmt.Errorf("cannot lock the search index: %w", err)
	case err != nil && !errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("search index: lock %s: %w", lockPath, err)
	case !ok:
		return nil, fmt.Errorf("%w (waited %s for %s)", ErrBusy, ix.timeout, lockPath)
	}
	return func() { _ = fl.Unlock() }, nil
}

// newGenDir returns the name of a new generation, after every one in the
// directory (which may hold generations that readers have open), removing
// what an interrupted writer may have left under that name. The writer's
// lock is held.
func (ix *Index) newGenDir() (string, error) {
	gen := nextGen(ix.gen)
	if entries, err := os.ReadDir(ix.dir); err == nil {
		for _, e := range entries {
			if validGen(e.Name()) && genNumber(e.Name()) >= genNumber(gen) {
				gen = nextGen(e.Name())
			}
		}
	}
	path := ix.genPath(gen)
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return gen, nil
	}
	if err := os.RemoveAll(path); err != nil {
		return "", fmt.Errorf("search index: %w", err)
	}
	return gen, nil
}

// copyGen makes the generation to in the image of from: the segment files
// (*.zap), which bleve never changes once written, are linked (copied where
// links are not possible); the rest (root.bolt, which bolt changes in
// place, and index_meta.json) is copied.
func copyGen(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if strings.HasSuffix(d.Name(), ".zap") && os.Link(path, dst) == nil {
			return nil
		}
		return copyFile(path, dst)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// removeOldGens removes, best effort, every generation but keep, the
// directory of the index before generations (bleve), and what an
// interrupted offline build left. The writer's lock is held.
func (ix *Index) removeOldGens(keep string) {
	entries, err := os.ReadDir(ix.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if name == keep || !e.IsDir() {
			continue
		}
		if validGen(name) || name == "bleve" || matchBuild(name) {
			_ = os.RemoveAll(filepath.Join(ix.dir, name))
		}
	}
}

func matchBuild(name string) bool {
	ok, _ := filepath.Match(buildPattern, name)
	return ok
}
