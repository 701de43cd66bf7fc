// Package codebook is the model of a grounded theory codebook: open codes,
// axial categories (which may nest), one selective core category with its
// ordered stages, and the paradigm-model relations between categories.
//
// # File format
//
// A codebook is a YAML file (codebook.yaml in a project) that researchers
// may also edit by hand:
//
//	version: 1
//	core:
//	  name: Creating Connection
//	  description: ...
//	  stages: [Building Trust, Fostering the Relationship]
//	categories:
//	  - name: Building Trust
//	    description: ...
//	    when_to_use: ...
//	    when_not_to_use: ...
//	    example: ...
//	  - name: Self-disclosure
//	    parent: Building Trust
//	    provisional: true
//	codes:
//	  - name: Sharing lived experience
//	    description: ...
//	    when_to_use: ...
//	    when_not_to_use: ...
//	    example: ...
//	    color: "#1f77b4"
//	    category: Self-disclosure
//	relations:
//	  - from: Building Trust
//	    to: Fostering the Relationship
//	    as: condition
//	    evidence: [P03#12:40-96, 9f2c4a1b7e30]
//
// Stages are categories: each name in core.stages must be a category, and
// categories under a stage name it as their parent. Decode reports every
// problem with file:line:column: unknown keys, duplicate names, a code in a
// category that does not exist, cycles of parents, a stage or relation that
// names no category. Names are compared case-insensitively after trimming
// and Unicode NFC normalisation.
//
// Encode writes a decoded codebook back keeping the researcher's key order
// and comments: items that still exist keep their YAML nodes, and only the
// fields that changed are rewritten.
//
// Merge3 merges two codebooks changed from a common base item by item
// (see merge.go and docs/format.md, "The codebook merge").
//
// This package imports neither the CLI nor the search index.
package codebook

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Version is the codebook format version this package reads and writes.
const Version = 1

// Relation kinds of Strauss and Corbin's paradigm model. Free labels are
// allowed too.
var RelationKinds = []string{"condition", "context", "action", "consequence", "strategy"}

// Codebook is a decoded codebook.
type Codebook struct {
	Version    int
	Core       *Core
	Categories []*Category
	Codes      []*Code
	Relations  []*Relation

	file string
	doc  *yaml.Node

	// idx holds the indexes of Codes and Categories by Key (lookup.go);
	// a codebook made without New, Decode or Clone looks names up by scan.
	idx *lookupCache
}

// Core is the selective core category and its ordered stages.
type Core struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Stages      []string `json:"stages,omitempty"`

	node *yaml.Node
}

// Category is an axial category.
type Category struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	WhenToUse   string `json:"when_to_use,omitempty"`
	// WhenNotToUse and Example are optional, as for codes: the codebook
	// appendix shows them.
	WhenNotToUse string `json:"when_not_to_use,omitempty"`
	Example      string `json:"example,omitempty"`
	Parent       string `json:"parent,omitempty"`
	Provisional  bool   `json:"provisional,omitempty"`

	node *yaml.Node
}

// Code is an open code.
type Code struct {
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	WhenToUse    string `json:"when_to_use,omitempty"`
	WhenNotToUse string `json:"when_not_to_use,omitempty"`
	Example      string `json:"example,omitempty"`
	Color        string `json:"color,omitempty"`
	Category     string `json:"category,omitempty"`
	// Disconfirms names a stage of the core this code speaks against
	// (for example "the trust part isn't a phase you finish" against
	// linearity at Building Trust); empty for most codes. It must name a
	// stage when the codebook has a core.
	Disconfirms string `json:"disconfirms,omitempty"`

	node *yaml.Node
}

// Relation links two categories in the paradigm model.
type Relation struct {
	From string `json:"from"`
	To   string `json:"to"`
	As   string `json:"as"`
	Note string `json:"note,omitempty"`
	// Evidence cites what grounds the relation: coding ids and passage
	// references (SRC#N, SRC#N:S-E, SRC:S-E), in the order cited. See
	// CheckEvidence for the forms.
	Evidence []string `json:"evidence,omitempty"`

	node *yaml.Node
}

// Key returns the comparison key of a name: trimmed, NFC, lower case.
func Key(name string) string {
	if k, ok := keyFast(name); ok {
		return k
	}
	return strings.ToLower(CleanName(name))
}

// CleanName trims a name, folds inner runs of white space to one space and
// normalises it to NFC.
func CleanName(name string) string {
	if simpleName(name) {
		return name
	}
	return norm.NFC.String(strings.Join(strings.Fields(name), " "))
}

// New returns an empty codebook.
func New() *Codebook { return &Codebook{Version: Version, idx: new(lookupCache)} }

// Code returns the code with the given name, or nil.
func (cb *Codebook) Code(name string) *Code {
	return findByKey(cb.Codes, Key(name), codeName, cb.idx.codes())
}

// Category returns the category with the given name, or nil.
func (cb *Codebook) Category(name string) *Category {
	return findByKey(cb.Categories, Key(name), categoryName, cb.idx.categories())
}

// IsStage reports whether the category name is a stage of the core category.
func (cb *Codebook) IsStage(name string) bool {
	return cb.StageIndex(name) >= 0
}

// StageIndex returns the 0-based position of a stage, or -1.
func (cb *Codebook) StageIndex(name string) int {
	if cb.Core == nil {
		return -1
	}
	k := Key(name)
	for i, s := range cb.Core.Stages {
		if Key(s) == k {
			return i
		}
	}
	return -1
}

// Ancestors returns the chain of categories above a category, nearest
// first, not including it. It stops at a cycle (which Validate reports).
func (cb *Codebook) Ancestors(category string) []string {
	var out []string
	seen := map[string]bool{Key(category): true}
	c := cb.Category(category)
	for c != nil && c.Parent != "" {
		k := Key(c.Parent)
		if seen[k] {
			break
		}
		seen[k] = true
		p := cb.Category(c.Parent)
		if p == nil {
			break
		}
		out = append(out, p.Name)
		c = p
	}
	return out
}

// StageOf returns the stage a code or category belongs to (the nearest
// ancestor category, or the category itself, that is a stage), or "".
func (cb *Codebook) StageOf(category string) string {
	if category == "" {
		return ""
	}
	if c := cb.Category(category); c != nil && cb.IsStage(c.Name) {
		return c.Name
	}
	for _, a := range cb.Ancestors(category) {
		if cb.IsStage(a) {
			return a
		}
	}
	return ""
}

// Children returns the categories whose parent is name, in file order.
func (cb *Codebook) Children(name string) []*Category {
	k := Key(name)
	var out []*Category
	for _, c := range cb.Categories {
		if c.Parent != "" && Key(c.Parent) == k {
			out = append(out, c)
		}
	}
	return out
}

// CodesIn returns the codes directly in category name, in file order.
func (cb *Codebook) CodesIn(name string) []*Code {
	k := Key(name)
	var out []*Code
	for _, c := range cb.Codes {
		if c.Category != "" && Key(c.Category) == k {
			out = append(out, c)
		}
	}
	return out
}

// Clone returns a deep copy. The copy shares YAML nodes with the original
// so that encoding it keeps comments; do not encode both.
func (cb *Codebook) Clone() *Codebook {
	n := &Codebook{Version: cb.Version, file: cb.file, doc: cb.doc, idx: new(lookupCache)}
	if cb.Core != nil {
		c := *cb.Core
		c.Stages = append([]string(nil), cb.Core.Stages...)
		n.Core = &c
	}
	for _, c := range cb.Categories {
		c2 := *c
		n.Categories = append(n.Categories, &c2)
	}
	for _, c := range cb.Codes {
		c2 := *c
		n.Codes = append(n.Codes, &c2)
	}
	for _, r := range cb.Relations {
		r2 := *r
		r2.Evidence = slices.Clone(r.Evidence)
		n.Relations = append(n.Relations, &r2)
	}
	return n
}
