package project

import (
	"errors"
	"io/fs"
	"os"

	"github.com/grounded-qda/grounded/corpus"
)

// SourceIDs lists the ids of the sources' directories (those named by a
// valid source id), in directory order, without reading them: for a reader
// such as the search index that stamps the sources' files itself. A
// directory left without its source.yaml (by a removal) is listed too;
// ListSources skips it.
func (p *Project) SourceIDs() ([]string, error) {
	entries, err := os.ReadDir(p.Path(SourcesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() && corpus.ValidateID(e.Name()) == nil {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

// PutSource writes a source in the edit: its original file, its turns and
// its metadata (source.yaml), as docs/format.md lays them out. It is the
// one way sources are written: ingest and REFI-QDA import both use it.
func (e *Edit) PutSource(s *corpus.Source, turns []corpus.Turn, original []byte) {
	e.putSource(s, EncodeTurns(turns), original)
}

// putSource is PutSource with the turns already encoded (EncodeTurns).
func (e *Edit) putSource(s *corpus.Source, turnsJSON, original []byte) {
	e.Tx.WriteFile(SourceRel(s.ID, s.Original), original)
	e.Tx.WriteFile(SourceRel(s.ID, SourceTurnsFile), turnsJSON)
	e.Tx.WriteFile(SourceRel(s.ID, SourceMetaFile), EncodeSource(s))
}

// AddSource writes a new source (PutSource) and records it as added, so
// that undo removes it.
func (e *Edit) AddSource(s *corpus.Source, turns []corpus.Turn, original []byte) {
	e.PutSource(s, turns, original)
	e.SourceAdded(s.ID)
}
