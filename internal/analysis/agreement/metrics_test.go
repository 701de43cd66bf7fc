package agreement

import "testing"

func TestMetricsRegistry(t *testing.T) {
	d := NewData([]string{"u1", "u2", "u3", "u4"}, []string{"a", "b"})
	for u, row := range [][2]string{{"x", "x"}, {"y", "y"}, {"x", "y"}, {"y", "y"}} {
		d.Values[u][0], d.Values[u][1] = Value(row[0]), Value(row[1])
	}
	seen := map[string]bool{}
	for _, m := range Metrics {
		if seen[m.Name] || m.Title == "" || m.Compute == nil {
			t.Errorf("metric %+v: duplicate, untitled or without Compute", m)
		}
		seen[m.Name] = true
		res, err := m.Compute(d, Nominal)
		if err != nil {
			t.Errorf("%s: %v", m.Name, err)
			continue
		}
		if res.Metric != m.Name {
			t.Errorf("metric %q computes a result named %q", m.Name, res.Metric)
		}
		if got, ok := LookupMetric(m.Name); !ok || got.Name != m.Name {
			t.Errorf("LookupMetric(%q) = %v, %v", m.Name, got.Name, ok)
		}
	}
	if _, ok := LookupMetric("nope"); ok {
		t.Error("LookupMetric found an unknown metric")
	}
}
