package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Entry is one line of a coder's history (history/CODER.jsonl): one command
// that changed the project, with what it changed, so that it can be listed
// and undone.
type Entry struct {
	ID      string    `json:"id"`
	Time    time.Time `json:"time"`
	Coder   string    `json:"coder"`
	Command string    `json:"command"`
	Summary string    `json:"summary"`
	// Reason is the researcher's reason for the change (optional; see
	// docs/format.md, "History").
	Reason string `json:"reason,omitempty"`
	// Undoes is the id of the entry this one reverted.
	Undoes string `json:"undoes,omitempty"`
	// Irreversible, when set, says why this change cannot be undone.
	Irreversible string `json:"irreversible,omitempty"`

	Codebook       []codebook.Change `json:"codebook,omitempty"`
	Added          []coding.Coding   `json:"added,omitempty"`
	Removed        []coding.Coding   `json:"removed,omitempty"`
	MemosAdded     []coding.Memo     `json:"memos_added,omitempty"`
	MemosRemoved   []coding.Memo     `json:"memos_removed,omitempty"`
	SourcesAdded   []string          `json:"sources_added,omitempty"`
	SourcesRemoved []string          `json:"sources_removed,omitempty"`
	// EpisodesAdded and EpisodesRemoved are the episodes the change added
	// and removed (a rename removes the old and adds the new).
	EpisodesAdded   []coding.Episode `json:"episodes_added,omitempty"`
	EpisodesRemoved []coding.Episode `json:"episodes_removed,omitempty"`
	// Blind is the blind-coding setting the change made (blind.go).
	Blind *bool `json:"blind,omitempty"`
	// Files are whole files the change wrote or removed with their
	// previous content, so that undo can put them back (speakers.yaml, a
	// source whose speakers were renamed). See filechange.go.
	Files []FileChange `json:"files,omitempty"`
}

// Edit is one command's change to a project, made under the write lock and
// committed as one transaction together with its history entry.
//
//	e, err := p.Edit(lock, coder, "code add")
//	e.Codebook.AddCode(...)
//	e.AddCoding(c)
//	err = e.Commit("coded P21#4 as Trust")
type Edit struct {
	p     *Project
	Tx    *Tx
	Coder string
	// Codebook is the codebook to change; Commit writes it when it differs
	// from the one loaded.
	Codebook *codebook.Codebook
	old      *codebook.Codebook
	entry    Entry
	shards   map[string][]coding.Coding // by project-relative shard path
	raw      map[string][]byte          // shards changed only by AddCoding, kept encoded
	dirty    map[string]bool
	turns    map[string][]corpus.Turn // by source id, read once (Turns)
	episodes *episodeState            // read on first use (episodes.go)
	// rewriteHistory, when set (purge.go), writes the history files
	// itself at commit instead of appending the entry.
	rewriteHistory func(entry *Entry) error
}

// ErrNotLocked is returned when an edit is started without the write lock.
var ErrNotLocked = errors.New("internal error: a change needs the project's write lock")

// Edit starts a change by coder. lock must be the project's write lock.
func (p *Project) Edit(lock *Lock, coder, command string) (*Edit, error) {
	if !lock.Exclusive() {
		return nil, ErrNotLocked
	}
	c, err := CheckCoder(coder)
	if err != nil {
		return nil, err
	}
	cb, err := p.ReadCodebook()
	if err != nil {
		return nil, err
	}
	return &Edit{
		p: p, Tx: p.Begin(), Coder: c, Codebook: cb.Clone(), old: cb,
		entry:  Entry{Coder: c, Command: command},
		shards: map[string][]coding.Coding{}, raw: map[string][]byte{}, dirty: map[string]bool{},
	}, nil
}

// Project returns the project being edited.
func (e *Edit) Project() *Project { return e.p }

func (e *Edit) shard(coder, source string) (string, []coding.Coding, error) {
	rel := e.p.ShardRel(coder, source)
	if err := e.decodeRaw(rel); err != nil {
		return "", nil, err
	}
	if cs, ok := e.shards[rel]; ok {
		return rel, cs, nil
	}
	cs, err := e.p.ReadShard(coder, source)
	if err != nil {
		return "", nil, err
	}
	e.shards[rel] = cs
	return rel, cs, nil
}

// decodeRaw turns a shard kept encoded into decoded codings.
func (e *Edit) decodeRaw(rel string) error {
	data, ok := e.raw[rel]
	if !ok {
		return nil
	}
	cs, err := coding.ReadJSONL[coding.Coding](e.p.Path(filepath.FromSlash(rel)), bytes.NewReader(data))
	if err != nil {
		return err
	}
	e.shards[rel] = cs
	delete(e.raw, rel)
	return nil
}

// Codings returns the codings of source by every coder as they stand in
// this edit.
func (e *Edit) Codings(source string) ([]coding.Coding, error) {
	for rel := range e.raw {
		if strings.HasSuffix(rel, "/"+source+".jsonl") {
			if err := e.decodeRaw(rel); err != nil {
				return nil, err
			}
		}
	}
	files, err := e.p.CodingFiles(source)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []coding.Coding
	for _, f := range files {
		rel, _ := filepath.Rel(e.p.Root, f)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		if cs, ok := e.shards[rel]; ok {
			out = append(out, cs...)
			continue
		}
		cs, err := e.p.readCodingFile(f)
		if err != nil {
			return nil, err
		}
		e.shards[rel] = cs
		out = append(out, cs...)
	}
	for rel, cs := range e.shards { // shards created in this edit
		if !seen[rel] && strings.HasSuffix(rel, "/"+source+".jsonl") {
			out = append(out, cs...)
		}
	}
	coding.Sort(out)
	return out, nil
}

// AddCoding adds a coding to its coder's file. It reports false, and
// changes nothing, when the same coder already applied the same code to the
// same span.
func (e *Edit) AddCoding(c coding.Coding) (bool, error) {
	rel := e.p.ShardRel(c.Coder, c.Source)
	if _, decoded := e.shards[rel]; !decoded {
		// Insert into the encoded file without decoding all of it.
		data, ok := e.raw[rel]
		if !ok {
			var err error
			data, err = e.p.readStoreFile(rel)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return false, err
			}
		}
		out, added, err := coding.InsertSorted(data, c)
		if err == nil {
			e.raw[rel] = out
			if added {
				e.dirty[rel] = true
				e.entry.Added = append(e.entry.Added, c)
			}
			return added, nil
		}
		if !errors.Is(err, coding.ErrNotCanonical) {
			return false, err
		}
		// Not as grounded writes it: decode it fully, which reports a bad
		// line precisely and rewrites the file in canonical form.
		e.raw[rel] = data
	}
	rel, cs, err := e.shard(c.Coder, c.Source)
	if err != nil {
		return false, err
	}
	for _, x := range cs {
		if coding.SameSpan(x, c) {
			return false, nil
		}
	}
	e.shards[rel] = append(cs, c)
	e.dirty[rel] = true
	e.entry.Added = append(e.entry.Added, c)
	return true, nil
}

// RemoveCoding removes the coding with c's id from c's coder's file.
func (e *Edit) RemoveCoding(c coding.Coding) error {
	rel, cs, err := e.shard(c.Coder, c.Source)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cs, func(x coding.Coding) bool { return x.ID == c.ID })
	if i < 0 {
		return fmt.Errorf("coding %s is not in %s", c.ID, rel)
	}
	e.entry.Removed = append(e.entry.Removed, cs[i])
	e.shards[rel] = slices.Delete(slices.Clone(cs), i, i+1)
	e.dirty[rel] = true
	return nil
}

// ReplaceCoding changes a coding in place (same id), e.g. its code or span.
func (e *Edit) ReplaceCoding(old, new coding.Coding) error {
	if err := e.RemoveCoding(old); err != nil {
		return err
	}
	rel, cs, err := e.shard(new.Coder, new.Source)
	if err != nil {
		return err
	}
	e.shards[rel] = append(cs, new)
	e.dirty[rel] = true
	e.entry.Added = append(e.entry.Added, new)
	return nil
}

// NewMemoID returns a memo id for time t that no memo in the project, nor
// one added in this edit, has. (Ids carry 24 random bits per day; on a busy
// day two could meet, so the file system is asked.)
func (e *Edit) NewMemoID(t time.Time) string {
	for {
		id := coding.NewMemoID(t)
		if slices.ContainsFunc(e.entry.MemosAdded, func(m coding.Memo) bool { return m.ID == id }) {
			continue
		}
		if _, err := os.Stat(e.p.Path(filepath.FromSlash(MemoRel(id)))); errors.Is(err, fs.ErrNotExist) {
			return id
		}
	}
}

// AddMemo writes a new memo.
func (e *Edit) AddMemo(m coding.Memo) {
	e.Tx.WriteFile(MemoRel(m.ID), coding.EncodeMemo(m))
	e.entry.MemosAdded = append(e.entry.MemosAdded, m)
}

// RemoveMemo deletes a memo.
func (e *Edit) RemoveMemo(m coding.Memo) {
	e.Tx.Remove(MemoRel(m.ID))
	e.entry.MemosRemoved = append(e.entry.MemosRemoved, m)
}

// SourceAdded records that the edit added a source (its files are written
// by the caller through Tx).
func (e *Edit) SourceAdded(id string) { e.entry.SourcesAdded = append(e.entry.SourcesAdded, id) }

// Irreversible marks the change as one that undo cannot revert, and why.
func (e *Edit) Irreversible(why string) { e.entry.Irreversible = why }

// Changed reports whether the edit changes anything.
func (e *Edit) Changed() bool {
	return len(e.dirty) > 0 || !e.Tx.Empty() || len(codebook.Diff(e.old, e.Codebook)) > 0 || e.episodesChanged()
}

// Commit validates the codebook, writes every change and the history entry
// in one transaction, and returns the entry. An edit that changes nothing
// writes nothing.
func (e *Edit) Commit(summary string) (*Entry, error) {
	if !e.Changed() {
		return nil, nil
	}
	diff := codebook.Diff(e.old, e.Codebook)
	if len(diff) > 0 {
		if err := e.Codebook.Validate(); err != nil {
			return nil, err
		}
		data, err := e.Codebook.Encode()
		if err != nil {
			return nil, err
		}
		e.Tx.WriteFile(CodebookFile, data)
	}
	for rel := range e.dirty {
		if data, ok := e.raw[rel]; ok {
			e.Tx.WriteFile(rel, data)
			continue
		}
		cs := e.shards[rel]
		if len(cs) == 0 {
			e.Tx.Remove(rel)
		} else {
			e.Tx.WriteFile(rel, coding.EncodeJSONL(cs))
		}
	}
	e.commitEpisodes()
	e.entry.ID = coding.NewID()
	e.entry.Time = e.p.entryTime()
	e.entry.Summary = summary
	e.entry.Codebook = diff
	if e.rewriteHistory != nil {
		if err := e.rewriteHistory(&e.entry); err != nil {
			return nil, err
		}
	} else {
		e.Tx.AppendFile(e.p.HistoryRel(e.Coder), coding.AppendJSONL(nil, e.entry))
	}
	if err := e.Tx.Commit(); err != nil {
		return nil, err
	}
	return &e.entry, nil
}

// ---- history ----

// entryTime is the time of a history entry: the project's clock when one
// was given (WithClock), GROUNDED_NOW when set, else the system clock to
// the nanosecond, so that the histories of several coders interleave in
// the order their changes were made even within a second.
func (p *Project) entryTime() time.Time {
	if p.opts.now != nil {
		return p.opts.now().UTC()
	}
	if os.Getenv("GROUNDED_NOW") != "" {
		return Now()
	}
	return time.Now().UTC()
}

// ReadHistory loads the history of one coder (coder != "") or of all,
// oldest first. One coder's history is in the order of its file (the order
// the changes were made, whatever the clock did); several are merged by
// time.
func (p *Project) ReadHistory(coder string) ([]Entry, error) {
	pattern := "*.jsonl"
	if coder != "" {
		pattern = p.coderSlug(coder) + ".jsonl"
	}
	files, err := filepath.Glob(p.Path(HistoryDir, pattern))
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, f := range files {
		fh, err := p.openStoreFile(f)
		if err != nil {
			return nil, err
		}
		es, err := coding.ReadJSONL[Entry](f, fh)
		fh.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
	}
	if coder == "" {
		slices.SortStableFunc(out, func(a, b Entry) int { return a.Time.Compare(b.Time) })
	}
	return out, nil
}

// ErrNothingToUndo is returned by Undo when a coder has no change left to
// undo.
var ErrNothingToUndo = errors.New("nothing to undo")

// Undo reverts the last change by coder that has not been undone yet, as a
// new change, and returns the entry it reverted.
func (p *Project) Undo(lock *Lock, coder string) (*Entry, error) {
	hist, err := p.ReadHistory(coder)
	if err != nil {
		return nil, err
	}
	undone := map[string]bool{}
	var target *Entry
	for i := len(hist) - 1; i >= 0; i-- {
		h := hist[i]
		if h.Undoes != "" {
			undone[h.Undoes] = true
			undone[h.ID] = true // an undo is not itself undone by 'undo'
			continue
		}
		if !undone[h.ID] {
			target = &hist[i]
			break
		}
	}
	if target == nil {
		return nil, fmt.Errorf("%w: coder %q has no change left to undo", ErrNothingToUndo, coder)
	}
	if target.Irreversible != "" {
		return nil, fmt.Errorf("the last change by %s (%s: %s) cannot be undone: %s", coder, target.Command, target.Summary, target.Irreversible)
	}
	e, err := p.Edit(lock, coder, "undo")
	if err != nil {
		return nil, err
	}
	e.entry.Undoes = target.ID
	changes, err := p.keepCodesInUse(target)
	if err != nil {
		return nil, err
	}
	if err := e.Codebook.Revert(changes); err != nil {
		return nil, fmt.Errorf("cannot undo %q: %w", target.Command, err)
	}
	// Take out what was added, then put back what was removed.
	for i := len(target.Added) - 1; i >= 0; i-- {
		c := target.Added[i]
		_, cs, err := e.shard(c.Coder, c.Source)
		if err != nil {
			return nil, err
		}
		j := slices.IndexFunc(cs, func(x coding.Coding) bool { return x.ID == c.ID })
		if j < 0 || !sameCoding(cs[j], c) {
			return nil, fmt.Errorf("cannot undo %q: coding %s (%s at %s) has changed or gone since; undo it by hand", target.Command, c.ID, c.Code, c.Ref())
		}
		if err := e.RemoveCoding(c); err != nil {
			return nil, err
		}
	}
	for _, c := range target.Removed {
		rel, cs, err := e.shard(c.Coder, c.Source)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(cs, func(x coding.Coding) bool { return x.ID == c.ID }) {
			return nil, fmt.Errorf("cannot undo %q: coding %s exists again", target.Command, c.ID)
		}
		e.shards[rel] = append(cs, c)
		e.dirty[rel] = true
		e.entry.Added = append(e.entry.Added, c)
	}
	for _, c := range target.Removed {
		if e.Codebook.Code(c.Code) == nil {
			return nil, errs.WithRemedy(fmt.Errorf("cannot undo %q: it would bring back coding %s, but code %q is no longer in the codebook", target.Command, c.ID, c.Code), errs.ActionDescribeCode, c.Code)
		}
	}
	for _, m := range target.MemosAdded {
		if _, err := p.ReadMemo(m.ID); err != nil {
			return nil, fmt.Errorf("cannot undo %q: memo %s: %w", target.Command, m.ID, err)
		}
		e.RemoveMemo(m)
	}
	for _, m := range target.MemosRemoved {
		e.AddMemo(m)
	}
	if err := e.undoEpisodes(target); err != nil {
		return nil, err
	}
	if target.Blind != nil {
		if err := e.SetBlind(!*target.Blind); err != nil {
			return nil, err
		}
	}
	for _, id := range target.SourcesAdded {
		cs, err := e.Codings(id)
		if err != nil {
			return nil, err
		}
		if len(cs) > 0 {
			return nil, fmt.Errorf("cannot undo %q: source %s has %d codings now; remove them first", target.Command, id, len(cs))
		}
		s, err := p.ReadSource(id)
		if err != nil {
			return nil, err
		}
		for _, f := range []string{SourceMetaFile, SourceTurnsFile, s.Original} {
			e.Tx.Remove(SourceRel(id, f))
		}
		e.entry.SourcesRemoved = append(e.entry.SourcesRemoved, id)
	}
	if err := e.revertFiles(target); err != nil {
		return nil, err
	}
	if len(target.SourcesRemoved) > 0 {
		return nil, fmt.Errorf("cannot undo %q: restoring removed sources is not supported; ingest the files again", target.Command)
	}
	if _, err := e.Commit("undo: " + target.Summary); err != nil {
		return nil, err
	}
	for _, id := range target.SourcesAdded {
		os.Remove(p.Path(SourcesDir, id)) // the now empty directory
	}
	return target, nil
}

// keepCodesInUse returns the codebook changes of target that undo should
// revert: all of them except the creation of a code that codings the undo
// does not take away (another coder's, or later ones) use now, so that the
// undo never leaves codings whose code is not in the codebook.
func (p *Project) keepCodesInUse(target *Entry) ([]codebook.Change, error) {
	all, err := p.ReadCodings("")
	if err != nil {
		return nil, err
	}
	removed := map[string]bool{}
	for _, c := range target.Added {
		removed[c.ID] = true
	}
	used := map[string]bool{}
	for _, c := range all {
		if !removed[c.ID] {
			used[codebook.Key(c.Code)] = true
		}
	}
	var out []codebook.Change
	for _, ch := range target.Codebook {
		if ch.Kind == "code" && ch.Before == nil && used[ch.Key] {
			continue
		}
		out = append(out, ch)
	}
	return out, nil
}

func sameCoding(a, b coding.Coding) bool {
	return a.ID == b.ID && a.Code == b.Code && a.Source == b.Source && a.Turn == b.Turn &&
		a.Start == b.Start && a.End == b.End && a.Quote == b.Quote && a.Orphaned == b.Orphaned
}
