package project

import "testing"

func TestReadParticipantsMissing(t *testing.T) {
	p := newProject(t)
	ps, err := p.ReadParticipants()
	if err != nil || len(ps.List) != 0 || len(ps.Attributes) != 0 {
		t.Errorf("got %+v, %v", ps, err)
	}
}
