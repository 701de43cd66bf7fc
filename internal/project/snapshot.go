package project

import (
	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Snapshot is the whole project read once, for the reports, agreement,
// hierarchy, model check and table exports (and a long-running front end):
// every reader of "the project as it stands" takes one instead of calling
// the Read* methods one by one.
type Snapshot struct {
	Codebook *codebook.Codebook
	// Sources in ingest order, as ListSources.
	Sources []*corpus.Source
	// Codings of every source by every coder, as ReadCodings("").
	Codings []coding.Coding
	// Memos (WithMemos) and Participants (WithParticipants); nil when not
	// asked for.
	Memos        []coding.Memo
	Participants *corpus.Participants
	// Turns of every source by id, when the snapshot was taken WithTurns;
	// nil otherwise.
	Turns map[string][]corpus.Turn
	// Episodes marked in the interviews (WithEpisodes); nil when not
	// asked for.
	Episodes []coding.Episode
	// Speakers are the speakers' roles (speakers.yaml), when the snapshot
	// was taken WithRoles; nil otherwise.
	Speakers *SpeakerRoles
}

// Roles returns the role of a speaker in a source, as speakers.yaml gives
// it ("" when it gives none, or the snapshot was taken without WithRoles).
func (s *Snapshot) Roles() func(source, speaker string) corpus.Role {
	return s.Speakers.Role
}

// SnapshotPart selects what a snapshot reads beyond the codebook, sources
// and codings, which it always reads. A reader asks only for what it uses,
// so that a damaged file it does not need (a memo, participants.yaml) does
// not stop it.
type SnapshotPart int

const (
	// WithMemos also reads every memo.
	WithMemos SnapshotPart = 1 << iota
	// WithParticipants also reads participants.yaml.
	WithParticipants
	// WithTurns also reads every source's turns (checked against their
	// checksums), which costs a read of every transcript.
	WithTurns
	// WithEpisodes also reads episodes.yaml.
	WithEpisodes
	// WithAllCoders reads every coder's codings even while blind coding
	// is on (for agreement and consensus).
	WithAllCoders
	// WithRoles also reads speakers.yaml.
	WithRoles
	// WithAll reads everything.
	WithAll = WithMemos | WithParticipants | WithTurns | WithEpisodes | WithRoles
)

// ReadSnapshot reads a snapshot. The caller holds the lock (RLock or
// Lock), as for the other Read* methods; Snapshot takes it itself.
func (p *Project) ReadSnapshot(parts SnapshotPart) (*Snapshot, error) {
	s := &Snapshot{}
	var err error
	if s.Codebook, err = p.ReadCodebook(); err != nil {
		return nil, err
	}
	if s.Sources, err = p.ListSources(); err != nil {
		return nil, err
	}
	if s.Codings, err = p.ReadCodings(""); err != nil {
		return nil, err
	}
	if parts&WithAllCoders == 0 {
		s.Codings = p.blindFilter(s.Codings)
	}
	if parts&WithMemos != 0 {
		if s.Memos, err = p.ListMemos(); err != nil {
			return nil, err
		}
	}
	if parts&WithParticipants != 0 {
		if s.Participants, err = p.ReadParticipants(); err != nil {
			return nil, err
		}
	}
	if parts&WithEpisodes != 0 {
		if s.Episodes, err = p.ReadEpisodes(); err != nil {
			return nil, err
		}
	}
	if parts&WithRoles != 0 {
		if s.Speakers, err = p.ReadSpeakerRoles(); err != nil {
			return nil, err
		}
	}
	if parts&WithTurns != 0 {
		s.Turns = make(map[string][]corpus.Turn, len(s.Sources))
		for _, src := range s.Sources {
			if s.Turns[src.ID], err = p.ReadTurns(src); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// Snapshot reads a snapshot under the read lock.
func (p *Project) Snapshot(parts SnapshotPart) (*Snapshot, error) {
	l, err := p.RLock()
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	return p.ReadSnapshot(parts)
}
