package ops

import (
	"context"
	"errors"
	"io/fs"
	"slices"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/analysis/whose"
	"github.com/grounded-qda/grounded/internal/project"
)

// ProcessCheckRequest asks for the model's process check (issue 15):
// the stage order within episodes, the conditions and the verdict.
type ProcessCheckRequest struct {
	// Coders whose codings count (none: every coder's, or only the
	// viewer's while blind coding is on); Count is codings or passages.
	Coders []string
	Count  whose.Mode
	// MinParticipants a stage needs (0: ceil(N/2)).
	MinParticipants int
	// Permutations of the baseline (0: model.DefaultPermutations),
	// seeded with Seed.
	Permutations int
	Seed         uint64
}

// DefaultProcessCheckRequest is the request of 'model check' with no
// option.
func DefaultProcessCheckRequest() ProcessCheckRequest {
	return ProcessCheckRequest{Permutations: model.DefaultPermutations, Seed: 1}
}

// ProcessCheck reads the snapshot the viewer may see (codings, turns,
// episodes, negative cases, speaker roles) and runs model.CheckProcess,
// the same for every front end. The caller holds a read lock. Without a
// core category and stages the error is model.ErrNoCore.
func ProcessCheck(ctx context.Context, p *project.Project, req ProcessCheckRequest) (*model.ProcessCheck, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := p.ReadSnapshot(project.WithTurns | project.WithEpisodes | project.WithMemos | project.WithRoles)
	if err != nil {
		return nil, err
	}
	cs, err := whose.FilterCoders(s.Codings, req.Coders)
	if err != nil {
		return nil, err
	}
	if req.Count == whose.ModePassages {
		cs = whose.Distinct(cs)
	}
	if cs, err = ResolveSourceLevel(p, cs); err != nil {
		return nil, err
	}
	return model.CheckProcess(
		model.Input{Codebook: s.Codebook, Codings: cs, Sources: s.Sources, MinParticipants: req.MinParticipants},
		model.ProcessInput{Episodes: s.Episodes, Role: RolesFor(s), Participant: participantOf(s.Sources),
			NegativeCases: NegativeCases(s.Memos), Permutations: req.Permutations, Seed: req.Seed})
}

// NegativeCases returns the negative cases among the memos for the model.
func NegativeCases(ms []coding.Memo) []model.NegativeCase {
	var out []model.NegativeCase
	for _, m := range coding.NegativeCases(ms) {
		ref, against, _ := coding.NegativeCaseOf(m)
		out = append(out, model.NegativeCase{Ref: ref, Against: against, Why: m.Body, Author: m.Author})
	}
	return out
}

// RolesFor gives the speaker role of every turn of the snapshot's
// sources (the snapshot must be taken WithTurns, and WithRoles for the
// stored roles): the role speakers.yaml gives the speaker in that source,
// else the role guessed from the speaker names and questions
// (corpus.GuessRoles), as ingest guesses it. Speakers of role "other"
// count as unknown (their codings count as volunteered, and the report
// says how many there were).
func RolesFor(s *project.Snapshot) func(source string, turn int) model.Role {
	bySource := map[string]map[int]model.Role{}
	for src, ts := range s.Turns {
		guess := corpus.GuessRoles(ts)
		m := make(map[int]model.Role, len(ts))
		for _, t := range ts {
			r := s.Speakers.Role(src, t.Speaker)
			if r == "" {
				r = guess[t.Speaker].Role
			}
			switch r {
			case corpus.RoleInterviewer:
				m[t.N] = model.RoleInterviewer
			case corpus.RoleParticipant:
				m[t.N] = model.RoleParticipant
			default:
				m[t.N] = model.RoleUnknown
			}
		}
		bySource[src] = m
	}
	return func(source string, turn int) model.Role {
		return bySource[source][turn]
	}
}

// ResolveSourceLevel gives codings made on a source's plain text (Turn 0)
// the turn that holds their start, for the order check.
func ResolveSourceLevel(p *project.Project, cs []coding.Coding) ([]coding.Coding, error) {
	var out []coding.Coding
	turns := map[string][]corpus.Turn{}
	for i, c := range cs {
		if c.Turn != 0 || c.Orphaned {
			continue
		}
		if out == nil {
			out = slices.Clone(cs)
		}
		ts, ok := turns[c.Source]
		if !ok {
			s, err := p.ReadSource(c.Source)
			if err == nil {
				ts, err = p.ReadTurns(s)
			}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			turns[c.Source] = ts
		}
		out[i].Turn = model.TurnAt(ts, c.Start)
	}
	if out == nil {
		return cs, nil
	}
	return out, nil
}
