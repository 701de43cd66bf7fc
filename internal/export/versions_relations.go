package export

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
)

// # Relations in the codebook diff
//
// relationChanges adds the relations to a CodebookDiff: a relation added
// or removed in the stretch, and one whose note or evidence changed
// ("redefined", with the fields). A relation is identified by its ends and
// label; when an entry removes one relation and adds another at the same
// place with the same label (its ends followed a rename of a category or
// code), it is the same relation under its new ends, and the rename shows
// with the category or code, not here.

// relationFields are the relation fields whose change is a redefinition.
var relationFields = []string{"note", "evidence"}

type trackedRelation struct {
	orig, cur json.RawMessage // nil when absent
	reasons   []string
}

// relationChanges appends the relation changes in es (time-ordered) to d.
func relationChanges(es []HistoryEntry, d *CodebookDiff) {
	cur := map[string]*trackedRelation{}
	var all []*trackedRelation
	get := func(key string, before json.RawMessage) *trackedRelation {
		t := cur[key]
		if t == nil {
			t = &trackedRelation{orig: before, cur: before}
			cur[key] = t
			all = append(all, t)
		}
		return t
	}
	for _, e := range es {
		var moved map[int]*trackedRelation // removed in this entry, by index
		for _, ch := range e.Codebook {
			if ch.Kind == "relation" && ch.After == nil && ch.Before != nil {
				t := get(ch.Key, ch.Before)
				delete(cur, ch.Key)
				t.cur = nil
				if moved == nil {
					moved = map[int]*trackedRelation{}
				}
				moved[ch.Index] = t
			}
		}
		for _, ch := range e.Codebook {
			if ch.Kind != "relation" || ch.After == nil {
				continue
			}
			if ch.Before != nil {
				t := get(ch.Key, ch.Before)
				t.cur = ch.After
				t.addReason(e.Reason)
				continue
			}
			if t := moved[ch.Index]; t != nil && relationOf(t.orig).As == relationOf(ch.After).As {
				delete(moved, ch.Index)
				t.cur = ch.After
				cur[ch.Key] = t
				continue
			}
			t := get(ch.Key, nil)
			t.cur = ch.After
			t.addReason(e.Reason)
		}
		for _, t := range moved { // removed for good
			t.addReason(e.Reason)
		}
	}
	for _, t := range all {
		switch {
		case t.orig == nil && t.cur != nil:
			d.Added = append(d.Added, t.item(t.cur))
		case t.orig != nil && t.cur == nil:
			d.Removed = append(d.Removed, t.item(t.orig))
		case t.orig != nil:
			o, c := fields(t.orig), fields(t.cur)
			var changed []string
			for _, f := range relationFields {
				if fmt.Sprint(o[f]) != fmt.Sprint(c[f]) {
					changed = append(changed, f)
				}
			}
			if len(changed) > 0 {
				ic := t.item(t.cur)
				ic.Fields = changed
				d.Redefined = append(d.Redefined, ic)
			}
		}
	}
}

func (t *trackedRelation) addReason(r string) {
	if r = strings.TrimSpace(r); r != "" && !slices.Contains(t.reasons, r) {
		t.reasons = append(t.reasons, r)
	}
}

func (t *trackedRelation) item(raw json.RawMessage) ItemChange {
	r := relationOf(raw)
	return ItemChange{Kind: "relation", Name: fmt.Sprintf("%s → %s (%s)", r.From, r.To, r.As), Reasons: slices.Clone(t.reasons)}
}

func relationOf(raw json.RawMessage) codebook.Relation {
	var r codebook.Relation
	_ = json.Unmarshal(raw, &r)
	return r
}
