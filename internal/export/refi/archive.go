package refi

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Limits bound what an archive may hold. An archive beyond them is refused
// before anything is decompressed.
type Limits struct {
	// Entry is the largest uncompressed size of one entry.
	Entry int64
	// Total is the largest uncompressed size of all entries together.
	Total int64
	// Entries is the largest number of entries.
	Entries int
}

// DefaultLimits are the limits of 'grounded import qdpx'.
var DefaultLimits = Limits{Entry: 512 << 20, Total: 2 << 30, Entries: 100_000}

// ErrUnsafeArchive is wrapped by the errors about archives that are
// refused for safety: entries that would escape the directory they are
// unpacked into, links, and sizes beyond the limits.
var ErrUnsafeArchive = errors.New("unsafe archive")

// Archive is an opened, checked .qdpx file.
type Archive struct {
	// Name names the archive in messages.
	Name string
	// QDEName is the name of the project document inside the archive.
	QDEName string
	files   map[string]*zip.File // by lower-case cleaned name
	limits  Limits
}

// OpenArchive checks every entry of the zip archive in r and finds its
// project.qde. It refuses, with an error wrapping ErrUnsafeArchive, an
// archive with an entry whose name is absolute or contains "..", a
// symbolic link or other special file, an entry or a total larger than the
// limits, or too many entries.
func OpenArchive(name string, r io.ReaderAt, size int64, lim Limits) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a .qdpx archive (a .qdpx is a zip file): %v", name, err)
	}
	if len(zr.File) > lim.Entries {
		return nil, fmt.Errorf("%s: %w: %d entries, more than the %d allowed", name, ErrUnsafeArchive, len(zr.File), lim.Entries)
	}
	a := &Archive{Name: name, files: map[string]*zip.File{}, limits: lim}
	var total uint64
	var qdes []string
	for _, f := range zr.File {
		n := f.Name
		if strings.ContainsRune(n, 0) {
			return nil, fmt.Errorf("%s: %w: entry name %q contains a NUL character", name, ErrUnsafeArchive, n)
		}
		slashed := strings.ReplaceAll(n, `\`, "/")
		if strings.HasPrefix(slashed, "/") || len(slashed) >= 2 && slashed[1] == ':' {
			return nil, fmt.Errorf("%s: %w: entry %q has an absolute path", name, ErrUnsafeArchive, n)
		}
		for _, part := range strings.Split(slashed, "/") {
			if part == ".." {
				return nil, fmt.Errorf("%s: %w: entry %q points outside the archive (it contains \"..\")", name, ErrUnsafeArchive, n)
			}
		}
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s: %w: entry %q is a symbolic link", name, ErrUnsafeArchive, n)
		}
		if mode&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeCharDevice|fs.ModeIrregular) != 0 {
			return nil, fmt.Errorf("%s: %w: entry %q is not a regular file", name, ErrUnsafeArchive, n)
		}
		if f.UncompressedSize64 > uint64(lim.Entry) {
			return nil, fmt.Errorf("%s: %w: entry %q is %d MB uncompressed, more than the %d MB allowed", name, ErrUnsafeArchive, n, f.UncompressedSize64>>20, lim.Entry>>20)
		}
		total += f.UncompressedSize64
		if total > uint64(lim.Total) {
			return nil, fmt.Errorf("%s: %w: the entries are more than %d MB uncompressed in total", name, ErrUnsafeArchive, lim.Total>>20)
		}
		if mode.IsDir() || strings.HasSuffix(slashed, "/") {
			continue
		}
		clean := strings.ToLower(path.Clean(slashed))
		if _, dup := a.files[clean]; dup {
			return nil, fmt.Errorf("%s: the archive holds %q twice", name, n)
		}
		a.files[clean] = f
		if !strings.Contains(clean, "/") && strings.HasSuffix(clean, ".qde") {
			qdes = append(qdes, f.Name)
		}
	}
	switch {
	case a.files["project.qde"] != nil:
		a.QDEName = a.files["project.qde"].Name
	case len(qdes) == 1:
		a.QDEName = qdes[0]
	case len(qdes) == 0:
		return nil, fmt.Errorf("%s: no project.qde in the archive; is this a REFI-QDA project (.qdpx)?", name)
	default:
		return nil, fmt.Errorf("%s: the archive holds several project documents (%s) and no project.qde", name, strings.Join(qdes, ", "))
	}
	return a, nil
}

// ReadFile returns the content of an entry, found by name without regard
// to case or to "./" and backslashes. A missing entry gives an error
// wrapping fs.ErrNotExist.
func (a *Archive) ReadFile(name string) ([]byte, error) {
	clean := strings.ToLower(path.Clean(strings.ReplaceAll(name, `\`, "/")))
	f := a.files[strings.TrimPrefix(clean, "/")]
	if f == nil {
		return nil, fmt.Errorf("%s: no %s in the archive: %w", a.Name, name, fs.ErrNotExist)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", a.Name, f.Name, err)
	}
	defer rc.Close()
	var b bytes.Buffer
	n, err := io.Copy(&b, io.LimitReader(rc, a.limits.Entry+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", a.Name, f.Name, err)
	}
	if n > a.limits.Entry || uint64(n) > f.UncompressedSize64 {
		return nil, fmt.Errorf("%s: %w: entry %q is larger than its header says", a.Name, ErrUnsafeArchive, f.Name)
	}
	return b.Bytes(), nil
}

// Has reports whether the archive holds an entry (see ReadFile).
func (a *Archive) Has(name string) bool {
	clean := strings.ToLower(path.Clean(strings.ReplaceAll(name, `\`, "/")))
	return a.files[strings.TrimPrefix(clean, "/")] != nil
}

// ReadQDE returns the project document.
func (a *Archive) ReadQDE() ([]byte, error) { return a.ReadFile(a.QDEName) }
