// Package model checks coded data against the codebook's process model:
// the core category and its ordered stages (for example the four stages
// of Creating Connection). It answers three questions.
//
// # Coverage: is each stage grounded in enough participants?
//
// For each stage, in order: the codes under it (in the stage category or
// any category below it), the codings of those codes, and n/N, where n
// counts the participants with at least one such coding and N the
// participants with at least one coding of any code (participants with
// coded transcripts). A source's participant is source.Participant, or
// the source id when it names none. A stage meets the threshold when
// n >= MinParticipants; by default MinParticipants = ceil(N/2), at least 1,
// so a stage must appear in at least half of the coded interviews.
// Orphaned codings count here.
//
// # Order: do the stages appear in the interviews in the model's order?
//
// Each coding gets the relative position of its turn in its interview,
// (turn-1)/(turns-1): 0 is the first turn, 1 the last (0 in a one-turn
// source). For each participant, each stage present gets the mean
// position of the participant's codings under it, over all their sources.
// Kendall's tau-b between the stages' model order (1..k) and their mean
// positions measures agreement: 1 when the stages appear in the model's
// order, -1 when reversed; it needs at least two stages present and is
// left undefined when all means are tied. The report gives tau-b per
// participant, its mean over the participants where it is defined, and
// the share of concordant stage pairs: over all participants, the pairs
// of stages whose mean positions follow the model's order, out of all
// pairs compared (tied means count as pairs that are not concordant).
// Orphaned codings and codings with no turn (Turn 0; see TurnAt) are left
// out of the order.
//
// This whole-interview order follows the interview guide: reversing an
// interview's question–answer pairs reverses it. It is therefore kept
// only as "order of mention" (see [OrderOfMention]); the evidence about
// the process comes from [Process].
//
// # Process evidence: order in narrated time, conditions, challenges
//
// [Process] reads episodes (coding.Episode: a story inside an interview,
// a turn range). A stage coding of a participant turn inside an episode
// is prompted when the nearest interviewer turn before it has a coding of
// the same stage (the guide's question asked about it), volunteered
// otherwise; codings of interviewer turns are the prompts and count for
// neither. Within each episode the volunteered stage mentions, in order
// of turn and offset, give each stage's first appearance; a pair of
// stages (i before j in the model) is concordant when i first appears
// before j, discordant when after, tied when at the same place. The
// statistic is the share of concordant pairs over all episodes. Its
// baseline keeps each episode's places and multiset of stage mentions and
// shuffles which stage is mentioned where (math/rand/v2 PCG, seeded); the
// one-sided permutation p is (1 + b) / (N + 1), b the permutations with a
// statistic at least the observed one (Phipson & Smyth 2010). Without
// episodes no order figure is given, only [NoEpisodesVerdict].
//
// Conditions: for each later stage, the 2×2 table over episodes of the
// first stage coded (in participant turns, prompted or not) × the later
// stage coded, with Fisher's exact two-sided p ([FisherExact]) and the
// episodes with the later stage but not the first (candidate negative
// cases). Transitions count consecutive volunteered mentions of different
// stages. Challenges gather, per stage, negative-case memos against it or
// a category under it and the codings of codes marked disconfirms: STAGE.
// An episode that overlaps another counts in both.
//
// # Drift: what in the codebook falls outside the model?
//
//   - codes not under any stage (in a category outside the core, or in no
//     category), with their codings;
//   - categories outside the core: categories that are neither a stage nor
//     below one;
//   - stages with no codes;
//   - provisional categories with no codes (in them or below them);
//   - emergent categories: categories that are not provisional, are not
//     under any stage, and have codings (in them or below them).
//
// Check is a pure function of its Input: it reads no files.
package model

import (
	"cmp"
	"errors"
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// ErrNoCore is returned by Check when the codebook has no core category
// with stages.
var ErrNoCore = errors.New("the codebook has no core category with stages")

// Input is what Check reads.
type Input struct {
	Codebook *codebook.Codebook
	// Codings with Turn 0 are left out of the order (resolve them first
	// with TurnAt).
	Codings []coding.Coding
	// Sources give each source's participant and number of turns.
	Sources []*corpus.Source
	// MinParticipants is the threshold of participants a stage must reach;
	// 0 means the default, ceil(N/2) and at least 1.
	MinParticipants int
}

// Report is the result of Check.
type Report struct {
	Core string `json:"core"`
	// Participants is N, the participants with coded transcripts.
	Participants int `json:"participants"`
	// MinParticipants is the threshold used.
	MinParticipants int `json:"min_participants"`
	// DefaultThreshold is set when MinParticipants is the default.
	DefaultThreshold bool    `json:"default_threshold"`
	Stages           []Stage `json:"stages"`
	Order            Order   `json:"order"`
	Drift            Drift   `json:"drift"`
}

// Stage is the coverage of one stage.
type Stage struct {
	Order   int    `json:"order"`
	Name    string `json:"name"`
	Codes   int    `json:"codes"`
	Codings int    `json:"codings"`
	// Participants is n, out of Report.Participants.
	Participants   int  `json:"participants"`
	MeetsThreshold bool `json:"meets_threshold"`
}

// Order is the agreement of the interviews with the stages' order.
type Order struct {
	Participants []ParticipantOrder `json:"participants"`
	// MeanTauB is the mean of the defined per-participant tau-b values
	// (nil when none is defined); TauBParticipants counts them.
	MeanTauB         *float64 `json:"mean_tau_b"`
	TauBParticipants int      `json:"tau_b_participants"`
	// Concordant and Pairs sum the participants' stage pairs;
	// ConcordantShare = Concordant/Pairs (nil when there are no pairs).
	Concordant      int      `json:"concordant"`
	Pairs           int      `json:"pairs"`
	ConcordantShare *float64 `json:"concordant_share"`
}

// ParticipantOrder is one participant's stage positions.
type ParticipantOrder struct {
	Participant string `json:"participant"`
	// Stages are the stages present, in model order.
	Stages []StagePosition `json:"stages"`
	// TauB is nil when undefined (fewer than two stages, or all tied).
	TauB       *float64 `json:"tau_b"`
	Concordant int      `json:"concordant"`
	Discordant int      `json:"discordant"`
	Pairs      int      `json:"pairs"`
}

// StagePosition is the mean relative position of a participant's codings
// under one stage.
type StagePosition struct {
	Order   int     `json:"order"`
	Name    string  `json:"name"`
	Codings int     `json:"codings"`
	Mean    float64 `json:"mean"`
}

// Drift lists what lies outside the model.
type Drift struct {
	CodesOutsideStages      []Item `json:"codes_outside_stages"`
	CategoriesOutsideCore   []Item `json:"categories_outside_core"`
	StagesWithoutCodes      []Item `json:"stages_without_codes"`
	ProvisionalWithoutCodes []Item `json:"provisional_without_codes"`
	EmergentCategories      []Item `json:"emergent_categories"`
}

// Empty reports whether there is no drift at all.
func (d Drift) Empty() bool {
	return len(d.CodesOutsideStages)+len(d.CategoriesOutsideCore)+len(d.StagesWithoutCodes)+
		len(d.ProvisionalWithoutCodes)+len(d.EmergentCategories) == 0
}

// Item is a code or category in the drift report. Category is a code's
// category or a category's parent (empty when none).
type Item struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Codes    int    `json:"codes"`
	Codings  int    `json:"codings"`
}

// DefaultMinParticipants is the default threshold for n participants:
// ceil(n/2), at least 1.
func DefaultMinParticipants(n int) int { return max((n+1)/2, 1) }

// Check computes the report (see the package comment). It returns
// ErrNoCore when the codebook has no core category or the core has no
// stages.
func Check(in Input) (*Report, error) {
	cb := in.Codebook
	if cb == nil || cb.Core == nil || len(cb.Core.Stages) == 0 {
		return nil, ErrNoCore
	}
	src := map[string]*corpus.Source{}
	for _, s := range in.Sources {
		src[s.ID] = s
	}
	participant := func(source string) string {
		if s := src[source]; s != nil && s.Participant != "" {
			return s.Participant
		}
		return source
	}
	// stageOfCode maps code keys to a 0-based stage index (-1: none).
	stageOfCode := map[string]int{}
	for _, c := range cb.Codes {
		stageOfCode[codebook.Key(c.Name)] = cb.StageIndex(cb.StageOf(c.Category))
	}
	stageOf := func(code string) int {
		if i, ok := stageOfCode[codebook.Key(code)]; ok {
			return i
		}
		return -1
	}

	r := &Report{Core: cb.Core.Name, MinParticipants: in.MinParticipants}
	k := len(cb.Core.Stages)
	all := map[string]bool{}
	stageParts := make([]map[string]bool, k)
	for i := range stageParts {
		stageParts[i] = map[string]bool{}
	}
	r.Stages = make([]Stage, k)
	for i, s := range cb.Core.Stages {
		r.Stages[i] = Stage{Order: i + 1, Name: s}
	}
	for _, c := range cb.Codes {
		if i := stageOfCode[codebook.Key(c.Name)]; i >= 0 {
			r.Stages[i].Codes++
		}
	}
	type acc struct {
		sum float64
		n   int
	}
	positions := map[string][]acc{} // participant -> per stage
	for _, c := range in.Codings {
		p := participant(c.Source)
		all[p] = true
		i := stageOf(c.Code)
		if i < 0 {
			continue
		}
		r.Stages[i].Codings++
		stageParts[i][p] = true
		pos, ok := position(c, src[c.Source])
		if !ok {
			continue
		}
		if positions[p] == nil {
			positions[p] = make([]acc, k)
		}
		positions[p][i].sum += pos
		positions[p][i].n++
	}
	r.Participants = len(all)
	if r.MinParticipants <= 0 {
		r.MinParticipants, r.DefaultThreshold = DefaultMinParticipants(r.Participants), true
	}
	for i := range r.Stages {
		r.Stages[i].Participants = len(stageParts[i])
		r.Stages[i].MeetsThreshold = r.Stages[i].Participants >= r.MinParticipants
	}

	// Order.
	r.Order.Participants = []ParticipantOrder{}
	var tauSum float64
	for _, p := range sortedKeys(positions) {
		po := ParticipantOrder{Participant: p, Stages: []StagePosition{}}
		var x, y []float64
		for i, a := range positions[p] {
			if a.n == 0 {
				continue
			}
			mean := a.sum / float64(a.n)
			po.Stages = append(po.Stages, StagePosition{Order: i + 1, Name: cb.Core.Stages[i], Codings: a.n, Mean: mean})
			x, y = append(x, float64(i+1)), append(y, mean)
		}
		pc := CountPairs(x, y)
		po.Concordant, po.Discordant, po.Pairs = pc.Concordant, pc.Discordant, pc.Pairs
		if tau, ok := pc.TauB(); ok {
			po.TauB = &tau
			tauSum += tau
			r.Order.TauBParticipants++
		}
		r.Order.Concordant += pc.Concordant
		r.Order.Pairs += pc.Pairs
		r.Order.Participants = append(r.Order.Participants, po)
	}
	if n := r.Order.TauBParticipants; n > 0 {
		m := tauSum / float64(n)
		r.Order.MeanTauB = &m
	}
	if r.Order.Pairs > 0 {
		s := float64(r.Order.Concordant) / float64(r.Order.Pairs)
		r.Order.ConcordantShare = &s
	}
	r.Drift = drift(cb, in.Codings)
	return r, nil
}

// position is the relative position of a coding's turn in its source.
func position(c coding.Coding, s *corpus.Source) (float64, bool) {
	if c.Orphaned || c.Turn < 1 || s == nil || s.Turns < 1 {
		return 0, false
	}
	if s.Turns == 1 {
		return 0, true
	}
	t := min(c.Turn, s.Turns)
	return float64(t-1) / float64(s.Turns-1), true
}

// TurnAt returns the number of the turn that holds code-point offset off
// of the source's plain text (corpus.PlainText), for codings with Turn 0:
// the last turn whose text starts at or before off, or 0 when there are
// no turns.
func TurnAt(turns []corpus.Turn, off int) int {
	_, offsets := corpus.PlainText(turns)
	n := 0
	for i, o := range offsets {
		if o > off {
			break
		}
		n = turns[i].N
	}
	if n == 0 && len(turns) > 0 {
		n = turns[0].N
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(corpus.CompareIDs(a, b), cmp.Compare(a, b)) })
	return keys
}

// drift lists the codebook's items outside the model.
func drift(cb *codebook.Codebook, cs []coding.Coding) Drift {
	perCode := map[string]int{}
	for _, c := range cs {
		perCode[codebook.Key(c.Code)]++
	}
	d := Drift{CodesOutsideStages: []Item{}, CategoriesOutsideCore: []Item{}, StagesWithoutCodes: []Item{},
		ProvisionalWithoutCodes: []Item{}, EmergentCategories: []Item{}}
	// Codes and codings in each category's subtree.
	codes, codings := map[string]int{}, map[string]int{}
	for _, c := range cb.Codes {
		if c.Category == "" {
			continue
		}
		for _, cat := range append([]string{c.Category}, cb.Ancestors(c.Category)...) {
			codes[codebook.Key(cat)]++
			codings[codebook.Key(cat)] += perCode[codebook.Key(c.Name)]
		}
	}
	for _, c := range cb.Codes {
		if cb.StageOf(c.Category) == "" {
			d.CodesOutsideStages = append(d.CodesOutsideStages, Item{Name: c.Name, Category: c.Category, Codes: 1, Codings: perCode[codebook.Key(c.Name)]})
		}
	}
	// Codings of codes the codebook does not define are outside too.
	var unknown []string
	seen := map[string]bool{}
	for _, c := range cs {
		k := codebook.Key(c.Code)
		if cb.Code(c.Code) == nil && !seen[k] {
			seen[k] = true
			unknown = append(unknown, c.Code)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		d.CodesOutsideStages = append(d.CodesOutsideStages, Item{Name: name, Codes: 1, Codings: perCode[codebook.Key(name)]})
	}
	for _, s := range cb.Core.Stages {
		if codes[codebook.Key(s)] == 0 {
			d.StagesWithoutCodes = append(d.StagesWithoutCodes, Item{Name: s})
		}
	}
	for _, c := range cb.Categories {
		k := codebook.Key(c.Name)
		it := Item{Name: c.Name, Category: c.Parent, Codes: codes[k], Codings: codings[k]}
		outside := cb.StageOf(c.Name) == ""
		if outside {
			d.CategoriesOutsideCore = append(d.CategoriesOutsideCore, it)
		}
		if c.Provisional && codes[k] == 0 {
			d.ProvisionalWithoutCodes = append(d.ProvisionalWithoutCodes, it)
		}
		if outside && !c.Provisional && codings[k] > 0 {
			d.EmergentCategories = append(d.EmergentCategories, it)
		}
	}
	return d
}
