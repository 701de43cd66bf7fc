package coding

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

// Boundary and worked-example tests of the package's internals, written
// from its mutation-testing triage (docs/mutation/coding.md): each pins a
// behaviour that a small change to the code would break unnoticed.

func TestWordsApostrophesAndSpans(t *testing.T) {
	for in, want := range map[string]string{
		"don't worry":       "don't@0-5 worry@6-11",
		"trust me":          "trust@0-5 me@6-8",
		"'tis the best one": "tis@1-4 the@5-8 best@9-13 one@14-17",
		"We’re OK":          "we're@0-5 ok@6-8",
	} {
		var got []string
		for _, w := range words(in) {
			got = append(got, fmt.Sprintf("%s@%d-%d", w.w, w.start, w.end))
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("words(%q) = %s, want %s", in, g, want)
		}
	}
}

func turnsOf(texts ...string) []corpus.Turn {
	var ts []corpus.Turn
	for i, s := range texts {
		ts = append(ts, corpus.Turn{N: i + 1, Text: s})
	}
	return ts
}

func spansOf(sps []Span) string {
	var out []string
	for _, s := range sps {
		out = append(out, fmt.Sprintf("#%d:%d-%d %q", s.Turn, s.Start, s.End, s.Quote))
	}
	return strings.Join(out, " | ")
}

// TestNearPassagesWorked: the passages suggested for a quote not found,
// worked out by hand from the rule in nearPassages' comment.
func TestNearPassagesWorked(t *testing.T) {
	for _, tc := range []struct {
		name, quote string
		turns       []string
		want        string
	}{
		// Turn 1 shares "support" once (a repeated word counts as often
		// as the quote has it), turn 2 shares both words: turn 2 first.
		{"repeats count once", "peer support", []string{"support support", "peer support"},
			`#2:0-12 "peer support" | #1:0-15 "support support"`},
		// Two windows share two words; the one starting on a quote word
		// wins, and the passage does not end on a word the quote lacks.
		{"start on a quote word", "we trust them", []string{"so we trust you"}, `#1:3-11 "we trust"`},
		// Equally good windows: the first.
		{"first of equals", "we trust", []string{"we trust and we trust"}, `#1:0-8 "we trust"`},
		// Exactly half of the words shared is enough.
		{"half", "we trust them all", []string{"we trust nobody here"}, `#1:0-8 "we trust"`},
		{"less than half", "we trust them all", []string{"we nobody here"}, ``},
	} {
		got := spansOf(nearPassages("P1", turnsOf(tc.turns...), tc.quote, 3))
		for _, s := range []string{`#1`, `#2`} {
			got = strings.ReplaceAll(got, `P1`+s, s)
		}
		if got != tc.want {
			t.Errorf("%s: nearPassages(%q) = %s, want %s", tc.name, tc.quote, got, tc.want)
		}
	}
}

// TestAroundWorked: about six words on each side of the passage (six
// before it, seven after it when it ends at a word's end: the gap right
// after the passage is not counted), counted as words (runs of spaces are
// one gap), with ellipses where text is cut.
func TestAroundWorked(t *testing.T) {
	text := "a b c d e f g h PASSAGE i j k l m n o p"
	start := strings.Index(text, "PASSAGE")
	want := "…c d e f g h [[PASSAGE]] i j k l m n o…"
	if got := around(text, start, start+len("PASSAGE")); got != want {
		t.Errorf("around = %q, want %q", got, want)
	}
	spaced := "a  b  c  d  e  f  g  h  PASSAGE  i  j  k  l  m  n  o  p"
	start = strings.Index(spaced, "PASSAGE")
	if got := around(spaced, start, start+len("PASSAGE")); got != want {
		t.Errorf("around with double spaces = %q, want %q", got, want)
	}
	// At the very end and the very start of the text.
	if got := around("we trust them", 9, 13); got != "we trust [[them]]" {
		t.Errorf("around at the end = %q", got)
	}
	if got := around(" we trust them", 1, 3); got != "[[we]] trust them" {
		t.Errorf("around after a leading space = %q", got)
	}
	if got := around("x we trust them", 2, 4); got != "x [[we]] trust them" {
		t.Errorf("around one word in = %q", got)
	}
}

func TestFoldDashes(t *testing.T) {
	for in, want := range map[string]string{
		"-yes":       "-yes",
		"well--yes":  "well-yes",
		"well — yes": "well-yes",
		"a-b-c":      "a-b-c",
		" - a":       "-a",
		"so… ok":     "so... ok",
	} {
		if got, _ := fold(in); string(got) != want {
			t.Errorf("fold(%q) = %q, want %q", in, string(got), want)
		}
	}
}

func TestNearestTies(t *testing.T) {
	for _, tc := range []struct {
		pos        []int
		want, best int
	}{
		{[]int{2, 6}, 4, -1}, {[]int{6, 2}, 4, -1}, {[]int{1, 6}, 4, 6}, {[]int{6, 1}, 4, 6},
		{nil, 3, -1}, {[]int{0}, 5, 0}, {[]int{4, 9}, 4, 4}, {[]int{9, 4}, 4, 4}, {[]int{3, 9, 5}, 4, -1}, {[]int{9, 0}, 2, 0},
	} {
		if got := nearest(tc.pos, tc.want); got != tc.best {
			t.Errorf("nearest(%v, %d) = %d, want %d", tc.pos, tc.want, got, tc.best)
		}
	}
}

func reanchorOne(c Coding, turns []corpus.Turn) string {
	out, moved, orphaned := Reanchor([]Coding{c}, turns)
	o := out[0]
	return fmt.Sprintf("#%d:%d-%d orphaned=%v moved=%d orphans=%d", o.Turn, o.Start, o.End, o.Orphaned, moved, orphaned)
}

// TestReanchorWorked: re-anchoring at the edges: a source-level quote now
// at the very start, an empty quote still in place, whole turns that lost
// junk (first turn, exactly half, nearest, equally near).
func TestReanchorWorked(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Coding
		turns []corpus.Turn
		want  string
	}{
		{"source-level quote moved to offset 0",
			Coding{Turn: 0, Start: 20, End: 25, Quote: "Hello"}, turnsOf("Hello there", "and more"),
			"#0:0-5 orphaned=false moved=1 orphans=0"},
		{"empty quote still in place in the only turn",
			Coding{Turn: 1, Start: 0, End: 0, Quote: ""}, turnsOf(""),
			"#1:0-0 orphaned=false moved=0 orphans=0"},
		{"whole first turn lost a label line",
			Coding{Turn: 1, Start: 0, End: 26, Quote: "I kept going.\n[crosstalk]!"}, turnsOf("I kept going.", "Other words here."),
			"#1:0-13 orphaned=false moved=1 orphans=0"},
		{"whole turn: the same turn before a farther one",
			Coding{Turn: 1, Start: 0, End: 26, Quote: "I kept going.\n[crosstalk]!"}, turnsOf("I kept going.", "x", "I kept going."),
			"#1:0-13 orphaned=false moved=1 orphans=0"},
		{"whole turn: nearest turn, before it",
			Coding{Turn: 2, Start: 0, End: 26, Quote: "I kept going.\n[crosstalk]!"}, turnsOf("I kept going.", "x", "y", "I kept going."),
			"#1:0-13 orphaned=false moved=1 orphans=0"},
		{"whole turn: nearest turn, after it",
			Coding{Turn: 3, Start: 0, End: 26, Quote: "I kept going.\n[crosstalk]!"}, turnsOf("I kept going.", "x", "y", "I kept going."),
			"#4:0-13 orphaned=false moved=1 orphans=0"},
		{"whole turn: two equally near",
			Coding{Turn: 2, Start: 0, End: 26, Quote: "I kept going.\n[crosstalk]!"}, turnsOf("I kept going.", "x", "I kept going."),
			"#2:0-26 orphaned=true moved=0 orphans=1"},
		{"whole turn: less than half left",
			Coding{Turn: 1, Start: 0, End: 26, Quote: "I kept going.\n[crosstalk]!"}, turnsOf("I kept."),
			"#1:0-26 orphaned=true moved=0 orphans=1"},
	} {
		if got := reanchorOne(tc.c, tc.turns); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestFindQuoteInsideSpanEdges: a quote that ends exactly at the end of
// the given span, or starts exactly at its start, is inside it.
func TestFindQuoteInsideSpanEdges(t *testing.T) {
	turns := turnsOf("we trust them, we trust them")
	for _, tc := range []struct {
		ref  corpus.Ref
		want string
	}{
		{corpus.Ref{Source: "P1", Turn: 1, HasSpan: true, Start: 0, End: 13}, "#1:9-13"},
		{corpus.Ref{Source: "P1", Turn: 1, HasSpan: true, Start: 24, End: 28}, "#1:24-28"},
	} {
		sp, err := FindQuote(tc.ref, turns, "them")
		if err != nil {
			t.Errorf("%v: %v", tc.ref, err)
			continue
		}
		if got := fmt.Sprintf("#%d:%d-%d", sp.Turn, sp.Start, sp.End); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.ref, got, tc.want)
		}
	}
}

// TestQuoteErrorShortensLongQuotes: quotes up to 60 code points are shown
// whole, longer ones cut to 57 and "...".
func TestQuoteErrorShortensLongQuotes(t *testing.T) {
	q60 := strings.Repeat("é", 60)
	if msg := (&QuoteError{Quote: q60, Where: "source P1", Err: ErrQuoteNotFound}).Error(); !strings.Contains(msg, q60) {
		t.Errorf("a 60-character quote was cut: %s", msg)
	}
	q61 := strings.Repeat("é", 61)
	want := `"` + strings.Repeat("é", 57) + `..."`
	if msg := (&QuoteError{Quote: q61, Where: "source P1", Err: ErrQuoteNotFound}).Error(); !strings.Contains(msg, want) {
		t.Errorf("a 61-character quote: %s, want it cut to %s", msg, want)
	}
}

// TestQuoteErrorWithoutContext: an ambiguity error built without the
// context lines still lists every candidate.
func TestQuoteErrorWithoutContext(t *testing.T) {
	qe := &QuoteError{Quote: "yes", Where: "source P1", Err: ErrQuoteAmbiguous,
		Candidates: []Span{{Source: "P1", Turn: 1, Start: 0, End: 3}, {Source: "P1", Turn: 2, Start: 0, End: 3}}}
	msg := qe.Error()
	if !strings.Contains(msg, "occurs 2 times") || !strings.HasSuffix(msg, "\n  P1#2:0-3") {
		t.Errorf("message = %q", msg)
	}
}

// TestResolveSourceSpanBackwards: a source-level reference whose start is
// after its end is refused as such, not as "past the end".
func TestResolveSourceSpanBackwards(t *testing.T) {
	_, err := Resolve(corpus.Ref{Source: "P1", Start: 5, End: 3}, turnsOf("we trust them"))
	if err == nil || !strings.Contains(err.Error(), "start 5 is after end 3") {
		t.Errorf("Resolve(P1:5-3) = %v, want 'start 5 is after end 3'", err)
	}
}

// TestMergeSortedUnsortedRun: a run that is not in file order (a file
// edited by hand) is sorted, also when it is the only one.
func TestMergeSortedUnsortedRun(t *testing.T) {
	a := Coding{ID: "a", Source: "P1", Turn: 1}
	b := Coding{ID: "b", Source: "P1", Turn: 2}
	c := Coding{ID: "c", Source: "P1", Turn: 3}
	for _, runs := range [][][]Coding{{{b, a}}, {{c, b, a}}, {{c, a}, {b}}} {
		got := MergeSorted(runs)
		if ids := idsOf(got); ids != "a b" && ids != "a b c" {
			t.Errorf("MergeSorted(%s) = %s, want sorted", runsIDs(runs), ids)
		}
	}
}

// TestMergeSortedTiesAsSort: codings that compare equal (a duplicated id)
// in several files come out exactly as sorting the concatenation puts them.
func TestMergeSortedTiesAsSort(t *testing.T) {
	x := func(q string) Coding { return Coding{ID: "dup", Source: "P1", Turn: 1, Quote: q} }
	runs := [][]Coding{{x("one")}, {x("two")}, {x("three")}}
	want := slices.Concat(runs...)
	Sort(want)
	got := MergeSorted(runs)
	if fmt.Sprint(quotesOf(got)) != fmt.Sprint(quotesOf(want)) {
		t.Errorf("MergeSorted with ties = %v, want %v", quotesOf(got), quotesOf(want))
	}
}

func idsOf(cs []Coding) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return strings.Join(out, " ")
}

func quotesOf(cs []Coding) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Quote)
	}
	return out
}

func runsIDs(runs [][]Coding) string {
	var out []string
	for _, r := range runs {
		out = append(out, "["+idsOf(r)+"]")
	}
	return strings.Join(out, "")
}

func TestTurnNumberDigits(t *testing.T) {
	if n, err := turnNumber("123456789"); err != nil || n != 123456789 {
		t.Errorf("turnNumber(9 digits) = %d, %v", n, err)
	}
	if _, err := turnNumber("1234567890"); err == nil {
		t.Error("turnNumber(10 digits) was accepted")
	}
}

func TestEpisodeValidateUnknownTurnCount(t *testing.T) {
	e := Episode{Name: "Going back", Source: "P1", From: 2, To: 40}
	if err := e.Validate(0); err != nil {
		t.Errorf("with the number of turns unknown (0): %v", err)
	}
	if err := e.Validate(40); err != nil {
		t.Errorf("ending on the last turn: %v", err)
	}
	if err := e.Validate(39); err == nil {
		t.Error("ending past the last turn was accepted")
	}
}

func TestMemoTitleLength(t *testing.T) {
	l70 := strings.Repeat("ü", 70)
	if got := (Memo{Body: l70 + "\nmore"}).Title(); got != l70 {
		t.Errorf("a 70-character title was cut: %q", got)
	}
	l71 := strings.Repeat("ü", 71)
	if got := (Memo{Body: l71}).Title(); got != strings.Repeat("ü", 67)+"..." {
		t.Errorf("a 71-character title: %q", got)
	}
}

func TestSameTargetFolding(t *testing.T) {
	for _, tc := range []struct {
		a, b Target
		same bool
	}{
		{Target{Kind: TargetCode, Name: "Peer  trust"}, Target{Kind: TargetCode, Name: "peer trust"}, true},
		{Target{Kind: TargetCategory, Name: "Being There"}, Target{Kind: TargetCategory, Name: "being there"}, true},
		{Target{Kind: TargetSource, Name: "P1"}, Target{Kind: TargetSource, Name: "p1"}, false},
		{Target{Kind: TargetRef, Name: "P1#2"}, Target{Kind: TargetRef, Name: "P1#2"}, true},
		{Target{Kind: TargetCode, Name: "P1"}, Target{Kind: TargetSource, Name: "P1"}, false},
		{Target{Name: "x"}, Target{Kind: TargetProject, Name: "x"}, true},
	} {
		if got := SameTarget(tc.a, tc.b); got != tc.same {
			t.Errorf("SameTarget(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestInVivoNameLength(t *testing.T) {
	s80 := strings.Repeat("ä", 80)
	if got := InVivoName(s80); got != s80 {
		t.Errorf("an 80-character name was cut: %q", got)
	}
	if got := InVivoName(s80 + "b"); got != strings.Repeat("ä", 79)+"…" {
		t.Errorf("an 81-character name: %q", got)
	}
}
