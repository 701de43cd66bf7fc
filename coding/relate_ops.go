package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
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
	rel, err := findRelation(cb, req.From, req.To, req.As) // relate_evidence.go
	if err != nil {
		return UnrelateResult{}, err
	}
	i := slices.Index(cb.Relations, rel)
	r := *rel
	cb.Relations = append(cb.Relations[:i:i], cb.Relations[i+1:]...)
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
