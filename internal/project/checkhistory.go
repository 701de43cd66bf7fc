package project

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

// codingPlace is where check found a coding.
type codingPlace struct {
	file string
	line int
}

// historyFile is one history file as check read it.
type historyFile struct {
	file    string
	entries []Entry
}

// checkHistoryAgreement compares the codings on disk with what the history
// says: the history is replayed in the order of its entries' times (ties:
// file order), and a coding whose last mention is an addition must be in a
// codings file, one whose last mention is a removal must not be (a change
// of code or span removes and then adds the same id). A merge that brings
// back a removed coding (git's line union did) or drops one is caught here.
// Codings the history never mentions (projects older than their history,
// hand-made files), and codings that two coders' histories mention at the
// same instant (a fixed GROUNDED_NOW), are not judged.
//
// With repair, a coding that is gone is recorded as removed: an entry
// "check --repair" is appended to the history file that added it last
// (undoing that entry brings the coding back).
func (p *Project) checkHistoryAgreement(present map[string]codingPlace, history []historyFile, repair bool, add func(sev, file string, line int, format string, args ...any) *Problem) error {
	type tally struct {
		added     bool // the last mention is an addition
		lastFile  string
		lastAdded *Entry
		lastTime  time.Time
		ambiguous bool // two histories mention it at the same time
	}
	type event struct {
		file  string
		entry *Entry
	}
	var events []event
	seen := map[string]bool{}
	for _, h := range history {
		for i := range h.entries {
			e := &h.entries[i]
			if seen[e.ID] {
				continue // the same entry twice (a merge); replayed once
			}
			seen[e.ID] = true
			events = append(events, event{h.file, e})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.entry.Time.Compare(b.entry.Time) })
	lost := map[string]*Entry{} // by history file
	var fixed []*Problem
	ids := map[string]*tally{}
	get := func(id string) *tally {
		t := ids[id]
		if t == nil {
			t = &tally{}
			ids[id] = t
		}
		return t
	}
	mention := func(id string, ev event) *tally {
		t := get(id)
		if t.lastFile != "" && t.lastFile != ev.file && t.lastTime.Equal(ev.entry.Time) {
			t.ambiguous = true // the order of the two changes is unknown
		}
		t.lastFile, t.lastTime = ev.file, ev.entry.Time
		return t
	}
	for _, ev := range events {
		for _, c := range ev.entry.Removed {
			mention(c.ID, ev).added = false
		}
		for _, c := range ev.entry.Added {
			t := mention(c.ID, ev)
			t.added, t.lastAdded = true, ev.entry
		}
	}
	keys := make([]string, 0, len(ids))
	for id := range ids {
		keys = append(keys, id)
	}
	slices.Sort(keys)
	for _, id := range keys {
		t := ids[id]
		place, ok := present[id]
		switch {
		case t.ambiguous:
		case ok && !t.added:
			pr := add("error", place.file, place.line, "coding %s is here, but the history (%s) says it was removed: a merge or a hand edit brought it back", id, lastElems(t.lastFile, 2))
			pr.Action, pr.Args = errs.ActionUncode, []string{id}
		case !ok && t.added:
			what := ""
			var gone *coding.Coding
			if t.lastAdded != nil {
				for _, c := range t.lastAdded.Added {
					if c.ID == id {
						what = fmt.Sprintf(" (%q at %s)", c.Code, c.Ref())
						gone = &c
					}
				}
			}
			pr := add("warning", t.lastFile, 0, "the history says coding %s%s was added and never removed, but no codings file holds it: a merge, a repair or a hand edit dropped it; restore it from version control, or code the span again", id, what)
			if repair && gone != nil && t.lastAdded != nil {
				e := lost[t.lastFile]
				if e == nil {
					e = &Entry{ID: coding.NewID(), Time: p.entryTime(), Coder: t.lastAdded.Coder, Command: "check --repair", Summary: "recorded codings missing from the codings files as removed"}
					lost[t.lastFile] = e
				}
				e.Removed = append(e.Removed, *gone)
				fixed = append(fixed, pr)
			}
		}
	}
	if len(lost) == 0 {
		return nil
	}
	tx := p.Begin()
	for file, e := range lost {
		rel, err := filepath.Rel(p.Root, file)
		if err != nil {
			return err
		}
		tx.AppendFile(filepath.ToSlash(rel), coding.AppendJSONL(nil, e))
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, pr := range fixed {
		pr.Fixed = true
		pr.Message += "; recorded as removed in the history"
	}
	return nil
}

// lastElems returns the last n elements of path p (history/CODER.jsonl).
func lastElems(p string, n int) string {
	i := len(p)
	for ; n > 0 && i > 0; n-- {
		j := i - 1
		for j > 0 && p[j-1] != '/' && p[j-1] != '\\' {
			j--
		}
		i = j
	}
	return p[i:]
}
