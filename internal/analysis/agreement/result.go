package agreement

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Names of the coefficients, as reported in [Result.Metric].
const (
	MetricPercent   = "percent"    // PercentAgreement
	MetricCohen     = "cohen"      // CohenKappa, CohenFromTable
	MetricFleiss    = "fleiss"     // FleissKappa, FleissFromCounts
	MetricAlpha     = "alpha"      // KrippendorffAlpha
	MetricCharAlpha = "alpha-char" // UnitizedAlpha
)

// ErrUndefined reports that a coefficient is mathematically undefined for
// the given data, for example because all values are identical (expected
// disagreement zero) or because there are fewer than two pairable values.
// Functions return it wrapped in an error whose message explains the cause;
// test for it with errors.Is.
var ErrUndefined = errors.New("agreement: coefficient is undefined")

// ErrNotNumeric reports that a value could not be interpreted as a finite
// number although the requested [Scale] is ordinal, interval or ratio. It is
// returned wrapped in an error naming the unit, coder and value; test for it
// with errors.Is.
var ErrNotNumeric = errors.New("agreement: value is not a number")

// Result is the outcome of an agreement computation.
type Result struct {
	// Metric names the coefficient: one of MetricPercent, MetricCohen,
	// MetricFleiss, MetricAlpha or MetricCharAlpha.
	Metric string

	// Value is the coefficient. It is always finite. Percent agreement is
	// a proportion in [0, 1], not a percentage. Kappa and alpha are at most
	// 1; 1 means perfect agreement and 0 agreement at chance level.
	Value float64

	// Observed and Expected are the two quantities the coefficient is
	// built from:
	//   - percent agreement: Observed = Value, Expected = 0;
	//   - Cohen's kappa: p_o and p_e (observed and chance agreement);
	//   - Fleiss' kappa: P̄ and P̄_e (observed and chance agreement);
	//   - alpha: D_o and D_e (observed and expected disagreement), in the
	//     squared units of the data for the interval scale. For interval
	//     data with magnitudes beyond about 1e154 they may be +Inf even
	//     though Value is finite.
	Observed, Expected float64

	// Units is the number of units that entered the computation: units
	// with at least two values (percent, alpha), units coded by both
	// coders (Cohen), units coded by every coder (Fleiss), or code points
	// (UnitizedAlpha).
	Units int

	// Pairable is the number of values that entered the computation; for
	// alpha it is n, the total of the coincidence matrix.
	Pairable int

	// Note is a human-readable remark about the data, such as how many
	// units were left out and why. It is empty if there is nothing to say.
	Note string
}

// kindError is an error with a full message that matches a sentinel error
// through errors.Is.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// undefined returns an error wrapping ErrUndefined with the message
// "agreement: " followed by the formatted text.
func undefined(format string, args ...any) error {
	return &kindError{kind: ErrUndefined, msg: "agreement: " + fmt.Sprintf(format, args...)}
}

// finite reports whether x is neither NaN nor an infinity.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// plural returns "1 unit" or "n units".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var keep []string
	for _, n := range notes {
		if n != "" {
			keep = append(keep, n)
		}
	}
	return strings.Join(keep, "; ")
}
