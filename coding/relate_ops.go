package coding

import (
	"context"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/errs"
)

// RuleSeveralRelations is the errs.Invalid rule of an unrelate request
// that matches more than one relation and names no label.
const RuleSeveralRelations = "several-relations"

// KindRelation names a relation in errs.NotFound.
const KindRelation = "relation"

// UnrelateRequest removes the relation from From to To labelled As (any
// label when As is empty, as long as there is one).
type UnrelateRequest struct{ From, To, As string }

// UnrelateResult is the relation removed.
type UnrelateResult struct {
	Relation codebook.Relation
	Summary  string
}

// Unrelate removes a relation between two categories (or codes).
func Unrelate(ctx context.Context, s Store, req UnrelateRequest) (UnrelateResult, error) {
	cb := s.WorkingCodebook()
	var match []int
	var labels []string
	for i, r := range cb.Relations {
		if codebook.Key(r.From) == codebook.Key(req.From) && codebook.Key(r.To) == codebook.Key(req.To) &&
			(req.As == "" || strings.EqualFold(strings.TrimSpace(r.As), strings.TrimSpace(req.As))) {
			match = append(match, i)
			labels = append(labels, r.As)
		}
	}
	name := fmt.Sprintf("%s → %s", req.From, req.To)
	if req.As != "" {
		name += " (" + req.As + ")"
	}
	switch {
	case len(match) == 0:
		return UnrelateResult{}, &errs.NotFound{Kind: KindRelation, Name: name}
	case len(match) > 1:
		return UnrelateResult{}, &errs.Invalid{Field: "as", Rule: RuleSeveralRelations, Value: strings.Join(labels, ", "),
			Reason: fmt.Sprintf("%s has %d relations (%s)", name, len(match), strings.Join(labels, ", "))}
	}
	r := *cb.Relations[match[0]]
	cb.Relations = append(cb.Relations[:match[0]:match[0]], cb.Relations[match[0]+1:]...)
	return UnrelateResult{Relation: r, Summary: fmt.Sprintf("removed the relation %q → %q as %s", r.From, r.To, r.As)}, nil
}

// RelationSentence states a relation's direction in words, as a paper
// would: "B is a consequence of A".
func RelationSentence(r codebook.Relation) string {
	from, to := r.From, r.To
	switch strings.ToLower(strings.TrimSpace(r.As)) {
	case "condition":
		return from + " is a condition of " + to
	case "context":
		return from + " is the context of " + to
	case "action":
		return from + " is an action taken in response to " + to
	case "strategy":
		return from + " is a strategy taken in response to " + to
	case "consequence":
		return to + " is a consequence of " + from
	}
	return fmt.Sprintf("%s relates to %s as %s", from, to, r.As)
}
