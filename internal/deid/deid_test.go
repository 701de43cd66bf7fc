package deid

import (
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

func fixture() map[string][]corpus.Turn {
	return map[string][]corpus.Turn{
		"P01": {
			{N: 1, Speaker: "Interviewer", Text: "Tell me about Jordan."},
			{N: 2, Speaker: "Jordan Lee", Text: "Well, Jordan Lee is me. My worker Anna, not Ann, called 555-123-4567 and wrote to anna.k@example.org."},
			{N: 3, Speaker: "Jordan Lee", Text: "We met at Riverside Clinic on 12 Elm Street. JORDAN's sister Hannah came."},
		},
	}
}

func opts() Options {
	return Options{
		Names:      []Entry{{Name: "Jordan Lee", Pseudonym: "Sam"}, {Name: "Jordan"}, {Name: "Anna"}, {Name: "Ann"}},
		Speakers:   []string{"Jordan Lee"},
		Attributes: map[string]string{"Riverside Clinic": "setting"},
		Patterns:   true,
	}
}

func TestPlanApply(t *testing.T) {
	turns := fixture()
	p, err := NewPlan(turns, opts())
	if err != nil {
		t.Fatal(err)
	}
	got := p.Apply(turns)["P01"]
	want := []string{
		"Tell me about Person 1.",
		"Well, Sam is me. My worker Person 2, not Person 3, called [phone 1] and wrote to [e-mail 1].",
		"We met at [setting 1] on [address 1]. Person 1's sister Hannah came.",
	}
	for i, w := range want {
		if got[i].Text != w {
			t.Errorf("turn %d:\n got %q\nwant %q", i+1, got[i].Text, w)
		}
	}
	if got[1].Speaker != "Sam" || got[0].Speaker != "Interviewer" {
		t.Errorf("speakers %q %q", got[0].Speaker, got[1].Speaker)
	}
	if turns["P01"][1].Speaker != "Jordan Lee" {
		t.Error("Apply changed its input")
	}
	var ctx string
	for _, r := range p.Replacements {
		if r.Kind == KindPhone {
			ctx = r.Context
		}
	}
	if !strings.Contains(ctx, "called [555-123-4567] and") {
		t.Errorf("dry-run context %q", ctx)
	}
	key := map[string]string{}
	for _, e := range p.Key() {
		key[e.Name] = e.Pseudonym
	}
	if key["Jordan"] != "Person 1" || key["anna.k@example.org"] != "[e-mail 1]" || key["Riverside Clinic"] != "[setting 1]" {
		t.Errorf("key %v", key)
	}
}

func TestPhonePattern(t *testing.T) {
	turns := map[string][]corpus.Turn{"P01": {{N: 1, Text: "Clean from 2019-2023, then 1990 – 2001; call 0412 345 678 or +44 (20) 7946 0958, room 12-14."}}}
	p, err := NewPlan(turns, Options{Patterns: true})
	if err != nil {
		t.Fatal(err)
	}
	got := p.Apply(turns)["P01"][0].Text
	if want := "Clean from 2019-2023, then 1990 – 2001; call [phone 1] or [phone 2], room 12-14."; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestPlanRefusals(t *testing.T) {
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Names: []Entry{{Name: "Ann", Pseudonym: "Annie"}, {Name: "ann", Pseudonym: "Anya"}}}, "two pseudonyms"},
		{Options{Names: []Entry{{Name: "Lee", Pseudonym: "Mr Lee"}}}, `contains the name "Lee"`},
		{Options{Names: []Entry{{Name: "  "}}}, "empty name"},
	} {
		if _, err := NewPlan(fixture(), c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want %q", c.o, err, c.want)
		}
	}
}

func TestReanchorKeepsCodingsOnTheirWords(t *testing.T) {
	turns := fixture()
	p, _ := NewPlan(turns, opts())
	nt := p.Apply(turns)
	at := func(turn int, words string) coding.Coding {
		text := turns["P01"][turn-1].Text
		i := strings.Index(text, words)
		s := len([]rune(text[:i]))
		return coding.Coding{ID: words, Source: "P01", Turn: turn, Start: s, End: s + len([]rune(words)), Quote: words}
	}
	plain, _ := corpus.PlainText(turns["P01"])
	i := strings.Index(plain, "Jordan Lee: Well")
	ps := len([]rune(plain[:i]))
	cs := []coding.Coding{
		at(2, "is me"),                // after a replacement: same words
		at(2, "Lee is me"),            // starts inside one: widened to the pseudonym
		at(3, "sister Hannah came"),   // untouched words
		at(2, "worker Anna, not Ann"), // covers two
		at(2, "Well, Jordan"),         // ends inside one: widened to its end
		{ID: "plain", Source: "P01", Turn: 0, Start: ps, End: ps + 16, Quote: "Jordan Lee: Well"},
	}
	out, err := p.Reanchor(cs, turns, nt)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"is me", "Sam is me", "sister Hannah came", "worker Person 2, not Person 3", "Well, Sam", "Sam: Well"}
	for i, c := range out {
		if c.Quote != want[i] {
			t.Errorf("coding %q: quote %q, want %q", cs[i].ID, c.Quote, want[i])
		}
	}
}

// TestProperties replaces random names in random texts and checks that no
// listed name survives and that every coding's quote is the text at its
// new span, unchanged when it overlapped no replacement.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	names := []string{"Ann", "Anna", "Jo", "Jordan Lee", "Zoë", "Marie-Claire", "Lee"}
	var res []*regexp.Regexp
	for _, n := range names {
		res = append(res, regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}])`+regexp.QuoteMeta(n)+`($|[^\p{L}\p{N}])`))
	}
	filler := strings.Fields("and then she said it was fine, honestly. We went to the group; nobody knew. annual jolly leeway")
	for iter := 0; iter < 200; iter++ {
		turns := map[string][]corpus.Turn{}
		for _, src := range []string{"A", "B"} {
			var ts []corpus.Turn
			for n := 1; n <= 3; n++ {
				var words []string
				for j := 0; j < 5+r.IntN(25); j++ {
					if r.IntN(4) == 0 {
						w := names[r.IntN(len(names))]
						switch r.IntN(3) {
						case 0:
							w = strings.ToUpper(w)
						case 1:
							w += "'s"
						}
						words = append(words, w)
					} else {
						words = append(words, filler[r.IntN(len(filler))])
					}
				}
				spk := ""
				if r.IntN(2) == 0 {
					spk = names[r.IntN(len(names))]
				}
				ts = append(ts, corpus.Turn{N: n, Speaker: spk, Text: strings.Join(words, " ")})
			}
			turns[src] = ts
		}
		var entries []Entry
		for _, n := range names {
			entries = append(entries, Entry{Name: n})
		}
		p, err := NewPlan(turns, Options{Names: entries})
		if err != nil {
			t.Fatal(err)
		}
		nt := p.Apply(turns)
		for src, ts := range nt {
			for _, tt := range ts {
				for k, re := range res {
					if re.MatchString(tt.Text) || re.MatchString(tt.Speaker) {
						t.Fatalf("%s#%d still holds %q: %q / %q", src, tt.N, names[k], tt.Speaker, tt.Text)
					}
				}
			}
		}
		var cs []coding.Coding
		for src, ts := range turns {
			for i, tt := range ts {
				rs := []rune(tt.Text)
				s := r.IntN(len(rs))
				e := s + 1 + r.IntN(len(rs)-s)
				cs = append(cs, coding.Coding{ID: "x", Source: src, Turn: i + 1, Start: s, End: e, Quote: string(rs[s:e])})
			}
			plain, _ := corpus.PlainText(ts)
			pr := []rune(plain)
			s := r.IntN(len(pr))
			e := s + 1 + r.IntN(len(pr)-s)
			cs = append(cs, coding.Coding{ID: "plain", Source: src, Start: s, End: e, Quote: string(pr[s:e])})
		}
		out, err := p.Reanchor(cs, turns, nt)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range out {
			text := ""
			if c.Turn == 0 {
				text, _ = corpus.PlainText(nt[c.Source])
			} else {
				text = nt[c.Source][c.Turn-1].Text
			}
			q, ok := corpus.Slice(text, c.Start, c.End)
			if !ok || q != c.Quote {
				t.Fatalf("coding %d: quote %q is not the text %q at %d-%d", i, c.Quote, q, c.Start, c.End)
			}
			if !touched(p, cs[i]) && c.Quote != cs[i].Quote {
				t.Fatalf("coding %d touched no replacement but its words changed: %q → %q", i, cs[i].Quote, c.Quote)
			}
		}
	}
}

// touched reports whether a coding's span overlaps a replacement.
func touched(p *Plan, c coding.Coding) bool {
	if c.Turn == 0 {
		return true // checked by the quote property only
	}
	for _, e := range p.edits(c.Source, c.Turn, false) {
		if e.start < c.End && c.Start < e.end {
			return true
		}
	}
	return false
}

func TestSuggest(t *testing.T) {
	turns := map[string][]corpus.Turn{"P01": {
		{N: 1, Text: "Then Marcus came in. Marcus said hi. I told Anna on Monday."},
		{N: 2, Text: "Okay. We saw Priya and Marcus at McDonald's."},
	}}
	got := Suggest(turns, []string{"Anna"})
	var words []string
	for _, s := range got {
		words = append(words, s.Word)
	}
	if strings.Join(words, ",") != "Marcus,McDonald's,Priya" {
		t.Errorf("suggestions %v", words)
	}
	if got[0].Count != 2 || got[0].Ref != "P01#1:5-11" {
		t.Errorf("first suggestion %+v", got[0])
	}
}

// TestSuggestOtterTranscript reads a fictional transcript in Otter.ai's
// layout: sentence starts after closing quotes (“… people.” And), the
// stop list's fillers, the names already listed and the pseudonyms
// already used (the key's pseudonym column, "Person N") are not
// suggested; the names in mid-sentence are.
func TestSuggestOtterTranscript(t *testing.T) {
	data, err := os.ReadFile("testdata/suggest_otter.txt")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := corpus.Parse("suggest_otter.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Turns) != 6 || tr.Turns[1].Speaker != "Rowan Tessaly" {
		t.Fatalf("the fixture did not parse as Otter turns: %+v", tr.Turns)
	}
	words := func(known ...string) string {
		var ws []string
		for _, s := range Suggest(map[string][]corpus.Turn{"P07": tr.Turns}, known) {
			ws = append(ws, s.Word)
		}
		return strings.Join(ws, ",")
	}
	if got := words(); got != "Okonkwo,Brambleford,Delphine,Rowan" {
		t.Errorf("suggestions %q, want Okonkwo,Brambleford,Delphine,Rowan", got)
	}
	// Rowan is listed; Brambleford is a pseudonym already in the key.
	if got := words("Rowan Tessaly", "Brambleford"); got != "Okonkwo,Delphine" {
		t.Errorf("with Rowan listed and Brambleford used as a pseudonym: %q, want Okonkwo,Delphine", got)
	}
}
