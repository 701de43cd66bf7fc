package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Rules of the memo operations' errs.Invalid errors.
const (
	RuleMemoType = "memo-type" // a memo type that is not one of MemoTypes
	RuleSelfLink = "self-link" // a memo linking to itself
)

// MemoRequest writes a memo about any number of codes, categories,
// sources and passages (Ref), or about the project when none is given.
// The single fields come first, then Codes, Categories, Sources and Refs.
type MemoRequest struct {
	Code, Category, Source, Ref      string
	Codes, Categories, Sources, Refs []string
	Type                             string   // one of MemoTypes, or empty
	Links                            []string // ids of memos it builds on
	Body                             string
}

// MemoResult is the memo written.
type MemoResult struct {
	Memo    Memo
	Summary string
}

// AddMemo writes a memo, checking that everything it is about and every
// memo it links to exists.
func AddMemo(ctx context.Context, s Store, req MemoRequest) (MemoResult, error) {
	body := strings.TrimSpace(req.Body)
	if body == "" {
		return MemoResult{}, &errs.Invalid{Field: "body", Rule: RuleEmptyMemo, Reason: "the memo is empty"}
	}
	if err := checkMemoType(req.Type); err != nil {
		return MemoResult{}, err
	}
	var targets []Target
	add := func(kind string, names ...string) error {
		for _, n := range names {
			if n == "" {
				continue
			}
			t, err := resolveTarget(s, kind, n)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(targets, func(o Target) bool { return SameTarget(o, t) }) {
				targets = append(targets, t)
			}
		}
		return nil
	}
	for _, k := range []struct {
		kind  string
		names []string
	}{
		{TargetCode, append([]string{req.Code}, req.Codes...)},
		{TargetCategory, append([]string{req.Category}, req.Categories...)},
		{TargetSource, append([]string{req.Source}, req.Sources...)},
		{TargetRef, append([]string{req.Ref}, req.Refs...)},
	} {
		if err := add(k.kind, k.names...); err != nil {
			return MemoResult{}, err
		}
	}
	now := s.Now()
	m := Memo{ID: s.NewMemoID(now), Target: Target{Kind: TargetProject}, Author: s.CoderName(), Created: now, Type: req.Type, Body: body}
	if len(targets) > 0 {
		m.Target, m.Targets = targets[0], targets[1:]
	}
	links, err := checkLinks(s, m.ID, req.Links)
	if err != nil {
		return MemoResult{}, err
	}
	m.Links = links
	s.AddMemo(m)
	about := make([]string, 0, len(m.AllTargets()))
	for _, t := range m.AllTargets() {
		about = append(about, t.String())
	}
	return MemoResult{Memo: m, Summary: fmt.Sprintf("memo %s on %s", m.ID, strings.Join(about, ", "))}, nil
}

func checkMemoType(t string) error {
	if t != "" && !slices.Contains(MemoTypes, t) {
		return &errs.Invalid{Field: "type", Rule: RuleMemoType, Value: t,
			Reason: fmt.Sprintf("memo type %q is not one of %s", t, strings.Join(MemoTypes, ", "))}
	}
	return nil
}

// checkLinks returns the links without repeats, refusing a link to the
// memo itself (id) or to a memo that does not exist.
func checkLinks(s Store, id string, links []string) ([]string, error) {
	if len(links) == 0 {
		return nil, nil
	}
	ms, err := s.Memos()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range links {
		if l == id {
			return nil, &errs.Invalid{Field: "links", Rule: RuleSelfLink, Value: l, Reason: fmt.Sprintf("memo %s cannot link to itself", id)}
		}
		if !slices.ContainsFunc(ms, func(m Memo) bool { return m.ID == l }) {
			return nil, &errs.NotFound{Kind: errs.KindMemo, Name: l}
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// resolveTarget checks that the code, category, source or passage name
// exists and returns the target as the project spells it.
func resolveTarget(s Store, kind, name string) (Target, error) {
	cb := s.WorkingCodebook()
	switch kind {
	case TargetCode:
		c := cb.Code(name)
		if c == nil {
			return Target{}, CodeNotFound(cb, name)
		}
		return Target{Kind: TargetCode, Name: c.Name}, nil
	case TargetCategory:
		if c := cb.Category(name); c != nil {
			return Target{Kind: TargetCategory, Name: c.Name}, nil
		}
		if cb.Core != nil && strings.EqualFold(cb.Core.Name, name) {
			return Target{Kind: TargetCategory, Name: cb.Core.Name}, nil
		}
		return Target{}, &errs.NotFound{Kind: errs.KindCategory, Name: name}
	case TargetSource:
		if _, err := s.Turns(name); err != nil {
			return Target{}, err
		}
		return Target{Kind: TargetSource, Name: name}, nil
	case TargetRef:
		if _, err := ResolveArg(s, name, ""); err != nil {
			return Target{}, err
		}
		r, _ := corpus.ParseRef(name) // parsed by ResolveArg
		return Target{Kind: TargetRef, Name: r.String()}, nil
	}
	return Target{}, fmt.Errorf("unknown memo target kind %q", kind)
}

// findMemo returns the memo with the id.
func findMemo(s Store, id string) (Memo, error) {
	ms, err := s.Memos()
	if err != nil {
		return Memo{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return Memo{}, &errs.NotFound{Kind: errs.KindMemo, Name: id}
}

// EditMemoRequest replaces a memo's text, and its type when Type is set.
type EditMemoRequest struct {
	ID   string
	Body string  // empty with Type set keeps the text
	Type *string // nil keeps the type; "" removes it
}

// EditMemo rewrites a memo's text (and type); its id, targets, links,
// author and date stay. Memos are shared notes: any coder may edit one,
// and the history records who did.
func EditMemo(ctx context.Context, s Store, req EditMemoRequest) (MemoResult, error) {
	m, err := findMemo(s, req.ID)
	if err != nil {
		return MemoResult{}, err
	}
	body := strings.TrimSpace(req.Body)
	if body == "" && req.Type != nil {
		body = m.Body
	}
	if body == "" {
		return MemoResult{}, &errs.Invalid{Field: "body", Rule: RuleEmptyMemo, Reason: "the memo is empty"}
	}
	old := m
	m.Body = body
	if req.Type != nil {
		if err := checkMemoType(*req.Type); err != nil {
			return MemoResult{}, err
		}
		m.Type = *req.Type
	}
	if m.Body == old.Body && m.Type == old.Type {
		return MemoResult{Memo: m}, nil
	}
	s.RemoveMemo(old)
	s.AddMemo(m)
	return MemoResult{Memo: m, Summary: fmt.Sprintf("edited memo %s", m.ID)}, nil
}

// RemoveMemoRequest deletes a memo.
type RemoveMemoRequest struct{ ID string }

// RemoveMemo deletes a memo (the history keeps it, so undo restores it).
// Memos that link to it keep their links; the memo trail reports them.
func RemoveMemo(ctx context.Context, s Store, req RemoveMemoRequest) (MemoResult, error) {
	m, err := findMemo(s, req.ID)
	if err != nil {
		return MemoResult{}, err
	}
	s.RemoveMemo(m)
	return MemoResult{Memo: m, Summary: fmt.Sprintf("removed memo %s on %s", m.ID, m.Target)}, nil
}

// ParseTarget reads a memo target as written on a command line: "project",
// KIND:NAME (code:Trust, category:Building trust, source:P01, ref:P01#4),
// or a passage reference (P01#4:10-42). ok is false for a bare name, which
// may be a code, a category or a source.
func ParseTarget(s string) (t Target, ok bool) {
	s = strings.TrimSpace(s)
	if s == TargetProject {
		return Target{Kind: TargetProject}, true
	}
	if kind, name, found := strings.Cut(s, ":"); found && slices.Contains(targetKinds, kind) && kind != TargetProject {
		return Target{Kind: kind, Name: strings.TrimSpace(name)}, true
	}
	if strings.Contains(s, "#") {
		if r, err := corpus.ParseRef(s); err == nil {
			return Target{Kind: TargetRef, Name: r.String()}, true
		}
	}
	return Target{}, false
}

// FilterMemosAbout is FilterMemos with the target as written on a command
// line (ParseTarget); a bare name selects memos about a code, a category or
// a source of that name. An empty about selects every target.
func FilterMemosAbout(ms []Memo, about string, f MemoFilter) []Memo {
	if about == "" {
		return FilterMemos(ms, f)
	}
	if t, ok := ParseTarget(about); ok {
		f.Target = &t
		return FilterMemos(ms, f)
	}
	cands := []Target{{Kind: TargetCode, Name: about}, {Kind: TargetCategory, Name: about}, {Kind: TargetSource, Name: about}}
	var out []Memo
	for _, m := range FilterMemos(ms, f) {
		if slices.ContainsFunc(m.AllTargets(), func(t Target) bool {
			return slices.ContainsFunc(cands, func(c Target) bool { return SameTarget(t, c) })
		}) {
			out = append(out, m)
		}
	}
	return out
}
