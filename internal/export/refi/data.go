package refi

import (
	"errors"
	"io/fs"
	"os"
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
	cb, err := p.ReadCodebook()
	if err != nil {
		return nil, err
	}
	srcs, err := p.ListSources()
	if err != nil {
		return nil, err
	}
	d := &Data{Name: p.Config.Name, Created: p.Config.Created, Origin: origin, Codebook: cb}
	for _, s := range srcs {
		turns, err := p.ReadTurns(s)
		if err != nil {
			return nil, err
		}
		d.Sources = append(d.Sources, Source{Meta: s, Turns: turns})
	}
	if d.Codings, err = p.ReadCodings(""); err != nil {
		return nil, err
	}
	if d.Memos, err = p.ListMemos(); err != nil {
		return nil, err
	}
	if d.Participants, err = p.ReadParticipants(); err != nil {
		return nil, err
	}
	if b, err := os.ReadFile(p.Path(ForeignFile)); err == nil {
		if d.Foreign, err = DecodeForeign(b); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return d, nil
}

func key(name string) string { return codebook.Key(name) }
