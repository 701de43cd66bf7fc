package agreement

import (
	"fmt"
	"strconv"
	"strings"
)

// Scale is the level of measurement of the values, which selects the
// difference function δ² of Krippendorff's alpha. See the package
// documentation for the formulas.
type Scale int

// The levels of measurement.
const (
	Nominal  Scale = iota // unordered categories; values compared as strings
	Ordinal               // ordered numbers; differences by rank mass
	Interval              // numbers; squared differences
	Ratio                 // non-negative numbers; squared relative differences
)

var scaleNames = [...]string{
	Nominal:  "nominal",
	Ordinal:  "ordinal",
	Interval: "interval",
	Ratio:    "ratio",
}

// String returns the lower-case name of s, such as "nominal", or
// "Scale(n)" for an invalid value.
func (s Scale) String() string {
	if s.valid() {
		return scaleNames[s]
	}
	return "Scale(" + strconv.Itoa(int(s)) + ")"
}

func (s Scale) valid() bool { return s >= Nominal && s <= Ratio }

// ParseScale returns the Scale named by name: "nominal", "ordinal",
// "interval" or "ratio". Case and surrounding space are ignored.
func ParseScale(name string) (Scale, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for s, sn := range scaleNames {
		if n == sn {
			return Scale(s), nil
		}
	}
	return 0, fmt.Errorf("agreement: unknown scale %q (want nominal, ordinal, interval or ratio)", name)
}
