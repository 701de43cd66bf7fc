package cli

import (
	"errors"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// buildHierarchy builds the hierarchy from the chosen coders' codings,
// with the stage transitions observed in episodes for the diagrams.
func buildHierarchy(p *project.Project, opts *ExportHierarchyOptions) (*export.Hierarchy, error) {
	s, err := p.ReadSnapshot(project.WithMemos | project.WithEpisodes)
	if err != nil {
		return nil, err
	}
	cs, err := countedCodings(s.Codings, splitList(opts.Coders), opts.Count)
	if err != nil {
		return nil, err
	}
	h := export.Build(export.Input{Codebook: s.Codebook, Codings: cs, Sources: s.Sources, Memos: s.Memos}, export.Options{Exemplars: opts.Exemplars})
	if len(s.Episodes) == 0 || s.Codebook.Core == nil || len(s.Codebook.Core.Stages) == 0 {
		return h, nil
	}
	// The turns are read only when episodes exist: the roles need them.
	for _, src := range s.Sources {
		ts, err := p.ReadTurns(src)
		if err != nil {
			return nil, err
		}
		if s.Turns == nil {
			s.Turns = map[string][]corpus.Turn{}
		}
		s.Turns[src.ID] = ts
	}
	if cs, err = resolveSourceLevel(p, cs); err != nil {
		return nil, err
	}
	pr, err := model.Process(model.ProcessInput{Codebook: s.Codebook, Codings: cs, Episodes: s.Episodes, Role: rolesFor(s), Participant: participantOf(s.Sources), Permutations: 1})
	if errors.Is(err, model.ErrNoCore) {
		return h, nil
	}
	if err != nil {
		return nil, err
	}
	for _, t := range pr.Transitions {
		h.Transitions = append(h.Transitions, export.Transition{From: t.From, To: t.To, Count: t.Count})
	}
	return h, nil
}
