package export

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// cod codes the first occurrence of words in turn n of src.
func cod(t *testing.T, turns map[string][]corpus.Turn, id, code, src string, n int, words string) coding.Coding {
	t.Helper()
	text := turns[src][n-1].Text
	i := strings.Index(text, words)
	if i < 0 {
		t.Fatalf("%q not in %s#%d", words, src, n)
	}
	start := len([]rune(text[:i]))
	return coding.Coding{ID: id, Code: code, Source: src, Turn: n, Start: start, End: start + len([]rune(words)), Quote: words}
}

func exemplarTurns() map[string][]corpus.Turn {
	return map[string][]corpus.Turn{
		"P1":  {{N: 1, Text: "We met at the drop-in. She always showed up on time. That mattered to me."}},
		"P2":  {{N: 1, Text: "He told me his story first. Then I trusted him."}},
		"P10": {{N: 1, Text: "Honestly? Being there, week after week, was the whole job."}},
	}
}

func TestSelectExemplarsSentenceAndMarks(t *testing.T) {
	turns := exemplarTurns()
	in := ExemplarInput{Codes: []string{"Showing up"}, Turns: turns,
		Codings: []coding.Coding{cod(t, turns, "a1", "Showing up", "P1", 1, "showed up")}}
	got, problems, err := SelectExemplars(in, ExemplarOptions{})
	if err != nil || len(problems) != 0 {
		t.Fatal(err, problems)
	}
	q := got["showing up"][0]
	if q.Text("**", "**") != "She always **showed up** on time." {
		t.Errorf("exemplar %q, want the whole sentence with the span marked", q.Text("**", "**"))
	}
	if q.Participant != "P1" || q.Ref != "P1#1:34-43" {
		t.Errorf("quote %+v", q)
	}
}

func TestSelectExemplarsPinsDistinctPassagesParticipants(t *testing.T) {
	turns := exemplarTurns()
	in := ExemplarInput{Codes: []string{"Showing up", "Reliability", "Disclosure"}, Turns: turns,
		Codings: []coding.Coding{
			// Showing up: two codings in one sentence of P1, one in P10.
			cod(t, turns, "s1", "Showing up", "P1", 1, "always"),
			cod(t, turns, "s2", "Showing up", "P1", 1, "showed up"),
			cod(t, turns, "s3", "Showing up", "P10", 1, "Being there"),
			// Reliability: only the P1 sentence; it should keep it.
			cod(t, turns, "r1", "Reliability", "P1", 1, "on time"),
			// Disclosure: P2 twice; pinned the later one.
			cod(t, turns, "d1", "Disclosure", "P2", 1, "told me his story"),
			cod(t, turns, "d2", "Disclosure", "P2", 1, "trusted him"),
		},
		Pinned: []string{"d2"},
	}
	got, _, err := SelectExemplars(in, ExemplarOptions{PerCode: 2})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(code string) string {
		var s []string
		for _, q := range got[code] {
			s = append(s, q.CodingID)
		}
		return strings.Join(s, ",")
	}
	// Reliability has one passage and keeps it; Showing up then avoids it
	// while another passage exists, and never shows the P1 sentence twice.
	if g := ids("reliability"); g != "r1" {
		t.Errorf("Reliability: %s", g)
	}
	if g := ids("showing up"); g != "s3,s1" {
		t.Errorf("Showing up: %s, want the free passage first, then the shared one once", g)
	}
	if g := ids("disclosure"); g != "d2,d1" || !got["disclosure"][0].Pinned {
		t.Errorf("Disclosure: %s, want the pinned coding first", g)
	}
	// More exemplars asked: still never the P1 sentence twice.
	got, _, _ = SelectExemplars(in, ExemplarOptions{PerCode: 3})
	if g := ids("showing up"); g != "s3,s1" {
		t.Errorf("Showing up with 3 places: %s, want the shared sentence once", g)
	}
	// Several pins come in the order they were pinned.
	in.Pinned = []string{"d2", "d1"}
	got, _, _ = SelectExemplars(in, ExemplarOptions{PerCode: 2})
	if g := ids("disclosure"); g != "d2,d1" || !got["disclosure"][1].Pinned {
		t.Errorf("Disclosure with two pins: %s", g)
	}
}

func TestSelectExemplarsDifferentParticipantsFirst(t *testing.T) {
	turns := map[string][]corpus.Turn{
		"P1": {{N: 1, Text: "One. Two."}, {N: 2, Text: "Three."}},
		"P2": {{N: 1, Text: "Four."}},
	}
	in := ExemplarInput{Codes: []string{"X"}, Turns: turns, Codings: []coding.Coding{
		cod(t, turns, "a", "X", "P1", 1, "One"), cod(t, turns, "b", "X", "P1", 2, "Three"), cod(t, turns, "c", "X", "P2", 1, "Four")}}
	got, _, _ := SelectExemplars(in, ExemplarOptions{PerCode: 2})
	if len(got["x"]) != 2 || got["x"][1].CodingID != "c" {
		t.Errorf("exemplars %+v, want P1 then P2", got["x"])
	}
}

func TestExemplarLimitProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("trust was built slowly over many weeks of coffee and small talk until one day she said so")
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for j := 0; j < 20+r.IntN(120); j++ {
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString(words[r.IntN(len(words))])
			if r.IntN(12) == 0 {
				b.WriteString(".")
			}
		}
		text := []rune(b.String())
		start := r.IntN(len(text) - 1)
		end := start + 1 + r.IntN(len(text)-start-1)
		turns := map[string][]corpus.Turn{"P1": {{N: 1, Text: string(text)}}}
		c := coding.Coding{ID: "x", Code: "C", Source: "P1", Turn: 1, Start: start, End: end, Quote: string(text[start:end])}
		limit := 40 + r.IntN(200)
		got, _, _ := SelectExemplars(ExemplarInput{Codes: []string{"C"}, Turns: turns, Codings: []coding.Coding{c}}, ExemplarOptions{MaxChars: limit})
		q := got["c"][0]
		if n := len([]rune(q.Text("", ""))); n > limit {
			t.Fatalf("exemplar of %d code points exceeds the limit %d: %q", n, limit, q.Text("[", "]"))
		}
		if end-start < limit && q.Span != c.Quote {
			t.Fatalf("span %q, want the whole quote %q", q.Span, c.Quote)
		}
		plain := strings.TrimSuffix(strings.TrimPrefix(q.Text("", ""), "…"), "…")
		if !strings.Contains(string(text), plain) {
			t.Fatalf("exemplar %q is not words of the turn %q", plain, string(text))
		}
	}
}

func TestDescriptorsAndProblems(t *testing.T) {
	turns := exemplarTurns()
	in := ExemplarInput{Codes: []string{"Showing up"}, Turns: turns,
		Participant: map[string]string{"P1": "P03"},
		Attributes:  map[string]map[string]string{"P03": {"setting": "residential", "years_in_recovery": "8", "role": ""}},
		Codings: []coding.Coding{cod(t, turns, "a1", "Showing up", "P1", 1, "showed up"),
			{ID: "o1", Code: "Showing up", Source: "P1", Turn: 1, Start: 0, End: 3, Quote: "gone", Orphaned: true}},
		Pinned: []string{"o1", "zz"},
	}
	got, problems, err := SelectExemplars(in, ExemplarOptions{DescribeWith: []string{"role", "setting", "years_in_recovery"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := got["showing up"][0].Descriptor; d != "P03 (residential, 8 years in recovery)" {
		t.Errorf("descriptor %q", d)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "o1") || !strings.Contains(problems[1], "zz does not exist") {
		t.Errorf("problems %q", problems)
	}
	_, _, err = SelectExemplars(in, ExemplarOptions{DescribeWith: []string{"gender"}})
	var ue *UnknownAttributeError
	if !errors.As(err, &ue) || ue.Attribute != "gender" {
		t.Errorf("err %v, want an unknown attribute", err)
	}
}
