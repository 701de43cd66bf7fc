package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
)

// FileChange is one file a change wrote or removed, with its content
// before and after (nil: the file did not exist), so that undo can restore
// it. Only text files of the project are recorded this way.
type FileChange struct {
	Path   string  `json:"path"`
	Before *string `json:"before"`
	After  *string `json:"after"`
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
		default:
			s := string(old)
			before = &s
		}
		e.entry.Files = append(e.entry.Files, FileChange{Path: rel, Before: before})
		i = len(e.entry.Files) - 1
	}
	if data == nil {
		e.entry.Files[i].After = nil
		e.Tx.Remove(rel)
		return nil
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
		var data []byte
		if f.Before != nil {
			data = []byte(*f.Before)
		}
		if err := e.PutFile(f.Path, data); err != nil {
			return err
		}
	}
	return nil
}
