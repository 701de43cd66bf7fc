package ops

import (
	"context"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/project"
)

// ResolveRequest records a consensus: the codings of coder As that settle
// the disagreements of coders A and B with Decisions.
type ResolveRequest struct {
	A, B, As  string
	Decisions []coderagree.Decision
}

// ResolveResult is what the consensus coder received.
type ResolveResult struct {
	Result  *coderagree.ConsensusResult
	Added   int
	Summary string
}

// Resolve writes the consensus coder's codings in one change: A's
// codings where both coders agree, and the decided codings (with the
// reason as their memo) where they did not. Nothing is written when a
// disagreement is undecided or a decision names a unit neither coded.
// The change is the consensus coder's (e.Coder must be As), so it is
// logged in their history and undone by their undo.
func Resolve(ctx context.Context, e *project.Edit, req ResolveRequest) (ResolveResult, error) {
	var res ResolveResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	all, err := e.AllCodings()
	if err != nil {
		return res, err
	}
	same := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	if same(req.As, req.A) || same(req.As, req.B) {
		return res, fmt.Errorf("the consensus coder %q must be a name of its own, not one of the coders compared", req.As)
	}
	for _, c := range all {
		if strings.EqualFold(strings.TrimSpace(c.Coder), strings.TrimSpace(req.As)) {
			return res, fmt.Errorf("coder %q already has codings: a consensus is recorded once, into a coder with none (undo it, or choose another name)", req.As)
		}
	}
	r, err := coderagree.Consensus(coderagree.ConsensusInput{A: req.A, B: req.B, As: e.Coder, Codings: all, Decisions: req.Decisions, Now: e.Now()})
	if err != nil {
		return res, err
	}
	for _, c := range r.Codings {
		added, err := e.AddCoding(c)
		if err != nil {
			return res, err
		}
		if added {
			res.Added++
		}
	}
	decided := 0
	for _, rec := range r.Records {
		if !rec.Agreed {
			decided++
		}
	}
	res.Result = r
	res.Summary = fmt.Sprintf("consensus of %s and %s: %d unit(s) agreed, %d decided with reasons, %d coding(s) recorded", req.A, req.B, len(r.Records)-decided, decided, res.Added)
	return res, nil
}
