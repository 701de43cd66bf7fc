package refi

import (
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

// checkAlign checks align's contract on text and the turns parsed from it:
// every turn character is mapped from exactly one character of the text,
// that character is the same (or white space for a space), and the given
// labels (found by the words after them) map to no turn.
func checkAlign(t *testing.T, text string, labels ...string) alignment {
	t.Helper()
	turns, err := corpus.ParseText("txt", text)
	if err != nil {
		t.Fatal(err)
	}
	rs := []rune(text)
	al := align(rs, turns)
	seen := map[[2]int32]bool{}
	for q, ti := range al.turn {
		if ti < 0 {
			continue
		}
		want := []rune(turns[ti].Text)[al.off[q]]
		if rs[q] != want && !(want == ' ' && hspace(rs[q])) && !(want == '\n' && rs[q] == '\n') {
			t.Errorf("%q: text[%d]=%q maps to turn %d offset %d %q", text, q, rs[q], ti+1, al.off[q], want)
		}
		k := [2]int32{ti, al.off[q]}
		if seen[k] {
			t.Errorf("%q: turn %d offset %d mapped twice", text, ti+1, al.off[q])
		}
		seen[k] = true
	}
	if n := corpus.CharCount(turns); len(seen) != n {
		var ts []string
		for _, tt := range turns {
			ts = append(ts, tt.Text)
		}
		t.Errorf("%q: %d of %d turn characters mapped (turns %q)", text, len(seen), n, ts)
	}
	for _, l := range labels { // "Sam: So": the label "Sam:" before "So"
		at := len([]rune(text[:strings.Index(text, l)]))
		for q := at; q < at+len([]rune(l[:strings.LastIndex(l, ":")+1])); q++ {
			if al.turn[q] >= 0 {
				t.Errorf("%q: the label %q at %d maps to turn %d", text, l, q, al.turn[q]+1)
			}
		}
	}
	return al
}

// TestAlignWhiteSpaceAndControls: the characters package corpus turns into
// a space (U+2000 to U+200A, no-break space) or drops (C0 and C1 controls,
// U+FEFF) map as it does, also inside the 24 characters a line is
// anchored on.
func TestAlignWhiteSpaceAndControls(t *testing.T) {
	for _, text := range []string{
		"Ann: one\u2000two\n\nBob: three\u200Afour",
		"Ann: one\u00A0two\n\nBob: three\u2009four",
		"Ann: on\x01e two\n\nBob: th\u0080ree four",
		"Ann: on\u009Fe two\n\nBob: th\uFEFFree four",
		"Ann: one \x01 two\n\nBob: three\x7f four",
		"Ann: ab\x01b and more\n\nBob: yes",
		// A space between two equal letters, and a run of spaces there.
		"Ann: pizza and cake\n\nBob: pizza  and cake",
	} {
		checkAlign(t, text)
	}
}

// TestAlignLabels: a line is anchored on its own words, not on a speaker
// label that starts with the same letter.
func TestAlignLabels(t *testing.T) {
	checkAlign(t, "Sam: Hello there.\n\nAnn: Sam said hi.\n\nSam: So it goes.\n\nAnn: Sure.", "Sam: So", "Ann: Sure")
}

// TestAlignWindow: the next line is looked for up to anchorWindow
// characters past the end of the previous one.
func TestAlignWindow(t *testing.T) {
	for _, gap := range []int{anchorWindow - 5, anchorWindow - 6} {
		// "hi" ends at 7; the gap of blank lines and the label "Bob: "
		// put "there" at 7 + gap + 5.
		text := "Ann: hi" + strings.Repeat("\n", gap) + "Bob: there"
		al := checkAlign(t, text)
		if at := 7 + gap + 5; al.turn[at] != 1 {
			t.Errorf("gap %d: \"there\" at %d maps to turn %d", gap, at, al.turn[at]+1)
		}
	}
}

// TestAlignPastTheText: align never reads past the text, even for turns
// that do not come from it (a line longer than what is left of the text).
func TestAlignPastTheText(t *testing.T) {
	for _, tc := range []struct{ text, turn string }{
		{"abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz!"}, // anchored, then the text ends
		{"abc", "abcd"},       // the text ends inside the anchor
		{"a  ", "a b"},        // ... after white space
		{"a b\x01", "a b\nc"}, // the turn has a line the text lacks
		{"abcdefghijklmnopqrstuvwxyz  ", "abcdefghijklmnopqrstuvwxyz b"}, // anchored, then white space to the end
	} {
		al := align([]rune(tc.text), []corpus.Turn{{N: 1, Text: tc.turn}})
		if len(al.turn) != len([]rune(tc.text)) {
			t.Errorf("%q: %d positions", tc.text, len(al.turn))
		}
	}
	// What does match is mapped.
	al := align([]rune("abcdefghijklmnopqrstuvwxyz"), []corpus.Turn{{N: 1, Text: "abcdefghijklmnopqrstuvwxyz!"}})
	if al.turn[25] != 0 || al.off[25] != 25 {
		t.Errorf("z maps to %d %d", al.turn[25], al.off[25])
	}
}

// TestLocateLabelOnly: a span of a label and the space after it holds no
// turn character, even though the next character is one.
func TestLocateLabelOnly(t *testing.T) {
	text := "Ann: Hello.\n\nBob: Yes."
	al := checkAlign(t, text)
	at := strings.Index(text, "Bob: ")
	if _, _, _, _, ok := al.locate(at, at+5); ok {
		t.Error("the label and its space were located in a turn")
	}
	if t1, o1, _, o2, ok := al.locate(at, at+6); !ok || t1 != 1 || o1 != 0 || o2 != 1 {
		t.Errorf("label and Y: %d %d %d %v", t1, o1, o2, ok)
	}
}

// TestLocatePastTheEnd: a span running past the end of the text is cut
// there.
func TestLocatePastTheEnd(t *testing.T) {
	text := "Ann: Hi.\n\nBob: Yes.\n\n"
	al := checkAlign(t, text)
	n := len([]rune(text))
	if _, _, _, _, ok := al.locate(n-2, n+3); ok {
		t.Error("the blank lines at the end were located in a turn")
	}
	if t1, o1, t2, o2, ok := al.locate(n-4, n+3); !ok || t1 != 1 || o1 != 2 || t2 != 1 || o2 != 4 {
		t.Errorf("\"s.\" and past the end: %d %d %d %d %v", t1, o1, t2, o2, ok)
	}
}

// TestAlignUnanchoredLine: a line of a turn that is not found in the text
// still counts in the offsets of the lines after it.
func TestAlignUnanchoredLine(t *testing.T) {
	text := "a b\nyyy\nc d"
	al := align([]rune(text), []corpus.Turn{{N: 1, Text: "a b\nzzz\nc d"}})
	c := strings.Index(text, "c")
	if al.turn[c] != 0 || al.off[c] != 8 {
		t.Errorf("c maps to turn %d offset %d, want 0 and 8", al.turn[c], al.off[c])
	}
}
