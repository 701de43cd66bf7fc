package project

import (
	"fmt"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// citedIDs notes the coding ids the relations cite, so that the codings
// section keeps those codings (and only those) for citations.
func (c *checker) citedIDs() {
	c.cited = map[string]bool{}
	if c.cb == nil {
		return
	}
	for _, r := range c.cb.Relations {
		for _, e := range r.Evidence {
			if !codebook.IsPassageEvidence(e) {
				c.cited[e] = true
			}
		}
	}
}

// citations warns about every relation citation (evidence) that no longer
// resolves: a cited coding that was removed or lost its words, a passage
// whose source is gone or whose span is out of range after the transcript
// was replaced. The relation keeps the citation (nothing a coder wrote is
// dropped); the problem's action is to remove it or cite the passage
// again.
func (c *checker) citations() {
	if c.cb == nil {
		return
	}
	turns := func(source string) ([]corpus.Turn, error) {
		if ts, ok := c.turnsOf(source); ok {
			return ts, nil
		}
		return nil, fmt.Errorf("source %q does not exist", source)
	}
	file := c.p.Path(CodebookFile)
	for _, r := range c.cb.Relations {
		if len(r.Evidence) == 0 {
			continue
		}
		for _, ev := range coding.ResolveEvidence(r.Evidence, c.citedCodings, turns) {
			if ev.Problem == "" {
				continue
			}
			label := r.As
			if label == "" {
				label = "related"
			}
			pr := c.add("warning", file, r.Line(), "relation %q → %q (%s) cites %s, which no longer resolves: %s",
				r.From, r.To, label, ev.Cite, ev.Problem)
			pr.Action, pr.Args = errs.ActionUncite, []string{r.From, r.To, r.As, ev.Cite}
		}
	}
}
