package cli

import (
	"testing"
	"unicode/utf8"
)

func TestTermSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\nok":         "plain\ttext\nok",
		"a\x1b[2J\x1b]0;pwn\x07b": "a␛[2J␛]0;pwn␇b",
		"x\u202ey\u2066z":         "x\ufffdy\ufffdz",
		"c1\u009bq":               "c1\ufffdq",
		"del\x7f":                 "del␡",
	} {
		got := termSafe(in)
		if got != want {
			t.Errorf("termSafe(%q) = %q, want %q", in, got, want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(in) {
			t.Errorf("termSafe(%q) changed the number of characters", in)
		}
	}
}
