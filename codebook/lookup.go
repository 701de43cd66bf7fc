package codebook

import (
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// lookupCache holds a codebook's indexes; it is safe for concurrent use
// (an index, once built, is never changed).
type lookupCache struct {
	code     atomic.Pointer[nameIndex[Code]]
	category atomic.Pointer[nameIndex[Category]]
}

func (c *lookupCache) codes() *atomic.Pointer[nameIndex[Code]] {
	if c == nil {
		return nil
	}
	return &c.code
}

func (c *lookupCache) categories() *atomic.Pointer[nameIndex[Category]] {
	if c == nil {
		return nil
	}
	return &c.category
}

// Looking names up.
//
// Code and Category are called once per coding by whole-project commands
// (check, reports, exports), so they use an index by Key, built on first
// use and rebuilt whenever it may be out of date: the index remembers the
// slice it was built from (its first element and length; every edit of the
// slice in this package makes a new one or changes the length) and each
// entry's name, and a hit is used only when the entry is still where it
// was with the same name. A miss is confirmed by the linear scan, so a name
// changed behind the index's back (a field set directly) is still found.
// What the index cannot see is a name set directly to one that an entry
// after it already has (two entries with one name, which Validate refuses):
// the later entry is then returned instead of the earlier.

// nameIndex maps keys to positions in a slice of T.
type nameIndex[T any] struct {
	first **T // the slice's backing array
	n     int
	names []string
	byKey map[string]int
}

func buildIndex[T any](items []*T, name func(*T) string) *nameIndex[T] {
	ix := &nameIndex[T]{n: len(items), names: make([]string, len(items)), byKey: make(map[string]int, len(items))}
	if len(items) > 0 {
		ix.first = &items[0]
	}
	for i, it := range items {
		ix.names[i] = name(it)
		if _, dup := ix.byKey[Key(ix.names[i])]; !dup { // the first of equal names wins, as in a scan
			ix.byKey[Key(ix.names[i])] = i
		}
	}
	return ix
}

// findByKey finds the item whose name has key k, as a scan of items in order
// would.
func findByKey[T any](items []*T, k string, name func(*T) string, slot *atomic.Pointer[nameIndex[T]]) *T {
	if len(items) < 8 || slot == nil {
		return scan(items, k, name)
	}
	ix := slot.Load()
	if ix == nil || ix.n != len(items) || ix.first != &items[0] {
		ix = buildIndex(items, name)
		slot.Store(ix)
	}
	i, ok := ix.byKey[k]
	if !ok {
		return scan(items, k, name)
	}
	if it := items[i]; name(it) == ix.names[i] {
		return it
	}
	slot.Store(buildIndex(items, name)) // a name changed since
	return scan(items, k, name)
}

func scan[T any](items []*T, k string, name func(*T) string) *T {
	for _, it := range items {
		if Key(name(it)) == k {
			return it
		}
	}
	return nil
}

func codeName(c *Code) string         { return c.Name }
func categoryName(c *Category) string { return c.Name }

// simpleName reports whether CleanName(s) is s: printable ASCII without
// leading, trailing or repeated spaces (NFC leaves ASCII as it is).
func simpleName(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == 0x7f || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// keyFast is Key without allocating for names that are already clean.
func keyFast(s string) (string, bool) {
	if !simpleName(s) {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s), true
		}
	}
	return s, true
}
