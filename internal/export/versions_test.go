package export

import (
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

const versionsBase = `version: 1
categories:
  - name: Building Trust
  - name: Paperwork
  - name: Leftovers
codes:
  - name: Showing up
    category: Building Trust
  - name: Filling forms
    category: Paperwork
    description: Forms.
  - name: Being there
    category: Building Trust
`

// history applies steps to a codebook and records each as an entry, as the
// project does.
type history struct {
	t   *testing.T
	cb  *codebook.Codebook
	es  []HistoryEntry
	day int
}

func (h *history) step(reason string, f func(cb *codebook.Codebook) (added, removed []coding.Coding)) {
	h.t.Helper()
	next := h.cb.Clone()
	added, removed := f(next)
	h.day++
	h.es = append(h.es, HistoryEntry{ID: reason, Time: time.Date(2026, 11, h.day, 0, 0, 0, 0, time.UTC), Reason: reason,
		Codebook: codebook.Diff(h.cb, next), Added: added, Removed: removed})
	h.cb = next
}

func names2(cs []ItemChange) string {
	var s []string
	for _, c := range cs {
		x := c.Kind + " " + c.Name
		if c.From != "" || c.To != "" {
			x += " " + c.From + "→" + c.To
		}
		if len(c.Fields) > 0 {
			x += " [" + strings.Join(c.Fields, ",") + "]"
		}
		s = append(s, x)
	}
	return strings.Join(s, "; ")
}

func TestCodebookChanges(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(versionsBase))
	if err != nil {
		t.Fatal(err)
	}
	h := &history{t: t, cb: cb}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	h.step("emerged in P04", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		_, err := cb.AddCode("Hope", "")
		must(err)
		return nil, nil
	})
	h.step("clearer name", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		_, err := cb.RenameCode("Showing up", "Turning up")
		must(err)
		return nil, nil
	})
	h.step("clearer still", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		_, err := cb.RenameCode("Turning up", "Reliability")
		must(err)
		return nil, nil
	})
	h.step("forms are about trust", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		c := cb.Code("Filling forms")
		c.Category, c.Description = "Building Trust", "Forms, together."
		return nil, nil
	})
	h.step("same idea", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		must(cb.RemoveCode("Being there"))
		old := coding.Coding{ID: "c1", Code: "Being there", Source: "P01", Turn: 2, Start: 0, End: 5}
		nw := old
		nw.ID, nw.Code = "c2", "Reliability"
		return []coding.Coding{nw}, []coding.Coding{old}
	})
	h.step("tried", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		_, err := cb.AddCode("Temporary", "")
		must(err)
		return nil, nil
	})
	h.step("not needed", func(cb *codebook.Codebook) ([]coding.Coding, []coding.Coding) {
		must(cb.RemoveCode("Temporary"))
		must(cb.RemoveCategory("Leftovers"))
		return nil, nil
	})
	d := CodebookChanges(h.es)
	for _, c := range []struct{ what, got, want string }{
		{"added", names2(d.Added), "code Hope"},
		{"renamed", names2(d.Renamed), "code Reliability Showing up→Reliability"},
		{"moved", names2(d.Moved), "code Filling forms Paperwork→Building Trust"},
		{"redefined", names2(d.Redefined), "code Filling forms [description]"},
		{"merged", names2(d.Merged), "code Being there →Reliability"},
		{"removed", names2(d.Removed), "category Leftovers"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
	if r := d.Renamed[0].Reasons; strings.Join(r, "|") != "clearer name|clearer still" {
		t.Errorf("rename reasons %q", r)
	}
	// Entries out of order are ordered by time; an empty stretch is empty.
	rev := append([]HistoryEntry(nil), h.es...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if names2(CodebookChanges(rev).Renamed) != names2(d.Renamed) {
		t.Error("the result depends on the order of the entries")
	}
	if !CodebookChanges(nil).Empty() {
		t.Error("no entries, yet changes")
	}
}
