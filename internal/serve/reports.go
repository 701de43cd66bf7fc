package serve

import (
	"context"
	"errors"
	"strings"

	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// SaturationQuery is GET /api/saturation?order=&k=.
type SaturationQuery struct {
	Order string // ingest (default) or attr:KEY
	K     int    // default 3
}

// CooccurrenceQuery is GET /api/cooccurrence?level=&scope=.
type CooccurrenceQuery struct {
	Level string // code (default), category or stage
	Scope string // turn (default) or source
}

// reportInput reads what the reports are computed from, as the command
// line's reports read it: every coder's codings, or only the viewer's
// while blind coding is on (the snapshot filters).
func reportInput(p *project.Project) (*report.Input, error) {
	s, err := p.ReadSnapshot(project.WithParticipants | project.WithTurns)
	if err != nil {
		return nil, err
	}
	return &report.Input{Codebook: s.Codebook, Codings: s.Codings, Sources: s.Sources, Participants: s.Participants.List,
		Attributes: s.Participants.Attributes, Texts: report.NewTexts(s.Turns)}, nil
}

// Saturation implements Backend: 'report saturation --order O --k K --json'.
func (b *ProjectBackend) Saturation(ctx context.Context, q SaturationQuery) (*report.SaturationReport, error) {
	order := orDefault(q.Order, "ingest")
	if o := strings.ToLower(strings.TrimSpace(order)); o != "ingest" && (!strings.HasPrefix(o, "attr:") || strings.TrimSpace(o[5:]) == "") {
		return nil, invalidf("order", "order %q: use ingest or attr:KEY", order)
	}
	k := q.K
	if k == 0 {
		k = 3
	}
	if k < 1 {
		return nil, invalidf("k", "k must be at least 1, got %d", k)
	}
	var r *report.SaturationReport
	err := b.read(func(p *project.Project) error {
		in, err := reportInput(p)
		if err != nil {
			return err
		}
		r, err = report.SaturationOf(in, order, k)
		return fieldError(err, "order")
	})
	return r, err
}

// GuestSaturation implements Backend: 'report saturation [--order O]
// --json' with the command line's defaults, through the operation the
// command line calls, so the JSON is the same. A saturation the project
// cannot give yet (no history, too few transcripts for the base and run)
// is 404 with the analysis's reason.
func (b *ProjectBackend) GuestSaturation(ctx context.Context, order string) (*ops.GuestSaturationResult, error) {
	switch o := strings.ToLower(strings.TrimSpace(order)); o {
	case "", report.OrderAnalysis, report.OrderInterview:
	default:
		return nil, invalidf("order", "order %q: use analysis or interview (ingest or attr:KEY are the per-transcript view, /api/saturation)", order)
	}
	var r *ops.GuestSaturationResult
	err := b.read(func(p *project.Project) error {
		req := ops.DefaultGuestSaturationRequest()
		req.Order = order
		var err error
		r, err = ops.GuestSaturation(ctx, p, req)
		var se *ops.SaturationError
		if errors.As(err, &se) {
			return &Error{Kind: KindNotFound, Msg: "saturation cannot be assessed yet: " + err.Error(), Err: err}
		}
		return err
	})
	return r, err
}

// Cooccurrence implements Backend: 'report cooccurrence --level L --scope S
// --json'.
func (b *ProjectBackend) Cooccurrence(ctx context.Context, q CooccurrenceQuery) (*report.CooccurrenceTable, error) {
	level, err := report.ParseLevel(orDefault(q.Level, "code"))
	if err != nil {
		return nil, invalidf("level", "%v", err)
	}
	scope, err := report.ParseScope(orDefault(q.Scope, "turn"))
	if err != nil {
		return nil, invalidf("scope", "%v", err)
	}
	var ct *report.CooccurrenceTable
	err = b.read(func(p *project.Project) error {
		in, err := reportInput(p)
		if err != nil {
			return err
		}
		ct, err = report.Cooccurrences(in, level, scope)
		return fieldError(err, "level")
	})
	return ct, err
}

// fieldError makes an untyped error of a computation over what was read
// (an unknown attribute to order by, say) the request's fault, naming
// field.
func fieldError(err error, field string) error {
	if err == nil || classify(err) != nil {
		return err
	}
	return &Error{Kind: KindInvalid, Field: field, Msg: err.Error(), Err: err}
}
