package agreement

// PercentAgreement computes the mean pairwise percent agreement: for every
// unit with at least two values, the proportion of pairs of its values that
// are equal strings, averaged over those units with equal weight per unit
// (see the package documentation). It is a proportion in [0, 1] and is not
// corrected for chance.
//
// The Result holds the proportion in Value and Observed, the number of units
// with at least two values in Units and the number of their values in
// Pairable. If no unit has two values the error wraps [ErrUndefined].
func PercentAgreement(d *Data) (Result, error) {
	res := Result{Metric: MetricPercent}
	if err := d.Validate(); err != nil {
		return res, err
	}
	var sum float64
	single := 0
	counts := map[string]int{}
	for _, row := range d.Values {
		clear(counts)
		m := 0
		for _, v := range row {
			if v != nil {
				counts[*v]++
				m++
			}
		}
		if m < 2 {
			if m == 1 {
				single++
			}
			continue
		}
		agree := 0
		for _, n := range counts {
			agree += n * (n - 1)
		}
		sum += float64(agree) / float64(m*(m-1))
		res.Units++
		res.Pairable += m
	}
	if single > 0 {
		res.Note = plural(single, "unit") + " with a single value ignored"
	}
	if res.Units == 0 {
		return res, undefined("no unit has values from two or more coders; percent agreement is undefined")
	}
	res.Value = sum / float64(res.Units)
	res.Observed = res.Value
	return res, nil
}
