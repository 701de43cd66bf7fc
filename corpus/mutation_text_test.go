package corpus

import (
	"strings"
	"testing"
)

// TestStandaloneNameWorked pins speaker names alone on a line: emphasis
// and, in Markdown, ATX headings of one to six '#'.
func TestStandaloneNameWorked(t *testing.T) {
	tests := []struct {
		in   string
		md   bool
		name string
		ok   bool
	}{
		{"**Ann**", false, "Ann", true},
		{"__Ann__", false, "Ann", true},
		{"**Ann:**", false, "Ann", true},
		{"**Ann**:", false, "", false},
		{"**A**", false, "A", true},
		{"****", false, "", false},
		{"**a**b**", false, "", false},
		{"Ann", false, "", false},
		{"# Ann", true, "Ann", true},
		{"###### Ann", true, "Ann", true},
		{"####### Ann", true, "", false},
		{"#Ann", true, "", false},
		{"## **Ann** ##", true, "Ann", true},
		{"#", true, "", false},
		{"# Ann", false, "", false},
		{"## Ann：", true, "Ann", true},
	}
	for _, tc := range tests {
		name, ok := standaloneName(tc.in, tc.md)
		if name != tc.name || ok != tc.ok {
			t.Errorf("standaloneName(%q, %v) = %q, %v; want %q, %v", tc.in, tc.md, name, ok, tc.name, tc.ok)
		}
	}
}

// TestLineHeadCut pins the part of a line searched for a label: the first
// labelScan+64 bytes after leading blanks, cut at a character boundary.
func TestLineHeadCut(t *testing.T) {
	n := labelScan + 64
	ascii := strings.Repeat("a", n)
	if got := lineHead("  \t" + ascii); got != ascii {
		t.Errorf("exactly %d bytes: got %d", n, len(got))
	}
	if got := lineHead(ascii + "b"); got != ascii {
		t.Errorf("%d+1 bytes: got %d", n, len(got))
	}
	// é is 2 bytes: n-1 ASCII bytes then é straddles the cut.
	s := strings.Repeat("a", n-1) + "é" + "x"
	if got := lineHead(s); got != strings.Repeat("a", n-1) {
		t.Errorf("cut inside é: got %d bytes, %q", len(got), got[len(got)-2:])
	}
	s = strings.Repeat("a", n-2) + "é" + "x"
	if got := lineHead(s); got != strings.Repeat("a", n-2)+"é" {
		t.Errorf("é before the cut: got %d bytes", len(got))
	}
}

// TestOtterLineWorked pins Otter.ai speaker lines: a name and a time, the
// time strict after two spaces or a tab.
func TestOtterLineWorked(t *testing.T) {
	tests := []struct {
		in string
		c  otterCand
		ok bool
	}{
		{"Jordan Lee  0:03", otterCand{name: "Jordan Lee", ts: "00:00:03.000", strict: true}, true},
		{"Jordan Lee\t0:03", otterCand{name: "Jordan Lee", ts: "00:00:03.000", strict: true}, true},
		{"Jordan Lee 0:03", otterCand{name: "Jordan Lee", ts: "00:00:03.000"}, true},
		{"Jordan Lee", otterCand{name: "Jordan Lee"}, true},
		{"Lee, Jordan  1:02:03", otterCand{name: "Lee, Jordan", ts: "01:02:03.000", strict: true}, true},
		{"Jordan Lee  0:03.5", otterCand{name: "Jordan Lee  0:03.5"}, false},
		{"Hello, how are you today?", otterCand{}, false},
		{"Ann " + strings.Repeat("b", 196), otterCand{name: "Ann " + strings.Repeat("b", 196)}, false},
		{"Ann  0:03 \u00a0", otterCand{name: "Ann", ts: "00:00:03.000", strict: true}, true},
	}
	for _, tc := range tests {
		c, ok := otterLine(tc.in)
		if ok != tc.ok || (ok && c != tc.c) {
			t.Errorf("otterLine(%q) = %+v, %v; want %+v, %v", tc.in, c, ok, tc.c, tc.ok)
		}
	}
	// A line of 200 bytes is read; one of 201 is not (a name with a time
	// after many spaces).
	if c, ok := otterLine("Ann" + strings.Repeat(" ", 193) + "0:03"); !ok || c.name != "Ann" {
		t.Errorf("200 bytes: %+v, %v", c, ok)
	}
	if c, ok := otterLine("Ann" + strings.Repeat(" ", 194) + "0:03"); ok {
		t.Errorf("201 bytes: %+v, want no speaker line", c)
	}
}
