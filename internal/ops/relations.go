package ops

import (
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// RelationRow is one relation as the front ends list it: its direction in
// words and its evidence resolved to the words cited.
type RelationRow struct {
	From     string            `json:"from"`
	To       string            `json:"to"`
	As       string            `json:"as"`
	Note     string            `json:"note,omitempty"`
	Sentence string            `json:"sentence"`
	Evidence []coding.Evidence `json:"evidence"`
}

// Relations lists the snapshot's relations with their evidence resolved
// against its codings and the transcripts (read from p as needed, each
// once). A citation that no longer resolves is listed with its problem.
func Relations(p *project.Project, s *project.Snapshot) []RelationRow {
	turns := TurnsReader(p, s)
	rows := make([]RelationRow, 0, len(s.Codebook.Relations))
	for _, r := range s.Codebook.Relations {
		rows = append(rows, RelationRow{From: r.From, To: r.To, As: r.As, Note: r.Note,
			Sentence: coding.RelationSentence(*r), Evidence: coding.ResolveEvidence(r.Evidence, s.Codings, turns)})
	}
	return rows
}

// TurnsReader returns a source's turns from the snapshot when it holds
// them, else read from the project once per source.
func TurnsReader(p *project.Project, s *project.Snapshot) func(source string) ([]corpus.Turn, error) {
	cache := map[string][]corpus.Turn{}
	return func(id string) ([]corpus.Turn, error) {
		if ts, ok := s.Turns[id]; ok {
			return ts, nil
		}
		if ts, ok := cache[id]; ok {
			return ts, nil
		}
		src, err := p.ReadSource(id)
		if err != nil {
			return nil, err
		}
		ts, err := p.ReadTurns(src)
		if err != nil {
			return nil, err
		}
		cache[id] = ts
		return ts, nil
	}
}

// AuditEvidence is the relations' evidence as the audit trail takes it.
func AuditEvidence(cb *codebook.Codebook) []export.RelationEvidence {
	var out []export.RelationEvidence
	for _, r := range cb.Relations {
		if len(r.Evidence) > 0 {
			out = append(out, export.RelationEvidence{From: r.From, To: r.To, As: r.As, Refs: slices.Clone(r.Evidence)})
		}
	}
	return out
}
