package coding

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Memo target kinds. A memo with no target is about the whole project.
const (
	TargetProject  = "project"
	TargetCode     = "code"
	TargetCategory = "category"
	TargetSource   = "source"
	TargetRef      = "ref"
)

// Target is what a memo is about.
type Target struct {
	Kind string `yaml:"kind" json:"kind"`
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
}

func (t Target) String() string {
	if t.Kind == TargetProject || t.Kind == "" {
		return "project"
	}
	return t.Kind + " " + t.Name
}

// Memo is a researcher's note. It is stored as a Markdown file with YAML
// front matter:
//
//	---
//	id: 2026-11-25-3fa9c1
//	target: {kind: code, name: Sharing lived experience}
//	author: alice
//	created: 2026-11-25T10:04:00Z
//	type: analytic                 # optional, one of MemoTypes
//	targets:                       # optional, further targets
//	  - {kind: ref, name: "P01#4:10-42"}
//	links: [2026-11-20-aa01bc]     # optional, other memos it builds on
//	---
//	The text, in Markdown.
//
// type, targets and links are optional, so memos written before they
// existed load unchanged and memos that do not use them are written
// exactly as before.
type Memo struct {
	ID      string    `yaml:"id" json:"id"`
	Target  Target    `yaml:"target" json:"target"`
	Author  string    `yaml:"author" json:"author"`
	Created time.Time `yaml:"created" json:"created"`
	Type    string    `yaml:"type,omitempty" json:"type,omitempty"`
	Targets []Target  `yaml:"targets,omitempty" json:"targets,omitempty"`
	Links   []string  `yaml:"links,omitempty" json:"links,omitempty"`
	Body    string    `yaml:"-" json:"body"`
}

// Memo types, after the kinds of memo the grounded theory literature
// names. A memo without a type is untyped (all memos written before types
// existed).
const (
	MemoAnalytic       = "analytic"
	MemoTheoretical    = "theoretical"
	MemoMethodological = "methodological"
	MemoReflexive      = "reflexive"
	MemoCodeNote       = "code-note"
	MemoNegativeCase   = "negative-case"
)

// MemoTypes lists the memo types in the order they are shown.
var MemoTypes = []string{MemoAnalytic, MemoTheoretical, MemoMethodological, MemoReflexive, MemoCodeNote, MemoNegativeCase}

// targetKinds lists the target kinds in the order they are shown.
var targetKinds = []string{TargetProject, TargetCode, TargetCategory, TargetSource, TargetRef}

// AllTargets returns the memo's targets: Target followed by Targets,
// without project targets unless that is all there is.
func (m Memo) AllTargets() []Target {
	var out []Target
	for _, t := range append([]Target{m.Target}, m.Targets...) {
		if t.Kind != TargetProject && t.Kind != "" {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return []Target{{Kind: TargetProject}}
	}
	return out
}

// SameTarget reports whether two targets point at the same thing: the same
// kind and name, code and category names compared case-insensitively.
func SameTarget(a, b Target) bool {
	ka, kb := a.Kind, b.Kind
	if ka == "" {
		ka = TargetProject
	}
	if kb == "" {
		kb = TargetProject
	}
	if ka != kb {
		return false
	}
	if ka == TargetCode || ka == TargetCategory {
		return strings.EqualFold(strings.Join(strings.Fields(a.Name), " "), strings.Join(strings.Fields(b.Name), " "))
	}
	return a.Name == b.Name
}

// MemoFilter selects memos. Empty fields select everything.
type MemoFilter struct {
	Target *Target // memos with this among their targets
	Type   string  // memos of this type ("untyped" selects those without one)
	Author string  // memos by this author (case-insensitive)
}

// FilterMemos returns the memos f selects, in their order.
func FilterMemos(ms []Memo, f MemoFilter) []Memo {
	var out []Memo
	for _, m := range ms {
		if f.Type != "" && m.Type != f.Type && !(f.Type == "untyped" && m.Type == "") {
			continue
		}
		if f.Author != "" && !strings.EqualFold(m.Author, f.Author) {
			continue
		}
		if f.Target != nil && !slices.ContainsFunc(m.AllTargets(), func(t Target) bool { return SameTarget(t, *f.Target) }) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// NewMemoID returns an id for a memo made at t: its date and six random hex
// digits, so that memo files sort by date.
func NewMemoID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("2006-01-02") + "-" + hex.EncodeToString(b[:])
}

// Title returns the first line of the memo's body, shortened.
func (m Memo) Title() string {
	line, _, _ := strings.Cut(strings.TrimSpace(m.Body), "\n")
	line = strings.TrimLeft(line, "# ")
	if r := []rune(line); len(r) > 70 {
		line = string(r[:67]) + "..."
	}
	return line
}

// EncodeMemo renders a memo as a Markdown file with front matter.
func EncodeMemo(m Memo) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	m.Created = m.Created.UTC()
	_ = enc.Encode(m)
	enc.Close()
	b.WriteString("---\n")
	body := strings.TrimRight(m.Body, "\n")
	b.WriteString(body)
	b.WriteString("\n")
	return b.Bytes()
}

// DecodeMemo parses a memo file; file names it in errors.
func DecodeMemo(file string, data []byte) (Memo, error) {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return Memo{}, fmt.Errorf("%s:1: a memo starts with a '---' line and YAML front matter (id, target, author, created)", file)
	}
	front, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		if f, found := strings.CutSuffix(rest, "\n---"); found {
			front, body, ok = f, "", true
		}
	}
	if !ok {
		return Memo{}, fmt.Errorf("%s: the front matter is not closed by a '---' line", file)
	}
	var m Memo
	dec := yaml.NewDecoder(strings.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Memo{}, fmt.Errorf("%s: front matter: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if m.ID == "" {
		return Memo{}, fmt.Errorf("%s: front matter has no id", file)
	}
	if m.Target.Kind == "" {
		m.Target.Kind = TargetProject
	}
	for _, t := range append([]Target{m.Target}, m.Targets...) {
		if !slices.Contains(targetKinds, t.Kind) {
			return Memo{}, fmt.Errorf("%s: target kind %q is not one of %s", file, t.Kind, strings.Join(targetKinds, ", "))
		}
		if t.Kind != TargetProject && strings.TrimSpace(t.Name) == "" {
			return Memo{}, fmt.Errorf("%s: a %s target needs a name", file, t.Kind)
		}
	}
	if m.Type != "" && !slices.Contains(MemoTypes, m.Type) {
		return Memo{}, fmt.Errorf("%s: memo type %q is not one of %s", file, m.Type, strings.Join(MemoTypes, ", "))
	}
	for _, l := range m.Links {
		if strings.TrimSpace(l) == "" || l == m.ID {
			return Memo{}, fmt.Errorf("%s: links: %q is not another memo's id", file, l)
		}
	}
	m.Body = strings.TrimRight(body, "\n")
	return m, nil
}
