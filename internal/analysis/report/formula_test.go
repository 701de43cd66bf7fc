package report

import (
	"bytes"
	"testing"
)

// A code or participant named like a formula is written as text.
func TestCSVFormulasNeutralised(t *testing.T) {
	var b bytes.Buffer
	if err := writeCSV(&b, [][]string{{"code", "n"}, {"=cmd|' /C calc'!A0", "-3"}}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "code,n\n'=cmd|' /C calc'!A0,-3\n" {
		t.Errorf("got %q", got)
	}
}
