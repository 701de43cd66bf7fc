package agreement

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// matrix builds Data from rows of space-separated values, one row per
// coder as in Krippendorff's reliability data matrices (coders × units);
// "." marks a missing value. Units are named "1", "2", ...
func matrix(t testing.TB, coders []string, rows ...string) *Data {
	t.Helper()
	if len(rows) != len(coders) {
		t.Fatalf("matrix: %d rows for %d coders", len(rows), len(coders))
	}
	var cells [][]string
	for _, r := range rows {
		cells = append(cells, strings.Fields(r))
	}
	nu := len(cells[0])
	units := make([]string, nu)
	for u := range units {
		units[u] = strconv.Itoa(u + 1)
	}
	d := NewData(units, coders)
	for c, r := range cells {
		if len(r) != nu {
			t.Fatalf("matrix: row %d has %d values, want %d", c, len(r), nu)
		}
		for u, v := range r {
			if v != "." {
				d.Values[u][c] = Value(v)
			}
		}
	}
	return d
}

// near reports whether got rounds to want at 3 decimals, the precision of
// the published values.
func near3(got, want float64) bool {
	return math.Abs(got-want) <= 0.0005+1e-12
}

func wantUndefined(t *testing.T, name string, r Result, err error) {
	t.Helper()
	if !errors.Is(err, ErrUndefined) {
		t.Errorf("%s: got (%v, %v), want an error wrapping ErrUndefined", name, r.Value, err)
		return
	}
	if strings.Contains(err.Error(), "NaN") || strings.Contains(err.Error(), "Inf") {
		t.Errorf("%s: error mentions NaN/Inf: %v", name, err)
	}
}
