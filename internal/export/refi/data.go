package refi

import (
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// Data is everything an export reads from a project.
type Data struct {
	// Name and Created identify the project; the GUIDs are derived from
	// them (see newGUIDs).
	Name    string
	Created time.Time
	// Origin is written as the origin attribute, e.g. "grounded v1.2.0".
	Origin       string
	Codebook     *codebook.Codebook
	Sources      []Source // in ingest order
	Codings      []coding.Coding
	Memos        []coding.Memo
	Participants *project.Participants
	// Foreign are the GUIDs of objects imported from another tool (see
	// ForeignFile), or nil.
	Foreign *Foreign
}

// Source is one transcript with its turns.
type Source struct {
	Meta  *corpus.Source
	Turns []corpus.Turn
}

// Load reads what an export needs from p. The caller holds the read lock.
func Load(p *project.Project, origin string) (*Data, error) {
	snap, err := p.ReadSnapshot(project.WithAll)
	if err != nil {
		return nil, err
	}
	d := FromSnapshot(snap, p.Config.Name, p.Config.Created, origin)
	if b, err := p.ReadOptionalFile(ForeignFile); err != nil {
		return nil, err
	} else if b != nil {
		if d.Foreign, err = DecodeForeign(b); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// FromSnapshot is what an export of snap reads (a snapshot taken
// WithAll; parts it lacks are left empty).
func FromSnapshot(snap *project.Snapshot, name string, created time.Time, origin string) *Data {
	d := &Data{Name: name, Created: created, Origin: origin, Codebook: snap.Codebook,
		Codings: snap.Codings, Memos: snap.Memos, Participants: snap.Participants}
	for _, s := range snap.Sources {
		d.Sources = append(d.Sources, Source{Meta: s, Turns: snap.Turns[s.ID]})
	}
	return d
}

func key(name string) string { return codebook.Key(name) }
