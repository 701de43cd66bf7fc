package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// locked runs fn under the project's write lock, after checking the
// revision the request expects (WithIfMatch) against the files as they
// are now that no one else can change them.
func (b *ProjectBackend) locked(ctx context.Context, fn func(lock *project.Lock) error) error {
	lock, err := b.p.Lock()
	if err != nil {
		return err
	}
	defer lock.Unlock()
	if want := IfMatch(ctx); want != "" {
		rev, err := Fingerprint(b.p.Root)
		if err != nil {
			return err
		}
		if rev != want {
			return &Error{Kind: KindConflict, Msg: "the project changed since the page loaded it; reload and try again"}
		}
	}
	return fn(lock)
}

// edit runs fn as one change by the backend's coder and commits it with
// the summary fn returns; nothing is written when fn fails.
func (b *ProjectBackend) edit(ctx context.Context, command string, fn func(e *project.Edit) (string, error)) error {
	return b.locked(ctx, func(lock *project.Lock) error {
		e, err := b.p.Edit(lock, b.coder, command)
		if err != nil {
			return err
		}
		summary, err := fn(e)
		if err != nil {
			return err
		}
		_, err = e.Commit(summary)
		return err
	})
}

// ---- not yet wired: these need the operations layer ----

// AddCoding implements Backend. NOT YET WIRED: resolving the reference and
// quote and creating a new code repeat what 'code add' does in the command
// line; it is to call the operations layer's apply once that exists.
func (b *ProjectBackend) AddCoding(ctx context.Context, r AddCodingRequest) (Coding, error) {
	if strings.TrimSpace(r.Code) == "" {
		return Coding{}, invalidf("code", "the code's name is empty")
	}
	if _, err := corpus.ParseRef(r.Ref); err != nil {
		return Coding{}, invalidf("ref", "%v", err)
	}
	return Coding{}, errNotWired("coding a passage")
}

// RenameCode implements Backend. NOT YET WIRED: moving every coding and
// memo repeats 'code rename'; it is to call the operations layer.
func (b *ProjectBackend) RenameCode(ctx context.Context, r RenameRequest) (RenameResult, error) {
	return RenameResult{}, errNotWired("renaming a code")
}

// MergeCodes implements Backend. NOT YET WIRED: as RenameCode, for 'code
// merge'.
func (b *ProjectBackend) MergeCodes(ctx context.Context, r MergeRequest) (MergeResult, error) {
	return MergeResult{}, errNotWired("merging codes")
}

// ---- thin writes over project.Edit ----

// DeleteCoding implements Backend.
func (b *ProjectBackend) DeleteCoding(ctx context.Context, id string) (Coding, error) {
	var removed coding.Coding
	err := b.edit(ctx, "uncode", func(e *project.Edit) (string, error) {
		all, err := e.Project().ReadCodings("")
		if err != nil {
			return "", err
		}
		for _, c := range all {
			if c.ID == id {
				removed = c
				return "removed 1 coding(s)", e.RemoveCoding(c)
			}
		}
		return "", notFoundf("no coding with id %q", id)
	})
	return ToCoding(removed), err
}

// DescribeCode implements Backend: only an existing code.
func (b *ProjectBackend) DescribeCode(ctx context.Context, r DescribeRequest) (CodeDefinition, error) {
	var out CodeDefinition
	err := b.edit(ctx, "code describe", func(e *project.Edit) (string, error) {
		c := e.Codebook.Code(r.Name)
		if c == nil {
			return "", &Error{Kind: KindNotFound, Field: "name", Msg: fmt.Sprintf("no code %q in the codebook", r.Name)}
		}
		n := 0
		for _, f := range []struct {
			v   *string
			dst *string
		}{{r.Description, &c.Description}, {r.WhenToUse, &c.WhenToUse}, {r.WhenNotToUse, &c.WhenNotToUse}, {r.Example, &c.Example}, {r.Color, &c.Color}} {
			if f.v != nil {
				*f.dst = *f.v
				n++
			}
		}
		if n == 0 {
			return "", invalidf("", "give at least one of description, when_to_use, when_not_to_use, example, color")
		}
		if err := e.Codebook.Validate(); err != nil {
			return "", invalidf("color", "%v", err)
		}
		out = CodeDefinition{Name: c.Name, Description: c.Description, WhenToUse: c.WhenToUse, WhenNotToUse: c.WhenNotToUse,
			Example: c.Example, Color: c.Color, Category: c.Category, Stage: e.Codebook.StageOf(c.Category)}
		return fmt.Sprintf("described code %q", c.Name), nil
	})
	return out, err
}

// AddCategory implements Backend.
func (b *ProjectBackend) AddCategory(ctx context.Context, r CategoryRequest) (Category, error) {
	var out Category
	err := b.edit(ctx, "category add", func(e *project.Edit) (string, error) {
		c, err := e.Codebook.AddCategory(r.Name, r.Parent, r.Description)
		if err != nil {
			if errors.Is(err, codebook.ErrNoCategory) {
				return "", &Error{Kind: KindInvalid, Field: "parent", Msg: err.Error(), Err: err}
			}
			return "", err
		}
		out = Category{Name: c.Name, Parent: c.Parent, Stage: e.Codebook.StageOf(c.Name), Description: c.Description, Codes: []string{}}
		return fmt.Sprintf("added category %q", c.Name), nil
	})
	return out, err
}

// AssignCategory implements Backend.
func (b *ProjectBackend) AssignCategory(ctx context.Context, r AssignRequest) (AssignResult, error) {
	out := AssignResult{Codes: []string{}}
	if len(r.Codes) == 0 {
		return out, invalidf("codes", "no codes to assign")
	}
	err := b.edit(ctx, "category assign", func(e *project.Edit) (string, error) {
		cb := e.Codebook
		if r.To != "" {
			cat := cb.Category(r.To)
			if cat == nil {
				return "", &Error{Kind: KindNotFound, Field: "to", Msg: fmt.Sprintf("no category %q", r.To)}
			}
			out.To = cat.Name
		}
		for _, n := range r.Codes {
			c := cb.Code(n)
			if c == nil {
				return "", &Error{Kind: KindNotFound, Field: "codes", Msg: fmt.Sprintf("no code %q in the codebook", n)}
			}
			c.Category = out.To
			out.Codes = append(out.Codes, c.Name)
		}
		return fmt.Sprintf("assigned %d code(s) to %q", len(out.Codes), out.To), nil
	})
	return out, err
}

// SaveMemo implements Backend: a new memo on a target, or a new body for
// an existing memo (kept under its id, author and date).
func (b *ProjectBackend) SaveMemo(ctx context.Context, r MemoRequest) (coding.Memo, error) {
	var m coding.Memo
	body := strings.TrimSpace(r.Body)
	if body == "" {
		return m, invalidf("body", "the memo is empty")
	}
	command := "memo add"
	if r.ID != "" {
		command = "memo edit"
	}
	err := b.edit(ctx, command, func(e *project.Edit) (string, error) {
		if r.ID != "" {
			old, err := e.Project().ReadMemo(r.ID)
			if errors.Is(err, fs.ErrNotExist) {
				return "", notFoundf("no memo %q", r.ID)
			}
			if err != nil {
				return "", err
			}
			e.RemoveMemo(old)
			m = old
			m.Body = body
			e.AddMemo(m)
			return fmt.Sprintf("edited memo %s", m.ID), nil
		}
		t, err := memoTarget(e, r.Target)
		if err != nil {
			return "", err
		}
		now := project.Now()
		m = coding.Memo{ID: e.NewMemoID(now), Target: t, Author: e.Coder, Created: now, Body: body}
		e.AddMemo(m)
		return fmt.Sprintf("memo %s on %s", m.ID, t), nil
	})
	return m, err
}

// memoTarget checks a memo's target and returns it with the stored name.
func memoTarget(e *project.Edit, t *coding.Target) (coding.Target, error) {
	if t == nil || t.Kind == coding.TargetProject {
		return coding.Target{Kind: coding.TargetProject}, nil
	}
	switch t.Kind {
	case coding.TargetCode:
		if c := e.Codebook.Code(t.Name); c != nil {
			return coding.Target{Kind: t.Kind, Name: c.Name}, nil
		}
	case coding.TargetCategory:
		if c := e.Codebook.Category(t.Name); c != nil {
			return coding.Target{Kind: t.Kind, Name: c.Name}, nil
		}
		if core := e.Codebook.Core; core != nil && strings.EqualFold(core.Name, t.Name) {
			return coding.Target{Kind: t.Kind, Name: core.Name}, nil
		}
	case coding.TargetSource:
		if _, err := e.Project().ReadSource(t.Name); err == nil {
			return *t, nil
		}
	case coding.TargetRef:
		ref, err := corpus.ParseRef(t.Name)
		if err != nil {
			return coding.Target{}, invalidf("target", "%v", err)
		}
		s, err := e.Project().ReadSource(ref.Source)
		if err != nil {
			return coding.Target{}, &Error{Kind: KindNotFound, Field: "target", Msg: fmt.Sprintf("no source %q", ref.Source)}
		}
		turns, err := e.Project().ReadTurns(s)
		if err != nil {
			return coding.Target{}, err
		}
		if _, err := coding.Resolve(ref, turns); err != nil {
			return coding.Target{}, err
		}
		return coding.Target{Kind: t.Kind, Name: ref.String()}, nil
	default:
		return coding.Target{}, invalidf("target", "a memo's target kind is project, code, category, source or ref, not %q", t.Kind)
	}
	return coding.Target{}, &Error{Kind: KindNotFound, Field: "target", Msg: fmt.Sprintf("no %s %q", t.Kind, t.Name)}
}

// Undo implements Backend: the coder's last change.
func (b *ProjectBackend) Undo(ctx context.Context) (LogEntry, error) {
	var out LogEntry
	err := b.locked(ctx, func(lock *project.Lock) error {
		e, err := b.p.Undo(lock, b.coder)
		if err != nil {
			return err
		}
		out = logEntry(*e)
		return nil
	})
	return out, err
}
