package agreement

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Worked examples, boundaries, notes and error positions written from the
// mutation-testing triage (docs/mutation/internal_analysis_agreement.md).
// The figures are computed by hand in the comments.

func closeTo(got, want float64) bool { return math.Abs(got-want) <= 1e-12 }

// TestAlphaIntervalObservedExpected: D_o and D_e are reported in the units
// of the data (squared), not in the rescaled units used for the sums.
//
// Units (1, 3) and (3, 3); n = 4 pairable values 1, 3, 3, 3.
// o_13 = o_31 = 1, δ² = 4: D_o = (1·4 + 1·4)/4 = 2.
// n_1 = 1, n_3 = 3: D_e = 2·1·3·4/(4·3) = 2. α = 1 − 2/2 = 0.
func TestAlphaIntervalObservedExpected(t *testing.T) {
	d := matrix(t, []string{"ann", "bob"}, "1 3", "3 3")
	r, err := KrippendorffAlpha(d, Interval)
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(r.Observed, 2) || !closeTo(r.Expected, 2) || !closeTo(r.Value, 0) {
		t.Errorf("interval: D_o %v, D_e %v, alpha %v; want 2, 2, 0", r.Observed, r.Expected, r.Value)
	}
}

// TestAlphaOrdinalThreeCategories: the ordinal metric with a category in
// between, by hand.
//
// Units (1, 3), (2, 2), (1, 1): n_1 = 3, n_2 = 2, n_3 = 1, n = 6.
// δ²_13 = (3/2 + 2 + 1/2)² = 16. D_o = (16 + 16)/6 = 16/3.
// δ²_12 = (3/2 + 2/2)² = 6.25, δ²_23 = (2/2 + 1/2)² = 2.25.
// D_e = 2(3·2·6.25 + 3·1·16 + 2·1·2.25)/(6·5) = 6. α = 1 − (16/3)/6 = 1/9.
func TestAlphaOrdinalThreeCategories(t *testing.T) {
	d := matrix(t, []string{"ann", "bob"}, "1 2 1", "3 2 1")
	r, err := KrippendorffAlpha(d, Ordinal)
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(r.Value, 1.0/9) || !closeTo(r.Observed, 16.0/3) || !closeTo(r.Expected, 6) {
		t.Errorf("ordinal: alpha %v, D_o %v, D_e %v; want 1/9, 16/3, 6", r.Value, r.Observed, r.Expected)
	}
}

// TestAlphaRatioZero: 0 is a valid ratio value; negative values are not.
func TestAlphaRatioZero(t *testing.T) {
	d := matrix(t, []string{"ann", "bob"}, "0 2", "0 4")
	if _, err := KrippendorffAlpha(d, Ratio); err != nil {
		t.Errorf("ratio data with 0: %v", err)
	}
	d = matrix(t, []string{"ann", "bob"}, "-1 2", "0 4")
	if _, err := KrippendorffAlpha(d, Ratio); !errors.Is(err, ErrNotNumeric) {
		t.Errorf("ratio data with -1: %v, want ErrNotNumeric", err)
	}
}

// TestAlphaIdenticalPairableValues: when every pairable value is the same,
// alpha is undefined for lack of variation, also when another value occurs
// in a unit that has only one value (it is not pairable).
func TestAlphaIdenticalPairableValues(t *testing.T) {
	d := matrix(t, []string{"ann", "bob"}, "a a b", "a a .")
	_, err := KrippendorffAlpha(d, Nominal)
	if !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), `all values are identical ("a")`) {
		t.Errorf("identical pairable values: %v", err)
	}
}

// TestNotesOnlyWhenSomethingWasLeftOut: a note about ignored or skipped
// units appears only when there are some, and counts them.
func TestNotesOnlyWhenSomethingWasLeftOut(t *testing.T) {
	full := matrix(t, []string{"ann", "bob"}, "a b a", "a b b")
	part := matrix(t, []string{"ann", "bob"}, "a b a . .", "a b b c .")
	for _, tc := range []struct {
		name string
		f    func(*Data) (Result, error)
		note string
	}{
		{"alpha", func(d *Data) (Result, error) { return KrippendorffAlpha(d, Nominal) }, "1 unit with a single value not pairable, ignored"},
		{"percent", PercentAgreement, "1 unit with a single value ignored"},
		{"cohen", CohenKappa, "1 unit coded by only one coder skipped"},
		{"fleiss", FleissKappa, "1 unit not coded by every coder skipped"},
	} {
		r, err := tc.f(full)
		if err != nil || r.Note != "" {
			t.Errorf("%s on complete data: note %q, %v; want no note", tc.name, r.Note, err)
		}
		r, err = tc.f(part)
		if err != nil || r.Note != tc.note {
			t.Errorf("%s with one half-coded and one empty unit: note %q, %v; want %q", tc.name, r.Note, err, tc.note)
		}
	}
}

// TestCohenOneCoderUsesOneCategory: kappa is defined when only the second
// coder used a single category (κ = 0 here: p_o = p_e = 1/2), and undefined,
// naming the category by its position, when both did.
func TestCohenOneCoderUsesOneCategory(t *testing.T) {
	r, err := CohenFromTable([][]int{{2, 0}, {2, 0}})
	if err != nil || !closeTo(r.Value, 0) || !closeTo(r.Observed, 0.5) || !closeTo(r.Expected, 0.5) {
		t.Errorf("second coder in one category: %+v, %v; want kappa 0", r, err)
	}
	_, err = CohenFromTable([][]int{{0, 0}, {0, 5}})
	if !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "single category 2 ") {
		t.Errorf("both coders in category 2: %v", err)
	}
}

// TestFleissSingleCategoryNamed: all ratings in one category is undefined,
// with the category named (by label from data, by position from counts).
func TestFleissSingleCategoryNamed(t *testing.T) {
	_, err := FleissKappa(matrix(t, []string{"ann", "bob", "cy"}, "yes yes", "yes yes", "yes yes"))
	if !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), `single category "yes"`) {
		t.Errorf("all ratings yes: %v", err)
	}
	_, err = FleissFromCounts([][]int{{0, 3}, {0, 3}})
	if !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "single category 2;") {
		t.Errorf("all ratings in category 2: %v", err)
	}
}

// TestFleissTwoRatingsPerUnit: m = 2 is enough.
//
// Units [2 0], [0 2], [1 1]: P_i = 1, 1, 0, P̄ = 2/3; p = 1/2, 1/2, P̄_e =
// 1/2; κ = (2/3 − 1/2)/(1/2) = 1/3.
func TestFleissTwoRatingsPerUnit(t *testing.T) {
	r, err := FleissFromCounts([][]int{{2, 0}, {0, 2}, {1, 1}})
	if err != nil || !closeTo(r.Value, 1.0/3) {
		t.Errorf("m = 2: %+v, %v; want kappa 1/3", r, err)
	}
}

// TestCountErrorsNamePositions: the 1-based row and column of the bad
// cell in every count and table error.
func TestCountErrorsNamePositions(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  func() error
		want string
	}{
		{"cohen not square", func() error { _, err := CohenFromTable([][]int{{1, 2}, {3}}); return err },
			"agreement: contingency table is not square: row 2 has 1 cells, want 2"},
		{"cohen negative", func() error { _, err := CohenFromTable([][]int{{1, 2}, {3, -4}}); return err },
			"agreement: contingency table cell (2, 2) is negative: -4"},
		{"fleiss ragged", func() error { _, err := FleissFromCounts([][]int{{1, 2}, {3}}); return err },
			"agreement: counts row 2 has 1 categories, row 1 has 2"},
		{"fleiss negative", func() error { _, err := FleissFromCounts([][]int{{1, 2}, {4, -1}}); return err },
			"agreement: count (2, 2) is negative: -1"},
		{"fleiss unequal", func() error { _, err := FleissFromCounts([][]int{{1, 2}, {2, 1}, {2, 2}}); return err },
			"agreement: unit 3 has 4 ratings, unit 1 has 3; Fleiss' kappa needs the same number for every unit"},
		{"fleiss first unit empty", func() error { _, err := FleissFromCounts([][]int{{0, 0}, {1, 2}}); return err },
			"agreement: unit 2 has 3 ratings, unit 1 has 0; Fleiss' kappa needs the same number for every unit"},
	} {
		if err := tc.err(); err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v\nwant %s", tc.name, err, tc.want)
		}
	}
}

// TestAlphaErrorNamesUnitAndCoder: without unit names, units are named by
// their 1-based position; coders by their names.
func TestAlphaErrorNamesUnitAndCoder(t *testing.T) {
	d := matrix(t, []string{"ann", "bob"}, "1 2", "3 x")
	d.Units = nil
	_, err := KrippendorffAlpha(d, Interval)
	if err == nil || !strings.Contains(err.Error(), `unit 2, coder "bob"`) {
		t.Errorf("a text value on the interval scale: %v, want it placed at unit 2, coder \"bob\"", err)
	}
}

// TestParseErrorColumn: the column is named only when there is one.
func TestParseErrorColumn(t *testing.T) {
	e := &ParseError{Line: 3, Err: errors.New("bad")}
	if got := e.Error(); got != "agreement: csv line 3: bad" {
		t.Errorf("without a column: %q", got)
	}
	e.Column = 2
	if got := e.Error(); got != "agreement: csv line 3, column 2: bad" {
		t.Errorf("with a column: %q", got)
	}
}

// TestReadCSVCarriageReturnsInCells: line breaks inside a quoted cell
// become "\n" whatever their form, also when the cell starts with one.
func TestReadCSVCarriageReturnsInCells(t *testing.T) {
	d, err := ReadCSV(strings.NewReader("unit,ann,bob\nt1,\"\ra\rb\",x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := *d.Values[0][0]; got != "a\nb" {
		t.Errorf("cell = %q, want %q", got, "a\nb")
	}
}
