package report

import (
	"slices"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

// TestPlaceTurnsSameAsPlainText: the offsets and length Texts computes
// without building the text are corpus.PlainText's, for speakers and
// texts with and without multi-byte and invalid UTF-8, empty speakers and
// texts, and no turns.
func TestPlaceTurnsSameAsPlainText(t *testing.T) {
	pieces := []string{"", "a", "Zoë", "王芳", "\xff", "\xe2\x82", "e\u0301", "line\nbreak", "Jordan Lee"}
	var cases [][]corpus.Turn
	cases = append(cases, nil)
	for _, sp := range pieces {
		for _, tx := range pieces {
			cases = append(cases,
				[]corpus.Turn{{N: 1, Speaker: sp, Text: tx}},
				[]corpus.Turn{{N: 1, Speaker: tx, Text: sp}, {N: 2, Speaker: sp, Text: tx}, {N: 3, Speaker: "", Text: tx + sp}})
		}
	}
	for _, ts := range cases {
		text, offs := corpus.PlainText(ts)
		pl := placeTurns(ts)
		if !slices.Equal(pl.offsets, offs) || pl.length != len([]rune(text)) {
			t.Errorf("%#v: offsets %v, length %d; PlainText gives %v, %d", ts, pl.offsets, pl.length, offs, len([]rune(text)))
		}
	}
}

// FuzzPlaceTurns is TestPlaceTurnsSameAsPlainText on any two turns.
func FuzzPlaceTurns(f *testing.F) {
	f.Add("Interviewer", "Hello", "", "\xff")
	f.Fuzz(func(t *testing.T, sp1, tx1, sp2, tx2 string) {
		ts := []corpus.Turn{{N: 1, Speaker: sp1, Text: tx1}, {N: 2, Speaker: sp2, Text: tx2}}
		text, offs := corpus.PlainText(ts)
		pl := placeTurns(ts)
		if !slices.Equal(pl.offsets, offs) || pl.length != len([]rune(text)) {
			t.Errorf("%#v: offsets %v, length %d; PlainText gives %v, %d", ts, pl.offsets, pl.length, offs, len([]rune(text)))
		}
	})
}
