package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Participants is the content of participants.yaml: the attribute names in
// column order, and each participant's values.
//
//	version: 1
//	attributes: [role, setting, years_in_recovery]
//	participants:
//	  - id: P01
//	    role: PSW
//	    setting: Hospital ED
type Participants struct {
	Attributes []string
	List       []Participant
}

// Get returns the participant with the id, or nil.
func (ps *Participants) Get(id string) *Participant {
	for i := range ps.List {
		if ps.List[i].ID == id {
			return &ps.List[i]
		}
	}
	return nil
}

// Merge adds the participants and attributes of a table, updating the
// values it gives (an empty cell leaves a value alone), and returns how many
// participants were added and how many changed.
func (ps *Participants) Merge(t *AttributeTable) (added, updated int) {
	for _, a := range t.Attributes {
		if !slices.Contains(ps.Attributes, a) {
			ps.Attributes = append(ps.Attributes, a)
		}
	}
	for _, row := range t.Rows {
		pt := ps.Get(row.ID)
		if pt == nil {
			ps.List = append(ps.List, Participant{ID: row.ID, Attributes: maps.Clone(row.Attributes)})
			added++
			continue
		}
		changed := false
		for k, v := range row.Attributes {
			if pt.Attributes[k] != v {
				pt.Attributes[k] = v
				changed = true
			}
		}
		if changed {
			updated++
		}
	}
	return added, updated
}

// DecodeParticipants parses participants.yaml.
func DecodeParticipants(file string, data []byte) (*Participants, error) {
	var doc struct {
		Version      int                 `yaml:"version"`
		Attributes   []string            `yaml:"attributes"`
		Participants []map[string]string `yaml:"participants"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if doc.Version > 1 {
		return nil, fmt.Errorf("%s: version %d is newer than this grounded understands", file, doc.Version)
	}
	ps := &Participants{Attributes: doc.Attributes}
	seen := map[string]bool{}
	for i, m := range doc.Participants {
		id := m["id"]
		if err := ValidateID(id); err != nil {
			return nil, fmt.Errorf("%s: participant %d: %v", file, i+1, err)
		}
		if seen[id] {
			return nil, fmt.Errorf("%s: participant %q appears twice", file, id)
		}
		seen[id] = true
		attrs := map[string]string{}
		for k, v := range m {
			if k != "id" {
				attrs[k] = v
				if !slices.Contains(ps.Attributes, k) {
					ps.Attributes = append(ps.Attributes, k)
				}
			}
		}
		ps.List = append(ps.List, Participant{ID: id, Attributes: attrs})
	}
	return ps, nil
}

// Encode renders participants.yaml, participants sorted by id and their
// attributes in column order.
func (ps *Participants) Encode() []byte {
	list := slices.Clone(ps.List)
	slices.SortFunc(list, func(a, b Participant) int { return CompareIDs(a.ID, b.ID) })
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	root := &yaml.Node{Kind: yaml.MappingNode}
	attrs := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, a := range ps.Attributes {
		attrs.Content = append(attrs.Content, str(a))
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, pt := range list {
		m := &yaml.Node{Kind: yaml.MappingNode}
		m.Content = append(m.Content, str("id"), str(pt.ID))
		for _, a := range ps.Attributes {
			if v, ok := pt.Attributes[a]; ok {
				m.Content = append(m.Content, str(a), str(v))
			}
		}
		seq.Content = append(seq.Content, m)
	}
	root.Content = append(root.Content, str("version"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"},
		str("attributes"), attrs, str("participants"), seq)
	var b bytes.Buffer
	b.WriteString("# Participants and their attributes. See docs/format.md.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	_ = enc.Encode(root)
	return b.Bytes()
}

// CompareIDs orders source and participant ids naturally: P2 before P10.
// Ids that differ only in leading zeros (P2, P02) are ordered as text, so
// that distinct ids never compare equal and sorting is deterministic.
func CompareIDs(a, b string) int {
	if c := compareNatural(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func compareNatural(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da > 0 && db > 0 {
			na, _ := strconv.Atoi(a[:min(da, 9)])
			nb, _ := strconv.Atoi(b[:min(db, 9)])
			if na != nb {
				if na < nb {
					return -1
				}
				return 1
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitsPrefix(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
