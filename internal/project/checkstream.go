package project

import (
	"path/filepath"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Check holds one source's turns at a time. Its sections report in a fixed
// order (sources, then coding files in path order, then memos ...), which
// would need every source's turns until the codings were checked; instead
// each source's coding files are checked right after its turns are read,
// their findings kept aside (fileResult), and the findings are put into the
// report in the old order when the codings section comes. A coding file
// that names another source than its own is checked in its turn, reading
// the turns it needs again. The report is the one the old order gave, and
// the memory is one source's turns instead of the whole project's text
// (issue 17: 1.33 GB at 10,000 interviews).

// heldTurns are the turns of the one source Check holds.
type heldTurns struct {
	id    string
	turns []corpus.Turn
}

// fileResult is what checking one coding file found. deferred holds the
// codings of a file that names another source than its own: they are
// checked in the codings section, after the problems of reading the file.
type fileResult struct {
	problems []Problem
	missing  []missingCode // problem indexes into problems
	present  map[string]codingPlace
	deferred []coding.Coding
}

// codingFiles lists the coding files once.
func (c *checker) codingFiles() []string {
	if c.files == nil {
		c.files, _ = c.p.CodingFiles("")
		if c.files == nil {
			c.files = []string{}
		}
	}
	return c.files
}

// codingsOf checks the coding files of source id while its turns are held,
// keeping their findings aside for the codings section.
func (c *checker) codingsOf(id string) {
	if c.bySource == nil {
		c.bySource = map[string][]string{}
		for _, f := range c.codingFiles() {
			src := strings.TrimSuffix(filepath.Base(f), ".jsonl")
			c.bySource[src] = append(c.bySource[src], f)
		}
		c.byFile = map[string]*fileResult{}
	}
	for _, file := range c.bySource[id] {
		problems, missing, present := c.r.Problems, c.missing, c.present
		c.r.Problems, c.missing, c.present = []Problem{}, nil, nil // codingFile sizes present
		res := &fileResult{}
		if cs, ok := c.readCodingFile(file); ok {
			own := true
			for _, x := range cs {
				if x.Source != id {
					own = false
					break
				}
			}
			if own {
				c.codingFile(file, cs)
			} else {
				res.deferred = cs
			}
		}
		res.problems, res.missing, res.present = c.r.Problems, c.missing, c.present
		c.byFile[file] = res
		c.r.Problems, c.missing, c.present = problems, missing, present
	}
}

// replay puts a file's findings into the report, in the place the codings
// section gives them.
func (c *checker) replay(file string, res *fileResult) {
	base := len(c.r.Problems)
	c.r.Problems = append(c.r.Problems, res.problems...)
	for _, m := range res.missing {
		m.problem += base
		c.missing = append(c.missing, m)
	}
	if c.present == nil && len(res.present) > 0 {
		c.present = map[string]codingPlace{}
	}
	for id, pl := range res.present {
		c.present[id] = pl
	}
	if res.deferred != nil {
		c.codingFile(file, res.deferred)
	}
}

// turnsOf returns the turns of source id: the held ones, or read again for
// a source whose turns read when its section checked them.
func (c *checker) turnsOf(id string) ([]corpus.Turn, bool) {
	if c.held.turns != nil && c.held.id == id {
		return c.held.turns, true
	}
	if _, ok := c.turnCount[id]; !ok {
		return nil, false
	}
	ts, err := c.p.ReadTurns(c.srcs[id])
	if err != nil {
		return nil, false
	}
	c.held = heldTurns{id, ts}
	return ts, true
}
