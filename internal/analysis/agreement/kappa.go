package agreement

import (
	"fmt"
	"slices"
	"strconv"
)

// CohenKappa computes Cohen's (1960) kappa for data with exactly two
// coders. Only the units coded by both coders are used (Result.Note says
// how many others were skipped). Values are nominal categories compared as
// strings.
//
// The Result holds κ in Value, p_o and p_e in Observed and Expected, the
// number of units used in Units and twice that in Pairable. If no unit was
// coded by both coders, or both coders used one and the same category for
// every unit (p_e = 1), the error wraps [ErrUndefined].
func CohenKappa(d *Data) (Result, error) {
	res := Result{Metric: MetricCohen}
	if err := d.Validate(); err != nil {
		return res, err
	}
	if len(d.Coders) != 2 {
		return res, fmt.Errorf("agreement: Cohen's kappa needs exactly 2 coders, have %d (use Fleiss' kappa or Krippendorff's alpha)", len(d.Coders))
	}
	index := map[string]int{}
	var labels []string
	cat := func(v string) int {
		k, ok := index[v]
		if !ok {
			k = len(labels)
			index[v] = k
			labels = append(labels, v)
		}
		return k
	}
	var pairs [][2]int
	skipped := 0
	for _, row := range d.Values {
		if row[0] == nil || row[1] == nil {
			if row[0] != nil || row[1] != nil {
				skipped++
			}
			continue
		}
		pairs = append(pairs, [2]int{cat(*row[0]), cat(*row[1])})
	}
	table := make([][]int, len(labels))
	for i := range table {
		table[i] = make([]int, len(labels))
	}
	for _, p := range pairs {
		table[p[0]][p[1]]++
	}
	r, err := cohen(table, labels)
	if skipped > 0 {
		r.Note = plural(skipped, "unit") + " coded by only one coder skipped"
	}
	return r, err
}

// CohenFromTable computes Cohen's kappa from a square contingency table:
// table[i][j] is the number of units the first coder assigned to category i
// and the second coder to category j. Counts must not be negative.
// See [CohenKappa] for the result and the undefined cases.
func CohenFromTable(table [][]int) (Result, error) {
	for i, row := range table {
		if len(row) != len(table) {
			return Result{Metric: MetricCohen}, fmt.Errorf("agreement: contingency table is not square: row %d has %d cells, want %d", i+1, len(row), len(table))
		}
		for j, x := range row {
			if x < 0 {
				return Result{Metric: MetricCohen}, fmt.Errorf("agreement: contingency table cell (%d, %d) is negative: %d", i+1, j+1, x)
			}
		}
	}
	return cohen(table, nil)
}

// cohen computes kappa from a validated square table; labels, if not nil,
// name the categories for messages.
func cohen(table [][]int, labels []string) (Result, error) {
	res := Result{Metric: MetricCohen}
	k := len(table)
	rows := make([]float64, k)
	cols := make([]float64, k)
	var n, diag float64
	for i, row := range table {
		for j, x := range row {
			f := float64(x)
			rows[i] += f
			cols[j] += f
			n += f
			if i == j {
				diag += f
			}
		}
	}
	if n == 0 {
		return res, undefined("no unit was coded by both coders; Cohen's kappa is undefined")
	}
	res.Units = int(n)
	res.Pairable = 2 * res.Units
	for i := range k {
		if rows[i] == n && cols[i] == n {
			name := strconv.Itoa(i + 1)
			if labels != nil {
				name = strconv.Quote(labels[i])
			}
			return res, undefined("both coders assigned the single category %s to every unit; Cohen's kappa is undefined (no variation)", name)
		}
	}
	var pe float64
	for i := range k {
		pe += (rows[i] / n) * (cols[i] / n)
	}
	po := diag / n
	res.Observed, res.Expected = po, pe
	if !(pe < 1) {
		// Unreachable in exact arithmetic after the check above.
		return res, undefined("chance agreement is 1; Cohen's kappa is undefined (no variation)")
	}
	res.Value = (po - pe) / (1 - pe)
	return res, nil
}

// FleissKappa computes Fleiss' (1971) kappa, treating the coders as the m
// raters of each unit. Fleiss' kappa needs the same number of ratings for
// every unit, so only units coded by every coder are used (Result.Note says
// how many others were skipped); Krippendorff's alpha uses incomplete units
// as well. Values are nominal categories compared as strings.
//
// The Result holds κ in Value, P̄ and P̄_e in Observed and Expected, the
// number of units used in Units and the number of ratings in Pairable. If
// there are fewer than two coders or no complete unit, or all ratings fall
// into one category (P̄_e = 1), the error wraps [ErrUndefined].
func FleissKappa(d *Data) (Result, error) {
	res := Result{Metric: MetricFleiss}
	if err := d.Validate(); err != nil {
		return res, err
	}
	if len(d.Coders) < 2 {
		return res, undefined("Fleiss' kappa needs at least 2 coders, have %d", len(d.Coders))
	}
	index := map[string]int{}
	var labels []string
	var units [][]int // category index per coder, complete units only
	skipped := 0
	for _, row := range d.Values {
		if slices.Contains(row, nil) {
			if slices.ContainsFunc(row, func(v *string) bool { return v != nil }) {
				skipped++
			}
			continue
		}
		u := make([]int, len(row))
		for c, v := range row {
			k, ok := index[*v]
			if !ok {
				k = len(labels)
				index[*v] = k
				labels = append(labels, *v)
			}
			u[c] = k
		}
		units = append(units, u)
	}
	counts := make([][]int, len(units))
	for i, u := range units {
		counts[i] = make([]int, len(labels))
		for _, k := range u {
			counts[i][k]++
		}
	}
	r, err := fleiss(counts, len(d.Coders), labels)
	if skipped > 0 {
		r.Note = plural(skipped, "unit") + " not coded by every coder skipped"
	}
	return r, err
}

// FleissFromCounts computes Fleiss' kappa from a units × categories table:
// counts[i][j] is the number of raters who assigned unit i to category j.
// All rows must have the same length, counts must not be negative, and every
// row must sum to the same number of ratings m >= 2. See [FleissKappa] for
// the result and the undefined cases.
func FleissFromCounts(counts [][]int) (Result, error) {
	res := Result{Metric: MetricFleiss}
	if len(counts) == 0 {
		return res, undefined("no units; Fleiss' kappa is undefined")
	}
	m := -1
	for i, row := range counts {
		if len(row) != len(counts[0]) {
			return res, fmt.Errorf("agreement: counts row %d has %d categories, row 1 has %d", i+1, len(row), len(counts[0]))
		}
		sum := 0
		for j, x := range row {
			if x < 0 {
				return res, fmt.Errorf("agreement: count (%d, %d) is negative: %d", i+1, j+1, x)
			}
			sum += x
		}
		if m < 0 {
			m = sum
		}
		if sum != m {
			return res, fmt.Errorf("agreement: unit %d has %d ratings, unit 1 has %d; Fleiss' kappa needs the same number for every unit", i+1, sum, m)
		}
	}
	if m < 2 {
		return res, undefined("Fleiss' kappa needs at least 2 ratings per unit, have %d", m)
	}
	return fleiss(counts, m, nil)
}

// fleiss computes kappa from validated counts with m ratings per unit;
// labels, if not nil, name the categories for messages.
func fleiss(counts [][]int, m int, labels []string) (Result, error) {
	res := Result{Metric: MetricFleiss}
	N := len(counts)
	if N == 0 {
		return res, undefined("no unit was coded by every coder; Fleiss' kappa is undefined")
	}
	res.Units, res.Pairable = N, N*m
	var cols []float64
	var sumP float64
	mf := float64(m)
	for _, row := range counts {
		if cols == nil {
			cols = make([]float64, len(row))
		}
		var sq float64
		for j, x := range row {
			f := float64(x)
			sq += f * f
			cols[j] += f
		}
		sumP += (sq - mf) / (mf * (mf - 1))
	}
	total := float64(N) * mf
	for j, c := range cols {
		if c == total {
			name := strconv.Itoa(j + 1)
			if labels != nil {
				name = strconv.Quote(labels[j])
			}
			return res, undefined("all ratings are in the single category %s; Fleiss' kappa is undefined (no variation)", name)
		}
	}
	var pe float64
	for _, c := range cols {
		p := c / total
		pe += p * p
	}
	pbar := sumP / float64(N)
	res.Observed, res.Expected = pbar, pe
	if !(pe < 1) {
		return res, undefined("chance agreement is 1; Fleiss' kappa is undefined (no variation)")
	}
	res.Value = (pbar - pe) / (1 - pe)
	return res, nil
}
