package cli

import (
	"fmt"

	"github.com/grounded-qda/grounded/internal/project"
)

// change runs fn as one change to the project by the current coder, under
// the write lock, and commits it with the summary fn returns. Nothing is
// written when fn fails.
func change(f *Factory, coderFlag, command string, fn func(e *project.Edit) (string, error)) (*project.Entry, error) {
	p, err := f.Project()
	if err != nil {
		return nil, err
	}
	coder, err := f.CoderName(p, coderFlag)
	if err != nil {
		return nil, err
	}
	if err := p.RequireReason(command, f.Reason); err != nil {
		return nil, err
	}
	lock, err := p.Lock()
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	if p.Recovered() {
		fmt.Fprintln(f.IO.ErrOut, "grounded: finished a change that an interrupted command had left half done")
	}
	e, err := p.Edit(lock, coder, command)
	if err != nil {
		return nil, err
	}
	e.SetReason(f.Reason)
	summary, err := fn(e)
	if err != nil {
		e.Discard() // what the operation wrote ahead (project.Tx.SpillWrites)
		return nil, err
	}
	entry, err := e.Commit(summary)
	if err != nil {
		e.Discard()
	}
	if err == nil && entry != nil && entry.Reason != "" {
		f.reasonRecorded = true
	}
	return entry, err
}
