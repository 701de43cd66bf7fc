package report

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
)

// GuestParams are the three parameters of the saturation assessment of
// Guest, Namey and Chen (2020), "A simple method to assess and report
// thematic saturation in qualitative research", PLoS ONE 15(5): e0232076.
type GuestParams struct {
	// Base is the number of transcripts whose unique codes are the
	// denominator of new information.
	Base int `json:"base"`
	// Run is the number of consecutive transcripts after which new
	// information is assessed.
	Run int `json:"run"`
	// Threshold is the largest share of new information (new codes in
	// the run / unique codes in the base) that counts as saturation.
	Threshold float64 `json:"threshold"`
}

// DefaultGuestParams are the paper's recommended values: base 4, run 2,
// at most 5% new information.
var DefaultGuestParams = GuestParams{Base: 4, Run: 2, Threshold: 0.05}

// Validate checks the parameters.
func (p GuestParams) Validate() error {
	switch {
	case p.Base < 1:
		return fmt.Errorf("base must be at least 1 transcript, got %d", p.Base)
	case p.Run < 1:
		return fmt.Errorf("run must be at least 1 transcript, got %d", p.Run)
	case p.Threshold < 0 || p.Threshold >= 1 || math.IsNaN(p.Threshold):
		return fmt.Errorf("threshold must be a share in [0, 1), got %v", p.Threshold)
	}
	return nil
}

// GuestRun is one run assessed.
type GuestRun struct {
	// From and To are the 1-based positions of the run's first and last
	// transcript.
	From int `json:"from"`
	To   int `json:"to"`
	// New is the number of codes first appearing in the run; Share is
	// New / the base's unique codes.
	New   int     `json:"new"`
	Share float64 `json:"share"`
}

// GuestResult is the saturation assessment of one order of transcripts.
type GuestResult struct {
	Params GuestParams `json:"params"`
	// Transcripts is the number of transcripts assessed; BaseCodes the
	// unique codes in the base.
	Transcripts int        `json:"transcripts"`
	BaseCodes   int        `json:"base_codes"`
	Runs        []GuestRun `json:"runs"`
	// Reached reports whether a run met the threshold; Point is then the
	// number of transcripts before that run (saturation "at Point+Run"
	// in the paper's notation: Point transcripts, confirmed by Run more)
	// and After the source at position Point.
	Reached bool   `json:"reached"`
	Point   int    `json:"point,omitempty"`
	After   string `json:"after,omitempty"`
	// LateNew lists the transcripts after the point that still brought
	// new codes, so that the summary never hides them.
	LateNew []EmergenceStep `json:"late_new"`
	// Summary is one sentence saying what the figures show.
	Summary string `json:"summary"`
}

// Guest assesses saturation over steps in order, as Guest, Namey and Chen
// (2020) define it: the base is the first Base transcripts and its unique
// codes the denominator; a run is Run consecutive transcripts starting
// after the base, moved forward one transcript at a time; its new
// information is the number of codes first appearing in the run (absent
// from every transcript before it) divided by the base's unique codes.
// Saturation is reached at the first run whose share is at most the
// threshold; the point is the number of transcripts before that run.
// It fails when there are fewer than Base + Run steps or the base has no
// code.
func Guest(steps []EmergenceStep, p GuestParams) (*GuestResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n := len(steps)
	if n < p.Base+p.Run {
		return nil, fmt.Errorf("saturation needs at least base + run = %d coded transcripts, there are %d", p.Base+p.Run, n)
	}
	r := &GuestResult{Params: p, Transcripts: n, Runs: []GuestRun{}, LateNew: []EmergenceStep{}}
	for _, st := range steps[:p.Base] {
		r.BaseCodes += len(st.New)
	}
	if r.BaseCodes == 0 {
		return nil, fmt.Errorf("the base (the first %d transcripts) has no code: new information cannot be measured against it", p.Base)
	}
	for from := p.Base; from+p.Run <= n; from++ {
		run := GuestRun{From: from + 1, To: from + p.Run}
		for _, st := range steps[from : from+p.Run] {
			run.New += len(st.New)
		}
		run.Share = float64(run.New) / float64(r.BaseCodes)
		r.Runs = append(r.Runs, run)
		if run.Share <= p.Threshold+1e-12 {
			r.Reached, r.Point, r.After = true, from, steps[from-1].Source
			break
		}
	}
	if r.Reached {
		for _, st := range steps[r.Point:] {
			if len(st.New) > 0 {
				r.LateNew = append(r.LateNew, st)
			}
		}
	}
	r.Summary = r.sentence()
	return r, nil
}

func (r *GuestResult) sentence() string {
	p := r.Params
	method := fmt.Sprintf("Guest, Namey & Chen (2020): base %d, run %d, new-information threshold %s", p.Base, p.Run, percent(p.Threshold))
	if !r.Reached {
		return fmt.Sprintf("Saturation was not reached (%s): no run of %d transcripts after the base added at most %s of the base's %d codes, over %d transcripts.",
			method, p.Run, percent(p.Threshold), r.BaseCodes, r.Transcripts)
	}
	last := r.Runs[len(r.Runs)-1]
	s := fmt.Sprintf("Saturation by %s was reached after transcript %s (%d of %d): transcripts %d-%d added %d new code(s), %s of the %d in the base.",
		method, r.After, r.Point, r.Transcripts, last.From, last.To, last.New, percent(last.Share), r.BaseCodes)
	if len(r.LateNew) == 0 {
		return s + " No new code appeared after it."
	}
	var where []string
	total := 0
	for _, st := range r.LateNew {
		where = append(where, fmt.Sprintf("%s (%d)", st.Source, len(st.New)))
		total += len(st.New)
	}
	return s + fmt.Sprintf(" But %d new code(s) appeared after the point, at %s: the threshold allows some new information, so do not write that no new codes emerged.", total, strings.Join(where, ", "))
}

func percent(x float64) string {
	v := 100 * x
	if math.Abs(v-math.Round(v)) < 1e-9 {
		return fmt.Sprintf("%.0f%%", v)
	}
	return fmt.Sprintf("%.1f%%", v)
}

// Robustness is the distribution of the saturation point over random
// orders of the transcripts.
type Robustness struct {
	Permutations int    `json:"permutations"`
	Seed         uint64 `json:"seed"`
	// Reached counts the orders in which saturation was reached.
	Reached int `json:"reached"`
	// Median, Low and High are the 50%, 2.5% and 97.5% quantiles of the
	// point (nearest rank), counting an order without saturation as
	// beyond every point; nil when the quantile falls on such an order
	// (saturation not reached within the transcripts).
	Median *int `json:"median"`
	Low    *int `json:"low"`
	High   *int `json:"high"`
}

// GuestRobustness assesses saturation over n random orders of the
// transcripts, each given by its codes (current names, compared as code
// names are; sets[i] are the codes of transcript i; pass coded
// transcripts only). The orders come from math/rand/v2's PCG seeded
// with seed, so the same seed gives the same distribution.
func GuestRobustness(sets [][]string, p GuestParams, n int, seed uint64) (*Robustness, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("permutations must be at least 1, got %d", n)
	}
	if len(sets) < p.Base+p.Run {
		return nil, fmt.Errorf("saturation needs at least base + run = %d coded transcripts, there are %d", p.Base+p.Run, len(sets))
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	idx := make([]string, len(sets))
	by := map[string][]string{}
	for i, s := range sets {
		idx[i] = fmt.Sprint(i)
		by[idx[i]] = s
	}
	var codings []codingLike
	beyond := len(sets) + 1
	points := make([]int, 0, n)
	rb := &Robustness{Permutations: n, Seed: seed}
	for range n {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		codings = codings[:0]
		for _, s := range idx {
			for _, c := range by[s] {
				codings = append(codings, codingLike{s, c})
			}
		}
		r, err := Guest(stepsOf(idx, codings), p)
		if err != nil || !r.Reached {
			points = append(points, beyond)
			continue
		}
		rb.Reached++
		points = append(points, r.Point)
	}
	slices.Sort(points)
	q := func(f float64) *int {
		i := max(int(math.Ceil(f*float64(len(points))))-1, 0)
		if points[i] == beyond {
			return nil
		}
		v := points[i]
		return &v
	}
	rb.Median, rb.Low, rb.High = q(0.5), q(0.025), q(0.975)
	return rb, nil
}

type codingLike struct{ source, code string }

func stepsOf(order []string, cs []codingLike) []EmergenceStep {
	by := map[string][]string{}
	for _, c := range cs {
		by[c.source] = append(by[c.source], c.code)
	}
	seen := map[string]bool{}
	out := make([]EmergenceStep, 0, len(order))
	for _, s := range order {
		st := EmergenceStep{N: len(out) + 1, Source: s}
		for _, c := range by[s] {
			if k := codebook.Key(c); !seen[k] {
				seen[k] = true
				st.New = append(st.New, c)
			}
		}
		out = append(out, st)
	}
	return out
}
