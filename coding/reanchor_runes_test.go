package coding

import (
	"testing"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/corpus"
)

// TestReanchorSourceLevelNonASCII: a source-level coding (turn 0) whose
// quote holds multi-byte characters is re-placed after a replacement with
// End = Start + code points of the quote, so that the span still holds the
// quote exactly.
//
// Planted bug it catches: End computed as Start + bytes of the quote
// (len(c.Quote) instead of len([]rune(c.Quote))) in anchor, coding/resolve.go.
func TestReanchorSourceLevelNonASCII(t *testing.T) {
	for _, quote := range []string{
		"Zoë’s “trust”",  // Latin-1 and general punctuation (2 and 3 bytes)
		"café au lait",   // one 2-byte letter
		"看護師",            // CJK, 3 bytes each
		"peer 🤝 support", // astral plane, 4 bytes
	} {
		t.Run(quote, func(t *testing.T) {
			if len(quote) == utf8.RuneCountInString(quote) {
				t.Fatal("the quote must be non-ASCII for this test to mean anything")
			}
			old := tt("I said " + quote + " twice.")
			text, _ := corpus.PlainText(old)
			start := len([]rune(text)) - len([]rune(quote+" twice."))
			c := Coding{ID: "a", Code: "C", Source: "P1", Turn: 0, Start: start, End: start + utf8.RuneCountInString(quote), Quote: quote}
			if sp, err := Resolve(c.Ref(), old); err != nil || sp.Quote != quote {
				t.Fatalf("fixture: %s holds %q (%v)", c.Ref(), sp.Quote, err)
			}
			// Text inserted before the quote moves it.
			replaced := tt("Well, I said " + quote + " twice.")
			out, moved, orphaned := Reanchor([]Coding{c}, replaced)
			got := out[0]
			if moved != 1 || orphaned != 0 || got.Turn != 0 {
				t.Fatalf("moved %d orphaned %d turn %d", moved, orphaned, got.Turn)
			}
			if got.Start != start+len([]rune("Well, ")) {
				t.Errorf("start %d, want %d", got.Start, start+len([]rune("Well, ")))
			}
			if n := got.End - got.Start; n != utf8.RuneCountInString(quote) {
				t.Errorf("span %d-%d is %d code points; the quote has %d (%d bytes)", got.Start, got.End, n, utf8.RuneCountInString(quote), len(quote))
			}
			sp, err := Resolve(got.Ref(), replaced)
			if err != nil || sp.Quote != quote {
				t.Errorf("re-anchored span %s holds %q (%v), want %q", got.Ref(), sp.Quote, err, quote)
			}
		})
	}
}
