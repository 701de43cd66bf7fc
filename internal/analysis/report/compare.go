package report

import (
	"slices"
)

// Comparison is the result of [Compare].
type Comparison struct {
	Attribute string       `json:"attribute"`
	Level     Level        `json:"level"`
	Values    []ValueInfo  `json:"values"`
	Rows      []CompareRow `json:"rows"`
	// Uncounted is the number of codings that count toward no item.
	Uncounted int `json:"uncounted"`
}

// ValueInfo is one value of the attribute and the number of participants
// (with at least one source) that have it.
type ValueInfo struct {
	Value        string `json:"value"`
	Participants int    `json:"participants"`
}

// CompareRow is one item of the level.
type CompareRow struct {
	Name string `json:"name"`
	// Cells holds one cell per value, in the order of Values.
	Cells []CompareCell `json:"cells"`
}

// CompareCell counts, for one item and one value, the codings and the
// participants with that value who have them; Share is Participants
// divided by the number of participants with the value.
type CompareCell struct {
	Codings      int     `json:"codings"`
	Participants int     `json:"participants"`
	Share        float64 `json:"share"`
}

// Compare counts codings and participants per item of the level and per
// value of the attribute attr. Values cover the participants of the
// sources, in natural order, NoValue last.
func Compare(in *Input, attr string, level Level) (*Comparison, error) {
	name, value, err := in.attribute(attr)
	if err != nil {
		return nil, err
	}
	partOf := in.participantOf()
	cmp := &Comparison{Attribute: name, Level: level, Values: []ValueInfo{}, Rows: []CompareRow{}}
	people := map[string]map[string]bool{}
	for _, s := range in.Sources {
		p := partOf(s.ID)
		v := value(p)
		if people[v] == nil {
			people[v] = map[string]bool{}
		}
		people[v][p] = true
	}
	cs := in.codings()
	for _, c := range cs {
		p := partOf(c.Source)
		v := value(p)
		if people[v] == nil {
			people[v] = map[string]bool{}
		}
		people[v][p] = true
	}
	var values []string
	for v := range people {
		values = append(values, v)
	}
	slices.SortFunc(values, compareValues)
	index := map[string]int{}
	for i, v := range values {
		index[v] = i
		cmp.Values = append(cmp.Values, ValueInfo{Value: v, Participants: len(people[v])})
	}
	g := NewGrouping(in.Codebook, level)
	codings := map[int][]int{}
	who := map[int][]map[string]bool{}
	for _, c := range cs {
		items := g.Of(c.Code)
		if len(items) == 0 {
			cmp.Uncounted++
		}
		p := partOf(c.Source)
		vi := index[value(p)]
		for _, it := range items {
			if codings[it] == nil {
				codings[it] = make([]int, len(values))
				who[it] = make([]map[string]bool, len(values))
			}
			codings[it][vi]++
			if who[it][vi] == nil {
				who[it][vi] = map[string]bool{}
			}
			who[it][vi][p] = true
		}
	}
	for i, n := range g.Names {
		row := CompareRow{Name: n, Cells: make([]CompareCell, len(values))}
		for vi := range values {
			if codings[i] == nil {
				continue
			}
			c := &row.Cells[vi]
			c.Codings, c.Participants = codings[i][vi], len(who[i][vi])
			if total := cmp.Values[vi].Participants; total > 0 {
				c.Share = float64(c.Participants) / float64(total)
			}
		}
		cmp.Rows = append(cmp.Rows, row)
	}
	return cmp, nil
}
