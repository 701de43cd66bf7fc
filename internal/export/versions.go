package export

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// # Codebook versions
//
// CodebookChanges computes what happened to the codebook's codes,
// categories and relations (versions_relations.go) over a stretch of
// history, from the item-level changes the
// history records (not from a text diff): what was added, removed,
// renamed, merged into another code, moved (a code to another category, a
// category under another parent) and redefined (description, when to use,
// when not to use or example changed). An item is followed through its
// renames, so a code renamed twice shows once, from its first name to its
// last; an item added and removed within the stretch does not show; undo
// entries count like any other change. A code is "merged" when the entry
// that removed it recoded its codings to another code (as code merge
// does). Each result carries the reasons of the entries that made it.

// HistoryEntry is the part of a history entry the paper exports read. It
// mirrors the project's history entry, with the optional reason this
// export proposes.
type HistoryEntry struct {
	ID       string
	Time     time.Time
	Coder    string
	Command  string
	Summary  string
	Reason   string
	Undoes   string
	Codebook []codebook.Change
	Added    []coding.Coding
	Removed  []coding.Coding
}

// FromProjectEntry converts a project history entry.
func FromProjectEntry(e project.Entry) HistoryEntry {
	return HistoryEntry{ID: e.ID, Time: e.Time, Coder: e.Coder, Command: e.Command, Summary: e.Summary, Reason: e.Reason,
		Undoes: e.Undoes, Codebook: e.Codebook, Added: e.Added, Removed: e.Removed}
}

// ItemChange is one code or category in a CodebookDiff.
type ItemChange struct {
	Kind    string   `json:"kind"` // code or category
	Name    string   `json:"name"` // the name at the end (at the start for removed and merged items)
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	Fields  []string `json:"fields,omitempty"` // redefined: the fields that changed
	Reasons []string `json:"reasons,omitempty"`
}

// CodebookDiff is what happened to codes and categories between two points.
type CodebookDiff struct {
	Added     []ItemChange `json:"added"`
	Removed   []ItemChange `json:"removed"`
	Renamed   []ItemChange `json:"renamed"`   // From → To
	Merged    []ItemChange `json:"merged"`    // Name merged into To
	Moved     []ItemChange `json:"moved"`     // From (category or parent) → To
	Redefined []ItemChange `json:"redefined"` // Fields
}

// Empty reports whether nothing changed.
func (d CodebookDiff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Renamed)+len(d.Merged)+len(d.Moved)+len(d.Redefined) == 0
}

type tracked struct {
	kind      string
	origName  string // "" when added in the stretch
	orig, cur map[string]any
	curName   string
	removed   bool
	mergedTo  string
	reasons   []string
}

// definitionFields are the fields whose change is a redefinition.
var definitionFields = []string{"description", "when_to_use", "when_not_to_use", "example"}

// CodebookChanges computes the diff over entries, which it orders by time.
func CodebookChanges(entries []HistoryEntry) CodebookDiff {
	es := slices.Clone(entries)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Time.Before(es[j].Time) })
	cur := map[string]*tracked{} // kind + key of the current name
	var all []*tracked
	get := func(kind, name string, before json.RawMessage) *tracked {
		k := kind + "\x00" + codebook.Key(name)
		t := cur[k]
		if t == nil {
			t = &tracked{kind: kind, origName: name, orig: fields(before), curName: name}
			t.cur = t.orig
			cur[k] = t
			all = append(all, t)
		}
		return t
	}
	for _, e := range es {
		renamed := map[int]bool{}
		for _, r := range codebook.RenamesFromChanges(e.Codebook) {
			for i, ch := range e.Codebook {
				if ch.Kind == r.Kind && (ch.After == nil && itemName(ch.Before) == r.From || ch.Before == nil && itemName(ch.After) == r.To) {
					renamed[i] = true
				}
			}
			var before, after json.RawMessage
			for _, ch := range e.Codebook {
				if ch.Kind == r.Kind && ch.After == nil && itemName(ch.Before) == r.From {
					before = ch.Before
				}
				if ch.Kind == r.Kind && ch.Before == nil && itemName(ch.After) == r.To {
					after = ch.After
				}
			}
			t := get(r.Kind, r.From, before)
			delete(cur, r.Kind+"\x00"+codebook.Key(r.From))
			t.curName, t.cur = r.To, fields(after)
			cur[r.Kind+"\x00"+codebook.Key(r.To)] = t
			t.addReason(e.Reason)
		}
		for i, ch := range e.Codebook {
			if renamed[i] || (ch.Kind != "code" && ch.Kind != "category") {
				continue
			}
			switch {
			case ch.Before == nil: // added (or put back)
				name := itemName(ch.After)
				k := ch.Kind + "\x00" + codebook.Key(name)
				t := cur[k]
				if t == nil {
					t = &tracked{kind: ch.Kind, curName: name}
					cur[k] = t
					all = append(all, t)
				}
				t.removed, t.mergedTo, t.cur = false, "", fields(ch.After)
				t.addReason(e.Reason)
			case ch.After == nil: // removed
				t := get(ch.Kind, itemName(ch.Before), ch.Before)
				t.removed = true
				if ch.Kind == "code" {
					t.mergedTo = recodedTo(t.curName, e)
				}
				t.addReason(e.Reason)
			default:
				t := get(ch.Kind, itemName(ch.Before), ch.Before)
				t.cur = fields(ch.After)
				t.addReason(e.Reason)
			}
		}
	}
	d := classify(all, cur)
	relationChanges(es, &d) // versions_relations.go
	return d
}

func (t *tracked) addReason(r string) {
	if r = strings.TrimSpace(r); r != "" && !slices.Contains(t.reasons, r) {
		t.reasons = append(t.reasons, r)
	}
}

func classify(all []*tracked, cur map[string]*tracked) CodebookDiff {
	d := CodebookDiff{Added: []ItemChange{}, Removed: []ItemChange{}, Renamed: []ItemChange{},
		Merged: []ItemChange{}, Moved: []ItemChange{}, Redefined: []ItemChange{}}
	finalName := func(kind, name string) string {
		// A code merged into one that was renamed later shows the later name.
		for _, t := range cur {
			if t.kind == kind && !t.removed && codebook.Key(t.origName) == codebook.Key(name) && t.origName != "" {
				return t.curName
			}
		}
		return name
	}
	for _, t := range all {
		ic := ItemChange{Kind: t.kind, Name: t.curName, Reasons: t.reasons}
		switch {
		case t.origName == "" && !t.removed:
			d.Added = append(d.Added, ic)
		case t.origName == "":
		case t.removed && t.mergedTo != "":
			ic.Name, ic.To = t.origName, finalName("code", t.mergedTo)
			d.Merged = append(d.Merged, ic)
		case t.removed:
			ic.Name = t.origName
			d.Removed = append(d.Removed, ic)
		default:
			if codebook.Key(t.origName) != codebook.Key(t.curName) || t.origName != t.curName {
				r := ic
				r.From, r.To = t.origName, t.curName
				d.Renamed = append(d.Renamed, r)
			}
			place := "category"
			if t.kind == "category" {
				place = "parent"
			}
			if str(t.orig[place]) != str(t.cur[place]) {
				m := ic
				m.From, m.To = str(t.orig[place]), str(t.cur[place])
				d.Moved = append(d.Moved, m)
			}
			var changed []string
			for _, f := range definitionFields {
				if str(t.orig[f]) != str(t.cur[f]) {
					changed = append(changed, f)
				}
			}
			if len(changed) > 0 {
				r := ic
				r.Fields = changed
				d.Redefined = append(d.Redefined, r)
			}
		}
	}
	return d
}

// recodedTo returns the code an entry moved a removed code's codings to,
// or "" when it did not.
func recodedTo(code string, e HistoryEntry) string {
	k := codebook.Key(code)
	for _, r := range e.Removed {
		if codebook.Key(r.Code) != k {
			continue
		}
		for _, a := range e.Added {
			if codebook.Key(a.Code) != k && a.Source == r.Source && a.Turn == r.Turn && a.Start == r.Start && a.End == r.End {
				return a.Code
			}
		}
	}
	return ""
}

func fields(raw json.RawMessage) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(raw, &m)
	return m
}

func itemName(raw json.RawMessage) string {
	var v struct{ Name string }
	_ = json.Unmarshal(raw, &v)
	return v.Name
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
