package report

import (
	"strings"
	"testing"
)

func TestSaturationSentenceNamesLateCodes(t *testing.T) {
	r := &SaturationReport{K: 2, Reached: true, Point: 2, After: "P02", Steps: []Step{
		{N: 1, Source: "P01", NewCodes: []string{"a", "b"}},
		{N: 2, Source: "P02", NewCodes: []string{"c"}},
		{N: 3, Source: "P03", NewCodes: []string{}},
		{N: 4, Source: "P04", NewCodes: []string{}},
		{N: 5, Source: "P05", NewCodes: []string{"d", "e"}},
	}}
	s := r.Sentence()
	if !strings.Contains(s, "But 2 new code(s) appeared later, at P05 (2)") {
		t.Errorf("sentence %q hides the late codes", s)
	}
	r.Steps[4].NewCodes = []string{}
	if s := r.Sentence(); !strings.Contains(s, "No new code appeared after it") {
		t.Errorf("sentence %q", s)
	}
}
