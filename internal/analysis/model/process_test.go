package model

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

const processCodebook = `version: 1
core:
  name: Creating Connection
  stages: [Trust, Fostering, Bridging, Independence]
categories:
  - name: Trust
  - name: Fostering
  - name: Bridging
  - name: Independence
  - name: Self-disclosure
    parent: Trust
codes:
  - name: t
    category: Self-disclosure
  - name: f
    category: Fostering
  - name: b
    category: Bridging
  - name: i
    category: Independence
  - name: braid
    disconfirms: Trust
  - name: other
`

func processCB(t *testing.T) *codebook.Codebook {
	t.Helper()
	cb, err := codebook.Decode("codebook.yaml", []byte(processCodebook))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// cd is a coding of code at source#turn, starting at start.
func cd(code, src string, turn, start int) coding.Coding {
	return coding.Coding{Code: code, Source: src, Turn: turn, Start: start, End: start + 5, Coder: "ana"}
}

// oddInterviewer: odd turns are the interviewer's, even the participant's.
func oddInterviewer(_ string, turn int) Role {
	if turn%2 == 1 {
		return RoleInterviewer
	}
	return RoleParticipant
}

func TestProcessNoEpisodes(t *testing.T) {
	r, err := Process(ProcessInput{Codebook: processCB(t), Codings: []coding.Coding{cd("t", "S1", 2, 0), cd("b", "S1", 4, 0)}, Role: oddInterviewer})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.Verdict != NoEpisodesVerdict || o.Statistic != nil || o.P != nil || o.BaselineMean != nil || o.Permutations != 0 {
		t.Errorf("without episodes: %+v; want the plain verdict and no figure", o)
	}
	for _, tb := range r.Conditions.Tables {
		if tb.P != nil || tb.Table.N() != 0 {
			t.Errorf("condition table without episodes: %+v", tb)
		}
	}
}

// reversedPairs returns an interview of four question–answer pairs whose
// questions follow the guide (Trust, Fostering, Bridging, Independence):
// each question (odd turn) is coded with its stage, and each answer
// (even turn) with the same stage and, later in the answer, a story
// going from Bridging back to Trust. reversed puts the pairs in the
// opposite order, keeping every answer and every coding.
func reversedPairs(reversed bool) ([]coding.Coding, []coding.Episode) {
	stageCodes := []string{"t", "f", "b", "i"}
	var cs []coding.Coding
	var eps []coding.Episode
	for k, code := range stageCodes {
		pair := k
		if reversed {
			pair = 3 - k
		}
		q, a := 2*pair+1, 2*pair+2
		cs = append(cs, cd(code, "S1", q, 0), cd(code, "S1", a, 0), cd("b", "S1", a, 40), cd("t", "S1", a, 80))
		eps = append(eps, coding.Episode{Name: "story " + code, Source: "S1", From: q, To: a})
	}
	return cs, eps
}

// TestReversedInterview is the experiment of issue 15: reversing the
// order of an interview's question–answer pairs must not change the
// verdict on the order of the stages.
func TestReversedInterview(t *testing.T) {
	cb := processCB(t)
	var verdicts []string
	var reports []*ProcessReport
	for _, rev := range []bool{false, true} {
		cs, eps := reversedPairs(rev)
		// Whole interview, no episodes: the same plain verdict.
		r, err := Process(ProcessInput{Codebook: cb, Codings: cs, Role: oddInterviewer, Seed: 7, Permutations: 499})
		if err != nil {
			t.Fatal(err)
		}
		verdicts = append(verdicts, r.Order.Verdict)
		if r.Order.Statistic != nil {
			t.Errorf("reversed=%v: an order figure without episodes", rev)
		}
		// With each pair marked as an episode: the same figures.
		r, err = Process(ProcessInput{Codebook: cb, Codings: cs, Episodes: eps, Role: oddInterviewer, Seed: 7, Permutations: 499})
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	if verdicts[0] != verdicts[1] || verdicts[0] != NoEpisodesVerdict {
		t.Errorf("verdicts differ without episodes:\n%s\n%s", verdicts[0], verdicts[1])
	}
	a, b := reports[0].Order, reports[1].Order
	if a.Verdict != b.Verdict || *a.Statistic != *b.Statistic || *a.P != *b.P || a.Concordant != b.Concordant || a.Discordant != b.Discordant {
		t.Errorf("episode order differs after reversing the pairs:\n%s\n%s", a.Verdict, b.Verdict)
	}
	// Each question prompts its stage for the whole answer: the
	// answer's own-stage coding, and in story t (b) the story's Trust
	// (Bridging) mention too: 4 + 2 prompted, 6 volunteered.
	if a.Prompted != 6 || a.Volunteered != 6 || a.InterviewerCodings != 4 {
		t.Errorf("prompted %d volunteered %d interviewer %d, want 6, 6, 4", a.Prompted, a.Volunteered, a.InterviewerCodings)
	}
	// Stories f and i volunteer Bridging (at 40) before Trust (at 80):
	// one discordant pair each; stories t and b volunteer one stage only.
	if a.Concordant != 0 || a.Discordant != 2 || a.Compared != 2 || *a.Statistic != 0 {
		t.Errorf("concordant %d discordant %d compared %d statistic %v; want 0, 2, 2, 0", a.Concordant, a.Discordant, a.Compared, *a.Statistic)
	}
}

// exactP enumerates every arrangement of each episode's stage labels over
// its places (an independent computation of the permutation distribution)
// and returns P(statistic >= observed) and the distribution's mean.
func exactP(episodes [][]int, obs float64, pairs int) (p, mean float64) {
	type dist map[int]float64 // concordant count -> probability
	total := dist{0: 1}
	for _, labels := range episodes {
		d := dist{}
		perms := permutations(labels)
		for _, perm := range perms {
			first := map[int]int{}
			for i, s := range perm {
				if _, ok := first[s]; !ok {
					first[s] = i
				}
			}
			c := 0
			for s1, r1 := range first {
				for s2, r2 := range first {
					if s1 < s2 && r1 < r2 {
						c++
					}
				}
			}
			d[c] += 1 / float64(len(perms))
		}
		next := dist{}
		for a, pa := range total {
			for b, pb := range d {
				next[a+b] += pa * pb
			}
		}
		total = next
	}
	for c, pc := range total {
		s := float64(c) / float64(pairs)
		mean += s * pc
		if s >= obs-1e-12 {
			p += pc
		}
	}
	return p, mean
}

func permutations(xs []int) [][]int {
	if len(xs) <= 1 {
		return [][]int{slices.Clone(xs)}
	}
	var out [][]int
	for i := range xs {
		rest := append(slices.Clone(xs[:i]), xs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]int{xs[i]}, p...))
		}
	}
	return out
}

// orderFixture: three episodes, no roles known. E1 tells Trust,
// Fostering, Bridging, Trust again; E2 Fostering then Trust; E3 Trust,
// Bridging, Independence.
func orderFixture() ([]coding.Coding, []coding.Episode, [][]int) {
	cs := []coding.Coding{
		cd("t", "S1", 3, 0), cd("f", "S1", 4, 0), cd("b", "S1", 4, 20), cd("t", "S1", 5, 0),
		cd("f", "S2", 10, 0), cd("t", "S2", 11, 0),
		cd("t", "S3", 1, 0), cd("b", "S3", 2, 0), cd("i", "S3", 2, 9),
		cd("other", "S3", 2, 0), cd("b", "S3", 9, 0), // outside the episodes: ignored
	}
	eps := []coding.Episode{
		{Name: "E1", Source: "S1", From: 3, To: 5, Client: "K"},
		{Name: "E2", Source: "S2", From: 10, To: 11},
		{Name: "E3", Source: "S3", From: 1, To: 2},
	}
	labels := [][]int{{0, 1, 2, 0}, {1, 0}, {0, 2, 3}}
	return cs, eps, labels
}

func TestProcessOrderAgainstExactPermutation(t *testing.T) {
	cs, eps, labels := orderFixture()
	in := ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, Seed: 42, Permutations: 20000}
	r, err := Process(in)
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	// E1: pairs (t,f) (t,b) (f,b) concordant; E2: (t,f) discordant;
	// E3: (t,b) (t,i) (b,i) concordant. 6 of 7.
	if o.Concordant != 6 || o.Discordant != 1 || o.Tied != 0 || o.Compared != 3 || o.Volunteered != 9 {
		t.Fatalf("counts: %+v", o)
	}
	if *o.Statistic != 6.0/7 {
		t.Errorf("statistic %v, want 6/7", *o.Statistic)
	}
	wantP, wantMean := exactP(labels, 6.0/7, 7)
	// Monte Carlo error: sd of p-hat is sqrt(p(1-p)/N) < 0.0035.
	if math.Abs(*o.P-wantP) > 0.012 || math.Abs(*o.BaselineMean-wantMean) > 0.01 {
		t.Errorf("p %.4f mean %.4f; exact enumeration gives p %.4f mean %.4f", *o.P, *o.BaselineMean, wantP, wantMean)
	}
	if got := o.PerEpisode[0].FirstAppearance; !slices.Equal(got, []string{"Trust", "Fostering", "Bridging"}) {
		t.Errorf("E1 first appearance %v", got)
	}
	if o.PerEpisode[1].TauB == nil || *o.PerEpisode[1].TauB != -1 {
		t.Errorf("E2 tau-b %v, want -1", o.PerEpisode[1].TauB)
	}
	for _, w := range []string{"6 of 7 stage pairs", "20000 permutations", "seed 42"} {
		if !strings.Contains(o.Verdict, w) {
			t.Errorf("verdict %q lacks %q", o.Verdict, w)
		}
	}
	// Reproducible: the same seed gives the same p.
	r2, _ := Process(in)
	if *r2.Order.P != *o.P {
		t.Errorf("same seed, different p: %v %v", *r2.Order.P, *o.P)
	}
}

// TestPermutationPCorrection checks the +1 correction of Phipson and
// Smyth (2010): p = (1 + b) / (N + 1), so p*(N+1) is a whole number of at
// least 1, never 0.
func TestPermutationPCorrection(t *testing.T) {
	cs, eps, _ := orderFixture()
	const n = 3
	for seed := range uint64(30) {
		r, err := Process(ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, Seed: seed, Permutations: n})
		if err != nil {
			t.Fatal(err)
		}
		b := *r.Order.P*(n+1) - 1
		if b < -1e-9 || math.Abs(b-math.Round(b)) > 1e-9 || b > n+1e-9 {
			t.Fatalf("seed %d: p = %v is not (1+b)/(N+1) for a whole b in [0, N]", seed, *r.Order.P)
		}
	}
}

func TestProcessPromptedAndTies(t *testing.T) {
	cs := []coding.Coding{
		cd("f", "S1", 1, 0), // interviewer asks about Fostering
		cd("f", "S1", 2, 0), // prompted
		cd("t", "S1", 2, 0), // volunteered, same place as the prompted f
		cd("b", "S1", 2, 0), // volunteered, same place: tied with t
		cd("f", "S1", 4, 0), // interviewer turn 3 uncoded: volunteered
	}
	eps := []coding.Episode{{Name: "E", Source: "S1", From: 1, To: 4}}
	r, err := Process(ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, Role: oddInterviewer, Permutations: 99})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.Prompted != 1 || o.Volunteered != 3 || o.InterviewerCodings != 1 {
		t.Errorf("prompted %d volunteered %d interviewer %d", o.Prompted, o.Volunteered, o.InterviewerCodings)
	}
	// t and b tie at turn 2 and f first appears (volunteered) at turn 4:
	// (t,f) is concordant, (f,b) discordant, (t,b) tied.
	if o.Concordant != 1 || o.Discordant != 1 || o.Tied != 1 {
		t.Errorf("pairs %d/%d/%d, want 1/1/1", o.Concordant, o.Discordant, o.Tied)
	}
	want := []Transition{{"Trust", "Bridging", 1}, {"Bridging", "Fostering", 1}}
	if !slices.Equal(r.Transitions, want) {
		t.Errorf("transitions %v, want %v", r.Transitions, want)
	}
}

func TestProcessConditionsAndChallenges(t *testing.T) {
	// Six episodes: Trust with Bridging in 3, Trust alone in 1, Bridging
	// without Trust in 1 (a contradicting episode), neither in 1.
	var cs []coding.Coding
	var eps []coding.Episode
	add := func(name string, codes ...string) {
		src := "S" + name
		eps = append(eps, coding.Episode{Name: name, Source: src, From: 1, To: 9})
		for i, c := range codes {
			cs = append(cs, cd(c, src, 1, 10*i))
		}
	}
	add("e1", "t", "b")
	add("e2", "t", "b")
	add("e3", "t", "b", "f")
	add("e4", "t")
	add("e5", "b")
	add("e6", "other")
	cs = append(cs, cd("braid", "Se1", 1, 90), cd("braid", "Se2", 2, 0))
	ncs := []NegativeCase{
		{Ref: "e5", Against: "Self-disclosure", Why: "bridged before any trust"},
		{Ref: "Se6#1", Against: "Nowhere", Why: "x"},
	}
	r, err := Process(ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, NegativeCases: ncs, Permutations: 9})
	if err != nil {
		t.Fatal(err)
	}
	var bridging ConditionTable
	for _, tb := range r.Conditions.Tables {
		if tb.Stage == "Bridging" {
			bridging = tb
		}
	}
	if bridging.Table != (Table2x2{A: 3, B: 1, C: 1, D: 1}) {
		t.Fatalf("Bridging table %+v", bridging.Table)
	}
	// By hand: margins r1 = 4, c1 = 4, n = 6; a ranges 2..4 with
	// probabilities C(4,a)C(2,4-a)/C(6,4) = 6, 8, 1 over 15; a = 3 has
	// 8/15, the most probable, so two-sided p = 1.
	if *bridging.P != 1 {
		t.Errorf("Bridging p = %v, want 1", *bridging.P)
	}
	if !slices.Equal(bridging.Contradicting, []string{"e5"}) {
		t.Errorf("contradicting %v", bridging.Contradicting)
	}
	if r.Conditions.First != "Trust" || len(r.Conditions.Tables) != 3 {
		t.Errorf("conditions %+v", r.Conditions)
	}
	trust := r.Challenges[0]
	if len(trust.NegativeCases) != 1 || trust.NegativeCases[0].Ref != "e5" {
		t.Errorf("negative cases against Trust: %+v", trust.NegativeCases)
	}
	if len(trust.DisconfirmingCodes) != 1 || trust.DisconfirmingCodes[0] != (DisconfirmingCode{Code: "braid", Codings: 2, Participants: 2}) {
		t.Errorf("disconfirming codes: %+v", trust.DisconfirmingCodes)
	}
	if u := UnplacedNegativeCases(processCB(t), ncs); len(u) != 1 || u[0].Against != "Nowhere" {
		t.Errorf("unplaced: %+v", u)
	}
}
