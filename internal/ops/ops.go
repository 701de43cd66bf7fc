// Package ops holds the project-wide operations: those that change more
// than codings and the codebook (ingest, attributes import, undo). Like the
// coding operations (package coding), each is one function a front end
// calls with a context, the change in progress (or the project and its
// lock) and a typed request, and returns a typed result and typed errors
// (package errs). They print nothing and name no command or flag.
//
// They live here rather than in coding because they need the store itself
// (sources, participants, history), which coding may not import: the store
// imports coding.
package ops

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// IngestRequest adds (or, with Replace, replaces) transcripts.
type IngestRequest struct {
	Files   []project.IngestFile
	Replace bool
	// Progress, when set, is told how many files have been read.
	Progress func(done, total int)
}

// IngestResult lists what happened to each file, in the order given.
type IngestResult struct {
	Plans []*project.IngestPlan
	// Changed counts the files added or replaced.
	Changed int
	// Roles are the roles guessed for speakers that had none.
	Roles []GuessedRole
	// SameText maps a source added to the existing source whose turns are
	// identical (another id for the same transcript).
	SameText map[string]string
	Summary  string
}

// Ingest reads, checks and adds transcripts in one change, all or
// nothing: each file is written to its temporary files as soon as it is
// checked (project.Edit.Ingest), and a file refused, or any error, discards
// the edit, leaving the project as it was.
func Ingest(ctx context.Context, e *project.Edit, req IngestRequest) (IngestResult, error) {
	var res IngestResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	// Each file is put in the edit as soon as it is planned, so that the
	// memory of an ingest does not grow with the number of files; the
	// edit must be committed or discarded.
	plans, err := e.Ingest(req.Files, req.Replace, req.Progress)
	if err != nil {
		return res, err
	}
	srcs, err := e.Project().ListSources() // as they were: the edit is not committed
	if err != nil {
		e.Discard()
		return res, err
	}
	res.SameText = sameText(srcs, plans)
	if res.Roles, err = guessRoles(e, plans); err != nil {
		e.Discard()
		return res, err
	}
	res.Plans = plans
	for _, pl := range plans {
		if pl.Action != project.IngestUnchanged {
			res.Changed++
		}
	}
	res.Summary = fmt.Sprintf("ingested %d file(s)", res.Changed)
	return res, nil
}

// AttributesRequest merges a table of participant attributes (read from
// File) into participants.yaml.
type AttributesRequest struct {
	File  string
	Table *corpus.AttributeTable
}

// AttributesResult says what the import changed.
type AttributesResult struct {
	Added, Updated int
	// Without lists, in natural order, the participants of the table that
	// no source names yet (they are kept).
	Without []string
	Summary string
}

// ImportAttributes merges participant attributes. It cannot be undone
// (the previous values are not kept); the history entry says so.
func ImportAttributes(ctx context.Context, e *project.Edit, req AttributesRequest) (AttributesResult, error) {
	var res AttributesResult
	p := e.Project()
	ps, err := p.ReadParticipants()
	if err != nil {
		return res, err
	}
	res.Added, res.Updated = ps.Merge(req.Table)
	srcs, err := p.ListSources()
	if err != nil {
		return res, err
	}
	has := map[string]bool{}
	for _, s := range srcs {
		has[s.Participant] = true
	}
	for _, row := range req.Table.Rows {
		if !has[row.ID] {
			res.Without = append(res.Without, row.ID)
		}
	}
	slices.SortStableFunc(res.Without, corpus.CompareIDs)
	e.Tx.WriteFile(project.ParticipantsFile, ps.Encode())
	e.Irreversible("attribute imports are not undone; import the previous CSV again")
	res.Summary = fmt.Sprintf("imported attributes of %d participants from %s", len(req.Table.Rows), req.File)
	return res, nil
}

// UndoRequest undoes Coder's last change that is not undone yet.
type UndoRequest struct{ Coder string }

// UndoResult is the change undone; Nothing is set when there was none.
type UndoResult struct {
	Undone  *project.Entry
	Nothing bool
}

// Undo reverts the coder's last change. lock must be the project's write
// lock. A change that others have since built on is refused with an error
// that says what to do.
func Undo(ctx context.Context, p *project.Project, lock *project.Lock, req UndoRequest) (UndoResult, error) {
	if err := ctx.Err(); err != nil {
		return UndoResult{}, err
	}
	e, err := p.Undo(lock, req.Coder)
	if errors.Is(err, project.ErrNothingToUndo) {
		return UndoResult{Nothing: true}, nil
	}
	if err != nil {
		return UndoResult{}, err
	}
	return UndoResult{Undone: e}, nil
}
