package agreement

import (
	"cmp"
	"fmt"
	"slices"
)

// A Span is a stretch of a continuum, such as a source text, that one coder
// marked with one category (code). It covers the code points with indices
// Start <= i < End, counted from 0 at the start of the continuum.
type Span struct {
	Continuum string
	Coder     string
	Category  string
	Start     int
	End       int
}

// UnitizedAlpha measures the agreement of coders on where the given
// category applies in a set of continua.
//
// # What is computed
//
// UnitizedAlpha computes the character-level binary alpha. Every code point
// of every continuum is a unit, coded by every coder; the value of a unit
// for a coder is 1 if the code point lies inside at least one of that
// coder's spans of the category, and 0 otherwise. The result is
// [KrippendorffAlpha] of that data at the [Nominal] scale. With m coders
// and, for each code point, k of them marking it, this is
//
//	o_11 = Σ k(k−1)/(m−1),  o_00 = Σ (m−k)(m−k−1)/(m−1),
//	o_01 = o_10 = Σ k(m−k)/(m−1),
//	n_1 = Σ k,  n_0 = Σ (m−k),  n = n_0 + n_1,
//	α = 1 − (n − 1) o_01 / (n_0 n_1),
//
// the sums running over all code points. Overlapping or adjacent spans of
// one coder are merged; there is no notion of separate units within the
// marked stretches. lengths gives the length in code points of every
// continuum; each listed continuum is assumed to have been coded completely
// by every coder, so pass only continua that all coders worked on. Spans of
// other categories and of coders not listed in coders are ignored; a span
// of a listed coder and the category must lie within a continuum listed in
// lengths (0 <= Start <= End <= length). Spans with Start = End mark
// nothing.
//
// The Result holds α in Value, D_o and D_e in Observed and Expected, the
// number of code points in Units and the number of values (code points
// times coders) in Pairable. With no code points, or when every value is
// the same (no coder used the category, or every coder marked everything)
// the error wraps [ErrUndefined]. The computation takes time proportional
// to the number of spans, not to the length of the continua.
//
// # Relation to Krippendorff's unitizing alpha
//
// This is not Krippendorff's unitizing alpha _uα (Krippendorff 1995, 2004;
// extended to many coders and categories in Krippendorff et al. 2016).
// _uα compares whole segments, the marked units and the gaps between them,
// and weighs a disagreement about a boundary by the square of the length
// of the stretch in question, so that the displacement of a boundary by
// ten characters costs more than ten displacements by one character. The
// character-level alpha counts every code point on which coders disagree
// once, whatever the shape of the disagreement. Both equal 1 exactly when
// all coders marked the same code points.
//
// The character-level alpha was chosen because _uα has been defined in
// several, not fully equivalent, versions, and no published worked example
// was at hand to verify an implementation of it, whereas the
// character-level alpha reduces exactly to the nominal alpha, which is
// verified against Krippendorff (2011); it is also easy to explain. Treat
// its value as descriptive: adjacent code points are not independent
// units, so the number of units is much larger than the amount of
// independent information.
func UnitizedAlpha(lengths map[string]int, coders []string, spans []Span, category string) (Result, error) {
	res := Result{Metric: MetricCharAlpha}
	m := len(coders)
	if m < 2 {
		return res, undefined("unitized alpha needs at least 2 coders, have %d", m)
	}
	coderIndex := make(map[string]int, m)
	for i, c := range coders {
		if _, dup := coderIndex[c]; dup {
			return res, fmt.Errorf("agreement: duplicate coder %q", c)
		}
		coderIndex[c] = i
	}
	names := make([]string, 0, len(lengths))
	total := 0
	for name, l := range lengths {
		if l < 0 {
			return res, fmt.Errorf("agreement: continuum %q has negative length %d", name, l)
		}
		names = append(names, name)
		total += l
	}
	slices.Sort(names)

	// Group the relevant spans by continuum and coder.
	type interval struct{ start, end int }
	marked := map[string][][]interval{}
	for _, s := range spans {
		c, ok := coderIndex[s.Coder]
		if !ok || s.Category != category {
			continue
		}
		l, ok := lengths[s.Continuum]
		if !ok {
			return res, fmt.Errorf("agreement: span of coder %q refers to unknown continuum %q", s.Coder, s.Continuum)
		}
		if s.Start < 0 || s.Start > s.End || s.End > l {
			return res, fmt.Errorf("agreement: span [%d, %d) of coder %q is not within continuum %q of length %d", s.Start, s.End, s.Coder, s.Continuum, l)
		}
		if s.Start == s.End {
			continue
		}
		if marked[s.Continuum] == nil {
			marked[s.Continuum] = make([][]interval, m)
		}
		marked[s.Continuum][c] = append(marked[s.Continuum][c], interval{s.Start, s.End})
	}

	// Sweep each continuum: between consecutive boundaries the number k of
	// coders marking a code point is constant.
	type event struct{ pos, delta int }
	var o01, n1 float64
	mf := float64(m)
	for _, name := range names {
		var events []event
		for _, ivs := range marked[name] {
			slices.SortFunc(ivs, func(a, b interval) int { return cmp.Compare(a.start, b.start) })
			for i := 0; i < len(ivs); {
				start, end := ivs[i].start, ivs[i].end
				for i++; i < len(ivs) && ivs[i].start <= end; i++ {
					end = max(end, ivs[i].end)
				}
				events = append(events, event{start, +1}, event{end, -1})
			}
		}
		slices.SortFunc(events, func(a, b event) int { return cmp.Compare(a.pos, b.pos) })
		k, prev := 0, 0
		for _, e := range events {
			if seg := float64(e.pos - prev); seg > 0 && k > 0 {
				kf := float64(k)
				n1 += seg * kf
				o01 += seg * kf * (mf - kf) / (mf - 1)
			}
			k += e.delta
			prev = e.pos
		}
	}

	n := float64(total) * mf
	n0 := n - n1
	res.Units, res.Pairable = total, total*m
	switch {
	case total == 0:
		return res, undefined("the continua contain no code points; unitized alpha is undefined")
	case n1 == 0:
		return res, undefined("no coder marked any code point with category %q; alpha is undefined (no variation)", category)
	case n0 == 0:
		return res, undefined("every coder marked every code point with category %q; alpha is undefined (no variation)", category)
	}
	res.Value = 1 - (n-1)*o01/(n0*n1)
	res.Observed = 2 * o01 / n
	res.Expected = 2 * n0 * n1 / (n * (n - 1))
	return res, nil
}
