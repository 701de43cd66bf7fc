package corpus

import (
	"slices"
	"testing"
)

// TestClockWorked pins clock times as the label and cue parsers normalise
// them, each worked by hand in milliseconds.
func TestClockWorked(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for no clock time
	}{
		{"0:00", "00:00:00.000"},
		{"12:34", "00:12:34.000"},
		{"59:59", "00:59:59.000"},
		{"60:00", "01:00:00.000"}, // the first field may pass 59
		{"9:59:59", "09:59:59.000"},
		{"10:00:00", "10:00:00.000"},
		{"1:02:03", "01:02:03.000"},
		{"1234:00:00", "1234:00:00.000"},
		{"1:02:03.4", "01:02:03.400"},
		{"1:02:03.45", "01:02:03.450"},
		{"1:02:03,456", "01:02:03.456"},
		{"00:01.005", "00:00:01.005"},
		{"00:01.050", "00:00:01.050"},
		{"00:01.", ""},
		{"00:01.0005", ""},
		{"00:01.5a", ""},
		{"12345:00", ""},
		{"00:60", ""},
		{"00:59:60", ""},
		{"00:5", ""},
		{"00:005", ""},
		{"5", ""},
		{"1:02:03:04", ""},
		{":00", ""},
		{"a:00", ""},
		{"00:0/", ""},
		{"00:0:", ""},
	}
	for _, tc := range tests {
		got, ok := clock(tc.in)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("clock(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
	if got := formatClock(36_000_000 + 59*60_000 + 7*1000 + 89); got != "10:59:07.089" {
		t.Errorf("formatClock = %q", got)
	}
	if got := formatClock(9*3_600_000 + 10*60_000 + 20*1000 + 300); got != "09:10:20.300" {
		t.Errorf("formatClock = %q", got)
	}
}

// TestLeadingClockWorked pins the timestamps read before a label.
func TestLeadingClockWorked(t *testing.T) {
	tests := []struct {
		in, ts, rest string
		ok           bool
	}{
		{"[00:12:30] Ann: hi", "00:12:30.000", "Ann: hi", true},
		{"(00:12:30) Ann: hi", "00:12:30.000", "Ann: hi", true},
		{"00:12:30 Ann: hi", "00:12:30.000", "Ann: hi", true},
		{"0:05 x", "00:00:05.000", "x", true},
		{"9:05 x", "00:09:05.000", "x", true},
		{"[00:12:30]Ann: hi", "", "", false},
		{"[00:12:30]", "", "", false},
		{"[00:12:30", "", "", false},
		{"[ 00:12:30 ] x", "00:12:30.000", "x", true},
		{"[", "", "", false},
		{"[00:12:30 and more than twenty] x", "", "", false},
		{"00:12:30", "", "", false},
		{"a0:12 x", "", "", false},
		{"/0:12 x", "", "", false},
		{":0:12 x", "", "", false},
		{"12 x", "", "", false},
		{"", "", "", false},
		{"[12] x", "", "", false},
	}
	for _, tc := range tests {
		ts, rest, ok := leadingClock(tc.in)
		if ts != tc.ts || rest != tc.rest || ok != tc.ok {
			t.Errorf("leadingClock(%q) = %q, %q, %v; want %q, %q, %v", tc.in, ts, rest, ok, tc.ts, tc.rest, tc.ok)
		}
	}
}

// TestSliceWorked pins Slice on code points at every edge.
func TestSliceWorked(t *testing.T) {
	s := "aéb€c" // 5 code points, 9 bytes
	tests := []struct {
		start, end int
		want       string
		ok         bool
	}{
		{0, 0, "", true},
		{0, 5, s, true},
		{1, 2, "é", true},
		{1, 4, "éb€", true},
		{3, 5, "€c", true},
		{5, 5, "", true},
		{4, 4, "", true},
		{2, 1, "", false},
		{-1, 2, "", false},
		{0, 6, "", false},
		{6, 6, "", false},
		{5, 6, "", false},
	}
	for _, tc := range tests {
		got, ok := Slice(s, tc.start, tc.end)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Slice(%q, %d, %d) = %q, %v; want %q, %v", s, tc.start, tc.end, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := Slice("", 0, 0); got != "" || !ok {
		t.Errorf("Slice of the empty string: %q, %v", got, ok)
	}
}

// TestFindWorked pins Find's code-point offsets, overlapping matches and
// matches at both ends.
func TestFindWorked(t *testing.T) {
	tests := []struct {
		s, sub string
		want   []int
	}{
		{"aaa", "aa", []int{0, 1}},
		{"éaéaé", "é", []int{0, 2, 4}},
		{"€ab€ab", "ab", []int{1, 4}},
		{"abc", "abc", []int{0}},
		{"abc", "c", []int{2}},
		{"ab", "abc", nil},
		{"abc", "", nil},
		{"ééé", "éé", []int{0, 1}},
	}
	for _, tc := range tests {
		if got := Find(tc.s, tc.sub); !slices.Equal(got, tc.want) {
			t.Errorf("Find(%q, %q) = %v, want %v", tc.s, tc.sub, got, tc.want)
		}
	}
}

// TestPlainTextOffsets pins the plain-text layout and its code-point
// offsets, worked by hand.
func TestPlainTextOffsets(t *testing.T) {
	turns := []Turn{
		{N: 1, Speaker: "Zoë", Text: "Héllo"},
		{N: 2, Text: "no speaker"},
		{N: 3, Speaker: "P4", Text: "ok"},
	}
	text, offs := PlainText(turns)
	// "Zoë: " is 5 code points; "Héllo" 5; "\n\n" 2; "no speaker" 10; "\n\n" 2; "P4: " 4.
	if want := "Zoë: Héllo\n\nno speaker\n\nP4: ok"; text != want {
		t.Errorf("text %q, want %q", text, want)
	}
	if want := []int{5, 12, 28}; !slices.Equal(offs, want) {
		t.Errorf("offsets %v, want %v", offs, want)
	}
	for i, tu := range turns {
		if got, _ := Slice(text, offs[i], offs[i]+tu.Len()); got != tu.Text {
			t.Errorf("turn %d at %d reads %q", i+1, offs[i], got)
		}
	}
	if CharCount(turns) != 17 {
		t.Errorf("CharCount = %d, want 17", CharCount(turns))
	}
}
