package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// Saturation orders of [GuestSaturationOf].
const (
	// OrderAnalysis: transcripts in the order their coding began, codes
	// by first appearance in the history.
	OrderAnalysis = "analysis"
	// OrderInterview: transcripts in the given order, codes as coded now.
	OrderInterview = "interview"
)

// ErrNoHistory is returned for order analysis without history entries.
var ErrNoHistory = errors.New("no history to compute saturation in analysis order from")

// GuestInput is what [GuestSaturationOf] reads.
type GuestInput struct {
	Codebook *codebook.Codebook
	// Codings that count now (the chosen coders'; orphaned ones are
	// ignored).
	Codings []coding.Coding
	// History entries (any order) for order analysis.
	History []HistoryEntry
	// Sources in interview order, for order interview.
	Sources []string
	// Order is OrderAnalysis or OrderInterview; empty means analysis
	// when there is history, interview otherwise.
	Order  string
	Params GuestParams
	// Permutations random interview orders for robustness (0: none),
	// seeded with Seed.
	Permutations int
	Seed         uint64
}

// GuestSaturation is saturation by Guest, Namey & Chen (2020) in one
// order, with the steps it was computed from.
type GuestSaturation struct {
	Order string          `json:"order"`
	Steps []EmergenceStep `json:"steps"`
	// Emergence is set in order analysis.
	Emergence  *Emergence     `json:"emergence,omitempty"`
	Result     *GuestResult   `json:"result"`
	Robustness *Robustness    `json:"robustness,omitempty"`
	Categories []CategoryStep `json:"categories"`
}

// GuestSaturationOf computes the steps in the chosen order, the
// assessment, the category steps and, when asked, the order robustness
// over random orders of the coded transcripts.
func GuestSaturationOf(in GuestInput) (*GuestSaturation, error) {
	order := strings.ToLower(strings.TrimSpace(in.Order))
	if order == "" {
		order = OrderInterview
		if len(in.History) > 0 {
			order = OrderAnalysis
		}
	}
	gs := &GuestSaturation{Order: order}
	switch order {
	case OrderAnalysis:
		if len(in.History) == 0 {
			return nil, ErrNoHistory
		}
		gs.Emergence = EmergenceOf(in.History, in.Codings)
		gs.Steps = gs.Emergence.Steps
	case OrderInterview:
		gs.Steps = InterviewSteps(in.Sources, in.Codings)
	default:
		return nil, fmt.Errorf("unknown order %q: use analysis or interview", in.Order)
	}
	r, err := Guest(gs.Steps, in.Params)
	if err != nil {
		return nil, err
	}
	gs.Result = r
	gs.Categories = CategorySaturation(in.Codebook, gs.Steps)
	if in.Permutations > 0 {
		by := map[string][]string{}
		var srcs []string
		for _, c := range in.Codings {
			if c.Orphaned {
				continue
			}
			if by[c.Source] == nil {
				srcs = append(srcs, c.Source)
			}
			by[c.Source] = append(by[c.Source], c.Code)
		}
		sets := make([][]string, len(srcs))
		for i, s := range srcs {
			sets[i] = by[s]
		}
		if gs.Robustness, err = GuestRobustness(sets, in.Params, in.Permutations, in.Seed); err != nil {
			return nil, err
		}
	}
	return gs, nil
}
