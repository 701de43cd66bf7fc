package coderagree

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// TurnData is the reliability data at unit turn.
type TurnData struct {
	Coders  []string
	Sources []string
	Skipped []Skipped
	// Units names the turns ("P01#4") of the jointly coded sources.
	Units []string
	// Items are the codes, categories or stages applied in them, in
	// codebook order, with one Data each (units × coders, "1" or "0", nil
	// for a coder who did not code the source).
	Items []string
	Data  []*agreement.Data
	// Pooled stacks the Data of all items: units are (turn, item) pairs.
	Pooled *agreement.Data
}

// BuildTurnData builds the reliability data of the coders (at least two,
// as spelled in the codings; see ResolveCoders) at unit turn.
func BuildTurnData(in *Input, coders []string, level report.Level) (*TurnData, error) {
	td, present, unitRated, err := turnTable(in, coders, level, true)
	if err != nil {
		return nil, err
	}
	td.Pooled = &agreement.Data{Coders: slices.Clone(coders)}
	var names []byte // the pooled units' names, one string sliced up
	var ends []int
	for i, name := range td.Items {
		d := binaryData(td.Units, coders, present[i], unitRated)
		td.Data = append(td.Data, d)
		// The pooled data stacks the items' rows (shared, never written).
		td.Pooled.Values = append(td.Pooled.Values, d.Values...)
		for _, unit := range td.Units {
			names = append(append(append(names, unit...), ' '), name...)
			ends = append(ends, len(names))
		}
	}
	all := string(names)
	if len(ends) > 0 {
		td.Pooled.Units = make([]string, len(ends))
	}
	for i, e := range ends {
		start := 0
		if i > 0 {
			start = ends[i-1]
		}
		td.Pooled.Units[i] = all[start:e]
	}
	if td.Pooled.Values == nil {
		td.Pooled.Values = [][]*string{}
	}
	return td, nil
}

// turnTable finds the units (turns) and items of the turn-level data, and
// for each item the dense table present[unit*len(coders)+coder]. With
// names it also names the units in td.Units ("P01#4"); the counts of two
// coders do without.
func turnTable(in *Input, coders []string, level report.Level, names bool) (td *TurnData, present [][]bool, unitRated [][]bool, err error) {
	if len(coders) < 2 {
		return nil, nil, nil, ErrTooFewCoders
	}
	use, skipped, rated := joint(in, coders, 2)
	if len(use) == 0 {
		return nil, nil, nil, noJoint(coders, skipped, 2)
	}
	td = &TurnData{Coders: coders, Skipped: skipped}
	// unitOf[source][n] is the unit of turn n, -1 for a turn left out.
	// Turns are numbered 1..len (project.ReadTurns checks it).
	unitOf := make(map[string][]int, len(use))
	units := 0
	for _, s := range use {
		td.Sources = append(td.Sources, s.ID)
		turns := in.Texts.Turns(s.ID)
		if len(turns) == 0 {
			return nil, nil, nil, fmt.Errorf("the turns of source %s are not loaded", s.ID)
		}
		byN := make([]int, len(turns)+1)
		for i := range byN {
			byN[i] = -1
		}
		for i, t := range turns {
			if t.N != i+1 {
				return nil, nil, nil, fmt.Errorf("the turns of source %s are not numbered 1 to %d", s.ID, len(turns))
			}
			if in.Include != nil && !in.Include(s.ID, t.N) {
				continue
			}
			byN[t.N] = units
			units++
			if names {
				td.Units = append(td.Units, s.ID+"#"+strconv.Itoa(t.N))
			}
			unitRated = append(unitRated, rated[s.ID])
		}
		unitOf[s.ID] = byN
	}
	coderIndex := map[string]int{}
	for i, c := range coders {
		coderIndex[coderKey(c)] = i
	}
	g := report.NewGrouping(in.Codebook, level)
	nc := len(coders)
	// present[item][unit*nc+coder], allocated for the items applied.
	byItem := map[int][]bool{}
	for _, c := range in.Codings {
		ci, ok := coderIndex[coderKey(c.Coder)]
		if !ok || c.Orphaned {
			continue
		}
		byN := unitOf[c.Source]
		for _, t := range in.Texts.TurnsOf(c) {
			if t < 1 || t >= len(byN) || byN[t] < 0 {
				continue
			}
			u := byN[t]
			for _, it := range g.Of(c.Code) {
				p := byItem[it]
				if p == nil {
					p = make([]bool, units*nc)
					byItem[it] = p
				}
				p[u*nc+ci] = true
			}
		}
	}
	for it, name := range g.Names {
		if p := byItem[it]; p != nil {
			td.Items = append(td.Items, name)
			present = append(present, p)
		}
	}
	return td, present, unitRated, nil
}

// The two values of binary data, shared by every cell (never written).
var valueOne, valueZero = agreement.Value("1"), agreement.Value("0")

// binaryData is agreement.Binary for a dense table present[unit*coders +
// coder], with one allocation for all the cells.
func binaryData(units, coders []string, present []bool, rated [][]bool) *agreement.Data {
	nc := len(coders)
	cells := make([]*string, len(units)*nc)
	d := &agreement.Data{Coders: slices.Clone(coders), Units: units, Values: make([][]*string, len(units))}
	for u := range units {
		row := cells[u*nc : (u+1)*nc : (u+1)*nc]
		for c := range row {
			switch {
			case !rated[u][c]:
			case present[u*nc+c]:
				row[c] = valueOne
			default:
				row[c] = valueZero
			}
		}
		d.Values[u] = row
	}
	return d
}

// computeTurns is Compute at unit turn.
func computeTurns(in *Input, coders []string, level report.Level) (*Report, error) {
	if len(coders) == 2 {
		return computeTurnsCounts(in, coders, level)
	}
	td, err := BuildTurnData(in, coders, level)
	if err != nil {
		return nil, err
	}
	r := newReport(coders, level, UnitTurn, td.Sources, td.Skipped)
	for i, d := range td.Data {
		row, err := turnRow(td.Items[i], d)
		if err != nil {
			return nil, err
		}
		r.Rows = append(r.Rows, row)
	}
	overall, err := turnRow("Overall (pooled)", td.Pooled)
	if err != nil {
		return nil, err
	}
	if len(td.Items) == 0 {
		overall.Alpha = &Stat{Note: "none of the coders applied a code in the jointly coded sources"}
	}
	r.Overall = overall
	return r, nil
}

// turnRow computes the four coefficients of one Data.
func turnRow(name string, d *agreement.Data) (Row, error) {
	row := Row{Name: name, Units: len(d.Values), Coded: make([]int, len(d.Coders))}
	for _, vals := range d.Values {
		for c, v := range vals {
			if v != nil && *v == "1" {
				row.Coded[c]++
			}
		}
	}
	var err error
	if row.Percent, err = stat(agreement.PercentAgreement(d)); err != nil {
		return row, err
	}
	if len(d.Coders) == 2 {
		if row.Cohen, err = stat(agreement.CohenKappa(d)); err != nil {
			return row, err
		}
	} else {
		row.Cohen = &Stat{Note: fmt.Sprintf("Cohen's kappa is for exactly two coders, not %d; read Fleiss' kappa", len(d.Coders))}
	}
	if row.Fleiss, err = stat(agreement.FleissKappa(d)); err != nil {
		return row, err
	}
	if row.Alpha, err = stat(agreement.KrippendorffAlpha(d, agreement.Nominal)); err != nil {
		return row, err
	}
	return row, nil
}

// computeTurnsCounts is computeTurns for two coders, from counts (see
// counts.go).
func computeTurnsCounts(in *Input, coders []string, level report.Level) (*Report, error) {
	td, present, unitRated, err := turnTable(in, coders, level, false) // the counts need no unit names
	if err != nil {
		return nil, err
	}
	r := newReport(coders, level, UnitTurn, td.Sources, td.Skipped)
	var pooled binCounts
	for i, name := range td.Items {
		b := countPatterns(present[i], unitRated)
		pooled.add(b)
		r.Rows = append(r.Rows, b.row(name))
	}
	overall := pooled.row("Overall (pooled)")
	if len(td.Items) == 0 {
		overall.Alpha = &Stat{Note: "none of the coders applied a code in the jointly coded sources"}
	}
	r.Overall = overall
	return r, nil
}
