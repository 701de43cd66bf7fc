package refi

import (
	"reflect"
	"strings"
	"testing"
)

func mustDecode(t *testing.T, s string) *sourceText {
	t.Helper()
	st, err := decodeSource([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSourceTextEnds: a CR as the last character is a line end of its
// own, in the normalised text and when a CRLF is counted as one.
func TestSourceTextEnds(t *testing.T) {
	st := mustDecode(t, "a\r\nb\r")
	if st.norm != "a\nb\n" {
		t.Errorf("norm %q", st.norm)
	}
	if got := st.units(positions{CRLFAsOne: true}); !reflect.DeepEqual(got, []int{0, 1, 1, 2, 3, 4}) {
		t.Errorf("units, CRLF as one: %v", got)
	}
	if got := st.units(positions{}); !reflect.DeepEqual(got, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("units: %v", got)
	}
}

// TestUnitsUTF16: U+FFFF is the last character of one UTF-16 unit.
func TestUnitsUTF16(t *testing.T) {
	st := mustDecode(t, "\uFFFF😀a")
	if got := st.units(positions{UTF16: true}); !reflect.DeepEqual(got, []int{0, 1, 3, 4}) {
		t.Errorf("UTF-16 units of U+FFFF, U+1F600, a: %v, want [0 1 3 4]", got)
	}
}

// TestNoUTF16WithoutAstral: a text with no character beyond U+FFFF counts
// the same in UTF-16 units, so an NVivo origin changes nothing and
// nothing is reported (U+FFFF is the last character of the BMP).
func TestNoUTF16WithoutAstral(t *testing.T) {
	for _, text := range []string{"plain text here", "plain text \uFFFF"} {
		st := mustDecode(t, text)
		if st.hasAstral {
			t.Errorf("%q: hasAstral", text)
		}
		ch := st.choosePositions([]selPos{{0, 5, "plain"}}, "NVivo 14")
		if ch.pos != (positions{}) || !ch.verified {
			t.Errorf("%q: %+v", text, ch)
		}
		if msg := ch.describe("s", "NVivo 14"); msg != "" {
			t.Errorf("%q: describe %q, want nothing", text, msg)
		}
	}
}

// TestBOMReadingBeforeFromOne: positions that count a byte order mark put
// every selection where counting from 1 does; the byte order mark is the
// explanation reported (it is in the file), and the choice is verified
// since both put the selections on the same text.
func TestBOMReadingBeforeFromOne(t *testing.T) {
	st := mustDecode(t, "\uFEFFab cd")
	ch := st.choosePositions([]selPos{{4, 6, "cd"}}, "")
	if ch.pos != (positions{BOM: true}) || !ch.verified || ch.names != 2 || ch.stdNames != 0 {
		t.Fatalf("%+v", ch)
	}
	want := `s: positions read as the byte order mark counted as a character, because selection names match the text 2 times (0 under code points); 1 of 1 selections start and end on word boundaries (0 under code points); converted`
	if msg := ch.describe("s", ""); msg != want {
		t.Errorf("describe:\n got %s\nwant %s", msg, want)
	}
}

// TestCandidatesDistinct: each counting system is tried once, the
// standard first, then by how many ways it differs.
func TestCandidatesDistinct(t *testing.T) {
	st := mustDecode(t, "\uFEFFa😀\r\nb")
	c := st.candidates()
	if len(c) != 32 || c[0] != (positions{}) {
		t.Fatalf("%d candidates, first %v", len(c), c[0])
	}
	seen := map[positions]bool{}
	for i, p := range c {
		if seen[p] {
			t.Errorf("%v tried twice", p)
		}
		seen[p] = true
		if i > 0 && onesOf(p) < onesOf(c[i-1]) {
			t.Errorf("%v after %v", p, c[i-1])
		}
	}
	if got := mustDecode(t, "ab").candidates(); len(got) != 4 {
		t.Errorf("plain text: %d candidates (%v), want 4 (from one, end inclusive)", len(got), got)
	}
}

func TestWordBoundsOfEmptySpan(t *testing.T) {
	st := mustDecode(t, "ab cd")
	for _, q := range []int{0, 3, 5} {
		if st.startsWord(q, q) || st.endsWord(q, q) {
			t.Errorf("the empty span at %d starts or ends a word", q)
		}
	}
	if !st.startsWord(3, 5) || !st.endsWord(3, 5) || st.startsWord(2, 5) || st.endsWord(3, 4) {
		t.Error("word bounds of \"cd\", \" cd\", \"c\"")
	}
}

func TestFoldAndMatchScore(t *testing.T) {
	for in, want := range map[string]string{
		"  a  b\u00a0 c ": "a b c", "a\r\nb": "a b", "\u00a0x": "x", "a\u0007b": "ab", "cafe\u0301": "café",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct {
		name, text string
		want       int
	}{
		{"abcdefgh", "abcdefgh and more", 1}, // eight characters are enough for a shortened name
		{"abcdefg", "abcdefg and more", 0},   // seven are not
		{"ab", "abc", 0},
		{"ab…", "abc", 1},
		{" ab  c ", "ab c", 2},
		{"", "", 0},
	} {
		if got := matchScore(tc.name, tc.text); got != tc.want {
			t.Errorf("matchScore(%q, %q) = %d, want %d", tc.name, tc.text, got, tc.want)
		}
	}
}

func TestDescribeEvidence(t *testing.T) {
	for _, tc := range []struct {
		ch          positionChoice
		names, conv bool
	}{
		{positionChoice{pos: positions{UTF16: true}, bounds: 2, total: 2, verified: true}, false, true},
		{positionChoice{pos: positions{}, bounds: 2, total: 2}, false, false},
		{positionChoice{pos: positions{UTF16: true}, names: 0, stdNames: 1, total: 2, verified: true}, true, true},
		{positionChoice{pos: positions{UTF16: true}, names: 1, stdNames: 0, total: 2, verified: true}, true, true},
	} {
		msg := tc.ch.describe("s", "")
		if got := strings.Contains(msg, "selection names match"); got != tc.names {
			t.Errorf("%+v: names mentioned %v: %s", tc.ch, got, msg)
		}
		if got := strings.HasSuffix(msg, "; converted"); got != tc.conv {
			t.Errorf("%+v: converted %v: %s", tc.ch, got, msg)
		}
	}
}

// TestCandidatesOrder: when the evidence cannot tell two systems apart,
// the earlier candidate wins (and the choice is reported as unverified),
// so the order is part of the result: the standard, then one difference
// at a time in the order UTF-16, CRLF, BOM, from one, end inclusive.
func TestCandidatesOrder(t *testing.T) {
	c := mustDecode(t, "\uFEFFa😀\r\nb").candidates()
	want := []positions{{}, {UTF16: true}, {CRLFAsOne: true}, {BOM: true}, {FromOne: true}, {EndInclusive: true}, {UTF16: true, CRLFAsOne: true}}
	if !reflect.DeepEqual(c[:len(want)], want) {
		t.Errorf("candidates start %v, want %v", c[:len(want)], want)
	}
}

// TestChoosePositionsEvidence: worked examples of the order of evidence
// (names, then word boundaries less selections out of range, then the
// origin's system, then fewest out of range), found by a search over small
// texts and checked by hand.
func TestChoosePositionsEvidence(t *testing.T) {
	for _, tc := range []struct {
		why      string
		text     string
		sels     []selPos
		origin   string
		pos      positions
		verified bool
	}{
		{
			// Names and word boundaries (less selections out of range)
			// do not single out a system; the origin's (ATLAS.ti counts a
			// CRLF as one) is chosen.
			"origin after a tie", "de f😀de f, 😀\r\n",
			[]selPos{{4, 6, "😀d"}, {4, 4, ""}, {-1, 2, ""}, {2, 2, ""}}, "ATLAS.ti", positions{CRLFAsOne: true}, true,
		},
		{
			// Readings that match as many names but put more selections
			// out of range lose to the standard.
			"out of range counts against", "abcab \n\n",
			[]selPos{{0, 2, "ab"}, {5, 7, ""}, {0, 2, ""}, {5, 8, " \n\n"}}, "ATLAS.ti", positions{}, true,
		},
		{
			// Another system fits exactly as badly: not verified.
			"an unverified standard", "de fc\n\n\r\n\r\n",
			[]selPos{{8, 9, ""}, {11, 14, ""}, {3, 6, ""}, {5, 5, ""}}, "NVivo", positions{}, false,
		},
	} {
		st := mustDecode(t, tc.text)
		ch := st.choosePositions(tc.sels, tc.origin)
		if ch.pos != tc.pos || ch.verified != tc.verified {
			t.Errorf("%s: %v verified %v, want %v verified %v (%+v)", tc.why, ch.pos, ch.verified, tc.pos, tc.verified, ch)
		}
	}
}
