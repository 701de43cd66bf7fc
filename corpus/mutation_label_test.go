package corpus

import (
	"strconv"
	"strings"
	"testing"
)

// TestEditDistanceWorked pins the Levenshtein distance, worked by hand, and
// the cut-off at the limit.
func TestEditDistanceWorked(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over the limit: limit+1
		{"flaw", "lawn", 2, 2},
		{"ann", "anne", 1, 1},
		{"anne", "ann", 1, 1},
		{"ann", "ann", 1, 0},
		{"", "ab", 2, 2},
		{"ab", "", 2, 2},
		{"", "abc", 2, 3},
		{"zoë", "zoe", 1, 1},
		{"abcd", "badc", 4, 3},
		{"marguerite", "margarita", 2, 3},
		{"marguerite", "margerite", 2, 1},
		{"ab", "ba", 2, 2},
		{"", "abcd", 1, 2}, // far longer b: cut off at limit+1
		{"x", "abcd", 1, 2},
		{"abcd", "x", 1, 2},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

// TestLookalikeWorked pins which accepted speaker a label used once is taken
// to misspell: distance 1, or 2 from 8 letters on, and only one candidate.
func TestLookalikeWorked(t *testing.T) {
	accepted := []string{"Interviewer", "Maria", "Jonathan"}
	tests := []struct{ name, want string }{
		{"Mari", "Maria"},
		{"MARIAS", "Maria"},
		{"Mar", ""},             // distance 2, 3 letters
		{"Jonathn", "Jonathan"}, // distance 1
		{"Jonthn", ""},          // distance 2, 6 letters
		{"Jonatha", "Jonathan"},
		{"Jonaxxan", "Jonathan"}, // distance 2, 8 letters
		{"Jxnaxxan", ""},         // distance 3
		{"Intervewer", "Interviewer"},
		{"maria", ""}, // the same name in another case is no misspelling
	}
	for _, tc := range tests {
		if got := lookalike(tc.name, accepted); got != tc.want {
			t.Errorf("lookalike(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := lookalike("Ana", []string{"Anna", "Ada"}); got != "" {
		t.Errorf("two candidates: %q, want none", got)
	}
	many := make([]string, maxLookalikes+1)
	for i := range many {
		many[i] = "Speaker" + strings.Repeat("x", i)
	}
	if got := lookalike("Speakr", many); got != "" {
		t.Errorf("more than %d speakers: %q, want none", maxLookalikes, got)
	}
	if got := lookalike("Speakr", many[:maxLookalikes]); got != "Speaker" {
		t.Errorf("%d speakers: %q, want Speaker", maxLookalikes, got)
	}
}

// TestValidNameEdges pins the label name shape at its limits: 40 code
// points, 6 words, the first character a letter, single spaces.
func TestValidNameEdges(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{strings.Repeat("é", 40), true},
		{strings.Repeat("é", 41), false},
		{"A b c d e f", true},
		{"A b c d e f g", false},
		{"Dr. O’Neil-Smith (P4) #2_a", true},
		{"Ann  Lee", false},
		{"Ann ", false},
		{"4Ann", false},
		{"A", true},
		{"Ann:", false},
		{"Zoë", true},
	}
	for _, tc := range tests {
		if got := validName(tc.name); got != tc.ok {
			t.Errorf("validName(%q) = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

// TestCompareIDsWorked pins the natural order of ids.
func TestCompareIDsWorked(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"P2", "P10", -1},
		{"P10", "P2", 1},
		{"P2", "P2", 0},
		{"P02", "P2", -1}, // equal numbers: ordered as text
		{"P2", "P02", 1},
		{"P2a", "P2b", -1},
		{"P2b", "P2a", 1},
		{"A1", "B1", -1},
		{"B1", "A1", 1},
		{"P2", "P2a", -1},
		{"P2a", "P2", 1},
		{"10", "9", 1},
		{"9", "10", -1},
		{"P9-3", "P9-12", -1},
		{"a", "ab", -1},
		{"ab", "a", 1},
		{"Pa", "P1", 1}, // a letter after a digit: '1' < 'a'
		{"P1", "Pa", -1},
	}
	for _, tc := range tests {
		got := CompareIDs(tc.a, tc.b)
		if (got < 0) != (tc.want < 0) || (got > 0) != (tc.want > 0) {
			t.Errorf("CompareIDs(%q, %q) = %d, want the sign of %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestCleanLineEdges pins line normalisation at the edges of the white
// space and control ranges.
func TestCleanLineEdges(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a b", "a b"},
		{" a", "a"},
		{"a ", "a"},
		{"a  b", "a b"},
		{"a\tb", "a b"},
		{"a\u00a0b", "a b"},
		{"a\u1680b\u202fc\u205fd\u3000e", "a b c d e"},
		{"a\u2000b\u200ac", "a b c"},
		{"a\u1fffb\u200bc", "a\u1fffb\u200bc"}, // just outside U+2000–U+200A
		{"a\x01b\x1fc\x7fd", "abcd"},
		{"a\u0080b\u009fc\u00a1", "abc\u00a1"},
		{"a\ufeffb", "ab"},
		{"a\ufeffb\ufefe", "ab\ufefe"},
		{"a \x01 b", "a b"},
		{"\x01 a", "a"},
		{"a\xffb", "a\ufffdb"},
		{"a\x80b", "a\ufffdb"}, // a lone continuation byte
		{"a\ufffdb", "a\ufffdb"},
		{"\t\t", ""},
		{"x y z", "x y z"},
		{"a\u00a0", "a"},
	}
	for _, tc := range tests {
		if got := cleanLine(tc.in); got != tc.want {
			t.Errorf("cleanLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSplitLabelWorked pins speaker labels found at the start of a line.
func TestSplitLabelWorked(t *testing.T) {
	tests := []struct {
		in, name, ts, rest string
		ok                 bool
	}{
		{"Ann: hi", "Ann", "", "hi", true},
		{"Ann:", "Ann", "", "", true},
		{"Siskowitz:well", "Siskowitz", "", "well", true},
		{"siskowitz:well", "", "", "", false},
		{"Room:2B", "", "", "", false},
		{"4B:well", "", "", "", false},
		{"10:30 meeting", "", "", "", false},
		{"Ann：hi", "Ann", "", "hi", true},
		{"Ann (00:12): hi", "Ann", "00:00:12.000", "hi", true},
		{"Ann [00:12:30]: hi", "Ann", "00:12:30.000", "hi", true},
		{"[00:00:05] Ann (00:12): hi", "Ann", "00:00:05.000", "hi", true},
		{"Ann (00:12)", "", "", "", false},
		{"Ann (00:12):hi", "", "", "", false},
		{"JOEL MILLNER [interrupting]: Yeah", "JOEL MILLNER", "", "[interrupting] Yeah", true},
		{"Ann [laughs]:", "Ann", "", "[laughs]", true},
		{"[laughs]: x", "", "", "", false},
		{"Ann [a [b]]: x", "", "", "", false},
		{"**Ann:** hi", "Ann", "", "hi", true},
		{"**Ann:**hi", "Ann", "", "hi", true},
		{"**Ann**: hi", "Ann", "", "hi", true},
		{"**Ann**:hi", "", "", "", false},
		{"__Ann__：hi", "Ann", "", "hi", true},
		{"*Ann：*hi", "Ann", "", "hi", true},
		{"_Ann:_ hi", "Ann", "", "hi", true},
		{"**Ann** hi", "", "", "", false},
		{"****: hi", "", "", "", false},
		{"*", "", "", "", false},
		{"", "", "", "", false},
		{"[00:00:05]", "", "", "", false},
		{strings.Repeat("a", 200) + ": x", "", "", "", false},
	}
	for _, tc := range tests {
		name, ts, rest, ok := splitLabel(tc.in)
		if name != tc.name || ts != tc.ts || rest != tc.rest || ok != tc.ok {
			t.Errorf("splitLabel(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tc.in, name, ts, rest, ok, tc.name, tc.ts, tc.rest, tc.ok)
		}
	}
}

// TestIsRoleWorked pins the role words and their numbered forms.
func TestIsRoleWorked(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"Interviewer", true},
		{"PSW 3", true},
		{"P04", true},
		{"Participant-2", true},
		{"Speaker A", true},
		{"Speaker 1", true},
		{"Speaker", false},
		{"Speaker AB", false},
		{"S1", true},
		{"S", false},
		{"Q", true},
		{"I", true},
		{"Ann", false},
		{"Anna B", false},
		{"12", false},
		{"x b", false},
		{"a b", true}, // "a" (answer) with a letter
		{"Speaker 0", true},
		{"Speaker z", true},
		{"Speaker {", false},
		{"Speaker `", false},
	}
	for _, tc := range tests {
		if got := isRole(tc.in); got != tc.ok {
			t.Errorf("isRole(%q) = %v, want %v", tc.in, got, tc.ok)
		}
	}
}

// TestForEachLineNumbers pins the lines forEachLine gives: a final line
// break ends the last line and starts no empty one; blank lines inside
// count.
func TestForEachLineNumbers(t *testing.T) {
	var got []string
	forEachLine("a\n\nb\n", func(n int, l string) { got = append(got, strconv.Itoa(n)+"="+l) })
	if want := "1=a 2= 3=b"; strings.Join(got, " ") != want {
		t.Errorf("lines %q, want %q", strings.Join(got, " "), want)
	}
	got = nil
	forEachLine("", func(n int, l string) { got = append(got, l) })
	if len(got) != 0 {
		t.Errorf("empty text gave lines %q", got)
	}
}
