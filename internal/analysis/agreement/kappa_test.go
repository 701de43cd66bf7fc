package agreement

import (
	"math"
	"testing"
)

func TestCohenFromTable(t *testing.T) {
	tests := []struct {
		name   string
		source string
		table  [][]int
		po, pe float64 // 0 if not published
		want   float64
	}{
		{
			// Wikipedia, "Cohen's kappa", worked example: 50 grant
			// proposals read by readers A and B; Yes/Yes 20, Yes/No 5,
			// No/Yes 10, No/No 15; p_o = 0.70, p_e = 0.50, κ = 0.40.
			name:   "wikipedia",
			source: "https://en.wikipedia.org/wiki/Cohen%27s_kappa#Simple_example",
			table:  [][]int{{20, 5}, {10, 15}},
			po:     0.70, pe: 0.50, want: 0.40,
		},
		{
			// Wikipedia, "Cohen's kappa", section "Same percentages but
			// different numbers", first table: κ = 0.1304.
			name:   "wikipedia same percentages 1",
			source: "https://en.wikipedia.org/wiki/Cohen%27s_kappa",
			table:  [][]int{{45, 15}, {25, 15}},
			po:     0.60, pe: 0.54, want: 0.1304,
		},
		{
			// Same section, second table: κ = 0.2593.
			name:   "wikipedia same percentages 2",
			source: "https://en.wikipedia.org/wiki/Cohen%27s_kappa",
			table:  [][]int{{25, 35}, {5, 35}},
			po:     0.60, pe: 0.46, want: 0.2593,
		},
		{
			// Cohen, J. (1968), Weighted kappa, Psychological Bulletin
			// 70(4), Table 1: 200 cases, 3 diagnostic categories, observed
			// proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06;
			// p_o = .70, p_e = .41, unweighted κ = .492 (as reproduced in
			// the examples of the R package psych, cohen.kappa: "cohen
			// reports .492").
			name:   "cohen 1968 table 1",
			source: "Cohen (1968), Table 1",
			table:  [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}},
			po:     0.70, pe: 0.41, want: 0.492,
		},
		{
			// SAS/STAT User's Guide, The FREQ Procedure, Getting Started:
			// "Agreement Study" (skin condition ratings of 88 patients by
			// two dermatologists, 4 categories); simple kappa 0.3449.
			// By hand: p_o = 45/88, p_e = 1968/7744.
			name:   "sas skin condition",
			source: "SAS/STAT PROC FREQ, Agreement Study",
			table:  [][]int{{10, 4, 1, 0}, {5, 10, 12, 2}, {2, 4, 12, 5}, {0, 2, 6, 13}},
			po:     45.0 / 88, pe: 1968.0 / 7744, want: 0.3449,
		},
	}
	for _, tt := range tests {
		r, err := CohenFromTable(tt.table)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !near3(r.Value, tt.want) {
			t.Errorf("%s: kappa = %.6f, want %v (%s)", tt.name, r.Value, tt.want, tt.source)
		}
		if math.Abs(r.Observed-tt.po) > 1e-9 || math.Abs(r.Expected-tt.pe) > 1e-9 {
			t.Errorf("%s: p_o, p_e = %v, %v, want %v, %v", tt.name, r.Observed, r.Expected, tt.po, tt.pe)
		}
	}
}

func TestCohenKappaData(t *testing.T) {
	// The Wikipedia 2×2 example as reliability data, plus units coded by
	// one coder only, which must be skipped.
	d := NewData(nil, []string{"A", "B"})
	add := func(a, b string, n int) {
		for range n {
			row := make([]*string, 2)
			if a != "" {
				row[0] = Value(a)
			}
			if b != "" {
				row[1] = Value(b)
			}
			d.Values = append(d.Values, row)
		}
	}
	add("yes", "yes", 20)
	add("yes", "no", 5)
	add("no", "yes", 10)
	add("no", "no", 15)
	add("yes", "", 3)
	add("", "no", 2)
	add("", "", 4)
	r, err := CohenKappa(d)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Value-0.4) > 1e-12 || r.Units != 50 || r.Pairable != 100 {
		t.Errorf("got %+v, want kappa 0.4 over 50 units", r)
	}
	if r.Note != "5 units coded by only one coder skipped" {
		t.Errorf("Note = %q", r.Note)
	}
}

func TestCohenKappaErrors(t *testing.T) {
	three := matrix(t, []string{"a", "b", "c"}, "1 2", "1 2", "1 2")
	if _, err := CohenKappa(three); err == nil {
		t.Error("three coders accepted")
	}
	if _, err := CohenFromTable([][]int{{1, 2}, {3}}); err == nil {
		t.Error("non-square table accepted")
	}
	if _, err := CohenFromTable([][]int{{1, -2}, {3, 4}}); err == nil {
		t.Error("negative count accepted")
	}

	// Perfect agreement on a single category: p_e = 1.
	r, err := CohenKappa(matrix(t, []string{"a", "b"}, "yes yes yes", "yes yes yes"))
	wantUndefined(t, "single category", r, err)
	r, err = CohenFromTable([][]int{{0, 0}, {0, 7}})
	wantUndefined(t, "single category table", r, err)
	r, err = CohenFromTable([][]int{{0, 0}, {0, 0}})
	wantUndefined(t, "empty table", r, err)
	r, err = CohenFromTable(nil)
	wantUndefined(t, "nil table", r, err)
	r, err = CohenKappa(matrix(t, []string{"a", "b"}, "x .", ". y"))
	wantUndefined(t, "no complete unit", r, err)

	// One coder constant, the other not: defined, and κ = 0.
	r, err = CohenKappa(matrix(t, []string{"a", "b"}, "yes yes yes yes", "yes no yes no"))
	if err != nil || r.Value != 0 {
		t.Errorf("one constant coder: %v, %v; want 0", r.Value, err)
	}
}

// fleissWikipedia is the worked example of the Wikipedia article "Fleiss'
// kappa" (https://en.wikipedia.org/wiki/Fleiss%27_kappa#Worked_example):
// 10 subjects, 14 raters, 5 categories; counts per subject and category.
// The article gives P̄ = 0.378, P̄_e = 0.213 and κ = 0.210.
var fleissWikipedia = [][]int{
	{0, 0, 0, 0, 14},
	{0, 2, 6, 4, 2},
	{0, 0, 3, 5, 6},
	{0, 3, 9, 2, 0},
	{2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},
	{3, 2, 6, 3, 0},
	{2, 5, 3, 2, 2},
	{6, 5, 2, 1, 0},
	{0, 2, 2, 3, 7},
}

func TestFleissFromCounts(t *testing.T) {
	r, err := FleissFromCounts(fleissWikipedia)
	if err != nil {
		t.Fatal(err)
	}
	if !near3(r.Value, 0.210) || !near3(r.Observed, 0.378) || !near3(r.Expected, 0.213) {
		t.Errorf("kappa, P̄, P̄_e = %.6f, %.6f, %.6f, want 0.210, 0.378, 0.213", r.Value, r.Observed, r.Expected)
	}
	if r.Units != 10 || r.Pairable != 140 {
		t.Errorf("Units, Pairable = %d, %d, want 10, 140", r.Units, r.Pairable)
	}
}

func TestFleissKappaData(t *testing.T) {
	// The Wikipedia example expanded to a units × raters matrix, with an
	// extra incomplete unit that must be skipped.
	coders := make([]string, 14)
	for i := range coders {
		coders[i] = string(rune('a' + i))
	}
	d := NewData(nil, coders)
	cats := []string{"1", "2", "3", "4", "5"}
	for _, counts := range fleissWikipedia {
		row := make([]*string, 0, 14)
		for j, n := range counts {
			for range n {
				row = append(row, Value(cats[j]))
			}
		}
		d.Values = append(d.Values, row)
	}
	incomplete := make([]*string, 14)
	incomplete[0], incomplete[1] = Value("1"), Value("2")
	d.Values = append(d.Values, incomplete)
	r, err := FleissKappa(d)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := FleissFromCounts(fleissWikipedia)
	if math.Abs(r.Value-want.Value) > 1e-12 || r.Units != 10 {
		t.Errorf("FleissKappa = %v over %d units, want %v over 10", r.Value, r.Units, want.Value)
	}
	if r.Note == "" {
		t.Error("no note about the skipped unit")
	}
}

func TestFleissTwoRatersIsScottsPi(t *testing.T) {
	// For m = 2, Fleiss' kappa is Scott's pi.
	d := matrix(t, []string{"A", "B"},
		"a a b c a b b c a a",
		"a b b c a a b c c a",
	)
	f, err := FleissKappa(d)
	if err != nil {
		t.Fatal(err)
	}
	if pi := scottsPi(d); math.Abs(f.Value-pi) > 1e-12 {
		t.Errorf("Fleiss = %v, Scott's pi = %v", f.Value, pi)
	}
}

func TestFleissErrors(t *testing.T) {
	if _, err := FleissFromCounts([][]int{{1, 1}, {2}}); err == nil {
		t.Error("ragged counts accepted")
	}
	if _, err := FleissFromCounts([][]int{{1, 1}, {2, 1}}); err == nil {
		t.Error("unequal numbers of ratings accepted")
	}
	if _, err := FleissFromCounts([][]int{{3, -1}, {1, 1}}); err == nil {
		t.Error("negative count accepted")
	}
	r, err := FleissFromCounts([][]int{{1, 0}, {0, 1}})
	wantUndefined(t, "one rating per unit", r, err)
	r, err = FleissFromCounts(nil)
	wantUndefined(t, "no units", r, err)
	r, err = FleissFromCounts([][]int{{0, 3}, {0, 3}})
	wantUndefined(t, "single category", r, err)
	r, err = FleissKappa(matrix(t, []string{"a", "b", "c"}, "x x", "x x", "x x"))
	wantUndefined(t, "all identical", r, err)
	r, err = FleissKappa(matrix(t, []string{"a", "b", "c"}, "x .", ". x", "x x"))
	wantUndefined(t, "no complete unit", r, err)
	r, err = FleissKappa(matrix(t, []string{"a"}, "x y"))
	wantUndefined(t, "one coder", r, err)
}
