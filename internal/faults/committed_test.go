//go:build unix

package faults

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnwritableHistory: a history file that cannot be written (read-only
// by permissions, or for root a read-only bind mount of the file) makes a
// change fail before its commit point: exit 1, nothing written, no journal
// left, and every command, check included, still works.
func TestUnwritableHistory(t *testing.T) {
	p, _ := newProject(t, 1, 10)
	p.ok("code", "add", "Trust", "S1#1")
	hist := filepath.Join(p.Dir, "history", "tester.jsonl")
	readOnly(t, hist)
	before := snapshot(t, p.Dir)
	r := p.run("code", "add", "Trust", "S1#2")
	if r.Code != 1 || !(strings.Contains(r.Stderr, "read-only file system") || strings.Contains(r.Stderr, "permission denied")) {
		t.Errorf("code add with an unwritable history: %s", r)
	}
	if d := diffSnapshots(before, snapshot(t, p.Dir)); d != "" {
		t.Errorf("a change that failed wrote: %s", d)
	}
	if _, err := os.Lstat(filepath.Join(p.Dir, ".grounded-journal")); err == nil {
		t.Error("a journal was left behind")
	}
	for _, args := range [][]string{{"check"}, {"codings", "list"}, {"search", "trust"}, {"log"}} {
		if r := p.run(args...); r.Code != 0 {
			t.Errorf("wedged: %s", r)
		}
	}
}
