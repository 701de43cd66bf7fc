package ops

import (
	"context"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/analysis/whose"
	"github.com/grounded-qda/grounded/internal/project"
)

// GuestSaturationRequest asks for saturation by Guest, Namey & Chen
// (2020). The zero value but Params and Seed is the command line's
// default; DefaultGuestSaturationRequest fills those.
type GuestSaturationRequest struct {
	// Order is report.OrderAnalysis, report.OrderInterview or empty
	// (analysis when the project has history, interview otherwise).
	Order string
	// Coders whose codings count (none: every coder's, or only the
	// viewer's while blind coding is on); Count is codings or passages.
	Coders []string
	Count  whose.Mode
	Params report.GuestParams
	// Permutations random interview orders assess the point's
	// robustness (0: none), seeded with Seed.
	Permutations int
	Seed         uint64
	// Thin, when above 0, also lists categories supported by fewer than
	// Thin participants.
	Thin int
}

// DefaultGuestSaturationRequest is the request of 'report saturation'
// with no option: the paper's parameters, seed 1.
func DefaultGuestSaturationRequest() GuestSaturationRequest {
	return GuestSaturationRequest{Params: report.DefaultGuestParams, Seed: 1}
}

// GuestSaturationResult is the JSON of 'report saturation' in analysis
// or interview order, the same for every front end.
type GuestSaturationResult struct {
	*report.GuestSaturation
	Thin     []report.ThinCategory `json:"thin_categories"`
	ThinMin  int                   `json:"thin_min_participants"`
	Sentence string                `json:"sentence"`
}

// GuestSaturation computes saturation in analysis or interview order from
// the codings the viewer may see (a snapshot) and the history. The caller
// holds a read lock. The analysis's errors (report.ErrNoHistory, too few
// transcripts for the parameters) are a *SaturationError, for the front
// end to put in words.
func GuestSaturation(ctx context.Context, p *project.Project, req GuestSaturationRequest) (*GuestSaturationResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := p.ReadSnapshot(project.WithParticipants)
	if err != nil {
		return nil, err
	}
	cs, err := whose.FilterCoders(s.Codings, req.Coders)
	if err != nil {
		return nil, err
	}
	if req.Count == whose.ModePassages {
		cs = whose.Distinct(cs)
	}
	hist, err := p.ReadHistory("")
	if err != nil {
		return nil, err
	}
	var srcs []string
	for _, src := range s.Sources {
		srcs = append(srcs, src.ID)
	}
	gs, err := report.GuestSaturationOf(report.GuestInput{Codebook: s.Codebook, Codings: cs, History: historyForReport(hist),
		Sources: srcs, Order: req.Order, Params: req.Params, Permutations: req.Permutations, Seed: req.Seed})
	if err != nil {
		return nil, &SaturationError{Err: err}
	}
	out := &GuestSaturationResult{GuestSaturation: gs, Sentence: gs.Result.Summary, ThinMin: req.Thin, Thin: []report.ThinCategory{}}
	if req.Thin > 0 {
		var attrs []string
		var parts []corpus.Participant
		if s.Participants != nil {
			attrs, parts = s.Participants.Attributes, s.Participants.List
		}
		out.Thin = report.ThinCategories(s.Codebook, cs, participantOf(s.Sources), parts, attrs, req.Thin)
	}
	return out, nil
}

// SaturationError is an error of the saturation analysis itself (no
// history, an unknown order, too few transcripts for the parameters), as
// opposed to one reading the project or choosing coders.
type SaturationError struct{ Err error }

func (e *SaturationError) Error() string { return e.Err.Error() }
func (e *SaturationError) Unwrap() error { return e.Err }

// historyForReport turns the store's history into the report's.
func historyForReport(es []project.Entry) []report.HistoryEntry {
	out := make([]report.HistoryEntry, 0, len(es))
	for _, e := range es {
		out = append(out, report.HistoryEntry{ID: e.ID, Time: e.Time, Coder: e.Coder, Undoes: e.Undoes,
			Codebook: e.Codebook, Added: e.Added, Removed: e.Removed})
	}
	return out
}

// participantOf maps a source to its participant (the source id when the
// source names none).
func participantOf(srcs []*corpus.Source) func(string) string {
	m := map[string]string{}
	for _, s := range srcs {
		if s.Participant != "" {
			m[s.ID] = s.Participant
		}
	}
	return func(id string) string {
		if p, ok := m[id]; ok {
			return p
		}
		return id
	}
}
