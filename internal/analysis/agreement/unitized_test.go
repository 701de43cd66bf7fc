package agreement

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// charData builds, by brute force, the units × coders binary data of the
// character-level alpha: one unit per code point.
func charData(lengths map[string]int, coders []string, spans []Span, category string) *Data {
	var names []string
	for n := range lengths {
		names = append(names, n)
	}
	slices.Sort(names)
	type point struct {
		cont string
		i    int
	}
	var points []point
	for _, n := range names {
		for i := range lengths[n] {
			points = append(points, point{n, i})
		}
	}
	return Binary(make([]string, len(points)), coders, func(u, c int) bool {
		p := points[u]
		for _, s := range spans {
			if s.Continuum == p.cont && s.Coder == coders[c] && s.Category == category && s.Start <= p.i && p.i < s.End {
				return true
			}
		}
		return false
	}, nil)
}

func TestUnitizedAlphaHand(t *testing.T) {
	// One continuum of 10 code points; A marks [0,4), B marks [2,6).
	// Code points 0-1 and 4-5 are marked by one coder, 2-3 by both, 6-9 by
	// neither: o_01 = 4, n_1 = 8, n_0 = 12, n = 20,
	// α = 1 − 19·4/(12·8) = 0.208333...
	spans := []Span{
		{"doc", "A", "code", 0, 4},
		{"doc", "B", "code", 2, 6},
		{"doc", "B", "other", 0, 10}, // other category: ignored
		{"doc", "C", "code", 0, 10},  // unlisted coder: ignored
	}
	r, err := UnitizedAlpha(map[string]int{"doc": 10}, []string{"A", "B"}, spans, "code")
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 - 19.0*4/(12*8); math.Abs(r.Value-want) > 1e-12 {
		t.Errorf("alpha = %v, want %v", r.Value, want)
	}
	if r.Units != 10 || r.Pairable != 20 || r.Metric != MetricCharAlpha {
		t.Errorf("got %+v", r)
	}
}

func TestUnitizedAlphaPerfect(t *testing.T) {
	// The same code points, split into spans differently and overlapping.
	spans := []Span{
		{"d1", "A", "k", 0, 5}, {"d1", "A", "k", 5, 10},
		{"d1", "B", "k", 0, 10}, {"d1", "B", "k", 3, 7},
		{"d2", "A", "k", 2, 3}, {"d2", "B", "k", 2, 3},
	}
	r, err := UnitizedAlpha(map[string]int{"d1": 20, "d2": 4}, []string{"A", "B"}, spans, "k")
	if err != nil || r.Value != 1 {
		t.Errorf("alpha = %v, %v; want 1", r.Value, err)
	}
}

func TestUnitizedAlphaMatchesBinaryAlpha(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for i := range 200 {
		lengths := map[string]int{}
		for j := range 1 + rng.IntN(3) {
			lengths[fmt.Sprint("doc", j)] = rng.IntN(40)
		}
		coders := []string{"A", "B", "C", "D"}[:2+rng.IntN(3)]
		var spans []Span
		for name, l := range lengths {
			for range rng.IntN(8) {
				s := rng.IntN(l + 1)
				e := s + rng.IntN(l-s+1)
				spans = append(spans, Span{name, coders[rng.IntN(len(coders))], []string{"k", "x"}[rng.IntN(2)], s, e})
			}
		}
		got, errU := UnitizedAlpha(lengths, coders, spans, "k")
		want, errA := KrippendorffAlpha(charData(lengths, coders, spans, "k"), Nominal)
		if errors.Is(errU, ErrUndefined) != errors.Is(errA, ErrUndefined) {
			t.Fatalf("case %d: errors %v vs %v", i, errU, errA)
		}
		if errU != nil {
			if !errors.Is(errU, ErrUndefined) {
				t.Fatalf("case %d: %v", i, errU)
			}
			continue
		}
		if math.Abs(got.Value-want.Value) > 1e-9 || math.Abs(got.Observed-want.Observed) > 1e-9 || math.Abs(got.Expected-want.Expected) > 1e-9 {
			t.Errorf("case %d: unitized %+v, brute force %+v", i, got, want)
		}
		if got.Pairable != want.Pairable {
			t.Errorf("case %d: Pairable %d, brute force %d", i, got.Pairable, want.Pairable)
		}
	}
}

func TestUnitizedAlphaErrors(t *testing.T) {
	l := map[string]int{"d": 10}
	two := []string{"A", "B"}
	r, err := UnitizedAlpha(l, two, nil, "k")
	wantUndefined(t, "no spans", r, err)
	r, err = UnitizedAlpha(l, two, []Span{{"d", "A", "k", 0, 10}, {"d", "B", "k", 0, 10}}, "k")
	wantUndefined(t, "everything marked", r, err)
	r, err = UnitizedAlpha(map[string]int{"d": 0}, two, nil, "k")
	wantUndefined(t, "empty continuum", r, err)
	r, err = UnitizedAlpha(l, []string{"A"}, nil, "k")
	wantUndefined(t, "one coder", r, err)

	for _, s := range []Span{
		{"e", "A", "k", 0, 1},  // unknown continuum
		{"d", "A", "k", -1, 1}, // before start
		{"d", "A", "k", 5, 11}, // past end
		{"d", "A", "k", 5, 4},  // reversed
	} {
		if _, err := UnitizedAlpha(l, two, []Span{s}, "k"); err == nil || errors.Is(err, ErrUndefined) {
			t.Errorf("span %+v: err = %v, want a validation error", s, err)
		}
	}
	if _, err := UnitizedAlpha(l, []string{"A", "A"}, nil, "k"); err == nil {
		t.Error("duplicate coder accepted")
	}
	if _, err := UnitizedAlpha(map[string]int{"d": -1}, two, nil, "k"); err == nil {
		t.Error("negative length accepted")
	}
}
