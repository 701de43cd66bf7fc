package serve

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// Every write below is one call of an operation (package coding, or
// internal/ops for undo) inside one change, as the command line's 'change'
// helper makes it: the project's write lock, the If-Match check under it,
// a project.Edit by the backend's coder, the operation, and the commit with
// the operation's summary. Nothing is written when the operation fails.
// What is left here is translating the request into the operation's and
// the result into the API's shape.

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

// AddCoding implements Backend with coding.Apply, as 'code add REF
// [--quote Q] [--memo M]' does: a code not in the codebook is created, the
// span is checked against the transcript and stored in code points with
// its text as the quote. A span the coder already coded with the code is
// refused (409): the request would change nothing.
func (b *ProjectBackend) AddCoding(ctx context.Context, r AddCodingRequest) (Coding, error) {
	var res coding.ApplyResult
	err := b.edit(ctx, "code add", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Apply(ctx, e, coding.ApplyRequest{Code: r.Code, Refs: []string{r.Ref}, Quote: r.Quote, Memo: r.Memo})
		return res.Summary, err
	})
	if err != nil {
		return Coding{}, nameField(err, "code")
	}
	if len(res.Made) == 0 {
		return Coding{}, &Error{Kind: KindConflict, Field: "ref",
			Msg: fmt.Sprintf("%s is already coded with %q by %s; nothing changed", r.Ref, res.Code, res.Coder)}
	}
	return ToCoding(res.Made[0]), nil
}

// AddCodings implements Backend with coding.Apply over every reference,
// as 'code add CODE REF...' does: every reference is checked before any
// coding is added, and the change is one entry of the history (one undo).
// The result lists the new codings; references the coder had already
// coded with the code are left out, and when that is all of them the
// request is refused (409).
func (b *ProjectBackend) AddCodings(ctx context.Context, r AddCodingsRequest) ([]Coding, error) {
	if len(r.Refs) == 0 {
		return nil, invalidf("refs", "no passages to code")
	}
	var res coding.ApplyResult
	err := b.edit(ctx, "code add", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Apply(ctx, e, coding.ApplyRequest{Code: r.Code, Refs: r.Refs, Memo: r.Memo})
		return res.Summary, err
	})
	if err != nil {
		return nil, nameField(err, "code")
	}
	if len(res.Made) == 0 {
		return nil, &Error{Kind: KindConflict, Field: "refs",
			Msg: fmt.Sprintf("every passage is already coded with %q by %s; nothing changed", res.Code, res.Coder)}
	}
	out := make([]Coding, len(res.Made))
	for i, c := range res.Made {
		out[i] = ToCoding(c)
	}
	return out, nil
}

// RenameCode implements Backend with coding.Rename ('code rename').
func (b *ProjectBackend) RenameCode(ctx context.Context, r RenameRequest) (RenameResult, error) {
	var res coding.RenameResult
	err := b.edit(ctx, "code rename", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Rename(ctx, e, coding.RenameRequest{Old: r.Old, New: r.New})
		return res.Summary, err
	})
	if err != nil {
		return RenameResult{}, nameField(err, "new")
	}
	return RenameResult{Name: res.New, Codings: res.Moved}, nil
}

// MergeCodes implements Backend with coding.Merge ('code merge').
func (b *ProjectBackend) MergeCodes(ctx context.Context, r MergeRequest) (MergeResult, error) {
	var res coding.MergeResult
	err := b.edit(ctx, "code merge", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Merge(ctx, e, coding.MergeRequest{Codes: r.Codes, Into: r.Into})
		return res.Summary, err
	})
	if err != nil {
		return MergeResult{}, nameField(err, "into")
	}
	return MergeResult{Into: res.Into, Moved: res.Moved, Collapsed: res.Collapsed}, nil
}

// DeleteCoding implements Backend with coding.UncodeIDs.
func (b *ProjectBackend) DeleteCoding(ctx context.Context, id string) (Coding, error) {
	var res coding.UncodeResult
	err := b.edit(ctx, "uncode", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.UncodeIDs(ctx, e, coding.UncodeIDsRequest{IDs: []string{id}})
		return res.Summary, err
	})
	if err != nil {
		return Coding{}, err
	}
	return ToCoding(res.Removed[0]), nil
}

// DescribeCode implements Backend with coding.Describe ('code describe':
// a code not in the codebook is created).
func (b *ProjectBackend) DescribeCode(ctx context.Context, r DescribeRequest) (CodeDefinition, error) {
	var out CodeDefinition
	err := b.edit(ctx, "code describe", func(e *project.Edit) (string, error) {
		res, err := coding.Describe(ctx, e, coding.DescribeRequest{Code: r.Name, Description: r.Description,
			WhenToUse: r.WhenToUse, WhenNotToUse: r.WhenNotToUse, Example: r.Example, Color: r.Color})
		if err != nil {
			return "", err
		}
		c := e.Codebook.Code(res.Code)
		out = CodeDefinition{Name: c.Name, Description: c.Description, WhenToUse: c.WhenToUse, WhenNotToUse: c.WhenNotToUse,
			Example: c.Example, Color: c.Color, Category: c.Category, Stage: e.Codebook.StageOf(c.Category)}
		return res.Summary, nil
	})
	if err != nil && r.Color != nil && codebook.IsDecodeError(err) {
		// The commit validates the codebook; the one field of a
		// description it can refuse is the colour.
		return out, &Error{Kind: KindInvalid, Field: "color", Msg: err.Error(), Err: err}
	}
	return out, nameField(err, "name")
}

// AddCategory implements Backend with coding.AddCategory ('category add').
func (b *ProjectBackend) AddCategory(ctx context.Context, r CategoryRequest) (Category, error) {
	var out Category
	err := b.edit(ctx, "category add", func(e *project.Edit) (string, error) {
		res, err := coding.AddCategory(ctx, e, coding.CategoryRequest{Name: r.Name, Parent: r.Parent, Description: r.Description})
		if err != nil {
			return "", err
		}
		c := e.Codebook.Category(res.Name)
		out = Category{Name: c.Name, Parent: c.Parent, Stage: e.Codebook.StageOf(c.Name), Description: c.Description, Codes: []string{}}
		return res.Summary, nil
	})
	if errors.Is(err, codebook.ErrNoCategory) {
		return out, &Error{Kind: KindNotFound, Field: "parent", Msg: err.Error(), Err: err}
	}
	return out, nameField(err, "name")
}

// AssignCategory implements Backend with coding.AssignCategory ('category
// assign').
func (b *ProjectBackend) AssignCategory(ctx context.Context, r AssignRequest) (AssignResult, error) {
	out := AssignResult{Codes: []string{}}
	if len(r.Codes) == 0 {
		return out, invalidf("codes", "no codes to assign")
	}
	err := b.edit(ctx, "category assign", func(e *project.Edit) (string, error) {
		res, err := coding.AssignCategory(ctx, e, coding.AssignRequest{Codes: r.Codes, To: r.To})
		if err != nil {
			return "", err
		}
		out.To = res.Name
		for _, n := range r.Codes {
			out.Codes = append(out.Codes, e.Codebook.Code(n).Name)
		}
		return res.Summary, nil
	})
	var nf *errs.NotFound
	if errors.As(err, &nf) {
		field := "codes"
		if nf.Kind == errs.KindCategory {
			field = "to"
		}
		return out, &Error{Kind: KindNotFound, Field: field, Msg: err.Error(), Candidates: nf.Near, Err: err}
	}
	return out, err
}

// SaveMemo implements Backend: a new memo on a target with coding.AddMemo
// ('memo add'), or a new body for an existing memo with coding.EditMemo
// ('memo edit'), which keeps its id, type, targets, links, author and date.
func (b *ProjectBackend) SaveMemo(ctx context.Context, r MemoRequest) (coding.Memo, error) {
	var m coding.Memo
	if r.ID != "" {
		err := b.edit(ctx, "memo edit", func(e *project.Edit) (string, error) {
			res, err := coding.EditMemo(ctx, e, coding.EditMemoRequest{ID: r.ID, Body: r.Body})
			m = res.Memo
			return res.Summary, err
		})
		return m, err
	}
	req := coding.MemoRequest{Body: r.Body}
	if t := r.Target; t != nil {
		switch t.Kind {
		case coding.TargetProject:
		case coding.TargetCode:
			req.Code = t.Name
		case coding.TargetCategory:
			req.Category = t.Name
		case coding.TargetSource:
			req.Source = t.Name
		case coding.TargetRef:
			req.Ref = t.Name
		default:
			return m, invalidf("target", "a memo's target kind is project, code, category, source or ref, not %q", t.Kind)
		}
		if t.Kind != coding.TargetProject && strings.TrimSpace(t.Name) == "" {
			return m, invalidf("target", "the memo's target %s has no name", t.Kind)
		}
	}
	err := b.edit(ctx, "memo add", func(e *project.Edit) (string, error) {
		res, err := coding.AddMemo(ctx, e, req)
		m = res.Memo
		return res.Summary, err
	})
	return m, inField(err, "target")
}

// Undo implements Backend with internal/ops.Undo: the coder's last change.
func (b *ProjectBackend) Undo(ctx context.Context) (LogEntry, error) {
	var out LogEntry
	err := b.locked(ctx, func(lock *project.Lock) error {
		res, err := ops.Undo(ctx, b.p, lock, ops.UndoRequest{Coder: b.coder})
		if err != nil {
			return err
		}
		if res.Nothing {
			return &Error{Kind: KindConflict, Msg: fmt.Sprintf("%s has no change left to undo", b.coder), Err: project.ErrNothingToUndo}
		}
		out = logEntry(*res.Undone)
		return nil
	})
	return out, err
}
