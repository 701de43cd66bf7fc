package project

import (
	"errors"
	"io/fs"

	"github.com/grounded-qda/grounded/corpus"
)

// Participants is the content of participants.yaml (see
// corpus.Participants, where the type and its file format live).
type Participants = corpus.Participants

// DecodeParticipants parses participants.yaml (corpus.DecodeParticipants).
func DecodeParticipants(file string, data []byte) (*Participants, error) {
	return corpus.DecodeParticipants(file, data)
}

// CompareIDs orders source and participant ids naturally (see
// corpus.CompareIDs).
func CompareIDs(a, b string) int { return corpus.CompareIDs(a, b) }

// ReadParticipants loads participants.yaml (empty when missing).
func (p *Project) ReadParticipants() (*Participants, error) {
	file := p.Path(ParticipantsFile)
	data, err := p.readStoreFile(ParticipantsFile) // the store's path checks: no symlink out, no device
	if errors.Is(err, fs.ErrNotExist) {
		return &Participants{}, nil
	}
	if err != nil {
		return nil, err
	}
	return DecodeParticipants(file, data)
}
