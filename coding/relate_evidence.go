package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// RuleEvidence is the errs.Invalid rule of a relation's citation that is
// not a coding id or does not resolve to a passage.
const RuleEvidence = "evidence"

// checkEvidence checks every citation against the store: a coding id must
// be a coding's, a passage reference must resolve in its transcript. It
// returns them in the codebook's spelling.
func checkEvidence(s Store, cites []string) ([]string, error) {
	if len(cites) == 0 {
		return nil, nil
	}
	var ids map[string]bool
	out := make([]string, 0, len(cites))
	for _, c := range cites {
		n, err := codebook.NormEvidence(c)
		if err != nil {
			return nil, &errs.Invalid{Field: "evidence", Rule: RuleEvidence, Value: c, Reason: fmt.Sprintf("evidence %q: %v", c, err)}
		}
		if codebook.IsPassageEvidence(n) {
			if _, err := ResolveArg(s, n, ""); err != nil {
				reason := fmt.Sprintf("evidence %s: %v", n, err)
				if strings.HasPrefix(err.Error(), n+":") {
					reason = "evidence " + err.Error()
				}
				return nil, &errs.Invalid{Field: "evidence", Rule: RuleEvidence, Value: n, Reason: reason}
			}
		} else {
			if ids == nil {
				all, err := s.AllCodings()
				if err != nil {
					return nil, err
				}
				ids = make(map[string]bool, len(all))
				for _, cd := range all {
					ids[cd.ID] = true
				}
			}
			if !ids[n] {
				return nil, &errs.NotFound{Kind: errs.KindCoding, Name: n}
			}
		}
		out = append(out, n)
	}
	return out, nil
}

// Evidence is one citation of a relation resolved against the project: the
// passage it stands for and the words there now.
type Evidence struct {
	Cite   string `json:"cite"`             // as the codebook stores it
	Coding string `json:"coding,omitempty"` // the coding id, when a coding is cited
	Code   string `json:"code,omitempty"`   // that coding's code
	Ref    string `json:"ref,omitempty"`    // the passage (a coding's span, or the passage cited)
	Quote  string `json:"quote,omitempty"`  // the passage's words as the transcript has them now
	// Problem says why the citation cannot be quoted (the coding was
	// removed, the source is gone, the span is out of range); empty when
	// it can.
	Problem string `json:"problem,omitempty"`
}

// ResolveEvidence resolves a relation's citations: each coding id through
// codings, each passage through its transcript (turns returns a source's
// turns, or an error when it is gone). A citation that cannot be resolved
// is returned with its Problem set, never dropped.
func ResolveEvidence(cites []string, codings []Coding, turns func(source string) ([]corpus.Turn, error)) []Evidence {
	byID := make(map[string]Coding, len(codings))
	for _, c := range codings {
		byID[c.ID] = c
	}
	out := make([]Evidence, 0, len(cites))
	for _, cite := range cites {
		ev := Evidence{Cite: cite}
		var ref corpus.Ref
		if codebook.IsPassageEvidence(cite) {
			r, err := corpus.ParseRef(cite)
			if err != nil {
				ev.Problem = err.Error()
				out = append(out, ev)
				continue
			}
			ref = r
		} else {
			c, ok := byID[cite]
			if !ok {
				ev.Coding = cite
				ev.Problem = fmt.Sprintf("no coding %s (it was removed, or is another coder's and hidden while coding blind)", cite)
				out = append(out, ev)
				continue
			}
			ev.Coding, ev.Code, ref = c.ID, c.Code, c.Ref()
			if c.Orphaned {
				ev.Ref = ref.String()
				ev.Problem = fmt.Sprintf("coding %s lost its words when its transcript was replaced (it quoted %q)", c.ID, c.Quote)
				out = append(out, ev)
				continue
			}
		}
		ev.Ref = ref.String()
		ts, err := turns(ref.Source)
		if err == nil {
			var sp Span
			if sp, err = Resolve(ref, ts); err == nil {
				ev.Quote = sp.Quote
			}
		}
		if err != nil {
			ev.Problem = err.Error()
		}
		out = append(out, ev)
	}
	return out
}

// UnciteRequest removes citations (as stored, or a passage reference in
// any spelling) from the relation From → To labelled As (any label when As
// is empty, as long as there is one relation between them).
type UnciteRequest struct {
	From, To, As string
	Cites        []string
}

// UnciteResult is the relation as it is now and the citations removed.
type UnciteResult struct {
	Relation codebook.Relation
	Removed  []string
	Summary  string
}

// Uncite removes citations from a relation's evidence. A citation the
// relation does not have is an errs.NotFound, and nothing changes.
func Uncite(ctx context.Context, s Store, req UnciteRequest) (UnciteResult, error) {
	r, err := findRelation(s.WorkingCodebook(), req.From, req.To, req.As)
	if err != nil {
		return UnciteResult{}, err
	}
	var drop []string
	for _, c := range req.Cites {
		n, err := codebook.NormEvidence(c)
		if err != nil {
			n = strings.TrimSpace(c) // a citation stored before its form was checked
		}
		if !slices.Contains(r.Evidence, n) {
			return UnciteResult{}, &errs.NotFound{Kind: KindCitation, Name: n, In: fmt.Sprintf("the evidence of %s → %s (%s)", r.From, r.To, r.As)}
		}
		if !slices.Contains(drop, n) {
			drop = append(drop, n)
		}
	}
	r.Evidence = slices.DeleteFunc(r.Evidence, func(e string) bool { return slices.Contains(drop, e) })
	if len(r.Evidence) == 0 {
		r.Evidence = nil
	}
	res := UnciteResult{Relation: *r, Removed: drop}
	res.Relation.Evidence = slices.Clone(r.Evidence)
	res.Summary = fmt.Sprintf("removed the citation(s) %s from the relation %q → %q as %s", strings.Join(drop, ", "), r.From, r.To, r.As)
	return res, nil
}

// KindCitation names a relation's citation in errs.NotFound.
const KindCitation = "citation"

// findRelation returns the one relation from → to (labelled as, when as
// is not empty).
func findRelation(cb *codebook.Codebook, from, to, as string) (*codebook.Relation, error) {
	var match []*codebook.Relation
	var labels []string
	for _, r := range cb.Relations {
		if codebook.Key(r.From) == codebook.Key(from) && codebook.Key(r.To) == codebook.Key(to) &&
			(as == "" || strings.EqualFold(strings.TrimSpace(r.As), strings.TrimSpace(as))) {
			match = append(match, r)
			labels = append(labels, r.As)
		}
	}
	name := fmt.Sprintf("%s → %s", from, to)
	if as != "" {
		name += " (" + as + ")"
	}
	switch len(match) {
	case 0:
		return nil, &errs.NotFound{Kind: KindRelation, Name: name}
	case 1:
		return match[0], nil
	}
	return nil, &errs.Invalid{Field: "as", Rule: RuleSeveralRelations, Value: strings.Join(labels, ", "),
		Reason: fmt.Sprintf("%s has %d relations (%s)", name, len(match), strings.Join(labels, ", "))}
}
