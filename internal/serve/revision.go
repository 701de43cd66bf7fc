package serve

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// projectEntries are the files and folders of a project whose content is
// the project (docs/format.md, Layout); the cache, lock and journal are
// not.
var projectEntries = []string{"grounded.yaml", "codebook.yaml", "participants.yaml", "sources", "codings", "memos", "history"}

// Fingerprint returns the revision of the project at root: a hash of the
// path, size and modification time of each of its files. Any write (the
// command line, the workbench, a git pull) changes a file's size or time
// or the set of files, and so the revision; it reads no file's content.
func Fingerprint(root string) (string, error) {
	h := sha256.New()
	var num [16]byte
	for _, top := range projectEntries {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked; the next look sees it
			}
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
			binary.LittleEndian.PutUint64(num[:8], uint64(info.Size()))
			binary.LittleEndian.PutUint64(num[8:], uint64(info.ModTime().UnixNano()))
			h.Write(num[:])
			return nil
		})
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}
