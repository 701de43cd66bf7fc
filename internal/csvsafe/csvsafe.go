// Package csvsafe makes table cells safe to open in a spreadsheet.
//
// Spreadsheets (Excel, LibreOffice Calc, Google Sheets) run a cell whose
// text starts with '=', '+', '-' or '@' as a formula, and some also treat
// a leading tab or carriage return so; a quote or participant attribute
// that starts so could run a formula on the researcher's machine (CSV
// injection). Cell prefixes such a cell with a single quote ('), which
// spreadsheets show as text and hide; a cell that is a plain number
// ("-3", "+1.5") is left as it is. The quote is visible to other readers
// of the file (R, pandas): strip a leading ' from a cell whose second
// character is one of = + - @ TAB CR to get the text back.
package csvsafe

import (
	"strconv"
	"strings"
)

// BOM is the UTF-8 byte order mark, which makes Excel read a CSV file as
// UTF-8 (without it, accented letters show wrongly).
const BOM = "\uFEFF"

// Cell returns s, prefixed with a single quote when a spreadsheet would
// run it as a formula.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

// Row applies Cell to every cell of rec, in place, and returns it.
func Row(rec []string) []string {
	for i, s := range rec {
		rec[i] = Cell(s)
	}
	return rec
}
