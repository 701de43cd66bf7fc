// Package gen generates a synthetic interview study, deterministically from
// a seed, for benchmarks and load tests: transcripts, a participants.csv,
// and codings written straight into a project's files.
//
// # Transcripts
//
// Transcript i (numbered from 1) is the plain-text file P0001.txt ...; it
// has Turns speaker turns (200 by default) that alternate between
// "Interviewer" and the participant's pseudonym, one "Name: text" line per
// turn, which 'grounded ingest' reads as a .txt transcript with speaker
// labels. Turn lengths are log-normal and clipped to 5–250 words: the
// interviewer's turns are short (median about 14 words), the participant's
// long (median about 70). Words are drawn from a Zipf distribution over
// common English words, with domain words of peer support work (trust,
// recovery, handoff, detox, peer, boundaries, relapse ...) and a few fixed
// phrases ("warm handoff", "lived experience", "harm reduction") mixed in,
// so that searches for single words, phrases and rare words all have
// realistic hit counts. Every transcript has its own random stream (the
// seed and its number), so the first 17 transcripts of a corpus of 1,000
// are the 17 transcripts of a corpus of 17.
//
// # Participants
//
// participants.csv has one row per transcript with role, setting,
// years_in_recovery, years_as_psw and gender, in the format of 'grounded
// attributes import'.
//
// # Codings
//
// AddCodings writes codings directly into an ingested project, in the
// format grounded writes (codings/CODER/SOURCE.jsonl, sorted, encoded with
// coding.EncodeJSONL), with each quote equal to its span's text, and adds
// their codes to the codebook. It is for benchmarks that need a project with
// 10,000 or 100,000 codings without running 'grounded code add' that many
// times; it writes no history.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options configure a corpus.
type Options struct {
	// Seed makes the corpus; the same seed gives the same bytes.
	Seed uint64
	// Transcripts is the number of transcripts.
	Transcripts int
	// Turns is the number of turns per transcript (200 when 0).
	Turns int
}

// DefaultTurns is the number of turns of a transcript when Options.Turns is 0.
const DefaultTurns = 200

// ID returns the source id of transcript i (1-based): P0001, P0002 ...
func ID(i int) string { return fmt.Sprintf("P%04d", i) }

// rng returns the random stream of one transcript.
func rng(seed uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(i)*0x9E3779B97F4A7C15+1))
}

var firstNames = []string{"Jordan", "Sam", "Alex", "Riley", "Casey", "Morgan", "Taylor", "Jamie", "Avery", "Quinn", "Robin", "Drew", "Kim", "Lee", "Dana", "Pat"}
var lastNames = []string{"Lee", "Nguyen", "Smith", "Okafor", "Garcia", "Cohen", "Brown", "Singh", "Martin", "Walker", "Tremblay", "Wong"}

// Speaker returns the pseudonym of the participant of transcript i.
func Speaker(seed uint64, i int) string {
	r := rng(seed, -i)
	return firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
}

// Transcript returns the text of transcript i (1-based) with the given
// number of turns.
func Transcript(seed uint64, i, turns int) string {
	if turns <= 0 {
		turns = DefaultTurns
	}
	r := rng(seed, i)
	w := newWords(r)
	name := Speaker(seed, i)
	var b strings.Builder
	b.Grow(turns * 300)
	for t := 0; t < turns; t++ {
		speaker, median := "Interviewer", 14.0
		if t%2 == 1 {
			speaker, median = name, 70.0
		}
		b.WriteString(speaker)
		b.WriteString(": ")
		w.turn(&b, logNormal(r, median, 0.8, 5, 250))
		b.WriteByte('\n')
	}
	return b.String()
}

// LongTurn is the number of the long turn of LongTurnTranscript.
const LongTurn = 4

// LongTurnTranscript returns a transcript of five turns whose fourth
// (LongTurn) has about chars characters: a participant speaking without
// interruption, a stress case for references and search.
func LongTurnTranscript(seed uint64, chars int) string {
	r := rng(seed, 1<<30)
	w := newWords(r)
	var b strings.Builder
	b.Grow(chars + 200)
	b.WriteString("Interviewer: Tell me about your work.\nJordan Lee: Where do I start.\nInterviewer: Anywhere.\n")
	b.WriteString("Jordan Lee: ")
	start := b.Len()
	for b.Len()-start < chars {
		w.sentence(&b, 5+r.IntN(25))
		b.WriteByte(' ')
	}
	s := strings.TrimRight(b.String(), " ")
	return s + "\nInterviewer: Thank you.\n"
}

// logNormal draws a whole number of words from a log-normal distribution
// with the given median and shape, clipped to [lo, hi].
func logNormal(r *rand.Rand, median, sigma float64, lo, hi int) int {
	n := int(math.Round(median * math.Exp(sigma*r.NormFloat64())))
	return min(max(n, lo), hi)
}

// words draws words: mostly common English by a Zipf law, sometimes a
// domain word or a fixed phrase.
type words struct {
	r    *rand.Rand
	zipf *rand.Zipf
}

func newWords(r *rand.Rand) *words {
	return &words{r: r, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(Common)-1))}
}

// turn writes n words as sentences of 4–24 words.
func (w *words) turn(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, 4+w.r.IntN(21))
		if n-k < 3 {
			k = n
		}
		w.sentence(b, k)
		n -= k
		if n > 0 {
			b.WriteByte(' ')
		}
	}
}

// sentence writes about n words, capitalised, ending with a full stop.
func (w *words) sentence(b *strings.Builder, n int) {
	for j := 0; j < n; j++ {
		word := w.next()
		if j == 0 {
			word = strings.ToUpper(word[:1]) + word[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(word)
		if j < n-1 && j > 2 && w.r.IntN(14) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
}

func (w *words) next() string {
	switch x := w.r.IntN(1000); {
	case x < 6:
		return Phrases[w.r.IntN(len(Phrases))]
	case x < 90:
		return Domain[w.r.IntN(len(Domain))]
	default:
		return Common[w.zipf.Uint64()]
	}
}

// Domain are the words of peer support work mixed into the transcripts.
var Domain = []string{
	"trust", "recovery", "handoff", "detox", "peer", "boundaries", "relapse", "overdose", "naloxone",
	"shelter", "housing", "outreach", "clinic", "nurse", "counsellor", "withdrawal", "sobriety",
	"stigma", "disclosure", "caseworker", "referral", "intake", "methadone", "suboxone", "judgement",
	"connection", "rapport", "mentor", "lived", "experience", "support", "worker", "client",
	"hospital", "emergency", "treatment", "program", "meeting", "sponsor", "cravings", "trauma",
	"wellness", "burnout", "supervision", "discharge", "appointment", "advocate", "independence",
	"milestone", "setback", "honesty", "listening", "safety", "crisis", "family", "community",
}

// Phrases are fixed two-word phrases, for phrase queries.
var Phrases = []string{
	"warm handoff", "lived experience", "harm reduction", "peer support", "safety plan", "showing up",
}

// Common are frequent English words, most frequent first.
var Common = strings.Fields(`the and I to a of it you that in was just like so my they know we
is he for on but with me had have what be there do this at all not were would
them when one about really because out get up if people think going can there's
from time some more then could an how go very by been said things lot who did their
our your felt feel something got day see back she her him his kind
first years year now way being still make made never always over into thing
other want much even those these say also where work help someone come took
little well good right down off every through before after again life let
told around start started same long place try tried talk talked week
home friend friends person sure maybe different keep kept hard big ask asked
part room phone call called already together whatever though enough
anything everything nothing house night morning look looked knew remember
money car job school hand hands door mother father brother sister kids son
daughter partner city street bus coffee food bed clothes paper form forms
card cards number name names story stories question questions answer answers
reason reasons change changed changes moment moments minute minutes hour hours
month months today tomorrow yesterday later sooner early late next last
small large old new young open closed quiet loud happy sad angry scared proud
tired honest careful simple easy slow fast true real whole better worse best
worst understand understood learn learned teach taught walk walked sit sat
stand stood wait waited bring brought send sent read write wrote drive drove
wanted needed needs need using used use care cared cares safe safer helped
helps helping listen hear heard tell telling talking show showed shown`)

// Participant attributes, chosen per transcript.
var (
	roles    = []string{"Peer support worker", "Peer outreach worker", "Recovery coach", "Peer navigator"}
	settings = []string{"Hospital emergency department", "Outreach, downtown", "Residential treatment", "Harm-reduction site", "Community clinic", "Shelter"}
	genders  = []string{"woman", "man", "non-binary"}
)

// ParticipantsCSV returns participants.csv for transcripts 1..n.
func ParticipantsCSV(seed uint64, n int) string {
	var b strings.Builder
	b.WriteString("participant,role,setting,years_in_recovery,years_as_psw,gender\n")
	for i := 1; i <= n; i++ {
		r := rng(seed, -1_000_000-i)
		setting := settings[r.IntN(len(settings))]
		if strings.Contains(setting, ",") {
			setting = `"` + setting + `"`
		}
		fmt.Fprintf(&b, "%s,%s,%s,%d,%d,%s\n", ID(i), roles[r.IntN(len(roles))], setting, 1+r.IntN(25), 1+r.IntN(12), genders[r.IntN(len(genders))])
	}
	return b.String()
}

// WriteCorpus writes transcripts/P0001.txt ... and participants.csv under
// dir and returns the transcript paths.
func WriteCorpus(dir string, o Options) ([]string, error) {
	tdir := filepath.Join(dir, "transcripts")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for i := 1; i <= o.Transcripts; i++ {
		path := filepath.Join(tdir, ID(i)+".txt")
		if err := os.WriteFile(path, []byte(Transcript(o.Seed, i, o.Turns)), 0o644); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	if err := os.WriteFile(filepath.Join(dir, "participants.csv"), []byte(ParticipantsCSV(o.Seed, o.Transcripts)), 0o644); err != nil {
		return nil, err
	}
	return paths, nil
}
