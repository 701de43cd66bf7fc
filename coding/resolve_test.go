package coding

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

// turns is a small transcript with non-ASCII text: offsets are counted in
// code points, so "Zoë’s" is five long whatever its UTF-8 length.
var turns = []corpus.Turn{
	{N: 1, Speaker: "Interviewer", Text: "How did you build trust?"},
	{N: 2, Speaker: "Zoë", Text: "Zoë’s “trust” grew — slowly. I said \"trust me\" and meant it."},
	{N: 3, Speaker: "Interviewer", Text: "And then?"},
	{N: 4, Speaker: "Zoë", Text: "He came back. He came back the next week too."},
}

func ref(s string) corpus.Ref {
	r, err := corpus.ParseRef(s)
	if err != nil {
		panic(err)
	}
	return r
}

func TestResolve(t *testing.T) {
	plain, offs := corpus.PlainText(turns)
	tests := []struct {
		ref        corpus.Ref
		turn       int
		start, end int
		quote      string
	}{
		{ref("P1#1"), 1, 0, 24, "How did you build trust?"},
		{ref("P1#2"), 2, 0, 60, turns[1].Text},
		{ref("P1#2:0-5"), 2, 0, 5, "Zoë’s"},
		{ref("P1#2:7-12"), 2, 7, 12, "trust"},
		{ref("P1#2:6-13"), 2, 6, 13, "“trust”"},
		{ref("P1#2:19-20"), 2, 19, 20, "—"},
		{ref("P1#2:60-60"), 2, 60, 60, ""},
		{ref("P1#3:0-9"), 3, 0, 9, "And then?"},
		// Turn 0: offsets in the source's plain text, speaker labels
		// included.
		{ref("P1:0-11"), 0, 0, 11, "Interviewer"},
		{corpus.Ref{Source: "P1", HasSpan: true, Start: offs[1], End: offs[1] + 5}, 0, offs[1], offs[1] + 5, "Zoë’s"},
		{corpus.Ref{Source: "P1", HasSpan: true, Start: offs[1] - 5, End: offs[1]}, 0, offs[1] - 5, offs[1], "Zoë: "},
	}
	for _, tc := range tests {
		t.Run(tc.ref.String(), func(t *testing.T) {
			sp, err := Resolve(tc.ref, turns)
			if err != nil {
				t.Fatal(err)
			}
			if sp.Source != "P1" || sp.Turn != tc.turn || sp.Start != tc.start || sp.End != tc.end || sp.Quote != tc.quote {
				t.Errorf("Resolve(%s) = %+v, want turn %d %d-%d %q", tc.ref, sp, tc.turn, tc.start, tc.end, tc.quote)
			}
			if sp.Turn > 0 && !tc.ref.HasSpan {
				if got := sp.Ref().String(); got != fmt.Sprintf("P1#%d:%d-%d", tc.turn, tc.start, tc.end) {
					t.Errorf("Ref() = %s", got)
				}
			}
		})
	}
	if !strings.Contains(plain, "Interviewer: How did you build trust?\n\nZoë: Zoë’s") {
		t.Fatalf("plain text layout changed: %q", plain[:60])
	}
}

func TestResolveErrors(t *testing.T) {
	plain, _ := corpus.PlainText(turns)
	n := len([]rune(plain))
	tests := []struct {
		ref  corpus.Ref
		want string
	}{
		{ref("P1#5"), "turn 5 does not exist (the source has 4 turns)"},
		{ref("P1#5:0-1"), "turn 5 does not exist"},
		{corpus.Ref{Source: "P1", Turn: 2, HasSpan: true, Start: 5, End: 3}, "start 5 is after end 3"},
		{corpus.Ref{Source: "P1", Turn: 0, HasSpan: true, Start: 5, End: 3}, "start 5 is after end 3"},
		{ref("P1#2:0-61"), "span 0-61 is past the end of turn 2 (60 code points)"},
		{ref("P1#2:61-61"), "past the end of turn 2"},
		{ref("P1#3:9-10"), "past the end of turn 3 (9 code points)"},
		{corpus.Ref{Source: "P1", HasSpan: true, Start: 0, End: n + 1}, fmt.Sprintf("past the end of the source's plain text (%d code points)", n)},
		// Hand-edited or damaged coding files can hold any numbers.
		{corpus.Ref{Source: "P1", Turn: -1, HasSpan: true, Start: 0, End: 1}, "turn -1 does not exist"},
		{corpus.Ref{Source: "P1", Turn: 1, HasSpan: true, Start: -2, End: 1}, "past the end"},
	}
	for _, tc := range tests {
		t.Run(tc.ref.String(), func(t *testing.T) {
			sp, err := Resolve(tc.ref, turns)
			var re *RangeError
			if !errors.As(err, &re) {
				t.Fatalf("Resolve = %+v, %v; want a RangeError", sp, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.ref.String()+": ") {
				t.Errorf("error %q does not start with the reference", err)
			}
		})
	}
}

func TestFindQuote(t *testing.T) {
	tests := []struct {
		name  string
		ref   corpus.Ref
		quote string
		want  string // SRC#N:S-E
		text  string // the original text at the span
	}{
		{"exact in one turn", ref("P1#2"), "grew", "P1#2:14-18", "grew"},
		{"exact in the whole source", corpus.Ref{Source: "P1"}, "build trust", "P1#1:12-23", "build trust"},
		{"non-ASCII offsets", corpus.Ref{Source: "P1"}, "Zoë’s", "P1#2:0-5", "Zoë’s"},
		{"straight for typographic quotes", ref("P1#2"), `Zoë's "trust"`, "P1#2:0-13", "Zoë’s “trust”"},
		{"hyphen for em dash and loose spaces", ref("P1#2"), "grew  -\nslowly", "P1#2:14-27", "grew — slowly"},
		{"surrounding white space ignored", ref("P1#2"), "  “trust”   grew ", "P1#2:6-18", "“trust” grew"},
		{"NFD quote for NFC text", corpus.Ref{Source: "P1"}, "Zoe\u0308’s", "P1#2:0-5", "Zoë’s"},
		{"exact preferred over loose", ref("P1#2"), `"trust me"`, "P1#2:36-46", `"trust me"`},
		{"restricted to a span", ref("P1#4:13-45"), "He came back", "P1#4:14-26", "He came back"},
		{"restricted to a span, first", ref("P1#4:0-13"), "He came back", "P1#4:0-12", "He came back"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := FindQuote(tc.ref, turns, tc.quote)
			if err != nil {
				t.Fatal(err)
			}
			if got := sp.Ref().String(); got != tc.want || sp.Quote != tc.text {
				t.Errorf("FindQuote(%q) = %s %q, want %s %q", tc.quote, got, sp.Quote, tc.want, tc.text)
			}
			// The returned quote is exactly what Resolve gives for the span.
			r, err := Resolve(sp.Ref(), turns)
			if err != nil || r.Quote != sp.Quote {
				t.Errorf("Resolve(%s) = %q, %v", sp.Ref(), r.Quote, err)
			}
		})
	}
}

func TestFindQuoteErrors(t *testing.T) {
	t.Run("absent", func(t *testing.T) {
		_, err := FindQuote(corpus.Ref{Source: "P1"}, turns, "distrust")
		if !errors.Is(err, ErrQuoteNotFound) {
			t.Fatalf("err = %v", err)
		}
		if want := `the quote "distrust" is not in source P1`; !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not contain %q", err, want)
		}
	})
	t.Run("absent from the turn", func(t *testing.T) {
		_, err := FindQuote(ref("P1#1"), turns, "grew")
		if !errors.Is(err, ErrQuoteNotFound) || !strings.Contains(err.Error(), "is not in P1#1") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("outside the span", func(t *testing.T) {
		_, err := FindQuote(ref("P1#2:0-10"), turns, "grew")
		if !errors.Is(err, ErrQuoteNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ambiguous in the source", func(t *testing.T) {
		_, err := FindQuote(corpus.Ref{Source: "P1"}, turns, "trust")
		if !errors.Is(err, ErrQuoteAmbiguous) {
			t.Fatalf("err = %v", err)
		}
		var qe *QuoteError
		if !errors.As(err, &qe) {
			t.Fatal("not a QuoteError")
		}
		var got []string
		for _, c := range qe.Candidates {
			got = append(got, c.Ref().String())
		}
		if want := "[P1#1:18-23 P1#2:7-12 P1#2:37-42]"; fmt.Sprint(got) != want {
			t.Errorf("candidates = %v, want %s", got, want)
		}
		msg := err.Error()
		for _, want := range []string{`the quote "trust" occurs 3 times in source P1`, "\n  P1#1:18-23  How did you build [[trust]]?\n  P1#2:7-12  Zoë’s “[[trust]]” grew", "\n  P1#2:37-42  …“trust” grew — slowly. I said \"[[trust]] me\" and meant it."} {
			if !strings.Contains(msg, want) {
				t.Errorf("%q does not contain %q", msg, want)
			}
		}
	})
	t.Run("ambiguous in one turn", func(t *testing.T) {
		_, err := FindQuote(ref("P1#4"), turns, "came back")
		var qe *QuoteError
		if !errors.As(err, &qe) || len(qe.Candidates) != 2 || !strings.Contains(err.Error(), "occurs 2 times in P1#4") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ambiguous loosely", func(t *testing.T) {
		_, err := FindQuote(ref("P1#2"), turns, "TRUST")
		if !errors.Is(err, ErrQuoteNotFound) {
			t.Fatalf("matching is case-sensitive; err = %v", err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if _, err := FindQuote(ref("P1#2"), turns, "  \n"); err == nil || !strings.Contains(err.Error(), "empty") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("turn out of range", func(t *testing.T) {
		_, err := FindQuote(ref("P1#9"), turns, "x")
		var re *RangeError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestFindQuoteEquivalents: "..." matches "…" and " -- " matches "—" (and
// back), loosely, returning the transcript's own text.
func TestFindQuoteEquivalents(t *testing.T) {
	turns := []corpus.Turn{
		{N: 1, Speaker: "A", Text: "I waited… and then — nothing at all."},
		{N: 2, Speaker: "B", Text: "So... we left -- quietly."},
	}
	for _, tc := range []struct{ quote, want string }{
		{"I waited... and then -- nothing", "P1#1:0-28 I waited… and then — nothing"},
		{"waited… and then—nothing", "P1#1:2-28 waited… and then — nothing"},
		{"So… we left — quietly", "P1#2:0-24 So... we left -- quietly"},
		{"we left-quietly", "P1#2:6-24 we left -- quietly"},
	} {
		sp, err := FindQuote(corpus.Ref{Source: "P1"}, turns, tc.quote)
		if err != nil {
			t.Errorf("%q: %v", tc.quote, err)
			continue
		}
		if got := sp.Ref().String() + " " + sp.Quote; got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.quote, got, tc.want)
		}
	}
}

// TestFindQuoteNear: a quote not found lists the passages most like it,
// with words around them, most alike first, at most three.
func TestFindQuoteNear(t *testing.T) {
	turns := []corpus.Turn{
		{N: 1, Text: "How did you start at the drop-in centre?"},
		{N: 2, Text: "I kept showing up every Tuesday, same bench, same time."},
		{N: 3, Text: "Nothing to do with it."},
		{N: 4, Text: "Later I kept turning up each Tuesday."},
	}
	_, err := FindQuote(corpus.Ref{Source: "P3"}, turns, "I kept showing up each Tuesday")
	var qe *QuoteError
	if !errors.As(err, &qe) || !errors.Is(err, ErrQuoteNotFound) {
		t.Fatalf("err = %v", err)
	}
	var refs []string
	for _, n := range qe.Near {
		refs = append(refs, n.Ref().String())
	}
	if got := fmt.Sprint(refs); got != "[P3#2:0-31 P3#4:6-36]" {
		t.Errorf("near = %s", got)
	}
	msg := err.Error()
	for _, want := range []string{
		`the quote "I kept showing up each Tuesday" is not in source P3; did you mean`,
		"\n  P3#2:0-31: [[I kept showing up every Tuesday]], same bench, same time.",
		"\n  P3#4:6-36: Later [[I kept turning up each Tuesday]].",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not contain %q", msg, want)
		}
	}
	if _, err := FindQuote(corpus.Ref{Source: "P3"}, turns, "entirely different words here"); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("unrelated quote: %v", err)
	}
}
