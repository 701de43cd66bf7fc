package project

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/fsx"
)

// A Tx groups file changes that must happen together: all of them or, after
// a crash, all of them once the next command runs. It is a redo log: the new
// contents are written to temporary files first, then a journal naming them
// is written atomically (the commit point), then the files are moved into
// place and the journal is removed. Recovery replays a journal it finds.
//
// A Tx must be committed while the project's write lock is held.
type Tx struct {
	p       *Project
	writes  map[string][]byte
	appends map[string][]byte
	removes map[string]bool
	spill   *spiller // set by SpillWrites (txspill.go)
}

// Begin starts a transaction.
func (p *Project) Begin() *Tx {
	return &Tx{p: p, writes: map[string][]byte{}, appends: map[string][]byte{}, removes: map[string]bool{}}
}

// WriteFile replaces the project-relative file rel with data.
func (tx *Tx) WriteFile(rel string, data []byte) {
	delete(tx.removes, rel)
	if tx.spill != nil {
		tx.spill.stage(rel, data)
		return
	}
	tx.writes[rel] = data
}

// AppendFile appends data to the project-relative file rel.
func (tx *Tx) AppendFile(rel string, data []byte) {
	tx.appends[rel] = append(tx.appends[rel], data...)
}

// Remove deletes the project-relative file rel (a missing file is fine).
func (tx *Tx) Remove(rel string) {
	delete(tx.writes, rel)
	if tx.spill != nil {
		tx.spill.unstage(rel)
	}
	tx.removes[rel] = true
}

// Empty reports whether the transaction changes nothing.
func (tx *Tx) Empty() bool {
	return len(tx.writes) == 0 && (tx.spill == nil || len(tx.spill.staged) == 0) && len(tx.appends) == 0 && len(tx.removes) == 0
}

// journal is the JSON content of the journal file.
type journal struct {
	Version int             `json:"version"`
	Writes  []journalWrite  `json:"writes,omitempty"`
	Appends []journalAppend `json:"appends,omitempty"`
	Removes []string        `json:"removes,omitempty"`
}

type journalWrite struct {
	Path string `json:"path"`
	Temp string `json:"temp"`
	// SHA256 is the hex SHA-256 of the new content. When the temporary
	// file is gone at replay, the write counts as done only when Path has
	// this content; a journal without it cannot prove that and is refused.
	SHA256 string `json:"sha256,omitempty"`
}

type journalAppend struct {
	Path   string `json:"path"`
	Offset int64  `json:"offset"`
	Data   string `json:"data"`
}

// Commit makes the changes durable. On error before the commit point
// nothing has changed; after it, recovery completes the transaction.
func (tx *Tx) Commit() error {
	if tx.Empty() {
		return nil
	}
	if err := tx.p.writeLock.Intact(); err != nil {
		return err
	}
	if tx.spill != nil {
		return tx.commitSpilled()
	}
	// A single replacement needs no journal: rename is atomic.
	if len(tx.writes) == 1 && len(tx.appends) == 0 && len(tx.removes) == 0 {
		for rel, data := range tx.writes {
			if err := tx.p.checkPath("", "", rel); err != nil {
				return err
			}
			return fsx.WriteFile(tx.p.Path(rel), data, 0o644)
		}
	}
	rels := sortedKeys(tx.writes)
	for _, rel := range rels {
		if err := tx.p.checkPath("", "", rel); err != nil {
			return err
		}
	}
	temps, err := tx.p.writeTemps(rels, tx.writes)
	if err != nil {
		return err
	}
	sums := make([]string, len(rels))
	for i, rel := range rels {
		sums[i] = SHA256(tx.writes[rel])
	}
	return tx.commitJournal(rels, temps, sums)
}

// commitSpilled commits a transaction that spilled its writes: the same
// steps as Commit, with the temporary files already written.
func (tx *Tx) commitSpilled() error {
	rels := sortedKeys(tx.spill.staged)
	for _, rel := range rels {
		if err := tx.p.checkPath("", "", rel); err != nil {
			tx.Discard()
			return err
		}
	}
	temps, sums, err := tx.spill.temps(rels)
	if err != nil {
		tx.Discard()
		return err
	}
	if len(rels) == 1 && len(tx.appends) == 0 && len(tx.removes) == 0 {
		// A single replacement needs no journal: rename is atomic.
		dst := tx.p.Path(rels[0])
		if err := os.Rename(temps[0], dst); err != nil {
			tx.Discard()
			return fmt.Errorf("write %s: %w", dst, errors.Unwrap(err))
		}
		tx.spill.journaled = true
		return fsx.SyncDir(filepath.Dir(dst))
	}
	return tx.commitJournal(rels, temps, sums)
}

// commitJournal writes the journal naming the temporary files temps of
// rels (with the SHA-256 sums of their contents) and the appends and
// removals, then puts everything in place (replay). On an error before
// the journal is written, it removes the temporary files.
func (tx *Tx) commitJournal(rels, temps, sums []string) error {
	j := journal{Version: 1}
	cleanup := func() {
		removeTemps(temps)
		tx.Discard()
	}
	for i, rel := range rels {
		relTmp, _ := filepath.Rel(tx.p.Root, temps[i])
		j.Writes = append(j.Writes, journalWrite{Path: filepath.ToSlash(rel), Temp: filepath.ToSlash(relTmp), SHA256: sums[i]})
	}
	for _, rel := range sortedKeys(tx.appends) {
		if err := tx.p.checkPath("", "", rel); err != nil {
			cleanup()
			return err
		}
		var size int64
		if st, err := os.Stat(tx.p.Path(rel)); err == nil {
			size = st.Size()
		} else if !errors.Is(err, fs.ErrNotExist) {
			cleanup()
			return err
		}
		if size > 0 {
			// An append that cannot be made must fail before the commit
			// point, not after it (an unwritable history file).
			f, err := os.OpenFile(tx.p.Path(rel), os.O_WRONLY, 0)
			if err != nil {
				cleanup()
				return err
			}
			f.Close()
		}
		j.Appends = append(j.Appends, journalAppend{Path: filepath.ToSlash(rel), Offset: size, Data: string(tx.appends[rel])})
	}
	for _, rel := range sortedKeys(tx.removes) {
		if err := tx.p.checkPath("", "", rel); err != nil {
			cleanup()
			return err
		}
		j.Removes = append(j.Removes, filepath.ToSlash(rel))
	}
	data, err := json.Marshal(j)
	if err != nil {
		cleanup()
		return err
	}
	if err := crash("before-journal"); err != nil {
		return err
	}
	if err := tx.p.writeLock.Intact(); err != nil {
		cleanup()
		return err
	}
	if err := fsx.WriteFile(tx.p.Path(JournalFile), data, 0o644); err != nil {
		cleanup()
		return fmt.Errorf("commit: %w", err)
	}
	if tx.spill != nil {
		tx.spill.journaled = true
	}
	if err := crash("after-journal"); err != nil {
		return err
	}
	if err := crash("replay"); err != nil {
		return &CommittedError{Err: err}
	}
	if err := tx.p.replay(&j); err != nil {
		return &CommittedError{Err: err}
	}
	return nil
}

// CommittedError is returned by Commit when the change was committed (its
// journal is written) but putting it in place failed, e.g. on a full disk:
// the change is made and must not be repeated; the next command that takes
// the lock finishes it.
type CommittedError struct{ Err error }

func (e *CommittedError) Error() string {
	return fmt.Sprintf("the change was made (committed), but finishing it failed: %v; do not repeat it: the next command finishes it once the cause is fixed", e.Err)
}

func (e *CommittedError) Unwrap() error { return e.Err }

// crashHook lets tests stop a commit half way, as a crash would: when it
// returns an error at a point ("before-journal": the temporary files are
// written; "after-journal": the journal is written too), Commit returns
// that error at once and leaves every file as it is.
var crashHook func(point string) error

func crash(point string) error {
	if crashHook == nil {
		return nil
	}
	return crashHook(point)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// replay applies a committed journal. Every step is idempotent, so a crash
// during replay is followed by another replay that finishes it.
func (p *Project) replay(j *journal) error {
	var b *fsx.Batch // opened before the renames (see fsx.Batch)
	if len(j.Writes)+len(j.Removes) >= p.batchMin() {
		if b = p.newBatch(); b != nil {
			defer b.Close()
		}
	}
	dirs := map[string]bool{}
	if err := p.replayWrites(j.Writes, dirs); err != nil {
		return err
	}
	for _, a := range j.Appends {
		if err := fsx.AppendAt(p.Path(filepath.FromSlash(a.Path)), a.Offset, []byte(a.Data)); err != nil {
			return fmt.Errorf("finish transaction: %w", err)
		}
	}
	for _, r := range j.Removes {
		path := p.Path(filepath.FromSlash(r))
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("finish transaction: %w", err)
		}
		dirs[filepath.Dir(path)] = true
	}
	if err := p.syncRenamed(dirs, b); err != nil {
		return err
	}
	if err := os.Remove(p.Path(JournalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return fsx.SyncDir(p.Root)
}

// replayWrites renames the temporary files of writes into place, adding
// to dirs the directory of each file, renamed now or, as its content
// shows, before a crash (perhaps not durably: its directory is synced
// with the others).
func (p *Project) replayWrites(writes []journalWrite, dirs map[string]bool) error {
	for _, w := range writes {
		tmp, dst := p.Path(filepath.FromSlash(w.Temp)), p.Path(filepath.FromSlash(w.Path))
		if err := os.Rename(tmp, dst); err != nil {
			if errors.Is(err, fs.ErrNotExist) && w.SHA256 != "" {
				if data, err2 := os.ReadFile(dst); err2 == nil && SHA256(data) == w.SHA256 {
					dirs[filepath.Dir(dst)] = true // renamed before the crash
					continue
				}
			}
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("finish transaction: %s records a change to %s, but its temporary file %s is missing and %s does not hold the recorded content; nothing more was changed and the journal was left in place: restore the project from version control or a backup, or delete the journal to keep the files as they are", p.Path(JournalFile), w.Path, w.Temp, w.Path)
			}
			return fmt.Errorf("finish transaction: %w", err)
		}
		dirs[filepath.Dir(dst)] = true
	}
	return nil
}

// recover replays a journal left by a crashed process. Callers hold the
// write lock.
func (p *Project) recover() error {
	data, err := os.ReadFile(p.Path(JournalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil {
		// The journal is written atomically, so this is damage from outside.
		return errs.WithRemedy(fmt.Errorf("%s is damaged (%v): it records an unfinished change", p.Path(JournalFile), err), errs.ActionCheck)
	}
	if j.Version != 1 {
		return fmt.Errorf("%s: journal version %d is not understood by this grounded; finish the change with the grounded that started it", p.Path(JournalFile), j.Version)
	}
	if err := p.checkJournal(&j); err != nil {
		return err
	}
	if err := p.checkJournalTemps(&j); err != nil {
		return err
	}
	if err := p.replay(&j); err != nil {
		return err
	}
	p.recovered = true
	return nil
}

// Recovered reports whether this process finished a transaction that a
// crashed process had left behind, so that the CLI can say so.
func (p *Project) Recovered() bool { return p.recovered }
