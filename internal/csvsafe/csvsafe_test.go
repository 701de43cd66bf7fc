package csvsafe

import (
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"plain":                   "plain",
		"=HYPERLINK(\"x\",\"y\")": "'=HYPERLINK(\"x\",\"y\")",
		"+1+cmd":                  "'+1+cmd",
		"-2+3":                    "'-2+3",
		"@SUM(A1)":                "'@SUM(A1)",
		"\t=1":                    "'\t=1",
		"\r=1":                    "'\r=1",
		"-3":                      "-3",
		"+1.5":                    "+1.5",
		"a=b":                     "a=b",
		"— dash":                  "— dash",
		"- I said, yes.":          "'- I said, yes.",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCell(f *testing.F) {
	f.Add("=1+1")
	f.Add("-3")
	f.Fuzz(func(t *testing.T, s string) {
		got := Cell(s)
		if got != "" && strings.ContainsRune("=+@\t\r", rune(got[0])) {
			t.Errorf("Cell(%q) = %q starts with a formula character", s, got)
		}
		if got != s && got != "'"+s {
			t.Errorf("Cell(%q) = %q changes more than a prefix", s, got)
		}
	})
}
