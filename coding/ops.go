package coding

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Store is what the coding operations need from a change in progress: the
// codebook being edited, the codings and memos as they stand in the change,
// the transcripts' turns, and who is making the change when. A
// *project.Edit satisfies it; tests use an in-memory fake.
//
// An operation changes only the Store; the caller commits the change (or
// drops it when the operation fails, so that nothing is written).
type Store interface {
	// WorkingCodebook is the codebook to change.
	WorkingCodebook() *codebook.Codebook
	// CoderName is the coder making the change.
	CoderName() string
	// Now is the time stamped on new codings and memos.
	Now() time.Time
	// Turns returns the turns of a source (an errs.NotFound when there is
	// no such source).
	Turns(source string) ([]corpus.Turn, error)
	// Codings returns the codings of source by every coder as they stand.
	Codings(source string) ([]Coding, error)
	// AllCodings returns the codings of every source by every coder as
	// they were when the change began.
	AllCodings() ([]Coding, error)
	// AddCoding adds c, reporting false (and changing nothing) when the
	// same coder already applied the same code to the same span.
	AddCoding(c Coding) (bool, error)
	RemoveCoding(c Coding) error
	ReplaceCoding(old, new Coding) error
	// Memos returns the memos as they were when the change began.
	Memos() ([]Memo, error)
	AddMemo(m Memo)
	RemoveMemo(m Memo)
	// NewMemoID returns an id for a memo created at t.
	NewMemoID(t time.Time) string
}

// Rules broken by invalid requests (errs.Invalid.Rule), so that a front end
// can explain them in its own words.
const (
	RuleBareSource      = "bare-source"       // a source id given where a turn or span is needed
	RuleSourceSpanQuote = "source-span-quote" // a quote looked up inside a source-level span
	RuleEmptySpan       = "empty-span"
	RuleInVivoWords     = "in-vivo-words"    // an in-vivo code without words to name it by
	RuleOtherCategory   = "other-category"   // the code exists in another category
	RuleNothingToMerge  = "nothing-to-merge" // every code to merge is the target
)

// CodeNotFound returns the errs.NotFound for a code name missing from cb,
// with up to five existing codes whose names contain it or are contained
// in it.
func CodeNotFound(cb *codebook.Codebook, name string) error {
	var near []string
	k := codebook.Key(name)
	for _, c := range cb.Codes {
		if strings.Contains(codebook.Key(c.Name), k) || strings.Contains(k, codebook.Key(c.Name)) {
			near = append(near, c.Name)
		}
	}
	if len(near) > 5 {
		near = nil
	}
	return &errs.NotFound{Kind: errs.KindCode, Name: name, Near: near}
}

// ResolveArg turns a written reference into a checked span. arg is SRC#N,
// SRC#N:S-E, SRC:S-E, or (with a quote) a bare source id; with a quote, the
// quote is looked up inside what arg names.
func ResolveArg(s Store, arg, quote string) (Span, error) {
	var ref corpus.Ref
	if !strings.ContainsAny(arg, "#:") {
		if quote == "" {
			return Span{}, &errs.Invalid{Field: "ref", Rule: RuleBareSource, Value: arg,
				Reason: fmt.Sprintf("%q is a source, not a reference to a turn", arg)}
		}
		if err := corpus.ValidateID(arg); err != nil {
			return Span{}, fmt.Errorf("source %v", err)
		}
		ref = corpus.Ref{Source: arg}
	} else {
		r, err := corpus.ParseRef(arg)
		if err != nil {
			return Span{}, err
		}
		ref = r
	}
	turns, err := s.Turns(ref.Source)
	if err != nil {
		return Span{}, err
	}
	if quote != "" {
		if ref.Turn == 0 && ref.HasSpan {
			return Span{}, &errs.Invalid{Field: "quote", Rule: RuleSourceSpanQuote, Value: arg,
				Reason: fmt.Sprintf("a quote is looked up inside a turn or a whole source; %s is a source-level span", arg)}
		}
		return FindQuote(ref, turns, quote)
	}
	return Resolve(ref, turns)
}

// ApplyRequest asks to apply a code to a list of targets: code add, and
// autocode with the turns a search found.
type ApplyRequest struct {
	// Code is the code's name; a code not in the codebook is created (in
	// Category, when given).
	Code string
	// Refs are the targets, each as ResolveArg reads them; Quote, when
	// given, is looked up in each.
	Refs  []string
	Quote string
	// InVivo names the code after the first target's words (Code is then
	// ignored).
	InVivo   bool
	Category string
	// Memo is kept with each coding.
	Memo string
}

// ApplyResult says what Apply did.
type ApplyResult struct {
	Code string
	// Created is set when the code was added to the codebook.
	Created bool
	// Made are the new codings; Duplicates counts targets the coder had
	// already coded with the code.
	Made       []Coding
	Duplicates int
	Coder      string
	Summary    string
}

// Apply applies a code to every target. Every target is checked before any
// coding is added.
func Apply(ctx context.Context, s Store, req ApplyRequest) (ApplyResult, error) {
	var res ApplyResult
	var spans []Span
	for _, arg := range req.Refs {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		sp, err := ResolveArg(s, arg, req.Quote)
		if err != nil {
			return res, err
		}
		if sp.Start == sp.End {
			return res, &errs.Invalid{Field: "ref", Rule: RuleEmptySpan, Value: sp.Ref().String(),
				Reason: fmt.Sprintf("%s is an empty span; a coding covers at least one character", sp.Ref())}
		}
		spans = append(spans, sp)
	}
	name := req.Code
	if req.InVivo {
		// A span (SRC#N:S-E or SRC:S-E) has a colon; a whole turn
		// (SRC#N) has none, and source ids cannot contain one.
		if req.Quote == "" && !slices.ContainsFunc(req.Refs, func(r string) bool { return strings.Contains(r, ":") }) {
			return res, &errs.Invalid{Field: "quote", Rule: RuleInVivoWords,
				Reason: "an in-vivo code takes its name from the coded words: give a quote or a span"}
		}
		if len(spans) == 0 {
			return res, &errs.Invalid{Field: "refs", Reason: "an in-vivo code needs at least one target"}
		}
		name = InVivoName(spans[0].Quote)
	}
	n, err := codebook.CheckName(name)
	if err != nil {
		return res, err
	}
	cb := s.WorkingCodebook()
	code := cb.Code(n)
	if code == nil {
		code, err = cb.AddCode(n, req.Category)
		if err != nil {
			return res, err
		}
		res.Created = true
	} else if req.Category != "" && codebook.Key(code.Category) != codebook.Key(req.Category) {
		return res, &errs.Invalid{Field: "category", Rule: RuleOtherCategory, Value: code.Category,
			Reason: fmt.Sprintf("code %q already exists in category %q", code.Name, code.Category)}
	}
	res.Code, res.Coder = code.Name, s.CoderName()
	now := s.Now()
	for _, sp := range spans {
		c := Coding{ID: NewID(), Code: code.Name, Source: sp.Source, Turn: sp.Turn, Start: sp.Start, End: sp.End,
			Quote: sp.Quote, Coder: res.Coder, Created: now, Memo: req.Memo}
		ok, err := s.AddCoding(c)
		if err != nil {
			return res, err
		}
		if ok {
			res.Made = append(res.Made, c)
		} else {
			res.Duplicates++
		}
	}
	res.Summary = fmt.Sprintf("coded %d span(s) as %q", len(res.Made), code.Name)
	return res, nil
}

// InVivoName is the name of an in-vivo code for the coded words: the words
// with white space collapsed, cut to 80 characters.
func InVivoName(words string) string {
	s := strings.Join(strings.Fields(words), " ")
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:79]) + "…"
}

// RenameRequest asks to rename the code Old to New.
type RenameRequest struct{ Old, New string }

// RenameResult says what Rename did. Moved counts the codings that follow
// the code; Summary is empty when the name did not change.
type RenameResult struct {
	Old, New string
	Moved    int
	Summary  string
}

// Rename renames a code everywhere: in the codebook, and in every coding
// and memo that uses it, by any coder.
func Rename(ctx context.Context, s Store, req RenameRequest) (RenameResult, error) {
	cb := s.WorkingCodebook()
	old := cb.Code(req.Old)
	if old == nil {
		return RenameResult{}, CodeNotFound(cb, req.Old)
	}
	oldName := old.Name
	c, err := cb.RenameCode(oldName, req.New)
	if err != nil {
		return RenameResult{}, err
	}
	res := RenameResult{Old: oldName, New: c.Name}
	if res.New == oldName {
		return res, nil
	}
	if res.Moved, _, err = recodeAll(ctx, s, oldName, res.New); err != nil {
		return res, err
	}
	if err := retargetMemos(s, TargetCode, oldName, res.New); err != nil {
		return res, err
	}
	res.Summary = fmt.Sprintf("renamed code %q to %q (%d codings)", oldName, res.New, res.Moved)
	return res, nil
}

// recodeAll moves every coding of code from (any coder) to code to,
// collapsing codings that then duplicate one another. It returns how many
// moved and how many collapsed.
func recodeAll(ctx context.Context, s Store, from, to string) (moved, collapsed int, err error) {
	all, err := s.AllCodings()
	if err != nil {
		return 0, 0, err
	}
	var sources []string
	for _, c := range all {
		if codebook.Key(c.Code) == codebook.Key(from) && !slices.Contains(sources, c.Source) {
			sources = append(sources, c.Source)
		}
	}
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		cs, err := s.Codings(src)
		if err != nil {
			return 0, 0, err
		}
		for _, c := range slices.Clone(cs) {
			if codebook.Key(c.Code) != codebook.Key(from) {
				continue
			}
			nc := c
			nc.Code = to
			if slices.ContainsFunc(cs, func(x Coding) bool { return x.ID != c.ID && SameSpan(x, nc) }) {
				if err := s.RemoveCoding(c); err != nil {
					return 0, 0, err
				}
				collapsed++
			} else {
				if err := s.ReplaceCoding(c, nc); err != nil {
					return 0, 0, err
				}
				moved++
			}
			// Keep cs in step so that a third duplicate is seen too.
			if cs, err = s.Codings(src); err != nil {
				return 0, 0, err
			}
		}
	}
	return moved, collapsed, nil
}

// retargetMemos points the memos about the code or category from at to.
func retargetMemos(s Store, kind, from, to string) error {
	memos, err := s.Memos()
	if err != nil {
		return err
	}
	for _, m := range memos {
		if m.Target.Kind == kind && codebook.Key(m.Target.Name) == codebook.Key(from) {
			s.RemoveMemo(m)
			m.Target.Name = to
			s.AddMemo(m)
		}
	}
	return nil
}

// MergeRequest asks to merge Codes into Into, which is created (in the
// first merged code's category) when it does not exist.
type MergeRequest struct {
	Codes []string
	Into  string
}

// MergeResult says what Merge did.
type MergeResult struct {
	Into             string
	Merged           []string
	Moved, Collapsed int
	Summary          string
}

// Merge moves the codings of every code in req.Codes, by every coder, to
// req.Into; a coding that would then repeat one already there (same coder,
// same span) is collapsed into it. The merged codes' definitions are kept
// in a memo on the target, their memos follow it, and they leave the
// codebook.
func Merge(ctx context.Context, s Store, req MergeRequest) (MergeResult, error) {
	var res MergeResult
	cb := s.WorkingCodebook()
	var from []*codebook.Code
	for _, n := range req.Codes {
		c := cb.Code(n)
		if c == nil {
			return res, CodeNotFound(cb, n)
		}
		if codebook.Key(c.Name) == codebook.Key(req.Into) {
			continue // merging a code into itself
		}
		if !slices.Contains(from, c) {
			from = append(from, c)
		}
	}
	if len(from) == 0 {
		return res, &errs.Invalid{Field: "codes", Rule: RuleNothingToMerge, Reason: "nothing to merge: the codes are the target itself"}
	}
	into := cb.Code(req.Into)
	if into == nil {
		var err error
		if into, err = cb.AddCode(req.Into, from[0].Category); err != nil {
			return res, err
		}
	}
	res.Into = into.Name
	var defs strings.Builder
	fmt.Fprintf(&defs, "# Merged into %s\n", into.Name)
	for _, c := range from {
		res.Merged = append(res.Merged, c.Name)
		fmt.Fprintf(&defs, "\n## %s\n", c.Name)
		for _, kv := range [][2]string{{"Category", c.Category}, {"Description", c.Description}, {"When to use", c.WhenToUse}, {"When not to use", c.WhenNotToUse}, {"Example", c.Example}} {
			if kv[1] != "" {
				fmt.Fprintf(&defs, "- %s: %s\n", kv[0], kv[1])
			}
		}
	}
	for _, c := range from {
		m, k, err := recodeAll(ctx, s, c.Name, into.Name)
		if err != nil {
			return res, err
		}
		res.Moved += m
		res.Collapsed += k
		if err := retargetMemos(s, TargetCode, c.Name, into.Name); err != nil {
			return res, err
		}
		if err := cb.RemoveCode(c.Name); err != nil {
			return res, err
		}
	}
	now := s.Now()
	s.AddMemo(Memo{ID: s.NewMemoID(now), Target: Target{Kind: TargetCode, Name: into.Name}, Author: s.CoderName(), Created: now, Body: defs.String()})
	q := make([]string, len(res.Merged))
	for i, n := range res.Merged {
		q[i] = fmt.Sprintf("%q", n)
	}
	res.Summary = fmt.Sprintf("merged %s into %q", strings.Join(q, ", "), into.Name)
	return res, nil
}

// DeleteCodeRequest asks to delete a code from the codebook. While codings
// use it the request is refused (errs.InUse) unless Force, which deletes
// those codings too.
type DeleteCodeRequest struct {
	Code  string
	Force bool
}

// DeleteCodeResult says what DeleteCode did.
type DeleteCodeResult struct {
	Code    string
	Removed int
	Summary string
}

// DeleteCode deletes a code, and with Force its codings by every coder.
func DeleteCode(ctx context.Context, s Store, req DeleteCodeRequest) (DeleteCodeResult, error) {
	cb := s.WorkingCodebook()
	c := cb.Code(req.Code)
	if c == nil {
		return DeleteCodeResult{}, CodeNotFound(cb, req.Code)
	}
	res := DeleteCodeResult{Code: c.Name}
	all, err := s.AllCodings()
	if err != nil {
		return res, err
	}
	var mine []Coding
	for _, x := range all {
		if codebook.Key(x.Code) == codebook.Key(res.Code) {
			mine = append(mine, x)
		}
	}
	if len(mine) > 0 && !req.Force {
		return res, &errs.InUse{Kind: errs.KindCode, Name: res.Code, Count: len(mine), What: "coding(s)"}
	}
	for _, x := range mine {
		if err := s.RemoveCoding(x); err != nil {
			return res, err
		}
	}
	res.Removed = len(mine)
	res.Summary = fmt.Sprintf("deleted code %q and %d coding(s)", res.Code, res.Removed)
	return res, cb.RemoveCode(res.Code)
}

// UncodeRequest asks to remove the current coder's codings of Code at Ref:
// exactly the span when Ref is a span or Quote is given, every coding of
// Code in the turn when Ref is a turn.
type UncodeRequest struct {
	Code, Ref, Quote string
}

// UncodeResult lists the codings removed.
type UncodeResult struct {
	Removed []Coding
	Summary string
}

// Uncode removes the coder's own codings of a code at a reference. When
// only other coders coded it there, it fails with an errs.Conflict; when
// nobody did, with an errs.NotFound of kind coding.
func Uncode(ctx context.Context, s Store, req UncodeRequest) (UncodeResult, error) {
	var res UncodeResult
	cb := s.WorkingCodebook()
	code := cb.Code(req.Code)
	if code == nil {
		return res, CodeNotFound(cb, req.Code)
	}
	sp, err := ResolveArg(s, req.Ref, req.Quote)
	if err != nil {
		return res, err
	}
	wholeTurn := !strings.Contains(req.Ref, ":") && req.Quote == ""
	cs, err := s.Codings(sp.Source)
	if err != nil {
		return res, err
	}
	others := 0
	coder := s.CoderName()
	for _, c := range cs {
		if codebook.Key(c.Code) != codebook.Key(code.Name) || c.Turn != sp.Turn {
			continue
		}
		if !wholeTurn && (c.Start != sp.Start || c.End != sp.End) {
			continue
		}
		if !strings.EqualFold(c.Coder, coder) {
			others++
			continue
		}
		if err := s.RemoveCoding(c); err != nil {
			return res, err
		}
		res.Removed = append(res.Removed, c)
	}
	if len(res.Removed) == 0 {
		if others > 0 {
			return res, &errs.Conflict{Where: req.Ref, What: code.Name, Coder: coder, Others: others}
		}
		return res, &errs.NotFound{Kind: errs.KindCoding, Name: code.Name, In: req.Ref, Source: sp.Source}
	}
	res.Summary = fmt.Sprintf("removed %d coding(s) of %q at %s", len(res.Removed), code.Name, req.Ref)
	return res, nil
}
