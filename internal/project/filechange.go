package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"unicode/utf8"
)

// FileChange is one file a change wrote or removed, with its content
// before and after (nil: the file did not exist), so that undo can restore
// it. Only text files of the project are recorded this way.
type FileChange struct {
	Path   string  `json:"path"`
	Before *string `json:"before"`
	After  *string `json:"after"`
	// BeforeBinary holds the previous content instead of Before when it is
	// not UTF-8 text (a .docx original), base64 in JSON.
	BeforeBinary []byte `json:"before_binary,omitempty"`
	// AfterBinary holds the new content instead of After when it is not
	// UTF-8 text.
	AfterBinary []byte `json:"after_binary,omitempty"`
}

// before returns the previous content and whether the file existed.
func (f FileChange) before() ([]byte, bool) {
	if f.BeforeBinary != nil {
		return f.BeforeBinary, true
	}
	if f.Before == nil {
		return nil, false
	}
	return []byte(*f.Before), true
}

// PutFile writes (data != nil) or removes (data == nil) the project file
// rel in the edit and records its previous content in the history entry,
// so that undo restores it.
func (e *Edit) PutFile(rel string, data []byte) error {
	i := slices.IndexFunc(e.entry.Files, func(f FileChange) bool { return f.Path == rel })
	if i < 0 {
		old, err := e.p.readStoreFile(rel)
		var before *string
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return err
		case !utf8.Valid(old):
			e.entry.Files = append(e.entry.Files, FileChange{Path: rel, BeforeBinary: old})
			i = len(e.entry.Files)
		default:
			s := string(old)
			before = &s
		}
		if i < 0 {
			e.entry.Files = append(e.entry.Files, FileChange{Path: rel, Before: before})
		}
		i = len(e.entry.Files) - 1
	}
	if data == nil {
		e.entry.Files[i].After, e.entry.Files[i].AfterBinary = nil, nil
		e.Tx.Remove(rel)
		return nil
	}
	e.entry.Files[i].After, e.entry.Files[i].AfterBinary = nil, nil
	if utf8.Valid(data) {
		s := string(data)
		e.entry.Files[i].After = &s
	} else {
		e.entry.Files[i].AfterBinary = data
	}
	e.Tx.WriteFile(rel, data)
	return nil
}

// revertFiles puts back the files target changed, refusing when one of
// them has changed since.
func (e *Edit) revertFiles(target *Entry) error {
	for i := len(target.Files) - 1; i >= 0; i-- {
		f := target.Files[i]
		cur, err := e.p.readStoreFile(f.Path)
		exists := true
		switch {
		case errors.Is(err, fs.ErrNotExist):
			exists = false
		case err != nil:
			return err
		}
		after, afterExists := []byte(nil), f.After != nil || f.AfterBinary != nil
		if f.After != nil {
			after = []byte(*f.After)
		} else {
			after = f.AfterBinary
		}
		same := exists == afterExists && (!exists || bytes.Equal(cur, after))
		if !same {
			return fmt.Errorf("cannot undo %q: %s has changed since; undo the later changes first or edit it by hand", target.Command, f.Path)
		}
		data, existed := f.before()
		if existed && data == nil {
			data = []byte{}
		}
		if err := e.PutFile(f.Path, data); err != nil {
			return err
		}
	}
	return nil
}

// ReadFileRel reads the project file rel (a path relative to the root,
// with forward slashes) after checking its path.
func (p *Project) ReadFileRel(rel string) ([]byte, error) { return p.readStoreFile(rel) }

// OpenFileRel opens the project file rel for reading after the checks of
// ReadFileRel, for a reader of parts of it (the search index reads the
// lines of the turns it shows).
func (p *Project) OpenFileRel(rel string) (*os.File, error) {
	if err := p.checkPath("", "", rel); err != nil {
		return nil, err
	}
	return os.Open(p.Path(filepath.FromSlash(rel)))
}
