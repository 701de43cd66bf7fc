package coding

import (
	"bytes"
	"encoding/json"
	"slices"
)

// A MergeConflict is a record that both sides of a three-way merge changed
// differently (or one changed and the other removed). Ours or Theirs is
// nil when that side removed the record.
type MergeConflict[T any] struct {
	ID           string
	Ours, Theirs *T
}

// MergeByID merges two versions of a set of records (ours and theirs) that
// both descend from base, matching records by id: a record added on one
// side is kept, a record removed on one side and unchanged on the other is
// removed, a record changed on one side and unchanged on the other takes
// the change. A record that both sides changed differently, or that one
// side changed and the other removed, is a conflict; ours is kept in the
// result for it. The result is in the order of ours, then the records only
// theirs added, in their order.
func MergeByID[T any](base, ours, theirs []T, id func(T) string) (merged []T, conflicts []MergeConflict[T]) {
	index := func(xs []T) map[string]int {
		m := make(map[string]int, len(xs))
		for i, x := range xs {
			m[id(x)] = i
		}
		return m
	}
	bi, oi, ti := index(base), index(ours), index(theirs)
	same := func(a, b T) bool {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		return bytes.Equal(ja, jb)
	}
	conflict := func(k string, o, t *T) {
		conflicts = append(conflicts, MergeConflict[T]{ID: k, Ours: o, Theirs: t})
	}
	for _, o := range ours {
		k := id(o)
		b, inBase := bi[k]
		t, inTheirs := ti[k]
		switch {
		case !inBase && !inTheirs: // added by ours
			merged = append(merged, o)
		case !inBase: // added by both
			if !same(o, theirs[t]) {
				conflict(k, &o, &theirs[t])
			}
			merged = append(merged, o)
		case !inTheirs: // removed by theirs
			if !same(o, base[b]) {
				conflict(k, &o, nil)
				merged = append(merged, o)
			}
		case same(o, base[b]):
			merged = append(merged, theirs[t])
		default:
			if !same(theirs[t], base[b]) && !same(o, theirs[t]) {
				conflict(k, &o, &theirs[t])
			}
			merged = append(merged, o)
		}
	}
	for _, t := range theirs {
		k := id(t)
		if _, inOurs := oi[k]; inOurs {
			continue
		}
		b, inBase := bi[k]
		switch {
		case !inBase: // added by theirs
			merged = append(merged, t)
		case !same(t, base[b]): // changed by theirs, removed by ours
			conflict(k, nil, &t)
		}
	}
	return merged, conflicts
}

// Merge3 merges two versions of one coder's codings of one source that
// descend from base (git's three-way merge, see docs/format.md "Merging
// with git"). Codings are matched by id (see MergeByID), so a removal on
// one side stays removed and a change of code stays changed. When one side
// renamed or merged a code in this file (every coding of code A in base now
// has code B on that side, and none has A), codings that the other side
// added with code A get code B too. The result is sorted.
func Merge3(base, ours, theirs []Coding) ([]Coding, []MergeConflict[Coding]) {
	oursMap, theirsMap := renames(base, ours), renames(base, theirs)
	merged, conflicts := MergeByID(base, ours, theirs, func(c Coding) string { return c.ID })
	bi := map[string]bool{}
	for _, c := range base {
		bi[c.ID] = true
	}
	oi := map[string]bool{}
	for _, c := range ours {
		oi[c.ID] = true
	}
	for i, c := range merged {
		if bi[c.ID] {
			continue
		}
		m := theirsMap // added by ours: apply theirs' renames
		if !oi[c.ID] {
			m = oursMap
		}
		if to, ok := m[c.Code]; ok {
			merged[i].Code = to
		}
	}
	Sort(merged)
	return merged, conflicts
}

// renames finds the codes that side renamed: code A → B when every coding
// of base with code A has code B on side, and no coding of side has A.
func renames(base, side []Coding) map[string]string {
	byID := make(map[string]Coding, len(side))
	still := map[string]bool{}
	for _, c := range side {
		byID[c.ID] = c
		still[c.Code] = true
	}
	out := map[string]string{}
	bad := map[string]bool{}
	for _, b := range base {
		if bad[b.Code] || still[b.Code] {
			continue
		}
		s, ok := byID[b.ID]
		switch {
		case !ok || s.Code == b.Code:
			bad[b.Code] = true
			delete(out, b.Code)
		case out[b.Code] == "" || out[b.Code] == s.Code:
			out[b.Code] = s.Code
		default:
			bad[b.Code] = true
			delete(out, b.Code)
		}
	}
	return out
}

// ConflictIDs lists the ids of conflicts, sorted.
func ConflictIDs[T any](cs []MergeConflict[T]) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	return ids
}
