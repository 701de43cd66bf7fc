package model

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// Role is a speaker's role in an interview turn.
type Role int

// Roles. RoleUnknown turns are treated as the participant's (their codings
// count as volunteered), and the report says how many there were.
const (
	RoleUnknown Role = iota
	RoleParticipant
	RoleInterviewer
)

// NegativeCase is a researcher's typed memo saying that a passage, an
// episode or a source challenges a stage or category of the model.
type NegativeCase struct {
	// Ref is what the memo is about ("P04#12", an episode name, a source).
	Ref string `json:"ref"`
	// Against is the stage or category challenged.
	Against string `json:"against"`
	Why     string `json:"why"`
	Author  string `json:"author,omitempty"`
}

// ProcessInput is what [Process] reads. It is plain data: the caller
// chooses the coders (package internal/analysis/whose) and loads the
// episodes.
type ProcessInput struct {
	Codebook *codebook.Codebook
	// Codings of the coders that count. Orphaned codings and codings
	// with no turn (Turn 0) are left out.
	Codings  []coding.Coding
	Episodes []coding.Episode
	// Role gives the speaker's role of a turn; nil means unknown for
	// every turn (then no coding can be found prompted, and the report
	// says so).
	Role func(source string, turn int) Role
	// Participant maps a source to its participant (nil: the source id).
	Participant   func(source string) string
	NegativeCases []NegativeCase
	// Permutations is the number of random orders of the permutation
	// baseline (0: DefaultPermutations); Seed seeds it.
	Permutations int
	Seed         uint64
}

// DefaultPermutations is the number of permutations when none is given.
const DefaultPermutations = 9999

// NoEpisodesVerdict is the order verdict when no episode is marked.
const NoEpisodesVerdict = "no episodes are marked: the order of mention across a whole interview follows the interview guide, so no order figure is given; mark client stories or other episodes to study the order of stages in narrated time"

// ProcessReport is the result of [Process]: the evidence about the model
// as a process, from episodes rather than whole interviews.
type ProcessReport struct {
	Order      NarratedOrder `json:"order"`
	Conditions Conditions    `json:"conditions"`
	// Transitions between consecutive stage mentions in episodes.
	Transitions []Transition `json:"transitions"`
	// Challenges lists, per stage, what speaks against it.
	Challenges []Challenge `json:"challenges"`
}

// NarratedOrder is the order in which stages first appear inside
// episodes, against a permutation baseline.
type NarratedOrder struct {
	// Verdict says in words what the figures mean (or why none is given).
	Verdict  string `json:"verdict"`
	Episodes int    `json:"episodes"`
	// Compared counts the episodes with at least two stages volunteered
	// (the only ones that have stage pairs).
	Compared int `json:"compared"`
	// Volunteered and Prompted count the stage codings of participant
	// turns inside episodes; only volunteered ones enter the order.
	// InterviewerCodings are stage codings of interviewer turns (the
	// prompts), UnknownRole those of turns with no known role (counted as
	// volunteered).
	Volunteered        int `json:"volunteered"`
	Prompted           int `json:"prompted"`
	InterviewerCodings int `json:"interviewer_codings"`
	UnknownRole        int `json:"unknown_role"`
	// Concordant, Discordant and Tied count the stage pairs over all
	// episodes: a pair (i, j) of stages with i before j in the model is
	// concordant when i first appears before j in the telling.
	Concordant int `json:"concordant"`
	Discordant int `json:"discordant"`
	Tied       int `json:"tied"`
	// Statistic is Concordant / (Concordant + Discordant + Tied), nil
	// when there is no pair. BaselineMean is its mean over the
	// permutations; P is the one-sided permutation p-value
	// (1 + #{permuted >= observed}) / (Permutations + 1).
	Statistic    *float64 `json:"statistic"`
	BaselineMean *float64 `json:"baseline_mean"`
	P            *float64 `json:"p"`
	Permutations int      `json:"permutations"`
	Seed         uint64   `json:"seed"`
	// PerEpisode gives each episode's first appearances.
	PerEpisode []EpisodeOrder `json:"per_episode"`
}

// EpisodeOrder is one episode's telling.
type EpisodeOrder struct {
	Episode string `json:"episode"`
	Source  string `json:"source"`
	Client  string `json:"client,omitempty"`
	// FirstAppearance lists the stages volunteered, in the order they
	// first appear (stages first appearing at the same place are listed
	// in model order and counted as tied).
	FirstAppearance []string `json:"first_appearance"`
	Concordant      int      `json:"concordant"`
	Discordant      int      `json:"discordant"`
	Tied            int      `json:"tied"`
	// TauB is Kendall's tau-b between model order and order of first
	// appearance (nil when undefined).
	TauB *float64 `json:"tau_b"`
}

// Conditions is the predictive-capacity evidence: does the first stage
// come with the later ones across episodes?
type Conditions struct {
	// First is the first stage; Tables has one table per later stage.
	First  string           `json:"first"`
	Tables []ConditionTable `json:"tables"`
}

// ConditionTable is the 2×2 table first stage (coded in the episode or
// not) × a later stage (coded or not), over episodes.
type ConditionTable struct {
	Stage string   `json:"stage"`
	Table Table2x2 `json:"table"`
	// P is Fisher's exact two-sided p (nil without episodes).
	P *float64 `json:"p"`
	// Contradicting are the episodes with the later stage but without
	// the first: candidate negative cases.
	Contradicting []string `json:"contradicting"`
}

// Transition counts how often a stage mention is followed directly by a
// mention of another stage in an episode's telling (repeated mentions of
// one stage collapsed).
type Transition struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// Challenge is what speaks against one stage: negative-case memos against
// it or a category under it, and codings of codes marked as disconfirming
// it.
type Challenge struct {
	Stage              string              `json:"stage"`
	NegativeCases      []NegativeCase      `json:"negative_cases"`
	DisconfirmingCodes []DisconfirmingCode `json:"disconfirming_codes"`
}

// DisconfirmingCode is a code marked disconfirms: STAGE and its use.
type DisconfirmingCode struct {
	Code         string `json:"code"`
	Codings      int    `json:"codings"`
	Participants int    `json:"participants"`
}

// mention is one stage coding inside an episode, at a place in the telling.
type mention struct {
	turn, start int
	stage       int
}

// Process computes the process evidence (see docs/method.md). It returns
// ErrNoCore when the codebook has no core category with stages.
func Process(in ProcessInput) (*ProcessReport, error) {
	cb := in.Codebook
	if cb == nil || cb.Core == nil || len(cb.Core.Stages) == 0 {
		return nil, ErrNoCore
	}
	if in.Permutations < 0 {
		return nil, fmt.Errorf("permutations must be at least 1, got %d", in.Permutations)
	}
	if err := coding.ValidateEpisodes(in.Episodes, nil); err != nil {
		return nil, err
	}
	stages := cb.Core.Stages
	stageOf := stageIndexer(cb)
	role := in.Role
	if role == nil {
		role = func(string, int) Role { return RoleUnknown }
	}
	// Stages coded on each turn (by any coder), for prompts.
	type turnKey struct {
		source string
		turn   int
	}
	turnStages := map[turnKey][]bool{}
	for _, c := range in.Codings {
		if i := stageOf(c.Code); i >= 0 && !c.Orphaned && c.Turn > 0 {
			k := turnKey{c.Source, c.Turn}
			if turnStages[k] == nil {
				turnStages[k] = make([]bool, len(stages))
			}
			turnStages[k][i] = true
		}
	}
	prompted := func(c coding.Coding, stage int) bool {
		for t := c.Turn - 1; t >= 1; t-- {
			if role(c.Source, t) == RoleInterviewer {
				s := turnStages[turnKey{c.Source, t}]
				return s != nil && s[stage]
			}
		}
		return false
	}

	r := &ProcessReport{}
	o := &r.Order
	o.Episodes, o.PerEpisode = len(in.Episodes), []EpisodeOrder{}
	// Episodes in name order, so that the random stream of the baseline
	// does not depend on where the episodes lie in their interviews.
	eps := slices.Clone(in.Episodes)
	slices.SortFunc(eps, func(a, b coding.Episode) int { return cmp.Compare(codebook.Key(a.Name), codebook.Key(b.Name)) })
	var told [][]mention  // volunteered mentions per episode, in order
	present := [][]bool{} // stages coded in participant turns, per episode
	for _, e := range eps {
		var ms []mention
		pres := make([]bool, len(stages))
		for _, c := range in.Codings {
			i := stageOf(c.Code)
			if i < 0 || !e.Contains(c) {
				continue
			}
			switch role(c.Source, c.Turn) {
			case RoleInterviewer:
				o.InterviewerCodings++
				continue
			case RoleUnknown:
				o.UnknownRole++
			}
			pres[i] = true
			if prompted(c, i) {
				o.Prompted++
				continue
			}
			o.Volunteered++
			ms = append(ms, mention{c.Turn, c.Start, i})
		}
		slices.SortStableFunc(ms, func(a, b mention) int {
			return cmp.Or(cmp.Compare(a.turn, b.turn), cmp.Compare(a.start, b.start), cmp.Compare(a.stage, b.stage))
		})
		told = append(told, ms)
		present = append(present, pres)
	}
	orderFigures(o, eps, told, stages, in)
	r.Transitions = transitions(told, stages)
	r.Conditions = conditions(eps, present, stages)
	r.Challenges = challenges(cb, in)
	return r, nil
}

// stageIndexer maps code names to 0-based stage indexes (-1: none).
func stageIndexer(cb *codebook.Codebook) func(code string) int {
	m := map[string]int{}
	for _, c := range cb.Codes {
		m[codebook.Key(c.Name)] = cb.StageIndex(cb.StageOf(c.Category))
	}
	return func(code string) int {
		if i, ok := m[codebook.Key(code)]; ok {
			return i
		}
		return -1
	}
}

// placeRanks gives each mention the rank of its place (turn, start) in
// the telling: mentions at the same place share a rank.
func placeRanks(ms []mention) []int {
	ranks := make([]int, len(ms))
	for i := 1; i < len(ms); i++ {
		ranks[i] = ranks[i-1]
		if ms[i].turn != ms[i-1].turn || ms[i].start != ms[i-1].start {
			ranks[i]++
		}
	}
	return ranks
}

// firstRanks returns, per stage, the rank of the first place it is
// mentioned at (-1: not mentioned), for stage labels assigned to places.
func firstRanks(ranks, labels []int, k int, first []int) []int {
	first = first[:0]
	for range k {
		first = append(first, -1)
	}
	for i, s := range labels {
		if first[s] < 0 {
			first[s] = ranks[i]
		}
	}
	return first
}

// pairCounts counts the stage pairs of one episode by first appearance.
func pairCounts(first []int) (conc, disc, tied int) {
	for i := range first {
		for j := i + 1; j < len(first); j++ {
			if first[i] < 0 || first[j] < 0 {
				continue
			}
			switch {
			case first[i] < first[j]:
				conc++
			case first[i] > first[j]:
				disc++
			default:
				tied++
			}
		}
	}
	return conc, disc, tied
}

func orderFigures(o *NarratedOrder, eps []coding.Episode, told [][]mention, stages []string, in ProcessInput) {
	o.Permutations, o.Seed = in.Permutations, in.Seed
	if o.Permutations == 0 {
		o.Permutations = DefaultPermutations
	}
	if len(eps) == 0 {
		o.Verdict, o.Permutations = NoEpisodesVerdict, 0
		return
	}
	k := len(stages)
	ranks := make([][]int, len(told))
	labels := make([][]int, len(told))
	var first []int
	for e, ms := range told {
		ranks[e] = placeRanks(ms)
		for _, m := range ms {
			labels[e] = append(labels[e], m.stage)
		}
		first = firstRanks(ranks[e], labels[e], k, first)
		c, d, t := pairCounts(first)
		eo := EpisodeOrder{Episode: eps[e].Name, Source: eps[e].Source, Client: eps[e].Client, FirstAppearance: []string{}, Concordant: c, Discordant: d, Tied: t}
		var x, y []float64
		for _, s := range stagesByFirst(first) {
			eo.FirstAppearance = append(eo.FirstAppearance, stages[s])
			x, y = append(x, float64(s)), append(y, float64(first[s]))
		}
		if tau, ok := KendallTauB(x, y); ok {
			eo.TauB = &tau
		}
		if c+d+t > 0 {
			o.Compared++
		}
		o.Concordant, o.Discordant, o.Tied = o.Concordant+c, o.Discordant+d, o.Tied+t
		o.PerEpisode = append(o.PerEpisode, eo)
	}
	pairs := o.Concordant + o.Discordant + o.Tied
	if pairs == 0 {
		o.Verdict, o.Permutations = fmt.Sprintf("%d episode(s) marked, but none has two stages volunteered: no order figure can be given", len(eps)), 0
		return
	}
	obs := float64(o.Concordant) / float64(pairs)
	o.Statistic = &obs
	rng := rand.New(rand.NewPCG(in.Seed, in.Seed^0x9e3779b97f4a7c15))
	var sum float64
	atLeast := 0
	shuffled := make([][]int, len(labels))
	for e := range labels {
		shuffled[e] = slices.Clone(labels[e])
	}
	for range o.Permutations {
		conc := 0
		for e, l := range shuffled {
			rng.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
			first = firstRanks(ranks[e], l, k, first)
			c, _, _ := pairCounts(first)
			conc += c
		}
		// The number of pairs is the same in every permutation: each
		// episode keeps its set of stages.
		s := float64(conc) / float64(pairs)
		sum += s
		if s >= obs-1e-12 {
			atLeast++
		}
	}
	mean := sum / float64(o.Permutations)
	p := float64(1+atLeast) / float64(o.Permutations+1)
	o.BaselineMean, o.P = &mean, &p
	o.Verdict = fmt.Sprintf("in %d episode(s) with two or more stages volunteered, %d of %d stage pairs (%.0f%%) first appear in the model's order; if the order within each episode were random, %.0f%% would be expected (one-sided permutation p = %.3g, %d permutations, seed %d)",
		o.Compared, o.Concordant, pairs, 100*obs, 100*mean, p, o.Permutations, o.Seed)
	if o.Prompted > 0 {
		o.Verdict += fmt.Sprintf("; %d prompted coding(s) left out", o.Prompted)
	}
	if o.UnknownRole > 0 {
		o.Verdict += fmt.Sprintf("; %d coding(s) lie in turns whose speaker's role is unknown and count as volunteered, so prompted mentions may be among them", o.UnknownRole)
	}
}

// stagesByFirst lists the stages mentioned, by first appearance, ties in
// model order.
func stagesByFirst(first []int) []int {
	var out []int
	for s, r := range first {
		if r >= 0 {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(first[a], first[b]) })
	return out
}

func transitions(told [][]mention, stages []string) []Transition {
	counts := map[[2]int]int{}
	for _, ms := range told {
		prev := -1
		for _, m := range ms {
			if prev >= 0 && m.stage != prev {
				counts[[2]int{prev, m.stage}]++
			}
			prev = m.stage
		}
	}
	out := []Transition{}
	for k, n := range counts {
		out = append(out, Transition{From: stages[k[0]], To: stages[k[1]], Count: n})
	}
	idx := func(s string) int { return slices.Index(stages, s) }
	slices.SortFunc(out, func(a, b Transition) int {
		return cmp.Or(cmp.Compare(idx(a.From), idx(b.From)), cmp.Compare(idx(a.To), idx(b.To)))
	})
	return out
}

func conditions(eps []coding.Episode, present [][]bool, stages []string) Conditions {
	c := Conditions{First: stages[0], Tables: []ConditionTable{}}
	for j := 1; j < len(stages); j++ {
		ct := ConditionTable{Stage: stages[j], Contradicting: []string{}}
		for e, pres := range present {
			switch {
			case pres[0] && pres[j]:
				ct.Table.A++
			case pres[0]:
				ct.Table.B++
			case pres[j]:
				ct.Table.C++
				ct.Contradicting = append(ct.Contradicting, eps[e].Name)
			default:
				ct.Table.D++
			}
		}
		if len(eps) > 0 {
			p := FisherExact(ct.Table)
			ct.P = &p
		}
		c.Tables = append(c.Tables, ct)
	}
	return c
}

func challenges(cb *codebook.Codebook, in ProcessInput) []Challenge {
	out := make([]Challenge, len(cb.Core.Stages))
	for i, s := range cb.Core.Stages {
		out[i] = Challenge{Stage: s, NegativeCases: []NegativeCase{}, DisconfirmingCodes: []DisconfirmingCode{}}
	}
	for _, nc := range in.NegativeCases {
		i := cb.StageIndex(nc.Against)
		if i < 0 {
			i = cb.StageIndex(cb.StageOf(nc.Against))
		}
		if i >= 0 {
			out[i].NegativeCases = append(out[i].NegativeCases, nc)
		}
	}
	participant := in.Participant
	if participant == nil {
		participant = func(s string) string { return s }
	}
	for _, code := range cb.Codes {
		i := cb.StageIndex(code.Disconfirms)
		if i < 0 {
			continue
		}
		dc := DisconfirmingCode{Code: code.Name}
		parts := map[string]bool{}
		for _, c := range in.Codings {
			if !c.Orphaned && codebook.Key(c.Code) == codebook.Key(code.Name) {
				dc.Codings++
				parts[participant(c.Source)] = true
			}
		}
		dc.Participants = len(parts)
		out[i].DisconfirmingCodes = append(out[i].DisconfirmingCodes, dc)
	}
	return out
}

// UnplacedNegativeCases returns the negative cases whose Against names
// neither a stage nor a category under one, so a caller can warn.
func UnplacedNegativeCases(cb *codebook.Codebook, ncs []NegativeCase) []NegativeCase {
	var out []NegativeCase
	for _, nc := range ncs {
		if cb == nil || (cb.StageIndex(nc.Against) < 0 && cb.StageOf(nc.Against) == "") {
			out = append(out, nc)
		}
	}
	return out
}
