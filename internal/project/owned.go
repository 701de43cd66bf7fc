package project

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// ownedDirs are the directories of the layout whose every file is the
// store's (or the index's).
var ownedDirs = []string{SourcesDir, CodingsDir, MemosDir, HistoryDir, TagsDir, CacheDir}

// OwnedPath reports whether the file at path (absolute, or relative to the
// working directory) would be one of the project's own files if written:
// a root file of the layout (codebook.yaml, grounded.yaml, participants.yaml
// ...), the lock, the journal, .gitignore and .gitattributes, anything under
// sources/, codings/, memos/, history/, tags/ or .grounded/, a temporary
// file of the store, or the project directory itself. Symbolic links are
// followed, so a link outside the project that points at codebook.yaml is
// owned too. rel is the project-relative name, slash-separated. Other files
// inside the project directory (a report.md beside codebook.yaml) are not
// owned.
func (p *Project) OwnedPath(path string) (rel string, owned bool) {
	root, err := filepath.EvalSymlinks(p.Root)
	if err != nil {
		root = p.Root
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	target := abs
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		target = real
	} else if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		target = filepath.Join(dir, filepath.Base(abs))
		// A dangling link: where it would write.
		if dest, err := os.Readlink(abs); err == nil {
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(dir, dest)
			}
			target = filepath.Clean(dest)
		}
	}
	r, err := filepath.Rel(root, target)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return "", false
	}
	rel = filepath.ToSlash(r)
	if rel == "." {
		return rel, true
	}
	first, _, nested := strings.Cut(rel, "/")
	switch {
	case nested:
		return rel, slices.Contains(ownedDirs, first)
	case slices.Contains(rootFiles, rel), rel == LockFile, rel == JournalFile,
		rel == ".gitignore", rel == ".gitattributes", slices.Contains(ownedDirs, rel):
		return rel, true
	case strings.HasPrefix(rel, fsx.TempPrefix):
		if real, ok := tempTarget(rel); ok && slices.Contains(rootFiles, real) {
			return rel, true
		}
	}
	return rel, false
}
