package project

import (
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// The methods in this file make an *Edit a coding.Store, the interface the
// coding operations (package coding) change a project through.

var _ coding.Store = (*Edit)(nil)

// WorkingCodebook returns the codebook being changed (e.Codebook).
func (e *Edit) WorkingCodebook() *codebook.Codebook { return e.Codebook }

// CoderName returns the coder making the change (e.Coder).
func (e *Edit) CoderName() string { return e.Coder }

// Now returns the time to stamp on new codings and memos.
func (e *Edit) Now() time.Time { return e.p.Clock() }

// Turns returns the turns of source, read once per edit.
func (e *Edit) Turns(source string) ([]corpus.Turn, error) {
	if t, ok := e.turns[source]; ok {
		return t, nil
	}
	s, err := e.p.ReadSource(source)
	if err != nil {
		return nil, err
	}
	t, err := e.p.ReadTurns(s)
	if err != nil {
		return nil, err
	}
	if e.turns == nil {
		e.turns = map[string][]corpus.Turn{}
	}
	e.turns[source] = t
	return t, nil
}

// AllCodings returns every coding in the project as it was when the edit
// began.
func (e *Edit) AllCodings() ([]coding.Coding, error) { return e.p.ReadCodings("") }

// Memos returns every memo as it was when the edit began.
func (e *Edit) Memos() ([]coding.Memo, error) { return e.p.ListMemos() }
