package project

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// t0 is the clock of these tests (GROUNDED_NOW).
var t0 = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

// newProject creates an empty project in a temporary directory, with a
// short lock timeout so that a test that deadlocks fails fast.
func newProject(t *testing.T) *Project {
	t.Helper()
	t.Setenv("GROUNDED_NOW", t0.Format(time.RFC3339))
	t.Setenv("GROUNDED_LOCK_TIMEOUT", "2s")
	p, err := Init(filepath.Join(t.TempDir(), "study"), InitOptions{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// transcript is a small interview in the "Name: text" format.
const transcript = `Interviewer: How did you build trust with clients?

Jordan: I kept showing up. Every Tuesday, same time, same bench.

Interviewer: And did they trust you?

Jordan: Not at first. Zoë’s “trust” took months. I kept showing up anyway.
`

// lock takes the write lock and releases it when the test ends.
func lock(t *testing.T, p *Project) *Lock {
	t.Helper()
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Unlock() })
	return l
}

// edit runs fn as one committed edit by coder under the write lock.
func edit(t *testing.T, p *Project, coder, command string, fn func(e *Edit) error) *Entry {
	t.Helper()
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	e, err := p.Edit(l, coder, command)
	if err != nil {
		t.Fatal(err)
	}
	if err := fn(e); err != nil {
		t.Fatal(err)
	}
	entry, err := e.Commit(command)
	if err != nil {
		t.Fatal(err)
	}
	return entry
}

// ingest adds files (name → content) as sources, as 'grounded ingest' does.
func ingest(t *testing.T, p *Project, coder string, replace bool, files map[string]string) ([]*IngestPlan, *Entry) {
	t.Helper()
	var in []IngestFile
	for _, name := range sortedKeys(files) {
		in = append(in, IngestFile{Path: name, Data: []byte(files[name])})
	}
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	plans, err := p.PlanIngest(in, replace, Now())
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Edit(l, coder, "ingest")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyIngest(plans); err != nil {
		t.Fatal(err)
	}
	entry, err := e.Commit("ingested")
	if err != nil {
		t.Fatal(err)
	}
	return plans, entry
}

// turnsOf loads the turns of a source.
func turnsOf(t *testing.T, p *Project, id string) []corpus.Turn {
	t.Helper()
	s, err := p.ReadSource(id)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := p.ReadTurns(s)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// codingAt makes a coding of the words quote in source id (found as
// 'grounded code add --quote' finds them).
func codingAt(t *testing.T, p *Project, code, coder, id, quote string) coding.Coding {
	t.Helper()
	sp, err := coding.FindQuote(corpus.Ref{Source: id}, turnsOf(t, p, id), quote)
	if err != nil {
		t.Fatal(err)
	}
	return coding.Coding{ID: coding.NewID(), Code: code, Source: id, Turn: sp.Turn, Start: sp.Start, End: sp.End, Quote: sp.Quote, Coder: coder, Created: t0}
}

// code adds codings (creating their codes) as one edit by coder.
func code(t *testing.T, p *Project, coder string, cs ...coding.Coding) *Entry {
	t.Helper()
	return edit(t, p, coder, "code add", func(e *Edit) error {
		for _, c := range cs {
			if e.Codebook.Code(c.Code) == nil {
				if _, err := e.Codebook.AddCode(c.Code, ""); err != nil {
					return err
				}
			}
			if _, err := e.AddCoding(c); err != nil {
				return err
			}
		}
		return nil
	})
}

func allCodings(t *testing.T, p *Project) []coding.Coding {
	t.Helper()
	cs, err := p.ReadCodings("")
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
