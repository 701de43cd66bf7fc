package codebook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Change is one item-level difference between two codebooks: an item
// (code, category, relation or the core) that was added, removed or
// changed. Changes are what the project history stores so that a change to
// the codebook can be undone without overwriting later changes by others.
type Change struct {
	Kind string `json:"kind"` // "code", "category", "relation" or "core"
	Key  string `json:"key"`
	// Index is the item's position in its list before the change (for a
	// removed or changed item) or after it (for an added one). Revert puts
	// the old items back at these positions, in ascending order, which
	// restores the old order.
	Index  int             `json:"index"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

type item struct {
	key   string
	index int
	data  json.RawMessage
}

func items(cb *Codebook, kind string) []item {
	var out []item
	add := func(key string, i int, v any) {
		data, _ := json.Marshal(v)
		out = append(out, item{key: key, index: i, data: data})
	}
	switch kind {
	case "code":
		for i, c := range cb.Codes {
			add(Key(c.Name), i, c)
		}
	case "category":
		for i, c := range cb.Categories {
			add(Key(c.Name), i, c)
		}
	case "relation":
		for i, r := range cb.Relations {
			add(relKey(r), i, r)
		}
	case "core":
		if cb.Core != nil {
			add("core", 0, cb.Core)
		}
	}
	return out
}

func relKey(r *Relation) string {
	return Key(r.From) + "\x1f" + Key(r.To) + "\x1f" + strings.ToLower(r.As)
}

var kinds = []string{"core", "category", "code", "relation"}

// Diff returns the changes that turn old into new. Renaming a code shows as
// its removal and the addition of the new name at the same index.
func Diff(old, new *Codebook) []Change {
	var out []Change
	for _, kind := range kinds {
		a, b := items(old, kind), items(new, kind)
		am := map[string]item{}
		for _, it := range a {
			am[it.key] = it
		}
		bm := map[string]item{}
		for _, it := range b {
			bm[it.key] = it
		}
		for _, it := range a {
			if n, ok := bm[it.key]; !ok {
				out = append(out, Change{Kind: kind, Key: it.key, Index: it.index, Before: it.data})
			} else if !bytes.Equal(n.data, it.data) {
				out = append(out, Change{Kind: kind, Key: it.key, Index: it.index, Before: it.data, After: n.data})
			}
		}
		for _, it := range b {
			if _, ok := am[it.key]; !ok {
				out = append(out, Change{Kind: kind, Key: it.key, Index: it.index, After: it.data})
			}
		}
	}
	return out
}

// ConflictError is returned by Revert when an item was changed again after
// the change being reverted.
type ConflictError struct {
	Kind, Key string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("the %s %q has changed since; undo it by hand", e.Kind, e.Key)
}

// Revert undoes changes (as returned by Diff) on cb. Every item must still be
// as the change left it; otherwise nothing is changed and a *ConflictError
// is returned. The result is validated.
func (cb *Codebook) Revert(changes []Change) error {
	work := cb.Clone()
	// Check first.
	for _, ch := range changes {
		cur := lookup(work, ch.Kind, ch.Key)
		if !bytes.Equal(normJSON(cur), normJSON(ch.After)) {
			return &ConflictError{Kind: ch.Kind, Key: displayKey(ch)}
		}
	}
	// Items put back keep the YAML node (comments, key order) of the item
	// they replace: a changed item its own, a renamed one (removed and
	// added at the same index) that of its new name.
	nodes := map[string]*yaml.Node{}
	for _, ch := range changes {
		if ch.After == nil {
			continue
		}
		if n := nodeOf(work, ch.Kind, ch.Key); n != nil {
			if ch.Before != nil {
				nodes[ch.Kind+"\x00"+ch.Key] = n
			} else {
				nodes[fmt.Sprintf("%s\x00#%d", ch.Kind, ch.Index)] = n
			}
		}
	}
	// Remove what the changes added or changed, then put back what was
	// there before, in the order of the original indexes.
	for _, ch := range changes {
		remove(work, ch.Kind, ch.Key)
	}
	for _, ch := range orderByIndex(changes) {
		if ch.Before == nil {
			continue
		}
		node := nodes[ch.Kind+"\x00"+ch.Key]
		if ch.After == nil {
			node = nodes[fmt.Sprintf("%s\x00#%d", ch.Kind, ch.Index)]
		}
		if err := insert(work, ch.Kind, ch.Index, ch.Before, node); err != nil {
			return err
		}
	}
	if err := work.Validate(); err != nil {
		return fmt.Errorf("undo would leave an invalid codebook: %w", err)
	}
	*cb = *work
	return nil
}

func displayKey(ch Change) string {
	for _, raw := range []json.RawMessage{ch.After, ch.Before} {
		var v struct{ Name, From, To string }
		if json.Unmarshal(raw, &v) == nil {
			if v.Name != "" {
				return v.Name
			}
			if v.From != "" {
				return v.From + " → " + v.To
			}
		}
	}
	return ch.Key
}

func orderByIndex(changes []Change) []Change {
	out := append([]Change(nil), changes...)
	// Stable insertion sort by index keeps it simple for short lists.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Index < out[j-1].Index; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func normJSON(raw json.RawMessage) []byte {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return raw
}

func lookup(cb *Codebook, kind, key string) json.RawMessage {
	for _, it := range items(cb, kind) {
		if it.key == key {
			return it.data
		}
	}
	return nil
}

func remove(cb *Codebook, kind, key string) {
	switch kind {
	case "code":
		for i, c := range cb.Codes {
			if Key(c.Name) == key {
				cb.Codes = append(cb.Codes[:i:i], cb.Codes[i+1:]...)
				return
			}
		}
	case "category":
		for i, c := range cb.Categories {
			if Key(c.Name) == key {
				cb.Categories = append(cb.Categories[:i:i], cb.Categories[i+1:]...)
				return
			}
		}
	case "relation":
		for i, r := range cb.Relations {
			if relKey(r) == key {
				cb.Relations = append(cb.Relations[:i:i], cb.Relations[i+1:]...)
				return
			}
		}
	case "core":
		cb.Core = nil
	}
}

func insertAt[T any](list []T, i int, v T) []T {
	if i < 0 || i > len(list) {
		i = len(list)
	}
	list = append(list, v)
	copy(list[i+1:], list[i:])
	list[i] = v
	return list
}

// nodeOf returns the YAML node of an item, or nil.
func nodeOf(cb *Codebook, kind, key string) *yaml.Node {
	switch kind {
	case "code":
		for _, c := range cb.Codes {
			if Key(c.Name) == key {
				return c.node
			}
		}
	case "category":
		for _, c := range cb.Categories {
			if Key(c.Name) == key {
				return c.node
			}
		}
	case "relation":
		for _, r := range cb.Relations {
			if relKey(r) == key {
				return r.node
			}
		}
	case "core":
		if cb.Core != nil {
			return cb.Core.node
		}
	}
	return nil
}

func insert(cb *Codebook, kind string, index int, raw json.RawMessage, node *yaml.Node) error {
	switch kind {
	case "code":
		c := Code{node: node}
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		cb.Codes = insertAt(cb.Codes, index, &c)
	case "category":
		c := Category{node: node}
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		cb.Categories = insertAt(cb.Categories, index, &c)
	case "relation":
		r := Relation{node: node}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		cb.Relations = insertAt(cb.Relations, index, &r)
	case "core":
		c := Core{node: node}
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		cb.Core = &c
	default:
		return fmt.Errorf("unknown codebook item kind %q in history", kind)
	}
	return nil
}
