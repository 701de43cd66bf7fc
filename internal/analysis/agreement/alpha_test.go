package agreement

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// krippendorff2011 is the reliability data of the worked example "C. Nominal
// data, any number of observers, missing data" (reused for the ordinal,
// interval and ratio examples) in Krippendorff, K. (2011), Computing
// Krippendorff's Alpha-Reliability, Annenberg School for Communication
// Departmental Papers 43: 4 observers, 12 units, values 1-5, "." missing.
func krippendorff2011(t testing.TB) *Data {
	return matrix(t, []string{"A", "B", "C", "D"},
		"1 2 3 3 2 1 4 1 2 . . .",
		"1 2 3 3 2 2 4 1 2 5 . 3",
		". 3 3 3 2 3 4 2 2 5 1 .",
		"1 2 3 3 2 4 4 1 2 5 1 .",
	)
}

func TestAlphaKrippendorff2011(t *testing.T) {
	// Published values: Krippendorff (2011), pp. 4-7:
	// nominal .743, ordinal .815, interval .849, ratio .797.
	tests := []struct {
		scale Scale
		want  float64
	}{
		{Nominal, 0.743},
		{Ordinal, 0.815},
		{Interval, 0.849},
		{Ratio, 0.797},
	}
	d := krippendorff2011(t)
	for _, tt := range tests {
		r, err := KrippendorffAlpha(d, tt.scale)
		if err != nil {
			t.Fatalf("%v: %v", tt.scale, err)
		}
		if !near3(r.Value, tt.want) {
			t.Errorf("%v alpha = %.6f, want %.3f", tt.scale, r.Value, tt.want)
		}
		// n = 40 pairable values in 11 pairable units; unit 12 has a
		// single value (Krippendorff 2011, coincidence matrix totals).
		if r.Pairable != 40 || r.Units != 11 {
			t.Errorf("%v: Pairable, Units = %d, %d, want 40, 11", tt.scale, r.Pairable, r.Units)
		}
		if r.Note == "" {
			t.Errorf("%v: empty Note, want mention of the unpairable unit", tt.scale)
		}
		if got := 1 - r.Observed/r.Expected; math.Abs(got-r.Value) > 1e-12 {
			t.Errorf("%v: 1 - D_o/D_e = %v, Value = %v", tt.scale, got, r.Value)
		}
	}
}

func TestAlphaKrippendorff2011Nominal(t *testing.T) {
	// Hand check of the nominal example with Krippendorff's (2011)
	// computational formula for nominal data,
	// α = 1 − (n−1) Σ_{c≠k} o_ck / (n² − Σ_c n_c²).
	d := krippendorff2011(t)
	r, err := KrippendorffAlpha(d, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	// Disagreeing pairs per unit, weighted 1/(m_u−1):
	// unit 2 (2,2,3,2): 6 ordered pairs /3 = 2; unit 6 (1,2,3,4): 12/3 = 4;
	// unit 8 (1,1,2,1): 6/3 = 2. Total 8.
	// n_c: 1→9 (u1:3, u6:1, u8:3, u11:2), 2→13, 3→10, 4→5, 5→3.
	nc := []float64{9, 13, 10, 5, 3}
	var sq float64
	for _, x := range nc {
		sq += x * x
	}
	want := 1 - 39*8/(40*40-sq)
	if math.Abs(r.Value-want) > 1e-12 {
		t.Errorf("nominal alpha = %v, hand computation gives %v", r.Value, want)
	}
}

func TestAlphaBinaryTwoCoders(t *testing.T) {
	// Krippendorff (2011), example "A. Binary or dichotomous data, two
	// observers, no missing data": 10 units, α = 0.095.
	d := matrix(t, []string{"A", "B"},
		"0 1 0 0 0 0 0 0 1 0",
		"1 1 1 0 0 1 0 0 0 0",
	)
	r, err := KrippendorffAlpha(d, Nominal)
	if err != nil {
		t.Fatal(err)
	}
	if !near3(r.Value, 0.095) {
		t.Errorf("alpha = %.6f, want 0.095", r.Value)
	}
	// Exactly: 1 − (n−1) o_01 / (n_0 n_1) = 1 − 19·4/(14·6).
	if want := 1 - 19.0*4/(14*6); math.Abs(r.Value-want) > 1e-12 {
		t.Errorf("alpha = %v, want %v", r.Value, want)
	}
}

func TestAlphaUndefined(t *testing.T) {
	tests := []struct {
		name string
		d    *Data
	}{
		{"empty", &Data{}},
		{"no units", NewData(nil, []string{"a", "b"})},
		{"all missing", matrix(t, []string{"a", "b"}, ". .", ". .")},
		{"single pairable value", matrix(t, []string{"a", "b"}, "1 .", ". 2")},
		{"one coder", matrix(t, []string{"a"}, "1 2 3")},
		{"all identical", matrix(t, []string{"a", "b", "c"}, "x x x", "x x .", "x . x")},
	}
	for _, tt := range tests {
		for s := Nominal; s <= Ratio; s++ {
			if s != Nominal && tt.name == "all identical" {
				continue
			}
			r, err := KrippendorffAlpha(tt.d, s)
			wantUndefined(t, tt.name+"/"+s.String(), r, err)
		}
	}
	// Identical numeric values, also when spelled differently.
	d := matrix(t, []string{"a", "b"}, "1 2.0 3", "1.0 2 3e0")
	_, err := KrippendorffAlpha(d, Interval)
	if err != nil {
		t.Errorf("interval alpha with variation: %v", err)
	}
	d = matrix(t, []string{"a", "b"}, "1 1.0 1e0", "1.00 1 +1")
	for s := Ordinal; s <= Ratio; s++ {
		r, err := KrippendorffAlpha(d, s)
		wantUndefined(t, "identical numbers/"+s.String(), r, err)
		if err != nil && err.Error() == "" {
			t.Error("empty message")
		}
	}
	// The message says why.
	_, err = KrippendorffAlpha(matrix(t, []string{"a", "b"}, "x x", "x x"), Nominal)
	if err == nil || !strings.Contains(err.Error(), "all values are identical") || !strings.Contains(err.Error(), "no variation") {
		t.Errorf("message = %v", err)
	}
}

func TestAlphaErrors(t *testing.T) {
	d := matrix(t, []string{"a", "b"}, "1 x", "1 2")
	if _, err := KrippendorffAlpha(d, Interval); !errors.Is(err, ErrNotNumeric) {
		t.Errorf("non-numeric interval: err = %v, want ErrNotNumeric", err)
	}
	if _, err := KrippendorffAlpha(d, Nominal); err != nil {
		t.Errorf("non-numeric nominal: %v", err)
	}
	for _, v := range []string{"NaN", "Inf", "-Inf", "1e999"} {
		d := matrix(t, []string{"a", "b"}, "1 "+v, "1 2")
		if _, err := KrippendorffAlpha(d, Interval); !errors.Is(err, ErrNotNumeric) {
			t.Errorf("%s: err = %v, want ErrNotNumeric", v, err)
		}
	}
	d = matrix(t, []string{"a", "b"}, "1 -2", "1 2")
	if _, err := KrippendorffAlpha(d, Ratio); err == nil {
		t.Error("negative ratio value accepted")
	}
	if _, err := KrippendorffAlpha(d, Scale(9)); err == nil {
		t.Error("invalid scale accepted")
	}
	bad := &Data{Coders: []string{"a", "b"}, Values: [][]*string{{Value("1")}}}
	if _, err := KrippendorffAlpha(bad, Nominal); err == nil {
		t.Error("ragged Data accepted")
	}
	if _, err := KrippendorffAlpha(nil, Nominal); err == nil {
		t.Error("nil Data accepted")
	}
}

// randomData returns units × coders data with values drawn from k
// categories ("1".."k") and the given probability of a missing value.
func randomData(rng *rand.Rand, units, coders, k int, missing float64) *Data {
	names := make([]string, coders)
	for c := range names {
		names[c] = fmt.Sprintf("c%d", c)
	}
	d := NewData(make([]string, units), names)
	for u := range d.Values {
		d.Units[u] = strconv.Itoa(u + 1)
		for c := range d.Values[u] {
			if rng.Float64() >= missing {
				d.Values[u][c] = Value(strconv.Itoa(1 + rng.IntN(k)))
			}
		}
	}
	return d
}

func TestAlphaPerfectAgreement(t *testing.T) {
	// With variation present and no disagreement, alpha is exactly 1 at
	// every scale, whatever the missing data.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		d := randomData(rng, 2+rng.IntN(30), 2+rng.IntN(5), 2+rng.IntN(5), 0.3)
		for _, row := range d.Values {
			var first *string
			for c, v := range row {
				if v != nil {
					if first == nil {
						first = v
					}
					row[c] = Value(*first)
				}
			}
		}
		for s := Nominal; s <= Ratio; s++ {
			r, err := KrippendorffAlpha(d, s)
			if errors.Is(err, ErrUndefined) {
				continue // no variation or nothing pairable in this draw
			}
			if err != nil {
				t.Fatalf("case %d %v: %v", i, s, err)
			}
			if r.Value != 1 {
				t.Errorf("case %d %v: alpha = %v, want 1", i, s, r.Value)
			}
		}
	}
}

func TestAlphaCoderOrderInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 50 {
		d := randomData(rng, 5+rng.IntN(30), 2+rng.IntN(5), 2+rng.IntN(5), 0.25)
		perm := rng.Perm(len(d.Coders))
		p := NewData(d.Units, d.Coders)
		for c, pc := range perm {
			p.Coders[c] = d.Coders[pc]
			for u := range d.Values {
				p.Values[u][c] = d.Values[u][pc]
			}
		}
		for s := Nominal; s <= Ratio; s++ {
			a, errA := KrippendorffAlpha(d, s)
			b, errB := KrippendorffAlpha(p, s)
			if (errA == nil) != (errB == nil) {
				t.Fatalf("case %d %v: errors differ: %v vs %v", i, s, errA, errB)
			}
			if errA == nil && math.Abs(a.Value-b.Value) > 1e-12 {
				t.Errorf("case %d %v: alpha %v, permuted %v", i, s, a.Value, b.Value)
			}
		}
	}
}

// scottsPi computes Scott's (1955) pi for two coders without missing data:
// π = (P_o − P_e)/(1 − P_e), P_e = Σ_c p_c², p_c the proportion of all 2N
// values that are c.
func scottsPi(d *Data) float64 {
	N := float64(len(d.Values))
	var agree float64
	count := map[string]float64{}
	for _, row := range d.Values {
		if *row[0] == *row[1] {
			agree++
		}
		count[*row[0]]++
		count[*row[1]]++
	}
	var pe float64
	for _, c := range count {
		pe += (c / (2 * N)) * (c / (2 * N))
	}
	po := agree / N
	return (po - pe) / (1 - pe)
}

func TestAlphaScottsPi(t *testing.T) {
	// For two coders, no missing data and nominal values, alpha is Scott's
	// pi with a small-sample correction (Krippendorff 2011; Hayes &
	// Krippendorff 2007): α = 1 − (2N−1)/(2N) · (1 − π), that is,
	// α − π = (1 − π)/(2N), which vanishes as N grows.
	rng := rand.New(rand.NewPCG(5, 6))
	for _, N := range []int{10, 100, 10000} {
		d := randomData(rng, N, 2, 3, 0)
		// Make the coders agree more often than chance.
		for _, row := range d.Values {
			if rng.Float64() < 0.6 {
				row[1] = Value(*row[0])
			}
		}
		r, err := KrippendorffAlpha(d, Nominal)
		if err != nil {
			t.Fatal(err)
		}
		pi := scottsPi(d)
		n := float64(2 * N)
		if want := 1 - (n-1)/n*(1-pi); math.Abs(r.Value-want) > 1e-12 {
			t.Errorf("N=%d: alpha = %v, 1 − (2N−1)/(2N)(1−π) = %v", N, r.Value, want)
		}
		if math.Abs(r.Value-pi) > 1/float64(N) {
			t.Errorf("N=%d: |alpha − pi| = %v > 1/N", N, math.Abs(r.Value-pi))
		}
		if N == 10000 && math.Abs(r.Value-pi) > 1e-4 {
			t.Errorf("N=%d: alpha = %v, pi = %v, want ≈", N, r.Value, pi)
		}
	}
}

func TestAlphaFleissRelation(t *testing.T) {
	// With every unit coded by all m coders, nominal alpha and Fleiss'
	// kappa differ only by the small-sample factor:
	// α = 1 − (nm−1)/(nm) · (1 − κ_F) with n = N·m pairable values.
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 30 {
		d := randomData(rng, 5+rng.IntN(40), 2+rng.IntN(6), 2+rng.IntN(4), 0)
		a, errA := KrippendorffAlpha(d, Nominal)
		f, errF := FleissKappa(d)
		if errA != nil || errF != nil {
			if errors.Is(errA, ErrUndefined) && errors.Is(errF, ErrUndefined) {
				continue
			}
			t.Fatalf("case %d: %v, %v", i, errA, errF)
		}
		n := float64(a.Pairable)
		if want := 1 - (n-1)/n*(1-f.Value); math.Abs(a.Value-want) > 1e-12 {
			t.Errorf("case %d: alpha = %v, from Fleiss %v", i, a.Value, want)
		}
	}
}

func TestAlphaScaleInvariance(t *testing.T) {
	// Interval alpha is invariant under affine transformations of the
	// values, ratio alpha under multiplication, ordinal alpha under any
	// increasing transformation. Also exercises the rescaling that guards
	// against overflow with huge magnitudes.
	d := krippendorff2011(t)
	transform := func(f func(float64) float64) *Data {
		t := NewData(d.Units, d.Coders)
		for u, row := range d.Values {
			for c, v := range row {
				if v != nil {
					x, _ := strconv.ParseFloat(*v, 64)
					t.Values[u][c] = Value(strconv.FormatFloat(f(x), 'g', -1, 64))
				}
			}
		}
		return t
	}
	tests := []struct {
		scale Scale
		f     func(float64) float64
	}{
		{Interval, func(x float64) float64 { return 3*x - 7 }},
		{Interval, func(x float64) float64 { return x * 1e300 }},
		{Interval, func(x float64) float64 { return x * 1e-300 }},
		{Ratio, func(x float64) float64 { return x * 1e300 }},
		{Ratio, func(x float64) float64 { return x / 8 }},
		{Ordinal, func(x float64) float64 { return math.Exp(x) - 100 }},
	}
	for i, tt := range tests {
		want, err := KrippendorffAlpha(d, tt.scale)
		if err != nil {
			t.Fatal(err)
		}
		got, err := KrippendorffAlpha(transform(tt.f), tt.scale)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if math.Abs(got.Value-want.Value) > 1e-9 {
			t.Errorf("case %d %v: alpha = %v, want %v", i, tt.scale, got.Value, want.Value)
		}
	}
}

func TestParseScale(t *testing.T) {
	for s := Nominal; s <= Ratio; s++ {
		got, err := ParseScale(" " + s.String() + " ")
		if err != nil || got != s {
			t.Errorf("ParseScale(%q) = %v, %v", s.String(), got, err)
		}
	}
	if s, err := ParseScale("INTERVAL"); err != nil || s != Interval {
		t.Errorf("ParseScale(INTERVAL) = %v, %v", s, err)
	}
	if _, err := ParseScale("cardinal"); err == nil {
		t.Error("ParseScale(cardinal) succeeded")
	}
	if got := Scale(7).String(); got != "Scale(7)" {
		t.Errorf("Scale(7).String() = %q", got)
	}
}
