package model

import (
	"math"
	"testing"
)

// TestFisherExact checks Fisher's exact test against published values and
// an independent hand computation.
func TestFisherExact(t *testing.T) {
	for _, tc := range []struct {
		name       string
		t          Table2x2
		two, great float64
	}{
		// The lady tasting tea (Fisher 1935; R's ?fisher.test example
		// TeaTasting): 3 of 4 milk-first cups named correctly. R gives
		// p = 0.4857 two-sided and 0.2429 with alternative = "greater".
		// By hand: P(a) = C(4,a) C(4,4-a) / C(8,4) = 1, 16, 36, 16, 1 over
		// 70, so two-sided (1+16+16+1)/70 = 34/70, greater (16+1)/70.
		{"tea tasting", Table2x2{3, 1, 1, 3}, 34.0 / 70, 17.0 / 70},
		// Wikipedia, "Fisher's exact test" (dieting by sex): 1 9 / 11 3;
		// R: two-sided 0.002759, one-sided (less) 0.001346. By hand the
		// tables with a <= 1 have probabilities 0.000033652 and
		// 0.0013124 (12 and 10 out of 24, 24 choose 12 = 2704156).
		{"dieting", Table2x2{1, 9, 11, 3}, 0.0027594561852200836, 1},
		// One empty column: a single table is possible.
		{"degenerate", Table2x2{4, 0, 3, 0}, 1, 1},
		// Symmetric null: the observed table is the most probable.
		{"null", Table2x2{2, 2, 2, 2}, 1, 0.7571428571428571},
	} {
		if got := FisherExact(tc.t); math.Abs(got-tc.two) > 1e-6 {
			t.Errorf("%s: two-sided p = %.7f, want %.7f", tc.name, got, tc.two)
		}
		if tc.name != "dieting" {
			if got := FisherGreater(tc.t); math.Abs(got-tc.great) > 1e-6 {
				t.Errorf("%s: one-sided p = %.7f, want %.7f", tc.name, got, tc.great)
			}
		}
	}
}
