package corpus

import (
	"fmt"
	"strings"
	"testing"
)

// TestMegabytes pins the size in the too-large message.
func TestMegabytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{1<<20 - 1, "1048575 bytes"},
		{1 << 20, "1.0 MB"},
		{3 << 19, "1.5 MB"},
		{65<<20 + 1<<19, "65.5 MB"},
	}
	for _, tc := range tests {
		if got := megabytes(tc.n); got != tc.want {
			t.Errorf("megabytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestCutTextWhere pins where a long turn is cut: the last sentence end in
// the window's second half (not its first), else the last white space.
func TestCutTextWhere(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want []string
	}{
		// a sentence end before the last space wins
		{"One. Two three. Four five", 22, []string{"One. Two three.", "Four five"}},
		// a sentence end at exactly half the window does not count
		{"xyz. a bc", 8, []string{"xyz. a", "bc"}},
		// no sentence end: the last space
		{"abc defgh", 6, []string{"abc", "defgh"}},
		{"ab? cd ef", 6, []string{"ab? cd", "ef"}},
		{"ab cd! efg", 8, []string{"ab cd!", "efg"}},
		{"abc… def gh", 9, []string{"abc…", "def gh"}},
		{"abc\ndefgh", 6, []string{"abc", "defgh"}},
		// a line break in the second half is a sentence end
		{"ab cd\nefg", 7, []string{"ab cd", "efg"}},
	}
	for _, tc := range tests {
		if got := cutText(tc.in, tc.n); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("cutText(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// TestLongTurnSplitEdges pins the split at the limit: a turn of exactly
// maxTurnChars code points (more bytes) is not split, and the pieces of a
// split cue keep its start on the first piece and its end on the last
// only (56 code points cut into three pieces of at most 20).
func TestLongTurnSplitEdges(t *testing.T) {
	lower(t, &maxTurnChars, 20)
	exact := strings.Repeat("é", 20)
	tr, err := Parse("P1.txt", []byte("Interviewer: "+exact+"\nParticipant: "+strings.Repeat("word ", 10)+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	splits := 0
	for _, w := range tr.Diagnostics.Warnings {
		if w.Kind == WarnTurnSplit {
			splits++
		}
	}
	if splits != 1 || tr.Turns[0].Text != exact {
		t.Errorf("%d split warnings, first turn %q; want 1 and the turn whole", splits, tr.Turns[0].Text)
	}
	var vtt strings.Builder
	vtt.WriteString("WEBVTT\n\n")
	for i := range 3 {
		fmt.Fprintf(&vtt, "00:00:%02d.000 --> 00:00:%02d.500\n<v Ann>one two three four\n\n", i, i)
	}
	tr, err = Parse("P1.vtt", []byte(vtt.String()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tu := range tr.Turns {
		got = append(got, tu.Start+"|"+tu.End+"|"+tu.Text)
	}
	want := []string{
		"00:00:00.000||one two three four",
		"||one two three four",
		"|00:00:02.500|one two three four",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("split cue turn:\n%q\nwant\n%q", got, want)
	}
}
