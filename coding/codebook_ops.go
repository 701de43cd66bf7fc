package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/errs"
)

// More rules broken by invalid requests (errs.Invalid.Rule).
const (
	RuleNoField    = "no-field"    // a describe request that sets nothing
	RuleEmptyMemo  = "empty-memo"  // a memo without text
	RuleOneTarget  = "one-target"  // a memo about more than one thing
	RuleNoCategory = "no-category" // the category named does not exist (errs.NotFound)
)

// DescribeRequest sets the parts of a code's definition. A nil field is
// left as it is; a pointer to "" clears it. The code is created when it
// does not exist.
type DescribeRequest struct {
	Code                                                 string
	Description, WhenToUse, WhenNotToUse, Example, Color *string
	// Disconfirms names a stage of the core the code speaks against ("":
	// none).
	Disconfirms *string
}

// DescribeResult names the code described.
type DescribeResult struct{ Code, Summary string }

// Describe sets parts of a code's definition.
func Describe(ctx context.Context, s Store, req DescribeRequest) (DescribeResult, error) {
	cb := s.WorkingCodebook()
	fields := []*string{req.Description, req.WhenToUse, req.WhenNotToUse, req.Example, req.Color, req.Disconfirms}
	n := 0
	for _, f := range fields {
		if f != nil {
			n++
		}
	}
	if n == 0 {
		return DescribeResult{}, &errs.Invalid{Field: "fields", Rule: RuleNoField, Reason: "nothing to describe: give at least one part of the definition"}
	}
	c := cb.Code(req.Code)
	if c == nil {
		var err error
		if c, err = cb.AddCode(req.Code, ""); err != nil {
			return DescribeResult{}, err
		}
	}
	if req.Disconfirms != nil {
		if err := cb.SetDisconfirms(c.Name, *req.Disconfirms); err != nil {
			return DescribeResult{}, &errs.Invalid{Field: "disconfirms", Reason: err.Error(), Value: *req.Disconfirms}
		}
	}
	for i, dst := range []*string{&c.Description, &c.WhenToUse, &c.WhenNotToUse, &c.Example, &c.Color} {
		if fields[i] != nil {
			*dst = *fields[i]
		}
	}
	return DescribeResult{Code: c.Name, Summary: fmt.Sprintf("described code %q", c.Name)}, nil
}

// CategoryRequest names a category, with its parent and description when
// adding one.
type CategoryRequest struct{ Name, Parent, Description string }

// CategoryResult names the category changed.
type CategoryResult struct{ Name, Summary string }

// AddCategory adds a category, under Parent when given.
func AddCategory(ctx context.Context, s Store, req CategoryRequest) (CategoryResult, error) {
	c, err := s.WorkingCodebook().AddCategory(req.Name, req.Parent, req.Description)
	if err != nil {
		return CategoryResult{}, err
	}
	return CategoryResult{Name: c.Name, Summary: fmt.Sprintf("added category %q", c.Name)}, nil
}

// MoveCategory puts a category under Parent ("" for the top level).
func MoveCategory(ctx context.Context, s Store, req CategoryRequest) (CategoryResult, error) {
	where := fmt.Sprintf("under %q", req.Parent)
	if req.Parent == "" {
		where = "to the top level"
	}
	err := s.WorkingCodebook().SetParent(req.Name, req.Parent)
	return CategoryResult{Name: req.Name, Summary: fmt.Sprintf("moved category %q %s", req.Name, where)}, err
}

// DeleteCategory deletes a category; its codes and sub-categories move up
// to its parent.
func DeleteCategory(ctx context.Context, s Store, req CategoryRequest) (CategoryResult, error) {
	err := s.WorkingCodebook().RemoveCategory(req.Name)
	return CategoryResult{Name: req.Name, Summary: fmt.Sprintf("deleted category %q", req.Name)}, err
}

// AssignRequest puts Codes into the category To ("" takes them out of any).
type AssignRequest struct {
	Codes []string
	To    string
}

// AssignCategory puts codes into a category.
func AssignCategory(ctx context.Context, s Store, req AssignRequest) (CategoryResult, error) {
	cb := s.WorkingCodebook()
	var to string
	if req.To != "" {
		cat := cb.Category(req.To)
		if cat == nil {
			return CategoryResult{}, &errs.NotFound{Kind: errs.KindCategory, Name: req.To}
		}
		to = cat.Name
	}
	for _, n := range req.Codes {
		c := cb.Code(n)
		if c == nil {
			return CategoryResult{}, CodeNotFound(cb, n)
		}
		c.Category = to
	}
	return CategoryResult{Name: to, Summary: fmt.Sprintf("assigned %d code(s) to %q", len(req.Codes), to)}, nil
}

// CoreRequest sets the core category. Stages, when KeepStages is false,
// are its stages in order (created when missing); Description, when not
// nil, replaces its description.
type CoreRequest struct {
	Name        string
	Stages      []string
	KeepStages  bool
	Description *string
}

// CoreResult lists the stages set and the stage categories created.
type CoreResult struct {
	Stages, Created []string
	Summary         string
}

// SetCore sets the core category and its stages. With KeepStages an
// existing core keeps its stages (renaming or describing it).
func SetCore(ctx context.Context, s Store, req CoreRequest) (CoreResult, error) {
	cb := s.WorkingCodebook()
	list := req.Stages
	if req.KeepStages && cb.Core != nil {
		list = cb.Core.Stages
	}
	created, err := cb.SetCore(req.Name, list)
	if err != nil {
		return CoreResult{}, err
	}
	if req.Description != nil {
		cb.Core.Description = *req.Description
	}
	return CoreResult{Stages: list, Created: created, Summary: fmt.Sprintf("set core category %q with %d stages", req.Name, len(list))}, nil
}

// RelateRequest relates category From to To with a paradigm-model label,
// citing Evidence (coding ids and passage references) for it.
type RelateRequest struct {
	From, To, As, Note string
	Evidence           []string
}

// RelateResult says whether the relation is new and which citations were
// added to it; nothing changed when New is false and Added is empty.
type RelateResult struct {
	New      bool
	Relation codebook.Relation
	Added    []string
	Summary  string
}

// Relate records a relation between two categories, or cites more
// evidence for one that exists. Every citation is checked before anything
// changes: a coding id must be a coding's and a passage must resolve.
func Relate(ctx context.Context, s Store, req RelateRequest) (RelateResult, error) {
	cites, err := checkEvidence(s, req.Evidence) // relate_evidence.go
	if err != nil {
		return RelateResult{}, err
	}
	r, isNew, err := s.WorkingCodebook().Relate(req.From, req.To, req.As, req.Note)
	if err != nil {
		return RelateResult{}, err
	}
	added, err := r.AddEvidence(cites...)
	if err != nil {
		return RelateResult{}, err
	}
	res := RelateResult{New: isNew, Relation: *r, Added: added}
	res.Relation.Evidence = slices.Clone(r.Evidence)
	switch {
	case isNew:
		res.Summary = fmt.Sprintf("related %q to %q as %s", r.From, r.To, r.As)
		if len(added) > 0 {
			res.Summary += fmt.Sprintf(", citing %s", strings.Join(added, ", "))
		}
	case len(added) > 0:
		res.Summary = fmt.Sprintf("cited %s for the relation %q → %q as %s", strings.Join(added, ", "), r.From, r.To, r.As)
	default:
		res.Summary = fmt.Sprintf("related %q to %q as %s", r.From, r.To, r.As)
	}
	return res, nil
}

// UncodeIDsRequest removes codings by id, whoever made them.
type UncodeIDsRequest struct{ IDs []string }

// UncodeIDs removes codings by their ids.
func UncodeIDs(ctx context.Context, s Store, req UncodeIDsRequest) (UncodeResult, error) {
	var res UncodeResult
	all, err := s.AllCodings()
	if err != nil {
		return res, err
	}
	byID := map[string]Coding{}
	for _, c := range all {
		byID[c.ID] = c
	}
	for _, id := range req.IDs {
		c, ok := byID[id]
		if !ok {
			return res, &errs.NotFound{Kind: errs.KindCoding, Name: id}
		}
		if err := s.RemoveCoding(c); err != nil {
			return res, err
		}
		res.Removed = append(res.Removed, c)
		delete(byID, id)
	}
	res.Summary = fmt.Sprintf("removed %d coding(s)", len(res.Removed))
	return res, nil
}

// TemplateRequest merges a codebook template (already decoded) into the
// codebook; Name is the template's name for the history.
type TemplateRequest struct {
	Name     string
	Template *codebook.Codebook
}

// TemplateResult lists what the template added (nothing when the codebook
// already had it all).
type TemplateResult struct {
	Added   []string
	Summary string
}

// ApplyTemplate adds what the codebook lacks of a template.
func ApplyTemplate(ctx context.Context, s Store, req TemplateRequest) (TemplateResult, error) {
	added, err := s.WorkingCodebook().Merge(req.Template)
	return TemplateResult{Added: added, Summary: fmt.Sprintf("applied template %s (%d items)", req.Name, len(added))}, err
}
