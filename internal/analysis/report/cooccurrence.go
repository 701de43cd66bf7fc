package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// Scopes of co-occurrence.
const (
	ScopeTurn   = "turn"
	ScopeSource = "source"
)

// ParseScope reads "turn" or "source".
func ParseScope(s string) (string, error) {
	switch k := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "s"); k {
	case ScopeTurn, ScopeSource:
		return k, nil
	}
	return "", fmt.Errorf("unknown scope %q: use turn or source", s)
}

// CooccurrenceTable is the result of [Cooccurrences].
type CooccurrenceTable struct {
	Level Level  `json:"level"`
	Scope string `json:"scope"`
	// Units is the number of units (turns or sources) that hold at least
	// one coding counted at the level.
	Units int    `json:"units"`
	Pairs []Pair `json:"pairs"`
}

// Pair is a pair of items that co-occur.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
	// Both is the number of units holding both; UnitsA and UnitsB the
	// number holding each.
	Both   int `json:"both"`
	UnitsA int `json:"units_a"`
	UnitsB int `json:"units_b"`
	// Jaccard is Both / (UnitsA + UnitsB − Both).
	Jaccard float64 `json:"jaccard"`
	// Overlaps is the number of pairs of codings, one of A and one of B,
	// whose spans overlap; only at scope turn.
	Overlaps *int `json:"overlaps,omitempty"`
}

type unitKey struct {
	source string
	turn   int
}

// Cooccurrences counts the units holding each pair of items of the level,
// at scope turn or source (see the package documentation).
func Cooccurrences(in *Input, level Level, scope string) (*CooccurrenceTable, error) {
	if scope != ScopeTurn && scope != ScopeSource {
		return nil, fmt.Errorf("unknown scope %q: use turn or source", scope)
	}
	g := NewGrouping(in.Codebook, level)
	cs := in.codings()
	units := map[unitKey]map[int]bool{}
	var order []unitKey
	for _, c := range cs {
		items := g.Of(c.Code)
		if len(items) == 0 {
			continue
		}
		var keys []unitKey
		if scope == ScopeSource {
			keys = []unitKey{{source: c.Source}}
		} else {
			for _, t := range in.Texts.TurnsOf(c) {
				keys = append(keys, unitKey{c.Source, t})
			}
		}
		for _, k := range keys {
			set := units[k]
			if set == nil {
				set = map[int]bool{}
				units[k] = set
				order = append(order, k)
			}
			for _, it := range items {
				set[it] = true
			}
		}
	}
	per := map[int]int{}
	both := map[[2]int]int{}
	for _, k := range order {
		var items []int
		for it := range units[k] {
			items = append(items, it)
		}
		slices.Sort(items)
		for x, i := range items {
			per[i]++
			for _, j := range items[x+1:] {
				if !g.Related(i, j) {
					both[[2]int{i, j}]++
				}
			}
		}
	}
	var overlaps map[[2]int]int
	if scope == ScopeTurn {
		overlaps = overlapCounts(in, g, cs)
	}
	t := &CooccurrenceTable{Level: level, Scope: scope, Units: len(units), Pairs: []Pair{}}
	for ij, n := range both {
		i, j := ij[0], ij[1]
		p := Pair{A: g.Names[i], B: g.Names[j], Both: n, UnitsA: per[i], UnitsB: per[j]}
		p.Jaccard = float64(n) / float64(p.UnitsA+p.UnitsB-n)
		if overlaps != nil {
			o := overlaps[ij]
			p.Overlaps = &o
		}
		t.Pairs = append(t.Pairs, p)
	}
	slices.SortFunc(t.Pairs, func(a, b Pair) int {
		return cmp.Or(
			cmp.Compare(b.Both, a.Both),
			strings.Compare(codebook.Key(a.A), codebook.Key(b.A)),
			strings.Compare(codebook.Key(a.B), codebook.Key(b.B)),
		)
	})
	return t, nil
}

// overlapCounts counts, per pair of unrelated items (lower index first),
// the pairs of codings of the two, by the same coder, whose spans overlap.
// Codings by different coders are not paired: two coders giving one
// passage different codes is a disagreement, not a co-occurrence.
func overlapCounts(in *Input, g *Grouping, cs []coding.Coding) map[[2]int]int {
	out := map[[2]int]int{}
	bySource := map[string][]coding.Coding{}
	for _, c := range cs {
		if len(g.Of(c.Code)) > 0 {
			bySource[c.Source] = append(bySource[c.Source], c)
		}
	}
	for _, list := range bySource {
		for x, a := range list {
			for _, b := range list[x+1:] {
				if a.ID == b.ID || !strings.EqualFold(strings.TrimSpace(a.Coder), strings.TrimSpace(b.Coder)) || !in.Texts.overlaps(a, b) {
					continue
				}
				seen := map[[2]int]bool{}
				for _, i := range g.Of(a.Code) {
					for _, j := range g.Of(b.Code) {
						if g.Related(i, j) {
							continue
						}
						k := [2]int{min(i, j), max(i, j)}
						if !seen[k] {
							seen[k] = true
							out[k]++
						}
					}
				}
			}
		}
	}
	return out
}
