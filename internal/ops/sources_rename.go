package ops

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// RenameSourceRequest gives source Old the id New.
type RenameSourceRequest struct{ Old, New string }

// RenameSourceResult says what moved with the source.
type RenameSourceResult struct {
	Codings, Memos int
	Summary        string
}

// RenameSource changes a source's id: its files move to the new
// directory, every coding of it (by every coder) and every memo link
// follows, and so do its speakers' roles. Undo reverts it.
func RenameSource(ctx context.Context, e *project.Edit, req RenameSourceRequest) (RenameSourceResult, error) {
	var res RenameSourceResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	p := e.Project()
	s, err := p.ReadSource(req.Old)
	if err != nil {
		return res, err
	}
	if err := corpus.ValidateID(req.New); err != nil {
		return res, &errs.Invalid{Field: "id", Rule: project.RuleSourceID, Value: req.New, Reason: fmt.Sprintf("source %v", err)}
	}
	all, err := p.ListSources()
	if err != nil {
		return res, err
	}
	for _, o := range all {
		if o.ID != s.ID && strings.EqualFold(o.ID, req.New) {
			return res, &errs.Exists{Kind: errs.KindSource, Name: o.ID}
		}
	}
	if req.New == s.ID {
		return res, errs.Invalidf("id", "source %s is already called %s", s.ID, req.New)
	}
	if _, err := p.ReadTurns(s); err != nil { // checks the checksum
		return res, err
	}
	original, err := p.ReadOriginal(s)
	if err != nil {
		return res, err
	}
	turnsData, err := readRel(p, project.SourceRel(s.ID, project.SourceTurnsFile))
	if err != nil {
		return res, err
	}
	ns := *s
	ns.ID = req.New
	if err := e.RemoveSourceFiles(s, true); err != nil {
		return res, err
	}
	if err := e.PutFile(project.SourceRel(ns.ID, ns.Original), original); err != nil {
		return res, err
	}
	if err := e.PutFile(project.SourceRel(ns.ID, project.SourceTurnsFile), turnsData); err != nil {
		return res, err
	}
	if err := e.PutFile(project.SourceRel(ns.ID, project.SourceMetaFile), project.EncodeSource(&ns)); err != nil {
		return res, err
	}
	cs, err := e.Codings(s.ID)
	if err != nil {
		return res, err
	}
	for _, c := range cs {
		nc := c
		nc.Source = ns.ID
		if err := e.ReplaceCoding(c, nc); err != nil {
			return res, err
		}
		res.Codings++
	}
	memos, err := p.ListMemos()
	if err != nil {
		return res, err
	}
	move := func(t coding.Target) coding.Target {
		switch t.Kind {
		case coding.TargetSource:
			if t.Name == s.ID {
				t.Name = ns.ID
			}
		case coding.TargetRef:
			if r, err := corpus.ParseRef(t.Name); err == nil && r.Source == s.ID {
				r.Source = ns.ID
				t.Name = r.String()
			}
		}
		return t
	}
	for _, m := range memos {
		if !memoLinks(m, []string{s.ID}) {
			continue
		}
		m.Target = move(m.Target)
		for i := range m.Targets {
			m.Targets[i] = move(m.Targets[i])
		}
		if err := e.PutFile(project.MemoRel(m.ID), coding.EncodeMemo(m)); err != nil {
			return res, err
		}
		res.Memos++
	}
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return res, err
	}
	if m := roles.Sources[s.ID]; m != nil {
		roles.RemoveSource(s.ID)
		for sp, r := range m {
			roles.Set(ns.ID, sp, r)
		}
		if err := e.PutFile(project.SpeakersFile, roles.Encode()); err != nil {
			return res, err
		}
	}
	res.Summary = fmt.Sprintf("renamed source %s to %s (%d codings, %d memos)", s.ID, ns.ID, res.Codings, res.Memos)
	return res, nil
}

// SetSourceRequest changes a source's metadata: its participant.
type SetSourceRequest struct{ Source, Participant string }

// SetSourceResult says what changed.
type SetSourceResult struct {
	Before  string
	Summary string
}

// SetSource changes the participant of a source. Codings do not change.
func SetSource(ctx context.Context, e *project.Edit, req SetSourceRequest) (SetSourceResult, error) {
	var res SetSourceResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	p := e.Project()
	s, err := p.ReadSource(req.Source)
	if err != nil {
		return res, err
	}
	if err := corpus.ValidateID(req.Participant); err != nil {
		return res, errs.Invalidf("participant", "participant %v", err)
	}
	res.Before = s.Participant
	if s.Participant == req.Participant {
		res.Summary = fmt.Sprintf("source %s already has participant %s", s.ID, s.Participant)
		return res, nil
	}
	ns := *s
	ns.Participant = req.Participant
	if err := e.PutFile(project.SourceRel(s.ID, project.SourceMetaFile), project.EncodeSource(&ns)); err != nil {
		return res, err
	}
	res.Summary = fmt.Sprintf("source %s: participant %s (was %s)", s.ID, ns.Participant, res.Before)
	return res, nil
}

// readRel reads a project file by its relative path.
func readRel(p *project.Project, rel string) ([]byte, error) {
	data, err := p.ReadFileRel(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing", rel)
	}
	return data, err
}
