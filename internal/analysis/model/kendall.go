package model

import "math"

// tieEpsilon is how close two values must be to count as tied (means of
// positions that are equal on paper may differ in the last bits).
const tieEpsilon = 1e-9

// PairCounts are the counts over all pairs (i < j) of two paired samples
// x and y that Kendall's tau-b is made of.
type PairCounts struct {
	// N is the number of observations; Pairs = N(N-1)/2.
	N, Pairs int
	// Concordant pairs order x and y the same way, Discordant pairs the
	// opposite way. Pairs tied in x or in y are neither.
	Concordant, Discordant int
	// TiesX and TiesY count the pairs tied in x (in y), including those
	// tied in both.
	TiesX, TiesY int
}

// CountPairs counts concordant, discordant and tied pairs of x and y
// (which must have the same length).
func CountPairs(x, y []float64) PairCounts {
	n := min(len(x), len(y))
	pc := PairCounts{N: n, Pairs: n * (n - 1) / 2}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			dx, dy := sign(x[j]-x[i]), sign(y[j]-y[i])
			if dx == 0 {
				pc.TiesX++
			}
			if dy == 0 {
				pc.TiesY++
			}
			switch {
			case dx == 0 || dy == 0:
			case dx == dy:
				pc.Concordant++
			default:
				pc.Discordant++
			}
		}
	}
	return pc
}

// TauB returns Kendall's tau-b of the pairs, and false when it is not
// defined (fewer than two observations, or every pair tied in x or in y).
//
//	tau_b = (nc - nd) / sqrt((n0 - n1) (n0 - n2))
//
// with nc and nd the concordant and discordant pairs, n0 = n(n-1)/2 the
// pairs, n1 and n2 the pairs tied in x and in y (Kendall, M. G. (1945).
// The treatment of ties in ranking problems. Biometrika 33(3), 239-251;
// Agresti, A. (2010). Analysis of Ordinal Categorical Data, 2nd ed.,
// section 7.1.5). Without ties it equals tau-a, (nc - nd) / n0.
func (pc PairCounts) TauB() (float64, bool) {
	den := math.Sqrt(float64(pc.Pairs-pc.TiesX) * float64(pc.Pairs-pc.TiesY))
	if pc.N < 2 || den == 0 {
		return 0, false
	}
	return float64(pc.Concordant-pc.Discordant) / den, true
}

// KendallTauB is CountPairs(x, y).TauB().
func KendallTauB(x, y []float64) (float64, bool) {
	return CountPairs(x, y).TauB()
}

func sign(d float64) int {
	switch {
	case d > tieEpsilon:
		return 1
	case d < -tieEpsilon:
		return -1
	}
	return 0
}
