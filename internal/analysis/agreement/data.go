package agreement

import (
	"fmt"
	"strconv"
)

// Data is a reliability data matrix: the values that a set of coders
// assigned to a set of units.
//
// Values[u][c] is the value coder c assigned to unit u, or nil if the value
// is missing (coder c did not code unit u). Every row of Values must have
// exactly len(Coders) elements. Units names the rows; it may be nil, in which
// case units are referred to by their 1-based index, and otherwise must have
// len(Values) elements. Names are used only in messages and by [WriteCSV].
//
// Values are strings. Nominal coefficients compare them as strings;
// ordinal, interval and ratio alpha parse them as numbers.
type Data struct {
	Coders []string
	Units  []string
	Values [][]*string
}

// Value returns a pointer to a copy of s, for use as a non-missing cell of
// [Data.Values].
func Value(s string) *string { return &s }

// NewData returns a Data with the given units and coders in which every
// value is missing.
func NewData(units, coders []string) *Data {
	d := &Data{
		Coders: append([]string(nil), coders...),
		Units:  append([]string(nil), units...),
		Values: make([][]*string, len(units)),
	}
	for u := range d.Values {
		d.Values[u] = make([]*string, len(coders))
	}
	return d
}

// Validate reports whether d is a well-formed matrix: d is not nil, every
// row of d.Values has len(d.Coders) elements, and d.Units is nil or has
// len(d.Values) elements. It does not inspect the values themselves.
func (d *Data) Validate() error {
	if d == nil {
		return fmt.Errorf("agreement: nil Data")
	}
	if d.Units != nil && len(d.Units) != len(d.Values) {
		return fmt.Errorf("agreement: Data has %d unit names but %d rows of values", len(d.Units), len(d.Values))
	}
	for u, row := range d.Values {
		if len(row) != len(d.Coders) {
			return fmt.Errorf("agreement: unit %s has %d values, want %d (one per coder)", d.unitName(u), len(row), len(d.Coders))
		}
	}
	return nil
}

// unitName returns a quoted name for unit u for use in messages.
func (d *Data) unitName(u int) string {
	if u < len(d.Units) {
		return strconv.Quote(d.Units[u])
	}
	return strconv.Itoa(u + 1)
}

// coderName returns a quoted name for coder c for use in messages.
func (d *Data) coderName(c int) string {
	if c < len(d.Coders) {
		return strconv.Quote(d.Coders[c])
	}
	return strconv.Itoa(c + 1)
}

// Binary builds the reliability data for a single code applied or not
// applied to units by coders. The value of unit u for coder c is
//
//	missing  if rated is not nil and rated(u, c) is false,
//	"1"      otherwise, if present(u, c) is true,
//	"0"      otherwise.
//
// A nil rated means every coder rated every unit. present must not be nil.
// The result is suitable for any coefficient; with [Nominal] alpha it
// measures agreement on the presence of the code.
func Binary(units []string, coders []string, present func(unit, coder int) bool, rated func(unit, coder int) bool) *Data {
	d := NewData(units, coders)
	for u := range d.Values {
		for c := range d.Values[u] {
			switch {
			case rated != nil && !rated(u, c):
				// missing
			case present(u, c):
				d.Values[u][c] = Value("1")
			default:
				d.Values[u][c] = Value("0")
			}
		}
	}
	return d
}
