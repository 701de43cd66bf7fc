package project

import (
	"fmt"
	"slices"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

// missingCode is a coding whose code is not in the codebook, and the index
// of the problem that reports it.
type missingCode struct {
	problem int
	coding  coding.Coding
}

// renamedCodes looks up, for each coding whose code is not in the codebook,
// whether the history renamed that code (a rename merged from another
// branch leaves the other branch's codings of the old name behind in files
// the rename did not touch), and if so says to what: the coding is then to
// be recoded with the new name, not the old code added back.
func (c *checker) renamedCodes() {
	if len(c.missing) == 0 || c.cb == nil {
		return
	}
	type rename struct {
		to    string
		entry Entry
	}
	var entries []Entry
	for _, h := range c.histories {
		entries = append(entries, h.entries...)
	}
	slices.SortStableFunc(entries, func(a, b Entry) int { return a.Time.Compare(b.Time) })
	renames := map[string]rename{}
	for _, e := range entries {
		for _, r := range codebook.RenamesFromChanges(e.Codebook) {
			if r.Kind == "code" {
				renames[codebook.Key(r.From)] = rename{r.To, e}
			}
		}
	}
	for _, m := range c.missing {
		name, seen := m.coding.Code, map[string]bool{}
		var last Entry
		for c.cb.Code(name) == nil && !seen[codebook.Key(name)] {
			seen[codebook.Key(name)] = true
			r, ok := renames[codebook.Key(name)]
			if !ok {
				break
			}
			name, last = r.to, r.entry
		}
		if name == m.coding.Code || c.cb.Code(name) == nil {
			continue
		}
		pr := &c.r.Problems[m.problem]
		pr.Message += fmt.Sprintf(": the history renamed it to %q (%s by %s, %s)", name, last.Command, last.Coder, last.Time.UTC().Format(time.RFC3339))
		pr.Action, pr.Args = errs.ActionRecodeRenamed, []string{name, m.coding.Ref().String(), m.coding.ID}
	}
}
