package project

import (
	"encoding/json"
	"path/filepath"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// PurgedCommand and PurgedSummary replace the content of a history entry
// that a purge scrubbed: the entry keeps its id, time and coder, so the
// history still says that something was done then, by whom, and purged.
const (
	PurgedCommand = "purged"
	PurgedSummary = "(content removed by a purge of withdrawn data)"
)

// RemoveSourceFiles removes the files of source s (its metadata, turns and
// original). With keep, their content is recorded in the history entry so
// that undo restores them; without, nothing of them is kept.
func (e *Edit) RemoveSourceFiles(s *corpus.Source, keep bool) error {
	for _, f := range []string{SourceMetaFile, SourceTurnsFile, s.Original} {
		rel := SourceRel(s.ID, f)
		if !keep {
			e.Tx.Remove(rel)
			continue
		}
		if err := e.PutFile(rel, nil); err != nil {
			return err
		}
	}
	return nil
}

// RemoveCodingFiles removes every coder's codings file of source without
// recording the codings (for a purge; RemoveCoding records them for undo).
func (e *Edit) RemoveCodingFiles(source string) error {
	files, err := e.p.CodingFiles(source)
	if err != nil {
		return err
	}
	for _, f := range files {
		rel, err := filepath.Rel(e.p.Root, f)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		delete(e.shards, rel)
		delete(e.raw, rel)
		delete(e.dirty, rel)
		e.Tx.Remove(rel)
	}
	return nil
}

// RemoveMemoUnrecorded deletes a memo without keeping its text in the
// history (for a purge).
func (e *Edit) RemoveMemoUnrecorded(id string) { e.Tx.Remove(MemoRel(id)) }

// PurgeHistory makes the commit rewrite every history file: each entry
// for which mentions reports true keeps only its id, time and coder (its
// command and summary become PurgedCommand and PurgedSummary, and it can
// no longer be undone); the edit's own entry is appended to its coder's
// file. The entries are judged on their JSON form.
func (e *Edit) PurgeHistory(mentions func(entryJSON string) bool) {
	e.rewriteHistory = func(own *Entry) error {
		files, err := filepath.Glob(e.p.Path(HistoryDir, "*.jsonl"))
		if err != nil {
			return err
		}
		ownRel := e.p.HistoryRel(e.Coder)
		wroteOwn := false
		for _, f := range files {
			rel, err := filepath.Rel(e.p.Root, f)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			fh, err := e.p.openStoreFile(f)
			if err != nil {
				return err
			}
			es, err := coding.ReadJSONL[Entry](f, fh)
			fh.Close()
			if err != nil {
				return err
			}
			var out []byte
			changed := false
			for _, h := range es {
				data, err := json.Marshal(h)
				if err != nil {
					return err
				}
				if mentions(string(data)) {
					h = Entry{ID: h.ID, Time: h.Time, Coder: h.Coder, Command: PurgedCommand, Summary: PurgedSummary, Irreversible: "its content was purged"}
					changed = true
				}
				out = coding.AppendJSONL(out, h)
			}
			if rel == ownRel {
				out = coding.AppendJSONL(out, *own)
				wroteOwn, changed = true, true
			}
			if changed {
				e.Tx.WriteFile(rel, out)
			}
		}
		if !wroteOwn {
			e.Tx.AppendFile(ownRel, coding.AppendJSONL(nil, *own))
		}
		return nil
	}
}

// containsWord reports whether s contains w as a whole word (not inside a
// longer run of letters and digits), case-insensitively.
func containsWord(s, w string) bool {
	ls, lw := strings.ToLower(s), strings.ToLower(w)
	for i := 0; ; {
		j := strings.Index(ls[i:], lw)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(lw)
		if (j == 0 || !isWordByte(ls[j-1])) && (end == len(ls) || !isWordByte(ls[end])) {
			return true
		}
		i = j + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_' || b >= 0x80
}

// MentionsAny reports whether text mentions any of words as a whole word.
func MentionsAny(text string, words []string) bool {
	for _, w := range words {
		if w != "" && containsWord(text, w) {
			return true
		}
	}
	return false
}
