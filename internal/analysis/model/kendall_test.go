package model

import (
	"math"
	"testing"
)

// TestKendallTauB checks tau-b against examples computed by hand with
// tau_b = (nc - nd) / sqrt((n0 - n1)(n0 - n2)).
func TestKendallTauB(t *testing.T) {
	for _, tc := range []struct {
		name         string
		x, y         []float64
		nc, nd       int
		tiesX, tiesY int
		tau          float64
		defined      bool
	}{
		// 10 pairs; (2,3) and (4,5) swapped: 8 concordant, 2 discordant,
		// tau = 6/10.
		{"two swaps", []float64{1, 2, 3, 4, 5}, []float64{1, 3, 2, 5, 4}, 8, 2, 0, 0, 0.6, true},
		{"same order", []float64{1, 2, 3}, []float64{0.1, 0.5, 0.9}, 3, 0, 0, 0, 1, true},
		{"reversed", []float64{1, 2, 3}, []float64{3, 2, 1}, 0, 3, 0, 0, -1, true},
		// One pair tied in y: 5 concordant of 6 pairs,
		// tau_b = 5 / sqrt(6 * 5) = 0.912870929...
		{"tie in y", []float64{1, 2, 3, 4}, []float64{1, 1, 2, 3}, 5, 0, 0, 1, 5 / math.Sqrt(30), true},
		// Two pairs tied in x, two in y, one concordant, one discordant.
		{"ties in both", []float64{1, 1, 2, 2}, []float64{1, 2, 1, 2}, 1, 1, 2, 2, 0, true},
		// The example of scipy.stats.kendalltau's documentation:
		// nc = 2, nd = 6, n1 = 2, n2 = 1: -4 / sqrt(8 * 9) = -0.47140452...
		{"scipy example", []float64{12, 2, 1, 12, 2}, []float64{1, 4, 7, 1, 0}, 2, 6, 2, 1, -4 / math.Sqrt(72), true},
		// Means equal on paper but not in floating point are tied.
		{"float tie", []float64{1, 2}, []float64{0.1 + 0.2, 0.3}, 0, 0, 0, 1, 0, false},
		{"one stage", []float64{1}, []float64{0.5}, 0, 0, 0, 0, 0, false},
		{"none", nil, nil, 0, 0, 0, 0, 0, false},
	} {
		pc := CountPairs(tc.x, tc.y)
		if pc.Concordant != tc.nc || pc.Discordant != tc.nd || pc.TiesX != tc.tiesX || pc.TiesY != tc.tiesY {
			t.Errorf("%s: counts %+v, want nc=%d nd=%d tiesX=%d tiesY=%d", tc.name, pc, tc.nc, tc.nd, tc.tiesX, tc.tiesY)
		}
		tau, ok := KendallTauB(tc.x, tc.y)
		if ok != tc.defined || math.Abs(tau-tc.tau) > 1e-12 {
			t.Errorf("%s: tau_b = %v (defined %v), want %v (defined %v)", tc.name, tau, ok, tc.tau, tc.defined)
		}
	}
}
