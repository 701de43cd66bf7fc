package corpus

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

var (
	roleSpeakers = []string{"Interviewer", "INTERVIEWER", "Interviewee", "Participant 22", "Participant", "PSW 3", "PSW",
		"P04", "P1", "R", "Q", "A", "I", "Int", "Facilitator", "Moderator", "Respondent", "Speaker 2", "Researcher"}
	nameSpeakers = []string{"Sam Okafor", "Dr. Zoë Adébáyọ̀", "Jane O'Neil", "Mary-Kate Lee", "Zoë van der Berg",
		"Ngozi", "Renée", "José María Pérez", "Anna", "Li Wei", "Jean-Luc D’Arcy", "Ms. K. Ito", "Ola (PSW)",
		"Łukasz Wróbel", "Siobhán Ní Bhriain", "Team Lead 2"}
	words = []string{"I", "was", "there", "for", "a", "long", "time", "recovery", "is", "not", "linear",
		"and", "the", "client", "said", "“you", "get", "it”", "—", "which", "meant", "everything", "café",
		"naïve", "support", "worker’s", "role", "(laughs)", "[inaudible", "00:12:30]", "at", "10:30", "we",
		"met:", "trust,", "boundaries;", "50%", "e.g.", "über", "peer", "Note", "example", "really?", "…", "#3"}
)

// genText makes a realistic normalised turn text: sentences of words, lines
// joined with "\n". A line never starts with something label-like.
func genText(r *rand.Rand) string {
	var lines []string
	for range 1 + r.IntN(3) {
		var ws []string
		n := 1 + r.IntN(25)
		for i := range n {
			w := words[r.IntN(len(words))]
			if i == 0 {
				// Start lines with a lower-case or safe word so no line opens
				// with "Word:" or a time.
				w = []string{"so", "well", "and", "I", "yes", "it", "“honestly"}[r.IntN(7)]
			}
			ws = append(ws, w)
		}
		lines = append(lines, strings.Join(ws, " "))
	}
	return strings.Join(lines, "\n")
}

func genTurns(r *rand.Rand) []Turn {
	var turns []Turn
	if r.IntN(5) == 0 {
		// Unlabelled transcript: one turn per paragraph.
		for range 1 + r.IntN(8) {
			turns = append(turns, Turn{Text: genText(r)})
		}
	} else {
		// A cast of 1–4 speakers, role words and names; names may speak
		// only once, since every paragraph of the plain text starts with a
		// label. An optional untitled first turn.
		var cast []string
		for range 1 + r.IntN(4) {
			if r.IntN(2) == 0 {
				cast = append(cast, roleSpeakers[r.IntN(len(roleSpeakers))])
			} else {
				cast = append(cast, norm.NFC.String(nameSpeakers[r.IntN(len(nameSpeakers))]))
			}
		}
		if r.IntN(3) == 0 {
			turns = append(turns, Turn{Text: "Interview " + cast[0] + " (fictional)"})
		}
		prev := ""
		for range 1 + r.IntN(12) {
			sp := cast[r.IntN(len(cast))]
			if sp == prev {
				continue
			}
			prev = sp
			turns = append(turns, Turn{Speaker: sp, Text: genText(r)})
		}
		// A file of one paragraph needs a role word: the paragraph rule
		// wants at least two paragraphs.
		if len(turns) == 1 && !isRole(turns[0].Speaker) {
			return genTurns(r)
		}
	}
	for i := range turns {
		turns[i].N = i + 1
	}
	return turns
}

func TestPlainTextRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		turns := genTurns(r)
		text, _ := PlainText(turns)
		for _, format := range []string{"txt", "md"} {
			got, err := ParseText(format, text)
			if err != nil {
				t.Fatalf("iteration %d: %v\n%s", iter, err, text)
			}
			if len(got) != len(turns) {
				t.Fatalf("iteration %d %s: %d turns, want %d\n%s\n%#v", iter, format, len(got), len(turns), text, got)
			}
			for i := range got {
				if got[i] != turns[i] {
					t.Fatalf("iteration %d %s: turn %d\n got %#v\nwant %#v\n%s", iter, format, i+1, got[i], turns[i], text)
				}
			}
		}
		tr, err := Parse("x.txt", []byte(text))
		if err != nil || len(tr.Turns) != len(turns) {
			t.Fatalf("iteration %d: Parse: %v", iter, err)
		}
	}
}
