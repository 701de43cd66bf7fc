package agreement

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// KrippendorffAlpha computes Krippendorff's alpha for the data at the given
// level of measurement, using the coincidence-matrix method of Krippendorff
// (2011) described in the package documentation. Any number of coders is
// allowed and values may be missing; units with fewer than two values are
// not pairable and are ignored (Result.Note says how many).
//
// For [Ordinal], [Interval] and [Ratio] every non-missing value must parse
// with strconv.ParseFloat as a finite number, or an error wrapping
// [ErrNotNumeric] is returned; [Ratio] values must also be non-negative.
//
// The Result holds α in Value, D_o and D_e in Observed and Expected, the
// number of pairable units in Units and the number n of pairable values in
// Pairable. If n < 2 or all pairable values are identical (D_e = 0) the
// error wraps [ErrUndefined].
func KrippendorffAlpha(d *Data, s Scale) (Result, error) {
	res := Result{Metric: MetricAlpha}
	if err := d.Validate(); err != nil {
		return res, err
	}
	if !s.valid() {
		return res, fmt.Errorf("agreement: unknown scale %v", s)
	}

	// Map every value to a category index.
	cats := newCategories(s)
	var units [][]int // category indices of the values of each pairable unit
	single := 0       // units with exactly one value
	for u, row := range d.Values {
		var idx []int
		for c, v := range row {
			if v == nil {
				continue
			}
			k, err := cats.index(*v)
			if err != nil {
				return res, &kindError{kind: ErrNotNumeric, msg: fmt.Sprintf("agreement: unit %s, coder %s: %v", d.unitName(u), d.coderName(c), err)}
			}
			idx = append(idx, k)
		}
		switch {
		case len(idx) >= 2:
			units = append(units, idx)
		case len(idx) == 1:
			single++
		}
	}
	if single > 0 {
		res.Note = plural(single, "unit") + " with a single value not pairable, ignored"
	}
	a, err := alphaFromUnits(cats, units)
	a.Metric, a.Note = res.Metric, joinNotes(res.Note, a.Note)
	return a, err
}

// categories assigns dense indices to distinct values. For the nominal
// scale values are distinct strings; otherwise they are distinct numbers.
type categories struct {
	scale  Scale
	byText map[string]int
	byNum  map[float64]int
	labels []string  // first spelling seen of each category
	nums   []float64 // numeric value of each category (not nominal)
}

func newCategories(s Scale) *categories {
	return &categories{scale: s, byText: map[string]int{}, byNum: map[float64]int{}}
}

// index returns the category index of the value v, adding a new category
// if needed.
func (cs *categories) index(v string) (int, error) {
	if cs.scale == Nominal {
		k, ok := cs.byText[v]
		if !ok {
			k = len(cs.labels)
			cs.byText[v] = k
			cs.labels = append(cs.labels, v)
		}
		return k, nil
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || !finite(x) {
		return 0, fmt.Errorf("%q is not a finite number, as the %v scale requires", v, cs.scale)
	}
	if cs.scale == Ratio && x < 0 {
		return 0, fmt.Errorf("%q is negative, which the ratio scale does not allow", v)
	}
	if x == 0 {
		x = 0 // fold -0 into +0 so that both print as 0
	}
	k, ok := cs.byNum[x]
	if !ok {
		k = len(cs.labels)
		cs.byNum[x] = k
		cs.labels = append(cs.labels, v)
		cs.nums = append(cs.nums, x)
	}
	return k, nil
}

// alphaFromUnits computes alpha from the category indices of the values of
// the pairable units (each with at least two values).
func alphaFromUnits(cats *categories, units [][]int) (Result, error) {
	res := Result{Metric: MetricAlpha, Units: len(units)}
	V := len(cats.labels)

	// Coincidences. Off-diagonal entries only: δ²_cc = 0, so the diagonal
	// does not contribute to D_o. n_c is counted exactly as an integer.
	nc := make([]int, V)
	off := map[[2]int]float64{}
	n := 0
	counts := map[int]int{}
	for _, idx := range units {
		m := len(idx)
		clear(counts)
		for _, k := range idx {
			counts[k]++
			nc[k]++
		}
		n += m
		w := 1 / float64(m-1)
		for c, ncu := range counts {
			for k, nku := range counts {
				if c != k {
					off[[2]int{c, k}] += float64(ncu) * float64(nku) * w
				}
			}
		}
	}
	res.Pairable = n
	if n < 2 {
		return res, undefined("fewer than two pairable values (need at least one unit coded by two or more coders); alpha is undefined")
	}

	// Categories actually present among the pairable values, in order.
	var present []int
	for k := range V {
		if nc[k] > 0 {
			present = append(present, k)
		}
	}
	if len(present) == 1 {
		return res, undefined("all values are identical (%q); alpha is undefined (no variation)", cats.labels[present[0]])
	}
	delta2, restore := cats.metric(present, nc)

	// Sum in a fixed order so that results are reproducible to the bit.
	keys := make([][2]int, 0, len(off))
	for ck := range off {
		keys = append(keys, ck)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	var dobs, dexp float64 // Σ o_ck δ²_ck and Σ n_c n_k δ²_ck
	for _, ck := range keys {
		dobs += off[ck] * delta2(ck[0], ck[1])
	}
	for i, c := range present {
		for _, k := range present[i+1:] {
			dexp += 2 * float64(nc[c]) * float64(nc[k]) * delta2(c, k)
		}
	}
	if !(dexp > 0) || !finite(dexp) || !finite(dobs) {
		return res, undefined("expected disagreement is not a positive finite number; alpha is undefined")
	}
	nf := float64(n)
	res.Value = 1 - (nf-1)*dobs/dexp
	if !finite(res.Value) {
		return res, undefined("alpha is not a finite number for these data")
	}
	res.Observed = restore(dobs / nf)
	res.Expected = restore(dexp / (nf * (nf - 1)))
	return res, nil
}

// metric returns the difference function δ² for the scale of cs, given the
// categories present among the pairable values and their counts nc, and a
// function converting D_o and D_e computed with δ² back to the units of
// the data.
//
// Interval and ratio values are divided by the largest magnitude M before
// differencing so that the sums cannot overflow; alpha is invariant under
// this rescaling because it multiplies every δ² by the same constant (M⁻²
// for interval, 1 for ratio).
func (cs *categories) metric(present []int, nc []int) (delta2 func(c, k int) float64, restore func(float64) float64) {
	switch cs.scale {
	case Nominal:
		return func(c, k int) float64 {
			if c == k {
				return 0
			}
			return 1
		}, identity
	case Ordinal:
		// Rank the present categories numerically; cum[r] is the number of
		// pairable values with rank below r.
		order := slices.Clone(present)
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(cs.nums[a], cs.nums[b]) })
		rank := make(map[int]int, len(order))
		cum := make([]float64, len(order)+1)
		for r, k := range order {
			rank[k] = r
			cum[r+1] = cum[r] + float64(nc[k])
		}
		return func(c, k int) float64 {
			rc, rk := rank[c], rank[k]
			if rc > rk {
				rc, rk = rk, rc
			}
			x := cum[rk+1] - cum[rc] - float64(nc[c]+nc[k])/2
			return x * x
		}, identity
	}
	m := 0.0
	for _, k := range present {
		m = math.Max(m, math.Abs(cs.nums[k]))
	}
	if m == 0 {
		m = 1
	}
	x := func(k int) float64 { return cs.nums[k] / m }
	if cs.scale == Interval {
		return func(c, k int) float64 {
			d := x(c) - x(k)
			return d * d
		}, func(v float64) float64 { return v * m * m }
	}
	return func(c, k int) float64 { // Ratio
		s := x(c) + x(k)
		if s == 0 {
			return 0 // c = k = 0
		}
		d := (x(c) - x(k)) / s
		return d * d
	}, identity
}

func identity(x float64) float64 { return x }
