package agreement

import (
	"math"
	"testing"
)

func TestPercentAgreement(t *testing.T) {
	// Hand-computed: 3 coders, 5 units.
	//   unit 1: a a a  → 3 of 3 pairs agree → 1
	//   unit 2: a a b  → 1 of 3 pairs       → 1/3
	//   unit 3: a b .  → 0 of 1 pair        → 0
	//   unit 4: a . .  → single value, ignored
	//   unit 5: b b .  → 1 of 1 pair        → 1
	// Mean over the 4 units: (1 + 1/3 + 0 + 1)/4 = 7/12.
	d := matrix(t, []string{"x", "y", "z"},
		"a a a a b",
		"a a b . b",
		"a b . . .",
	)
	r, err := PercentAgreement(d)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Value-7.0/12) > 1e-12 || r.Units != 4 || r.Pairable != 10 {
		t.Errorf("got %+v, want 7/12 over 4 units and 10 values", r)
	}
	if r.Note != "1 unit with a single value ignored" {
		t.Errorf("Note = %q", r.Note)
	}

	// Two coders: the plain proportion of agreeing units (Wikipedia
	// Cohen's kappa example, p_o = 0.70, in miniature: 7 of 10).
	d = matrix(t, []string{"A", "B"},
		"1 1 1 0 0 0 1 1 0 1",
		"1 1 1 0 0 0 1 0 1 0",
	)
	if r, err := PercentAgreement(d); err != nil || math.Abs(r.Value-0.7) > 1e-12 {
		t.Errorf("two coders: %v, %v; want 0.7", r.Value, err)
	}
}

func TestPercentAgreementDegenerate(t *testing.T) {
	// Still defined when every value is the same.
	r, err := PercentAgreement(matrix(t, []string{"a", "b"}, "x x x", "x x x"))
	if err != nil || r.Value != 1 {
		t.Errorf("all identical: %v, %v; want 1", r.Value, err)
	}
	r, err = PercentAgreement(matrix(t, []string{"a", "b"}, "x .", ". x"))
	wantUndefined(t, "no pairable unit", r, err)
	r, err = PercentAgreement(&Data{})
	wantUndefined(t, "empty", r, err)
	if _, err := PercentAgreement(nil); err == nil {
		t.Error("nil Data accepted")
	}
}

func TestBinary(t *testing.T) {
	// Unit u is coded present by coder c when (u+c) is even; coder 1 did
	// not rate unit 2.
	d := Binary([]string{"t1", "t2", "t3"}, []string{"a", "b"},
		func(u, c int) bool { return (u+c)%2 == 0 },
		func(u, c int) bool { return !(u == 2 && c == 1) },
	)
	want := [][]string{{"1", "0"}, {"0", "1"}, {"1", "."}}
	for u, row := range want {
		for c, w := range row {
			got := "."
			if v := d.Values[u][c]; v != nil {
				got = *v
			}
			if got != w {
				t.Errorf("value(%d, %d) = %s, want %s", u, c, got, w)
			}
		}
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
	all := Binary([]string{"t1"}, []string{"a", "b"}, func(u, c int) bool { return false }, nil)
	if *all.Values[0][0] != "0" || *all.Values[0][1] != "0" {
		t.Error("nil rated: want every unit rated")
	}
}
