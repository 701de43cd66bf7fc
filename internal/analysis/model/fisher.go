package model

import "math"

// Table2x2 is a 2×2 contingency table of counts:
//
//	            later yes   later no
//	first yes       A           B
//	first no        C           D
type Table2x2 struct {
	A int `json:"a"`
	B int `json:"b"`
	C int `json:"c"`
	D int `json:"d"`
}

// N is the total count.
func (t Table2x2) N() int { return t.A + t.B + t.C + t.D }

// fisherRelErr is the relative tolerance with which a table counts as "as
// extreme" as the observed one, as in R's fisher.test (1 + 10^-7): tables
// equally probable on paper may differ in the last bits.
const fisherRelErr = 1 + 1e-7

// FisherExact returns the two-sided p-value of Fisher's exact test of
// independence for a 2×2 table (Fisher, R. A. (1935). The logic of
// inductive inference. Journal of the Royal Statistical Society 98(1),
// 39-82; Agresti, A. (1992). A survey of exact inference for contingency
// tables. Statistical Science 7(1), 131-153).
//
// With the margins fixed, the count in cell A follows the hypergeometric
// distribution; the two-sided p is the sum of the probabilities of every
// table with the same margins that is no more probable than the observed
// one (the "probability" or "minimum likelihood" method, which R's
// fisher.test uses). It returns 1 for a table whose margins admit a
// single table (for example when a row or column is empty).
func FisherExact(t Table2x2) float64 {
	r1, c1, n := t.A+t.B, t.A+t.C, t.N()
	lo, hi := max(0, r1+c1-n), min(r1, c1)
	if lo >= hi {
		return 1
	}
	pObs := hyperLogP(t.A, r1, c1, n)
	var p float64
	for a := lo; a <= hi; a++ {
		if lp := hyperLogP(a, r1, c1, n); lp <= pObs+math.Log(fisherRelErr) {
			p += math.Exp(lp)
		}
	}
	return min(p, 1)
}

// FisherGreater returns the one-sided p-value P(A >= observed) (positive
// association), for reports that state a directed hypothesis in advance.
func FisherGreater(t Table2x2) float64 {
	r1, c1, n := t.A+t.B, t.A+t.C, t.N()
	hi := min(r1, c1)
	var p float64
	for a := t.A; a <= hi; a++ {
		p += math.Exp(hyperLogP(a, r1, c1, n))
	}
	return min(p, 1)
}

// hyperLogP is the log probability of a tables' cell A being a given row
// 1 total r1, column 1 total c1 and grand total n:
// C(r1, a) C(n-r1, c1-a) / C(n, c1).
func hyperLogP(a, r1, c1, n int) float64 {
	return logChoose(r1, a) + logChoose(n-r1, c1-a) - logChoose(n, c1)
}

func logChoose(n, k int) float64 {
	return lfact(n) - lfact(k) - lfact(n-k)
}

func lfact(n int) float64 {
	v, _ := math.Lgamma(float64(n) + 1)
	return v
}
