package coderagree

import "strconv"

// Agreement of two coders from counts.
//
// With two coders and presence/absence data every coefficient depends only
// on how many units show each pattern (both marked the code, only the
// first, only the second, neither; only one coder rated the unit), and
// every sum the agreement package forms over units is a sum of small
// integers, exact in any order. binCounts computes the four coefficients
// from those counts with the same expressions as package agreement, so the
// figures are identical to the bit (TestCountsSameAsData compares them on
// random tables, messages included). More than two coders go through
// agreement.Data, whose per-unit sums are not exact. (At unit turn a
// source counts only when both coders coded it, so single-rated units do
// not occur with two coders; they are counted all the same.)

// binCounts counts the units of one item (or of all, pooled) by pattern.
type binCounts struct {
	units              int // all units, rated or not
	n11, n10, n01, n00 int // units rated by both coders, by their values
	single             int // units rated by one coder only
	coded0, coded1     int // "1" values of each coder
}

func (b *binCounts) add(o binCounts) {
	b.units += o.units
	b.n11 += o.n11
	b.n10 += o.n10
	b.n01 += o.n01
	b.n00 += o.n00
	b.single += o.single
	b.coded0 += o.coded0
	b.coded1 += o.coded1
}

// countPatterns counts the units of a dense table present[unit*2+coder].
func countPatterns(present []bool, rated [][]bool) binCounts {
	b := binCounts{units: len(rated)}
	for u, r := range rated {
		p0, p1 := present[2*u], present[2*u+1]
		switch {
		case r[0] && r[1]:
			switch {
			case p0 && p1:
				b.n11++
			case p0:
				b.n10++
			case p1:
				b.n01++
			default:
				b.n00++
			}
		case r[0] || r[1]:
			b.single++
		}
		if r[0] && p0 {
			b.coded0++
		}
		if r[1] && p1 {
			b.coded1++
		}
	}
	return b
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// undefinedStat is what stat makes of an undefined coefficient.
func undefinedStat(msg string) *Stat { return &Stat{Note: msg} }

func valueStat(v, o, e float64, units int, note string) *Stat {
	return &Stat{Value: &v, Observed: &o, Expected: &e, Units: units, Note: note}
}

// row computes the row of the item name as turnRow does from its Data.
func (b binCounts) row(name string) Row {
	row := Row{Name: name, Units: b.units, Coded: []int{b.coded0, b.coded1}}
	pairs := b.n11 + b.n10 + b.n01 + b.n00
	agree := b.n11 + b.n00
	ones := 2*b.n11 + b.n10 + b.n01 // "1" values among the pairs
	zeros := 2*pairs - ones
	// Labels of the values among the pairs: the single one when there is one.
	only := ""
	switch {
	case ones == 0:
		only = "0"
	case zeros == 0:
		only = "1"
	}
	// Percent agreement.
	note := ""
	if b.single > 0 {
		note = plural(b.single, "unit") + " with a single value ignored"
	}
	if pairs == 0 {
		row.Percent = undefinedStat("no unit has values from two or more coders; percent agreement is undefined")
	} else {
		v := float64(agree) / float64(pairs) // Σ agree/(m(m−1)) is 1 per agreeing unit
		row.Percent = valueStat(v, v, 0, pairs, note)
	}
	// Cohen's kappa.
	skipped := ""
	if b.single > 0 {
		skipped = plural(b.single, "unit") + " coded by only one coder skipped"
	}
	switch {
	case pairs == 0:
		row.Cohen = undefinedStat("no unit was coded by both coders; Cohen's kappa is undefined")
	case only != "":
		row.Cohen = undefinedStat("both coders assigned the single category " + strconv.Quote(only) + " to every unit; Cohen's kappa is undefined (no variation)")
	default:
		n := float64(pairs)
		r1, c1 := float64(b.n11+b.n10), float64(b.n11+b.n01) // first coder's and second coder's "1"s
		r0, c0 := n-r1, n-c1
		pe := (r1/n)*(c1/n) + (r0/n)*(c0/n)
		po := float64(agree) / n
		if !(pe < 1) {
			row.Cohen = undefinedStat("chance agreement is 1; Cohen's kappa is undefined (no variation)")
		} else {
			row.Cohen = valueStat((po-pe)/(1-pe), po, pe, pairs, skipped)
		}
	}
	// Fleiss' kappa.
	fnote := ""
	if b.single > 0 {
		fnote = plural(b.single, "unit") + " not coded by every coder skipped"
	}
	switch {
	case pairs == 0:
		row.Fleiss = undefinedStat("no unit was coded by every coder; Fleiss' kappa is undefined")
	case only != "":
		row.Fleiss = undefinedStat("all ratings are in the single category " + strconv.Quote(only) + "; Fleiss' kappa is undefined (no variation)")
	default:
		total := float64(pairs) * 2
		p1, p0 := float64(ones)/total, float64(zeros)/total
		pe := p1*p1 + p0*p0
		pbar := float64(agree) / float64(pairs)
		if !(pe < 1) {
			row.Fleiss = undefinedStat("chance agreement is 1; Fleiss' kappa is undefined (no variation)")
		} else {
			row.Fleiss = valueStat((pbar-pe)/(1-pe), pbar, pe, pairs, fnote)
		}
	}
	// Krippendorff's alpha, nominal.
	anote := ""
	if b.single > 0 {
		anote = plural(b.single, "unit") + " with a single value not pairable, ignored"
	}
	n := 2 * pairs
	switch {
	case n < 2:
		row.Alpha = undefinedStat("fewer than two pairable values (need at least one unit coded by two or more coders); alpha is undefined")
	case only != "":
		row.Alpha = undefinedStat("all values are identical (" + strconv.Quote(only) + "); alpha is undefined (no variation)")
	default:
		d := float64(b.n10 + b.n01)
		dobs := d*1 + d*1 // o_01 δ² + o_10 δ²
		dexp := 2 * float64(ones) * float64(zeros) * 1
		nf := float64(n)
		row.Alpha = valueStat(1-(nf-1)*dobs/dexp, dobs/nf, dexp/(nf*(nf-1)), pairs, anote)
	}
	return row
}
