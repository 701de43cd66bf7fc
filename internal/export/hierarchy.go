package export

import (
	"cmp"
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// HierarchyVersion is the version of the hierarchy's JSON and YAML shape.
const HierarchyVersion = 1

// Node kinds.
const (
	KindCore     = "core"
	KindStage    = "stage"
	KindCategory = "category"
	KindCode     = "code"
)

// Levels of grounded theory coding.
const (
	LevelSelective = "selective"
	LevelAxial     = "axial"
	LevelOpen      = "open"
)

// DefaultExemplars is how many exemplar quotes a code carries by default.
const DefaultExemplars = 2

// Hierarchy is the exported tree.
type Hierarchy struct {
	Version int `json:"version" yaml:"version"`
	// Core is nil when the codebook has no core category.
	Core *Node `json:"core" yaml:"core"`
	// Unassigned holds the categories outside the core's stages and the
	// codes in no category.
	Unassigned []*Node `json:"unassigned" yaml:"unassigned"`
	// Relations are the codebook's relations, for the diagrams.
	Relations []*codebook.Relation `json:"-" yaml:"-"`
	// Transitions observed between stages in episodes; when there are
	// any, the diagrams draw them with their counts instead of the fixed
	// chain of stages.
	Transitions []Transition `json:"-" yaml:"-"`
}

// Transition is how often a mention of stage From was followed directly
// by a mention of stage To in an episode's telling.
type Transition struct {
	From, To string
	Count    int
}

// Node is the core category, a stage, a category or a code.
type Node struct {
	Name  string `json:"name" yaml:"name"`
	Kind  string `json:"kind" yaml:"kind"`
	Level string `json:"level" yaml:"level"`
	// Order is a stage's 1-based position; 0 (omitted) for other nodes.
	Order        int        `json:"order,omitempty" yaml:"order,omitempty"`
	Description  string     `json:"description" yaml:"description"`
	Codings      int        `json:"codings" yaml:"codings"`
	Sources      int        `json:"sources" yaml:"sources"`
	Participants int        `json:"participants" yaml:"participants"`
	Exemplars    []Exemplar `json:"exemplars" yaml:"exemplars"`
	Children     []*Node    `json:"children" yaml:"children"`

	// Shown in the Markdown report only.
	WhenToUse   string        `json:"-" yaml:"-"`
	Provisional bool          `json:"-" yaml:"-"`
	Memos       []coding.Memo `json:"-" yaml:"-"`

	sources      map[string]bool
	participants map[string]bool
}

// Exemplar is a quote that illustrates a code.
type Exemplar struct {
	Ref         string `json:"ref" yaml:"ref"`
	Quote       string `json:"quote" yaml:"quote"`
	Participant string `json:"participant" yaml:"participant"`
	// Descriptor is the participant with the --describe-with attributes
	// ("P03 (residential, 8 years in recovery)"); omitted when none asked.
	Descriptor string `json:"descriptor,omitempty" yaml:"descriptor,omitempty"`
	Pinned     bool   `json:"pinned,omitempty" yaml:"pinned,omitempty"`

	// Before, Span and After split Quote so that the Markdown report can
	// mark the coded words inside their sentence.
	Before, Span, After string `json:"-" yaml:"-"`
}

// Input is what the hierarchy is built from.
type Input struct {
	Codebook *codebook.Codebook
	Codings  []coding.Coding
	Sources  []*corpus.Source
	Memos    []coding.Memo
}

// Options tune Build.
type Options struct {
	// Exemplars is the most exemplar quotes a code carries (0: none).
	Exemplars int
	// Quotes, when not nil, are the exemplars SelectExemplars chose, by
	// code key; a code shows at most Exemplars of them. When nil the
	// exemplars are the codings' quotes, different participants first.
	Quotes map[string][]Quote
}

// Walk calls fn for n and every node below it, parents first, with the
// path of nodes from n down to the visited node (which is the last).
func (n *Node) Walk(fn func(path []*Node)) {
	var walk func(path []*Node)
	walk = func(path []*Node) {
		fn(path)
		for _, c := range path[len(path)-1].Children {
			walk(append(slices.Clip(path), c))
		}
	}
	walk([]*Node{n})
}

// Roots returns the core (when there is one) and the unassigned nodes.
func (h *Hierarchy) Roots() []*Node {
	var out []*Node
	if h.Core != nil {
		out = append(out, h.Core)
	}
	return append(out, h.Unassigned...)
}

// builder carries what Build needs while it walks the codebook.
type builder struct {
	cb          *codebook.Codebook
	byCode      map[string][]coding.Coding
	participant map[string]string
	memos       map[string][]coding.Memo
	exemplars   int
	quotes      map[string][]Quote
	seen        map[string]bool // category keys already placed (guards cycles)
}

// Build assembles the hierarchy (see the package comment).
func Build(in Input, opts Options) *Hierarchy {
	cb := in.Codebook
	if cb == nil {
		cb = codebook.New()
	}
	b := &builder{
		cb:          cb,
		byCode:      map[string][]coding.Coding{},
		participant: map[string]string{},
		memos:       map[string][]coding.Memo{},
		exemplars:   max(opts.Exemplars, 0),
		quotes:      opts.Quotes,
		seen:        map[string]bool{},
	}
	for _, s := range in.Sources {
		b.participant[s.ID] = cmp.Or(s.Participant, s.ID)
	}
	cs := in.Codings
	if !strictlySorted(cs) { // as read from a project they are (no copy, no sort)
		cs = slices.Clone(cs)
		coding.Sort(cs)
	}
	keys := keyCache{}
	count := map[string]int{}
	for _, c := range cs {
		count[keys.key(c.Code)]++
	}
	var unknown []string // code names with codings but not in the codebook
	for _, c := range cs {
		k := keys.key(c.Code)
		list, ok := b.byCode[k]
		if !ok {
			if cb.Code(c.Code) == nil {
				unknown = append(unknown, c.Code)
			}
			list = make([]coding.Coding, 0, count[k])
		}
		b.byCode[k] = append(list, c)
	}
	for _, m := range in.Memos {
		// A memo about several codes or categories is shown at each.
		for _, t := range m.AllTargets() {
			if t.Kind == coding.TargetCode || t.Kind == coding.TargetCategory {
				k := t.Kind + "\x00" + codebook.Key(t.Name)
				b.memos[k] = append(b.memos[k], m)
			}
		}
	}

	h := &Hierarchy{Version: HierarchyVersion, Unassigned: []*Node{}, Relations: cb.Relations}
	if cb.Core != nil {
		core := b.node(cb.Core.Name, KindCore, LevelSelective, cb.Core.Description)
		core.Memos = b.memos[coding.TargetCategory+"\x00"+codebook.Key(cb.Core.Name)]
		for i, s := range cb.Core.Stages {
			cat := cb.Category(s)
			if cat == nil {
				cat = &codebook.Category{Name: s}
			}
			st := b.category(cat, KindStage)
			st.Order = i + 1
			core.add(st)
		}
		h.Core = core
	}
	for _, c := range cb.Categories {
		if c.Parent == "" && !b.seen[codebook.Key(c.Name)] {
			h.Unassigned = append(h.Unassigned, b.category(c, KindCategory))
		}
	}
	// Categories left over sit in a cycle of parents (which Decode
	// refuses); show them rather than lose their codes.
	for _, c := range cb.Categories {
		if !b.seen[codebook.Key(c.Name)] {
			h.Unassigned = append(h.Unassigned, b.category(c, KindCategory))
		}
	}
	for _, c := range cb.Codes {
		if c.Category == "" || cb.Category(c.Category) == nil {
			h.Unassigned = append(h.Unassigned, b.code(c))
		}
	}
	for _, name := range unknown {
		h.Unassigned = append(h.Unassigned, b.code(&codebook.Code{Name: name}))
	}
	return h
}

func (b *builder) node(name, kind, level, desc string) *Node {
	return &Node{Name: name, Kind: kind, Level: level, Description: desc,
		Exemplars: []Exemplar{}, Children: []*Node{},
		sources: map[string]bool{}, participants: map[string]bool{}}
}

// add appends child to n and adds its counts to n's.
func (n *Node) add(child *Node) {
	n.Children = append(n.Children, child)
	n.Codings += child.Codings
	for s := range child.sources {
		n.sources[s] = true
	}
	for p := range child.participants {
		n.participants[p] = true
	}
	n.Sources, n.Participants = len(n.sources), len(n.participants)
}

// category builds a category (or stage) node with its subtree.
func (b *builder) category(c *codebook.Category, kind string) *Node {
	b.seen[codebook.Key(c.Name)] = true
	n := b.node(c.Name, kind, LevelAxial, c.Description)
	n.WhenToUse, n.Provisional = c.WhenToUse, c.Provisional
	n.Memos = b.memos[coding.TargetCategory+"\x00"+codebook.Key(c.Name)]
	for _, sub := range b.cb.Children(c.Name) {
		if !b.seen[codebook.Key(sub.Name)] {
			n.add(b.category(sub, KindCategory))
		}
	}
	for _, code := range b.cb.CodesIn(c.Name) {
		n.add(b.code(code))
	}
	return n
}

// code builds a code node with its counts and exemplars.
func (b *builder) code(c *codebook.Code) *Node {
	n := b.node(c.Name, KindCode, LevelOpen, c.Description)
	n.WhenToUse = c.WhenToUse
	k := codebook.Key(c.Name)
	n.Memos = b.memos[coding.TargetCode+"\x00"+k]
	cs := b.byCode[k]
	n.Codings = len(cs)
	for _, x := range cs {
		n.sources[x.Source] = true
		n.participants[b.participantOf(x.Source)] = true
	}
	n.Sources, n.Participants = len(n.sources), len(n.participants)
	if b.quotes != nil {
		n.Exemplars = b.selected(k)
	} else {
		n.Exemplars = b.pickExemplars(cs)
	}
	return n
}

func (b *builder) participantOf(source string) string {
	if p := b.participant[source]; p != "" {
		return p
	}
	return source
}

// selected returns up to b.exemplars of the code's selected quotes.
func (b *builder) selected(key string) []Exemplar {
	out := []Exemplar{}
	for _, q := range b.quotes[key] {
		if len(out) == b.exemplars {
			break
		}
		e := Exemplar{Ref: q.Ref, Quote: q.Text("", ""), Participant: q.Participant, Pinned: q.Pinned,
			Before: q.Before, Span: q.Span, After: q.After}
		if q.Descriptor != q.Participant {
			e.Descriptor = q.Descriptor
		}
		out = append(out, e)
	}
	return out
}

// pickExemplars chooses up to b.exemplars quotes, different participants
// first (see the package comment).
func (b *builder) pickExemplars(cs []coding.Coding) []Exemplar {
	out := []Exemplar{}
	if b.exemplars == 0 {
		return out
	}
	var cands []coding.Coding
	spans := map[coding.Coding]bool{}
	for _, c := range cs {
		span := coding.Coding{Source: c.Source, Turn: c.Turn, Start: c.Start, End: c.End}
		if c.Orphaned || spans[span] {
			continue
		}
		spans[span] = true
		cands = append(cands, c)
	}
	slices.SortStableFunc(cands, func(x, y coding.Coding) int {
		return cmp.Or(project.CompareIDs(x.Source, y.Source), cmp.Compare(x.Turn, y.Turn),
			cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
	})
	taken := make([]bool, len(cands))
	voiced := map[string]bool{}
	for pass := 0; pass < 2; pass++ {
		for i, c := range cands {
			if len(out) == b.exemplars {
				return out
			}
			p := b.participantOf(c.Source)
			if taken[i] || (pass == 0 && voiced[p]) {
				continue
			}
			taken[i], voiced[p] = true, true
			out = append(out, Exemplar{Ref: c.Ref().String(), Quote: c.Quote, Participant: p})
		}
	}
	return out
}

// strictlySorted reports whether cs is in coding.Sort's order with no two
// codings equal under coding.Compare, so that sorting would not move any.
func strictlySorted(cs []coding.Coding) bool {
	for i := 1; i < len(cs); i++ {
		if coding.Compare(cs[i-1], cs[i]) >= 0 {
			return false
		}
	}
	return true
}

// keyCache remembers codebook.Key of the code names of many codings, which
// repeat.
type keyCache map[string]string

func (kc keyCache) key(name string) string {
	k, ok := kc[name]
	if !ok {
		k = codebook.Key(name)
		kc[name] = k
	}
	return k
}
