package cli

import (
	"errors"

	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// buildHierarchy builds the hierarchy from the chosen coders' codings,
// with the stage transitions observed in episodes for the diagrams.
func buildHierarchy(p *project.Project, opts *ExportHierarchyOptions) (*export.Hierarchy, error) {
	s, err := p.ReadSnapshot(project.WithMemos | project.WithEpisodes | project.WithTurns | project.WithParticipants)
	if err != nil {
		return nil, err
	}
	cs, err := countedCodings(s.Codings, splitList(opts.Coders), opts.Count)
	if err != nil {
		return nil, err
	}
	bo := export.Options{Exemplars: opts.Exemplars}
	if opts.Exemplars > 0 {
		in, err := export.ExemplarInputOf(p, s, cs)
		if err != nil {
			return nil, err
		}
		var problems []string
		bo.Quotes, problems, err = export.SelectExemplars(in, export.ExemplarOptions{PerCode: opts.Exemplars, MaxChars: opts.ExemplarChars, DescribeWith: opts.DescribeWith})
		if err != nil {
			return nil, err
		}
		opts.problems = problems
	}
	h := export.Build(export.Input{Codebook: s.Codebook, Codings: cs, Sources: s.Sources, Memos: s.Memos}, bo)
	if len(s.Episodes) == 0 || s.Codebook.Core == nil || len(s.Codebook.Core.Stages) == 0 {
		return h, nil
	}
	// The snapshot holds the turns (the exemplars and the roles need them).
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
