package codebook

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/grounded-qda/grounded/internal/errs"
)

// Errors returned by the editing methods; they are wrapped with the names
// involved.
var (
	ErrNoCode      = errors.New("no such code")
	ErrNoCategory  = errors.New("no such category")
	ErrExists      = errs.ErrExists
	ErrInvalidName = errors.New("invalid name")
)

// Rules broken by invalid edits (errs.Invalid.Rule).
const (
	// RuleStageParent: a stage must stand directly under the core.
	RuleStageParent = "stage-parent"
	// RuleRelationLabel: a relation needs a label (condition, context,
	// action, consequence, strategy, or the researcher's own).
	RuleRelationLabel = "relation-label"
)

// MaxNameLen is the longest code or category name accepted, in bytes.
const MaxNameLen = 200

// CheckName cleans a code or category name and checks it can be used.
func CheckName(name string) (string, error) {
	n := CleanName(name)
	switch {
	case n == "":
		return "", fmt.Errorf("%w: a name cannot be empty", ErrInvalidName)
	case len(n) > MaxNameLen:
		return "", fmt.Errorf("%w: %.30q… is longer than %d bytes", ErrInvalidName, n, MaxNameLen)
	case strings.ContainsAny(n, "\x00\n\r\t"):
		return "", fmt.Errorf("%w: %q contains a control character", ErrInvalidName, n)
	case strings.IndexFunc(n, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0:
		return "", fmt.Errorf("%w: %q contains a control, zero-width or bidirectional character", ErrInvalidName, n)
	}
	return n, nil
}

// palette is the sequence of colours given to new codes (Tableau 10 and
// its lighter companions), chosen by count so they stay stable.
var palette = []string{
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
}

// AddCode adds a code and returns it. It fails when the name is taken or
// the category does not exist.
func (cb *Codebook) AddCode(name, category string) (*Code, error) {
	n, err := CheckName(name)
	if err != nil {
		return nil, err
	}
	if cb.Code(n) != nil {
		return nil, fmt.Errorf("code %q %w", n, ErrExists)
	}
	c := &Code{Name: n, Color: palette[len(cb.Codes)%len(palette)]}
	if category != "" {
		cat := cb.Category(category)
		if cat == nil {
			return nil, fmt.Errorf("%w %q", ErrNoCategory, category)
		}
		c.Category = cat.Name
	}
	cb.Codes = append(cb.Codes, c)
	return c, nil
}

// RenameCode renames a code in place (its position, definition and
// category stay). It fails when new names another code.
func (cb *Codebook) RenameCode(old, new string) (*Code, error) {
	c := cb.Code(old)
	if c == nil {
		return nil, fmt.Errorf("%w %q", ErrNoCode, old)
	}
	n, err := CheckName(new)
	if err != nil {
		return nil, err
	}
	if other := cb.Code(n); other != nil && other != c {
		return nil, &errs.Exists{Kind: errs.KindCode, Name: n}
	}
	for _, r := range cb.Relations {
		if Key(r.From) == Key(c.Name) {
			r.From = n
		}
		if Key(r.To) == Key(c.Name) {
			r.To = n
		}
	}
	c.Name = n
	return c, nil
}

// RemoveCode deletes a code from the codebook.
func (cb *Codebook) RemoveCode(name string) error {
	k := Key(name)
	for i, c := range cb.Codes {
		if Key(c.Name) == k {
			cb.Codes = append(cb.Codes[:i:i], cb.Codes[i+1:]...)
			cb.removeRelations(k)
			return nil
		}
	}
	return fmt.Errorf("%w %q", ErrNoCode, name)
}

func (cb *Codebook) removeRelations(k string) {
	var keep []*Relation
	for _, r := range cb.Relations {
		if Key(r.From) != k && Key(r.To) != k {
			keep = append(keep, r)
		}
	}
	cb.Relations = keep
}

// AddCategory adds a category under an optional parent.
func (cb *Codebook) AddCategory(name, parent, description string) (*Category, error) {
	n, err := CheckName(name)
	if err != nil {
		return nil, err
	}
	if cb.Category(n) != nil {
		return nil, fmt.Errorf("category %q %w", n, ErrExists)
	}
	if cb.Core != nil && Key(cb.Core.Name) == Key(n) {
		return nil, fmt.Errorf("%q is the core category; choose another name", n)
	}
	c := &Category{Name: n, Description: description}
	if parent != "" {
		p := cb.Category(parent)
		if p == nil {
			return nil, fmt.Errorf("parent: %w %q", ErrNoCategory, parent)
		}
		c.Parent = p.Name
	}
	cb.Categories = append(cb.Categories, c)
	return c, nil
}

// SetParent moves a category under parent ("" for the top level),
// refusing cycles and parents for stages.
func (cb *Codebook) SetParent(name, parent string) error {
	c := cb.Category(name)
	if c == nil {
		return fmt.Errorf("%w %q", ErrNoCategory, name)
	}
	if parent == "" {
		c.Parent = ""
		return nil
	}
	p := cb.Category(parent)
	if p == nil {
		return fmt.Errorf("parent: %w %q", ErrNoCategory, parent)
	}
	if cb.IsStage(c.Name) {
		return fmt.Errorf("%q is a stage of the core category and cannot have a parent", c.Name)
	}
	if Key(p.Name) == Key(c.Name) {
		return fmt.Errorf("category %q cannot be its own parent", c.Name)
	}
	for _, a := range cb.Ancestors(p.Name) {
		if Key(a) == Key(c.Name) {
			return fmt.Errorf("moving %q under %q would make a cycle", c.Name, p.Name)
		}
	}
	c.Parent = p.Name
	return nil
}

// RemoveCategory deletes a category. Its codes and child categories move to
// its parent (or become unassigned); it is removed from the stages.
func (cb *Codebook) RemoveCategory(name string) error {
	c := cb.Category(name)
	if c == nil {
		return fmt.Errorf("%w %q", ErrNoCategory, name)
	}
	k := Key(c.Name)
	for _, code := range cb.Codes {
		if Key(code.Category) == k {
			code.Category = c.Parent
		}
		if Key(code.Disconfirms) == k {
			code.Disconfirms = "" // the stage it spoke against is gone
		}
	}
	for _, ch := range cb.Categories {
		if Key(ch.Parent) == k {
			ch.Parent = c.Parent
		}
	}
	if cb.Core != nil {
		var stages []string
		for _, s := range cb.Core.Stages {
			if Key(s) != k {
				stages = append(stages, s)
			}
		}
		cb.Core.Stages = stages
	}
	for i, x := range cb.Categories {
		if x == c {
			cb.Categories = append(cb.Categories[:i:i], cb.Categories[i+1:]...)
			break
		}
	}
	cb.removeRelations(k)
	return nil
}

// SetCore sets the core category and its ordered stages, creating stage
// categories that do not exist yet. It returns the names of the created
// categories.
func (cb *Codebook) SetCore(name string, stages []string) ([]string, error) {
	n, err := CheckName(name)
	if err != nil {
		return nil, err
	}
	if cb.Category(n) != nil {
		return nil, fmt.Errorf("%q is already a category; the core category must have its own name", n)
	}
	var clean []string
	seen := map[string]bool{}
	for _, s := range stages {
		s, err := CheckName(s)
		if err != nil {
			return nil, fmt.Errorf("stage: %w", err)
		}
		if seen[Key(s)] {
			return nil, fmt.Errorf("stage %q is listed twice", s)
		}
		seen[Key(s)] = true
		clean = append(clean, s)
	}
	var created []string
	for i, s := range clean {
		if c := cb.Category(s); c != nil {
			if c.Parent != "" {
				return nil, &errs.Invalid{Field: "stages", Rule: RuleStageParent, Value: c.Name,
					Reason: fmt.Sprintf("category %q has parent %q; a stage stands directly under the core category", c.Name, c.Parent)}
			}
			clean[i] = c.Name
			continue
		}
		cb.Categories = append(cb.Categories, &Category{Name: s})
		created = append(created, s)
	}
	if cb.Core == nil {
		cb.Core = &Core{}
	}
	cb.Core.Name = n
	cb.Core.Stages = clean
	return created, nil
}

// Relate records a paradigm-model relation between two categories (or
// codes). A relation that exists already is left alone.
func (cb *Codebook) Relate(from, to, as, note string) (*Relation, bool, error) {
	resolve := func(name string) (string, error) {
		if c := cb.Category(name); c != nil {
			return c.Name, nil
		}
		if c := cb.Code(name); c != nil {
			return c.Name, nil
		}
		if cb.Core != nil && Key(cb.Core.Name) == Key(name) {
			return cb.Core.Name, nil
		}
		return "", fmt.Errorf("%q is neither a category nor a code", name)
	}
	f, err := resolve(from)
	if err != nil {
		return nil, false, err
	}
	t, err := resolve(to)
	if err != nil {
		return nil, false, err
	}
	as = strings.TrimSpace(as)
	if as == "" {
		return nil, false, &errs.Invalid{Field: "as", Rule: RuleRelationLabel, Reason: "a relation needs a label"}
	}
	for _, r := range cb.Relations {
		if Key(r.From) == Key(f) && Key(r.To) == Key(t) && strings.EqualFold(r.As, as) {
			return r, false, nil
		}
	}
	r := &Relation{From: f, To: t, As: as, Note: note}
	cb.Relations = append(cb.Relations, r)
	return r, true, nil
}
