package report

import (
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Input is what the reports are computed from.
type Input struct {
	Codebook *codebook.Codebook
	// Codings of every coder (orphaned ones are ignored).
	Codings []coding.Coding
	// Sources in ingest order (as the store lists them).
	Sources []*corpus.Source
	// Participants and their attributes; Attributes lists the attribute
	// names (corpus.Participants).
	Participants []corpus.Participant
	Attributes   []string
	// Texts places codings with source-level offsets (Turn 0) in turns.
	// It may be nil, in which case such codings lie in no turn.
	Texts *Texts
}

// codings returns the codings that count: not orphaned.
func (in *Input) codings() []coding.Coding {
	out := make([]coding.Coding, 0, len(in.Codings))
	for _, c := range in.Codings {
		if !c.Orphaned {
			out = append(out, c)
		}
	}
	return out
}

// participantOf maps source ids to participant ids (the source id when the
// source names no participant or is unknown).
func (in *Input) participantOf() func(source string) string {
	m := map[string]string{}
	for _, s := range in.Sources {
		if s.Participant != "" {
			m[s.ID] = s.Participant
		}
	}
	return func(source string) string {
		if p, ok := m[source]; ok {
			return p
		}
		return source
	}
}

// NoValue is the column of participants who have no value for an attribute.
const NoValue = "(none)"

// attribute returns the canonical name of attribute key (matched ignoring
// case) and a function giving a participant's value (NoValue when unset).
func (in *Input) attribute(key string) (string, func(participant string) string, error) {
	name := ""
	for _, a := range in.Attributes {
		if strings.EqualFold(a, strings.TrimSpace(key)) {
			name = a
			break
		}
	}
	if name == "" {
		if len(in.Attributes) == 0 {
			return "", nil, fmt.Errorf("no attribute %q: the project has no participant attributes yet ('grounded attributes import FILE.csv' adds them)", key)
		}
		return "", nil, fmt.Errorf("no attribute %q; the attributes are: %s", key, strings.Join(in.Attributes, ", "))
	}
	vals := map[string]string{}
	for _, p := range in.Participants {
		if v := strings.TrimSpace(p.Attributes[name]); v != "" {
			vals[p.ID] = v
		}
	}
	return name, func(participant string) string {
		if v, ok := vals[participant]; ok {
			return v
		}
		return NoValue
	}, nil
}

// compareValues orders ids and attribute values naturally, NoValue last.
func compareValues(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == NoValue:
		return 1
	case b == NoValue:
		return -1
	}
	if c := corpus.CompareIDs(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// ---- levels ----

// Level is what a report counts: codes, categories or stages.
type Level int

// The levels.
const (
	LevelCode Level = iota
	LevelCategory
	LevelStage
)

var levelNames = [...]string{"code", "category", "stage"}

// String returns "code", "category" or "stage".
func (l Level) String() string {
	if l >= LevelCode && l <= LevelStage {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// MarshalText writes the level's name, so that it reads well in JSON.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// ParseLevel reads "code", "category" or "stage" (case and an ending "s"
// are ignored).
func ParseLevel(s string) (Level, error) {
	k := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "s")
	if k == "categorie" {
		k = "category"
	}
	for i, n := range levelNames {
		if k == n {
			return Level(i), nil
		}
	}
	return 0, fmt.Errorf("unknown level %q: use code, category or stage", s)
}

// Grouping maps codes to the items of a level: the codes themselves, their
// categories with the ancestors, or their stages. Items are numbered in
// codebook order; a code or category that is not in the codebook becomes a
// new item at the end when it is first seen.
type Grouping struct {
	Level Level
	// Names are the items, in order.
	Names []string

	cb    *codebook.Codebook
	index map[string]int
	memo  map[string][]int
	anc   map[int]map[int]bool
}

// NewGrouping returns the grouping of cb's codes at level l.
func NewGrouping(cb *codebook.Codebook, l Level) *Grouping {
	if cb == nil {
		cb = codebook.New()
	}
	g := &Grouping{Level: l, cb: cb, index: map[string]int{}, memo: map[string][]int{}}
	switch l {
	case LevelCode:
		for _, c := range cb.Codes {
			g.item(c.Name)
		}
	case LevelCategory:
		for _, c := range cb.Categories {
			g.item(c.Name)
		}
	case LevelStage:
		if cb.Core != nil {
			for _, s := range cb.Core.Stages {
				g.item(s)
			}
		}
	}
	return g
}

// item returns the index of the named item, adding it when new.
func (g *Grouping) item(name string) int {
	k := codebook.Key(name)
	if i, ok := g.index[k]; ok {
		return i
	}
	g.index[k] = len(g.Names)
	g.Names = append(g.Names, codebook.CleanName(name))
	return len(g.Names) - 1
}

// Index returns the index of the named item, or -1.
func (g *Grouping) Index(name string) int {
	if i, ok := g.index[codebook.Key(name)]; ok {
		return i
	}
	return -1
}

// Of returns the items a coding of code counts toward (none, one, or at
// the category level the category and its ancestors, nearest first).
func (g *Grouping) Of(code string) []int {
	k := codebook.Key(code)
	if is, ok := g.memo[k]; ok {
		return is
	}
	var names []string
	c := g.cb.Code(code)
	switch g.Level {
	case LevelCode:
		if c != nil {
			names = []string{c.Name}
		} else {
			names = []string{code}
		}
	case LevelCategory:
		if c != nil && c.Category != "" {
			cat := c.Category
			if cc := g.cb.Category(cat); cc != nil {
				cat = cc.Name
			}
			names = append([]string{cat}, g.cb.Ancestors(cat)...)
		}
	case LevelStage:
		if c != nil {
			if s := g.cb.StageOf(c.Category); s != "" {
				names = []string{s}
			}
		}
	}
	is := make([]int, 0, len(names))
	for _, n := range names {
		is = append(is, g.item(n))
	}
	g.memo[k] = is
	return is
}

// Related reports whether items i and j are the same, or one is an
// ancestor category of the other (only possible at the category level).
func (g *Grouping) Related(i, j int) bool {
	if i == j {
		return true
	}
	if g.Level != LevelCategory {
		return false
	}
	return g.ancestors(i)[j] || g.ancestors(j)[i]
}

func (g *Grouping) ancestors(i int) map[int]bool {
	if g.anc == nil {
		g.anc = map[int]map[int]bool{}
	}
	if a, ok := g.anc[i]; ok {
		return a
	}
	a := map[int]bool{}
	for _, n := range g.cb.Ancestors(g.Names[i]) {
		if j := g.Index(n); j >= 0 {
			a[j] = true
		}
	}
	g.anc[i] = a
	return a
}
