package agreement

// Metric describes a coefficient computed on a reliability table, for the
// front ends: they list, validate, compute and print the coefficients from
// Metrics and name none of them. Adding a coefficient is its file (the
// function and its tests) plus one entry here.
type Metric struct {
	// Name is the coefficient's name, as in Result.Metric.
	Name string
	// Title is how reports head it ("Cohen's kappa").
	Title string
	// Scaled is set when the coefficient takes a level of measurement;
	// the others treat values as nominal categories.
	Scaled bool
	// Percent is set when Value is a proportion best shown as a
	// percentage.
	Percent bool
	// Components says what Result.Observed and Result.Expected are:
	// "disagreement" (D_o and D_e), "agreement" (observed and chance
	// agreement), or "" when they add nothing to Value.
	Components string
	// Compute computes it; s is Nominal unless Scaled.
	Compute func(d *Data, s Scale) (Result, error)
}

// Metrics are the coefficients on a reliability table, the default first.
var Metrics = []Metric{
	{Name: MetricAlpha, Title: "Krippendorff's alpha", Scaled: true, Components: "disagreement", Compute: KrippendorffAlpha},
	{Name: MetricCohen, Title: "Cohen's kappa", Components: "agreement", Compute: func(d *Data, _ Scale) (Result, error) { return CohenKappa(d) }},
	{Name: MetricFleiss, Title: "Fleiss' kappa", Components: "agreement", Compute: func(d *Data, _ Scale) (Result, error) { return FleissKappa(d) }},
	{Name: MetricPercent, Title: "Percent agreement", Percent: true, Compute: func(d *Data, _ Scale) (Result, error) { return PercentAgreement(d) }},
}

// LookupMetric returns the metric named name.
func LookupMetric(name string) (Metric, bool) {
	for _, m := range Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// MetricNames lists the names of Metrics in order.
func MetricNames() []string {
	names := make([]string, len(Metrics))
	for i, m := range Metrics {
		names[i] = m.Name
	}
	return names
}
