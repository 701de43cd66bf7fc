package cli

import (
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
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
	summary, err := fn(e)
	if err != nil {
		return nil, err
	}
	return e.Commit(summary)
}

// turnCache loads each source's turns once per command.
type turnCache struct {
	p     *project.Project
	srcs  map[string]*corpus.Source
	turns map[string][]corpus.Turn
}

func newTurnCache(p *project.Project) *turnCache {
	return &turnCache{p: p, srcs: map[string]*corpus.Source{}, turns: map[string][]corpus.Turn{}}
}

func (c *turnCache) get(id string) (*corpus.Source, []corpus.Turn, error) {
	if s, ok := c.srcs[id]; ok {
		return s, c.turns[id], nil
	}
	s, err := c.p.ReadSource(id)
	if err != nil {
		return nil, nil, err
	}
	t, err := c.p.ReadTurns(s)
	if err != nil {
		return nil, nil, err
	}
	c.srcs[id], c.turns[id] = s, t
	return s, t, nil
}

// resolveArg turns a command-line reference into a checked span. arg is
// SRC#N, SRC#N:S-E, SRC:S-E, or (with a quote) a bare source id. With a
// quote, the quote is looked up inside what arg names.
func (c *turnCache) resolveArg(arg, quote string) (coding.Span, error) {
	var ref corpus.Ref
	if !strings.ContainsAny(arg, "#:") {
		if quote == "" {
			return coding.Span{}, usageErrorf("%q is a source, not a reference to a turn; write %s#N (turn N) or %s#N:S-E, or add --quote TEXT to find the words in the whole source", arg, arg, arg)
		}
		if err := corpus.ValidateID(arg); err != nil {
			return coding.Span{}, fmt.Errorf("source %v", err)
		}
		ref = corpus.Ref{Source: arg}
	} else {
		r, err := corpus.ParseRef(arg)
		if err != nil {
			return coding.Span{}, err
		}
		ref = r
	}
	_, turns, err := c.get(ref.Source)
	if err != nil {
		return coding.Span{}, err
	}
	if quote != "" {
		if ref.Turn == 0 && ref.HasSpan {
			return coding.Span{}, usageErrorf("--quote looks inside a turn or a whole source; %s is a source-level span", arg)
		}
		return coding.FindQuote(ref, turns, quote)
	}
	return coding.Resolve(ref, turns)
}
