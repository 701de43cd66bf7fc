package export

import (
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// ExemplarInputOf is what SelectExemplars chooses from in a project: the
// codes in codebook order, the given codings (the chosen coders'), the
// snapshot's turns (it must be read WithTurns and WithParticipants), each
// source's participant and attributes, and the pins. Every front end
// builds its exemplars with it, so that they show the same quotes.
func ExemplarInputOf(p *project.Project, s *project.Snapshot, cs []coding.Coding) (ExemplarInput, error) {
	in := ExemplarInput{Codings: cs, Turns: s.Turns, Participant: map[string]string{}, Attributes: map[string]map[string]string{}}
	for _, c := range s.Codebook.Codes {
		in.Codes = append(in.Codes, c.Name)
	}
	for _, src := range s.Sources {
		in.Participant[src.ID] = src.Participant
	}
	if s.Participants != nil {
		for _, pt := range s.Participants.List {
			in.Attributes[pt.ID] = pt.Attributes
		}
	}
	var err error
	in.Pinned, err = p.PinnedIDs()
	return in, err
}
