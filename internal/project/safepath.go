package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/fsx"
)

// A project directory is untrusted input: researchers clone each other's
// repositories and unzip each other's folders. Every path the store writes,
// appends to, removes or replays from a journal, and every path a project
// file names (a source's original:), is checked here first:
//
//   - it is project-relative, slash-separated and local (no "..", not
//     absolute);
//   - it names a file of the layout (docs/format.md): codebook.yaml,
//     participants.yaml, grounded.yaml,
//     sources/ID/{source.yaml,turns.jsonl,original.EXT},
//     codings/CODER/ID.jsonl, history/CODER.jsonl, memos/ID.md, or a
//     temporary file (.tmp-NAME.HEX) beside one of them;
//   - no component below the project root is a symbolic link, every
//     directory is a directory, and the file itself is a regular file or
//     does not exist yet.
//
// The components are checked with Lstat one by one from the root, so a
// symlinked directory (sources -> /etc) is caught as well as a symlinked
// file (history/x.jsonl -> ~/.bashrc).

// UnsafePathError says that a path named by the project (a journal entry, a
// source's original:, a file of the layout) is not one the store may use.
type UnsafePathError struct {
	File   string // the project file that names the path, if any
	Entry  string // which entry of that file, e.g. "writes[2].temp"
	Path   string // the path as named
	Reason string
}

func (e *UnsafePathError) Error() string {
	where := e.File
	if e.Entry != "" {
		where += " (" + e.Entry + ")"
	}
	if where != "" {
		where += ": "
	}
	return fmt.Sprintf("%spath %q %s", where, e.Path, e.Reason)
}

// storeFileKind tells whether rel (slash-separated, project-relative) is a
// file of the layout, and returns a reason when it is not.
func storeFileReason(rel string) string {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || !filepath.IsLocal(filepath.FromSlash(rel)) || path.Clean(rel) != rel {
		return "escapes the project or is not a plain relative path"
	}
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if fsx.IsTemp(base) {
		real, ok := tempTarget(base)
		if !ok {
			return "is not a temporary file name the store writes"
		}
		base = real
	}
	parts := strings.Split(dir, "/")
	if dir == "" {
		parts = nil
	}
	switch {
	case len(parts) == 0:
		if slices.Contains(rootFiles, base) {
			return ""
		}
	case len(parts) == 2 && parts[0] == SourcesDir && corpus.ValidateID(parts[1]) == nil:
		if base == SourceMetaFile || base == SourceTurnsFile || ValidOriginalName(base) {
			return ""
		}
	case len(parts) == 2 && parts[0] == CodingsDir && validSlug(parts[1]):
		if id, ok := strings.CutSuffix(base, ".jsonl"); ok && corpus.ValidateID(id) == nil {
			return ""
		}
	case len(parts) == 1 && parts[0] == HistoryDir:
		if slug, ok := strings.CutSuffix(base, ".jsonl"); ok && validSlug(slug) {
			return ""
		}
	case len(parts) == 1 && parts[0] == TagsDir: // tags.go
		if rel == CodebookTagsRel {
			return ""
		}
	case len(parts) == 2 && dir == codebookTagsDir:
		if name, ok := strings.CutSuffix(base, ".yaml"); ok && corpus.ValidateID(name) == nil {
			return ""
		}
	case len(parts) == 1 && parts[0] == MemosDir:
		if id, ok := strings.CutSuffix(base, ".md"); ok && corpus.ValidateID(id) == nil {
			return ""
		}
	}
	return "is not a file that grounded writes (see the layout in docs/format.md)"
}

// tempTarget returns the file a temporary name (.tmp-NAME.HEX, see
// fsx.TempName) stands for.
func tempTarget(base string) (string, bool) {
	rest := strings.TrimPrefix(base, fsx.TempPrefix)
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || len(rest)-i-1 != 12 {
		return "", false
	}
	for _, c := range rest[i+1:] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return "", false
		}
	}
	return rest[:i], true
}

// validSlug reports whether s can be a coder's file name (see CoderSlug).
func validSlug(s string) bool {
	if s == "" || s == "." || s == ".." || strings.HasPrefix(s, ".") || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if r == '/' || r == '\\' || !unicode.IsPrint(r) || r == ' ' {
			return false
		}
	}
	return true
}

// ValidOriginalName reports whether name can be the file name of a
// source's original ("original" and an optional extension of letters and
// digits, as ingest and import write it).
func ValidOriginalName(name string) bool {
	ext, ok := strings.CutPrefix(name, "original")
	if !ok {
		return false
	}
	if ext == "" {
		return true
	}
	if len(ext) < 2 || len(ext) > 17 || ext[0] != '.' {
		return false
	}
	for _, r := range ext[1:] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

// checkStorePath checks that rel is a file of the layout and that nothing
// on the way to it is a symbolic link or anything but a directory, and that
// the file itself, when it exists, is a regular file. It returns a reason
// ("" when the path is safe).
func (p *Project) storePathReason(rel string) string {
	if r := storeFileReason(rel); r != "" {
		return r
	}
	return p.lstatWalk(rel)
}

// lstatWalk checks every component of rel below the root with Lstat.
func (p *Project) lstatWalk(rel string) string {
	parts := strings.Split(rel, "/")
	cur := p.Root
	for i, part := range parts {
		cur = filepath.Join(cur, part)
		st, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return "" // created by the store, below directories already checked
		}
		if err != nil {
			return fmt.Sprintf("cannot be checked (%v)", err)
		}
		last := i == len(parts)-1
		switch {
		case st.Mode()&fs.ModeSymlink != 0:
			return fmt.Sprintf("goes through a symbolic link (%s); grounded never follows links inside a project", path.Join(parts[:i+1]...))
		case !last && !st.IsDir():
			return fmt.Sprintf("goes through %s, which is not a directory", path.Join(parts[:i+1]...))
		case last && !st.Mode().IsRegular():
			return fmt.Sprintf("is not a regular file (%s)", st.Mode().Type())
		}
	}
	return ""
}

// checkPath returns an *UnsafePathError when rel may not be used.
func (p *Project) checkPath(file, entry, rel string) error {
	if r := p.storePathReason(rel); r != "" {
		return &UnsafePathError{File: file, Entry: entry, Path: rel, Reason: r}
	}
	return nil
}

// readStoreFile reads the project file rel after checking its path: a
// project file that is a symbolic link, a device or a FIFO is refused.
func (p *Project) readStoreFile(rel string) ([]byte, error) {
	if err := p.checkPath("", "", rel); err != nil {
		return nil, err
	}
	return os.ReadFile(p.Path(filepath.FromSlash(rel)))
}

// ReadOptionalFile reads the optional project file rel (a root file of
// the layout, such as ForeignGUIDsFile) after checking its path; it
// returns nil and no error when the file does not exist.
func (p *Project) ReadOptionalFile(rel string) ([]byte, error) {
	b, err := p.readStoreFile(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// openStoreFile opens the project file at the absolute path file (which
// must lie inside the project) after checking its path.
func (p *Project) openStoreFile(file string) (*os.File, error) {
	rel, err := filepath.Rel(p.Root, file)
	if err != nil {
		return nil, err
	}
	if err := p.checkPath("", "", filepath.ToSlash(rel)); err != nil {
		return nil, err
	}
	return os.Open(file)
}

// checkJournal checks every path of a journal before any of it is
// replayed, so that a journal that did not come from this project's store
// changes nothing.
func (p *Project) checkJournal(j *journal) error {
	file := p.Path(JournalFile)
	wrap := func(err error) error {
		return fmt.Errorf("%w; nothing was changed and the journal was left in place: if this project came from someone else, inspect %s and delete it (and any .tmp-* files it names)", err, file)
	}
	for i, w := range j.Writes {
		if err := p.checkPath(file, fmt.Sprintf("writes[%d].path", i), w.Path); err != nil {
			return wrap(err)
		}
		if err := p.checkPath(file, fmt.Sprintf("writes[%d].temp", i), w.Temp); err != nil {
			return wrap(err)
		}
		if t, _ := tempTarget(path.Base(w.Temp)); path.Dir(w.Temp) != path.Dir(w.Path) || t != path.Base(w.Path) {
			return wrap(&UnsafePathError{File: file, Entry: fmt.Sprintf("writes[%d].temp", i), Path: w.Temp, Reason: fmt.Sprintf("is not a temporary file of %q", w.Path)})
		}
	}
	for i, a := range j.Appends {
		if err := p.checkPath(file, fmt.Sprintf("appends[%d].path", i), a.Path); err != nil {
			return wrap(err)
		}
		if fsx.IsTemp(path.Base(a.Path)) || a.Offset < 0 {
			return wrap(&UnsafePathError{File: file, Entry: fmt.Sprintf("appends[%d]", i), Path: a.Path, Reason: "is not an append the store makes"})
		}
	}
	for i, r := range j.Removes {
		if err := p.checkPath(file, fmt.Sprintf("removes[%d]", i), r); err != nil {
			return wrap(err)
		}
	}
	return nil
}

// checkOriginal checks the original: field of a source's metadata (file):
// it must be a plain file name in the source's directory, as ingest
// writes it, never a path (/dev/zero, ../../x).
func checkOriginal(file, name string) error {
	if !ValidOriginalName(name) {
		return &UnsafePathError{File: file, Entry: "original", Path: name, Reason: `is not the name of a source's original file ("original" and an extension, in the source's directory); restore source.yaml from version control`}
	}
	return nil
}

// checkJournalTemps makes sure that every write of a journal can be
// finished before any is: its temporary file is there, or the file already
// holds the recorded content (renamed before a crash). A missing temporary
// file is never taken as proof that the rename happened.
func (p *Project) checkJournalTemps(j *journal) error {
	file := p.Path(JournalFile)
	for i, w := range j.Writes {
		if _, err := os.Lstat(p.Path(filepath.FromSlash(w.Temp))); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s (writes[%d]): %w", file, i, err)
		}
		if w.SHA256 != "" {
			if data, err := os.ReadFile(p.Path(filepath.FromSlash(w.Path))); err == nil && SHA256(data) == w.SHA256 {
				continue
			}
		}
		return fmt.Errorf("%s (writes[%d]) records a change to %s, but its temporary file %s is missing and %s does not hold the recorded content; nothing was changed and the journal was left in place: restore the project from version control or a backup, or delete the journal to keep the files as they are", file, i, w.Path, w.Temp, w.Path)
	}
	return nil
}
