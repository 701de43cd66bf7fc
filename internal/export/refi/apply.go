package refi

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// Result counts what Apply added and what was already there.
type Result struct {
	SourcesAdded     []string `json:"sources_added"`
	SourcesUnchanged []string `json:"sources_unchanged"`
	CodesAdded       int      `json:"codes_added"`
	CategoriesAdded  int      `json:"categories_added"`
	CodingsAdded     int      `json:"codings_added"`
	CodingsPresent   int      `json:"codings_already_present"`
	MemosAdded       int      `json:"memos_added"`
	MemosPresent     int      `json:"memos_already_present"`
	Participants     int      `json:"participants_changed"`
	// Notes are the adjustments of the conversion and of the merge.
	Notes []string `json:"adjustments"`
}

// ClashError is returned when an imported source has the id of an
// existing source with different text.
type ClashError struct{ IDs []string }

func (e *ClashError) Error() string {
	return fmt.Sprintf("source(s) %s already exist in this project with different text; nothing was imported. Import into a new project with --into DIR, or remove or rename the existing sources first", strings.Join(e.IDs, ", "))
}

// Apply adds what was imported to the project being edited: sources (a
// source whose id exists already must have the same text, and is then
// reused), the codebook merged into the project's, codings, memos and
// participants. Nothing is written until e is committed; on error the
// edit must be dropped.
func (imp *Imported) Apply(e *project.Edit) (*Result, error) {
	p := e.Project()
	res := &Result{Notes: slices.Clone(imp.Notes)}
	notef := func(format string, args ...any) { res.Notes = append(res.Notes, fmt.Sprintf(format, args...)) }

	// Sources: check every clash before changing anything.
	existing, err := p.ListSources()
	if err != nil {
		return nil, err
	}
	byLower := map[string]*corpus.Source{}
	for _, s := range existing {
		byLower[strings.ToLower(s.ID)] = s
	}
	var clashes []string
	reuse := map[string]bool{}
	for _, src := range imp.Sources {
		old := byLower[strings.ToLower(src.Meta.ID)]
		if old == nil {
			continue
		}
		turns, err := p.ReadTurns(old)
		if err != nil {
			return nil, err
		}
		if old.ID != src.Meta.ID || !sameTurns(turns, src.Turns) {
			clashes = append(clashes, src.Meta.ID)
			continue
		}
		reuse[src.Meta.ID] = true
		if old.Participant != src.Meta.Participant {
			notef("source %s exists already with participant %s (the archive says %s); kept", old.ID, old.Participant, src.Meta.Participant)
		}
	}
	if len(clashes) > 0 {
		return nil, &ClashError{IDs: clashes}
	}

	if err := mergeCodebook(e.Codebook, imp.Codebook, res, notef); err != nil {
		return nil, err
	}

	for _, src := range imp.Sources {
		id := src.Meta.ID
		if reuse[id] {
			res.SourcesUnchanged = append(res.SourcesUnchanged, id)
			continue
		}
		e.AddSource(src.Meta, src.Turns, src.Original)
		res.SourcesAdded = append(res.SourcesAdded, id)
	}

	// Codings: an id already used by another coding gets a new one.
	all, err := p.ReadCodings("")
	if err != nil {
		return nil, err
	}
	ids := map[string]coding.Coding{}
	for _, c := range all {
		ids[c.ID] = c
	}
	renamed := 0
	for _, c := range imp.Codings {
		if old, ok := ids[c.ID]; ok && !coding.SameSpan(old, c) {
			c.ID = coding.NewID()
			renamed++
		}
		added, err := e.AddCoding(c)
		if err != nil {
			return nil, err
		}
		if added {
			res.CodingsAdded++
			ids[c.ID] = c
		} else {
			res.CodingsPresent++
		}
	}
	if renamed > 0 {
		notef("%d coding id(s) were in use in this project; those codings got new ids", renamed)
	}

	// Memos: one with the same id and text is already there.
	for _, m := range imp.Memos {
		old, err := p.ReadMemo(m.ID)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case old.Target == m.Target && strings.TrimSpace(old.Body) == strings.TrimSpace(m.Body):
			res.MemosPresent++
			continue
		default:
			m.ID = e.NewMemoID(m.Created)
		}
		e.AddMemo(m)
		res.MemosAdded++
	}

	// Participants: add new ones and new attributes; keep existing values.
	if imp.Participants != nil && (len(imp.Participants.List) > 0 || len(imp.Participants.Attributes) > 0) {
		ps, err := p.ReadParticipants()
		if err != nil {
			return nil, err
		}
		changed := false
		for _, a := range imp.Participants.Attributes {
			if !slices.Contains(ps.Attributes, a) {
				ps.Attributes = append(ps.Attributes, a)
				changed = true
			}
		}
		for _, pt := range imp.Participants.List {
			old := ps.Get(pt.ID)
			if old == nil {
				attrs := map[string]string{}
				for k, v := range pt.Attributes {
					attrs[k] = v
				}
				ps.List = append(ps.List, corpus.Participant{ID: pt.ID, Attributes: attrs})
				res.Participants++
				changed = true
				continue
			}
			touched := false
			for k, v := range pt.Attributes {
				if ov, ok := old.Attributes[k]; ok {
					if ov != v {
						notef("participant %s: %s is %q here and %q in the archive; kept %q", pt.ID, k, ov, v, ov)
					}
					continue
				}
				if old.Attributes == nil {
					old.Attributes = map[string]string{}
				}
				old.Attributes[k] = v
				touched = true
			}
			if touched {
				res.Participants++
				changed = true
			}
		}
		if changed {
			e.Tx.WriteFile(project.ParticipantsFile, ps.Encode())
			e.Irreversible("the import changed participants.yaml, which undo does not restore; remove what was imported by hand")
		}
	}
	if err := imp.keepForeign(e); err != nil {
		return nil, err
	}
	return res, nil
}

// sameTurns compares the words and speakers of two transcripts (the
// exchange format has no turn times).
func sameTurns(a, b []corpus.Turn) bool {
	return slices.EqualFunc(a, b, func(x, y corpus.Turn) bool { return x.Text == y.Text && x.Speaker == y.Speaker })
}

// mergeCodebook adds the imported codebook to the project's: new
// categories and codes are added; existing ones keep their place and
// definition, and only get fields they lack.
func mergeCodebook(dst, src *codebook.Codebook, res *Result, notef func(string, ...any)) error {
	if src == nil {
		return nil
	}
	if src.Core != nil && dst.Core != nil && codebook.Key(src.Core.Name) != codebook.Key(dst.Core.Name) {
		return fmt.Errorf("this project's core category is %q and the imported one is %q; a project has one core category (rename one of them first, or import into a new project)", dst.Core.Name, src.Core.Name)
	}
	for _, c := range src.Categories {
		if dst.Core != nil && codebook.Key(dst.Core.Name) == codebook.Key(c.Name) {
			return fmt.Errorf("the archive has a category %q, which is this project's core category", c.Name)
		}
		old := dst.Category(c.Name)
		if old == nil {
			parent := c.Parent
			if parent != "" && dst.Category(parent) == nil {
				parent = ""
			}
			n, err := dst.AddCategory(c.Name, parent, c.Description)
			if err != nil {
				return fmt.Errorf("category %q: %w", c.Name, err)
			}
			n.WhenToUse, n.Provisional = c.WhenToUse, c.Provisional
			res.CategoriesAdded++
			continue
		}
		if codebook.Key(old.Parent) != codebook.Key(c.Parent) && !(c.Parent == "" && src.IsStage(c.Name)) {
			notef("category %q is under %q here and under %q in the archive; kept here", old.Name, orTop(old.Parent), orTop(c.Parent))
		}
		fill(&old.Description, c.Description)
		fill(&old.WhenToUse, c.WhenToUse)
	}
	if src.Core != nil {
		if dst.Core == nil {
			if _, err := dst.SetCore(src.Core.Name, src.Core.Stages); err != nil {
				return fmt.Errorf("core category %q: %w", src.Core.Name, err)
			}
			dst.Core.Description = src.Core.Description
		} else {
			fill(&dst.Core.Description, src.Core.Description)
			for _, s := range src.Core.Stages {
				if !dst.IsStage(s) {
					if cat := dst.Category(s); cat != nil && cat.Parent == "" {
						dst.Core.Stages = append(dst.Core.Stages, cat.Name)
						notef("stage %q is added after the project's stages", cat.Name)
					} else {
						notef("%q is a stage in the archive but not in this project", s)
					}
				}
			}
		}
	}
	for _, c := range src.Codes {
		old := dst.Code(c.Name)
		if old == nil {
			cat := c.Category
			if cat != "" && dst.Category(cat) == nil {
				cat = ""
			}
			n, err := dst.AddCode(c.Name, cat)
			if err != nil {
				return fmt.Errorf("code %q: %w", c.Name, err)
			}
			n.Description, n.WhenToUse, n.WhenNotToUse, n.Example = c.Description, c.WhenToUse, c.WhenNotToUse, c.Example
			if c.Color != "" {
				n.Color = c.Color
			}
			res.CodesAdded++
			continue
		}
		if codebook.Key(old.Category) != codebook.Key(c.Category) {
			notef("code %q is in %q here and in %q in the archive; kept here", old.Name, orTop(old.Category), orTop(c.Category))
		}
		fill(&old.Description, c.Description)
		fill(&old.WhenToUse, c.WhenToUse)
		fill(&old.WhenNotToUse, c.WhenNotToUse)
		fill(&old.Example, c.Example)
		fill(&old.Color, c.Color)
	}
	for _, r := range src.Relations {
		if _, _, err := dst.Relate(r.From, r.To, r.As, r.Note); err != nil {
			notef("relation %s -> %s: %v; not imported", r.From, r.To, err)
		}
	}
	return nil
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func orTop(s string) string {
	if s == "" {
		return "(top level)"
	}
	return s
}

// keepForeign adds the other tool's GUIDs to the project's ForeignFile
// (the GUIDs already there win: they name the objects of the first import).
func (imp *Imported) keepForeign(e *project.Edit) error {
	if imp.Foreign == nil || len(imp.Foreign.GUID) == 0 {
		return nil
	}
	all := newForeign()
	b, err := os.ReadFile(e.Project().Path(ForeignFile))
	switch {
	case err == nil:
		if all, err = DecodeForeign(b); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	all.merge(imp.Foreign)
	e.Tx.WriteFile(ForeignFile, all.Encode())
	return nil
}
