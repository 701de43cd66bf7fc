package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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
		e.entry.Files[i].After = nil
		e.Tx.Remove(rel)
		return nil
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("internal error: %s: only text files are recorded for undo", rel)
	}
	s := string(data)
	e.entry.Files[i].After = &s
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
		same := exists == (f.After != nil) && (!exists || bytes.Equal(cur, []byte(*f.After)))
		if !same {
			return fmt.Errorf("cannot undo %q: %s has changed since; undo the later changes first or edit it by hand", target.Command, f.Path)
		}
		data, existed := f.before()
		if existed && data == nil {
			data = []byte{}
		}
		if !utf8.Valid(data) { // a binary original: undo entries are not undone
			e.Tx.WriteFile(f.Path, data)
			continue
		}
		if err := e.PutFile(f.Path, data); err != nil {
			return err
		}
	}
	return nil
}
