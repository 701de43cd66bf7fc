package agreement_test

import (
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/grounded-qda/grounded/internal/analysis/agreement"
)

// The reliability data of Krippendorff (2011), "Computing Krippendorff's
// Alpha-Reliability": 4 observers, 12 units, values 1 to 5, with missing
// values. The paper arranges observers as rows; the CSV has one row per unit.
// The published values are nominal .743, ordinal .815, interval .849 and
// ratio .797.
func ExampleKrippendorffAlpha() {
	const data = `unit,A,B,C,D
1,1,1,,1
2,2,2,3,2
3,3,3,3,3
4,3,3,3,3
5,2,2,2,2
6,1,2,3,4
7,4,4,4,4
8,1,1,2,1
9,2,2,2,2
10,,5,5,5
11,,,1,1
12,,3,,
`
	d, err := agreement.ReadCSV(strings.NewReader(data))
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range []agreement.Scale{agreement.Nominal, agreement.Ordinal, agreement.Interval, agreement.Ratio} {
		r, err := agreement.KrippendorffAlpha(d, s)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-8s α = %.3f  (n = %d pairable values in %d units)\n", s, r.Value, r.Pairable, r.Units)
	}
	// Output:
	// nominal  α = 0.743  (n = 40 pairable values in 11 units)
	// ordinal  α = 0.815  (n = 40 pairable values in 11 units)
	// interval α = 0.849  (n = 40 pairable values in 11 units)
	// ratio    α = 0.797  (n = 40 pairable values in 11 units)
}

// Alpha is undefined when there is no variation in the data; the error says
// so instead of returning NaN.
func ExampleKrippendorffAlpha_undefined() {
	d := agreement.Binary([]string{"turn 1", "turn 2", "turn 3"}, []string{"ann", "bob"},
		func(unit, coder int) bool { return false }, // nobody applied the code
		nil)
	_, err := agreement.KrippendorffAlpha(d, agreement.Nominal)
	fmt.Println(errors.Is(err, agreement.ErrUndefined))
	fmt.Println(err)
	r, _ := agreement.PercentAgreement(d)
	fmt.Printf("percent agreement %.2f\n", r.Value)
	// Output:
	// true
	// agreement: all values are identical ("0"); alpha is undefined (no variation)
	// percent agreement 1.00
}

func ExampleFleissFromCounts() {
	// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters,
	// 5 categories.
	r, err := agreement.FleissFromCounts([][]int{
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
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P̄ = %.3f, P̄e = %.3f, κ = %.3f\n", r.Observed, r.Expected, r.Value)
	// Output:
	// P̄ = 0.378, P̄e = 0.213, κ = 0.210
}

func ExampleCohenFromTable() {
	// Wikipedia, "Cohen's kappa": 50 proposals, rows reader A (yes, no),
	// columns reader B (yes, no).
	r, err := agreement.CohenFromTable([][]int{{20, 5}, {10, 15}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("p_o = %.2f, p_e = %.2f, κ = %.2f\n", r.Observed, r.Expected, r.Value)
	// Output:
	// p_o = 0.70, p_e = 0.50, κ = 0.40
}

func ExampleUnitizedAlpha() {
	// Two coders mark the code "doubt" in a 10-character text: ann marks
	// characters 0-3, bob characters 2-5.
	spans := []agreement.Span{
		{Continuum: "interview-1", Coder: "ann", Category: "doubt", Start: 0, End: 4},
		{Continuum: "interview-1", Coder: "bob", Category: "doubt", Start: 2, End: 6},
	}
	r, err := agreement.UnitizedAlpha(map[string]int{"interview-1": 10}, []string{"ann", "bob"}, spans, "doubt")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s = %.3f over %d code points\n", r.Metric, r.Value, r.Units)
	// Output:
	// alpha-char = 0.208 over 10 code points
}
