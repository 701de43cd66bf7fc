// Package fsx holds the durable file operations the project store is built
// on: atomic replacement of a file (temporary file, fsync, rename, fsync of
// the directory), fsynced appends, and a Batch of temporary files made
// durable together by one syncfs (batch.go).
package fsx

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// TempPrefix begins the name of every temporary file this package writes,
// so that stray ones left by a crash can be recognised and removed.
const TempPrefix = ".tmp-"

// TempName returns a fresh temporary file name in the directory of path.
func TempName(path string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return filepath.Join(filepath.Dir(path), TempPrefix+filepath.Base(path)+"."+hex.EncodeToString(b[:]))
}

// IsTemp reports whether name (a base name) is a temporary file of this package.
func IsTemp(name string) bool { return strings.HasPrefix(name, TempPrefix) }

// WriteTemp writes data to a new temporary file beside path, fsyncs it and
// returns its name. The caller renames it into place or removes it.
func WriteTemp(path string, data []byte, perm os.FileMode) (string, error) {
	return writeTemp(path, data, perm, nil)
}

// writeTemp is WriteTemp, except that it does not fsync the file when
// deferSync (non-nil) returns true for it, once written: the caller makes
// it durable otherwise (Batch.Sync).
func writeTemp(path string, data []byte, perm os.FileMode, deferSync func(f *os.File) bool) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	tmp := TempName(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, cause(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", path, cause(err))
	}
	if deferSync == nil || !deferSync(f) {
		if err := f.Sync(); err != nil {
			f.Close()
			os.Remove(tmp)
			return "", fmt.Errorf("write %s: %w", path, cause(err))
		}
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", path, cause(err))
	}
	return tmp, nil
}

// cause strips the temporary file's name from an *os.PathError or
// *os.LinkError, so that
// messages name the file the user knows ("write codebook.yaml: no space
// left on device").
func cause(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// WriteFile replaces path with data atomically: readers see either the old
// or the new content, and after a crash the file holds one of the two.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := WriteTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, cause(err))
	}
	return SyncDir(filepath.Dir(path))
}

// SyncDir fsyncs a directory so that renames and creations in it are durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isNotSupported(err) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

func isNotSupported(err error) bool {
	// Some file systems (and Windows) do not support fsync on directories.
	return strings.Contains(err.Error(), "invalid argument") || strings.Contains(err.Error(), "not supported")
}

// AppendAt truncates path to size bytes (creating it when size is 0 and it
// does not exist), appends data and fsyncs. Doing it this way makes a
// replayed append idempotent.
func AppendAt(path string, size int64, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, size); err != nil {
		return err
	}
	return f.Sync()
}
