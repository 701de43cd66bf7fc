//go:build unix

package faults

import (
	"strings"
	"testing"
)

// TestIndexRebuildReadOnly: on a read-only project 'index rebuild' says
// that it could not write the index and exits non-zero, changing nothing;
// search, whose index is up to date, still answers (issue 17, item 9).
func TestIndexRebuildReadOnly(t *testing.T) {
	p, trs := newProject(t, 2, 20)
	sl := &slicer{trs: trs}
	p.ok("code", "add", "Trust", sl.next(t))
	want := p.ok("search", "trust") // the index is up to date
	readOnly(t, p.Dir)
	before := snapshot(t, p.Dir)
	r := p.run("index", "rebuild")
	msg := strings.ToLower(r.Stderr)
	if r.Code == 0 || !strings.Contains(msg, "read-only") || !(strings.Contains(msg, "could not") || strings.Contains(msg, "cannot")) {
		t.Errorf("index rebuild on a read-only project: want a non-zero exit saying it could not write (read-only), got %s", r)
	}
	t.Logf("index rebuild: exit %d: %s", r.Code, firstLines(r.Stderr, 2))
	if got := p.run("search", "trust"); got.Code != 0 || got.Stdout != want {
		t.Errorf("search on the read-only project after the refused rebuild: want the same hits as before, got %s", got)
	}
	if d := diffSnapshots(before, snapshot(t, p.Dir)); d != "" {
		t.Errorf("the read-only project changed: %s", d)
	}
}
