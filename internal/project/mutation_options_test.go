package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/internal/errs"
)

func TestParseLockTimeout(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0s", 0, true}, {"0", 0, true}, {"00", 0, true}, {"30", 30 * time.Second, true},
		{"1m", time.Minute, true}, {"1.5s", 1500 * time.Millisecond, true},
		{"-1s", 0, false}, {"-1", 0, false}, {"soon", 0, false}, {"", 0, false},
	} {
		if d, ok := ParseLockTimeout(c.in); d != c.want || ok != c.ok {
			t.Errorf("ParseLockTimeout(%q) = %v, %v; want %v, %v", c.in, d, ok, c.want, c.ok)
		}
	}
}

// TestRequireReason: under audit: strict the strict commands need a
// non-blank reason; other commands, and projects without audit, do not.
func TestRequireReason(t *testing.T) {
	p := newProject(t)
	if err := p.RequireReason("code rename", ""); err != nil {
		t.Errorf("without audit: %v", err)
	}
	p.Config.Audit = AuditStrict
	for _, c := range []struct {
		command, reason string
		refused         bool
	}{
		{"code rename", "", true},
		{"code rename", "  \t", true},
		{"code rename", "the name was too narrow", false},
		{"relate rm", "", true},
		{"code add", "", false},
	} {
		err := p.RequireReason(c.command, c.reason)
		var inv *errs.Invalid
		if got := errors.As(err, &inv) && inv.Rule == RuleReasonRequired && inv.Value == c.command; got != c.refused || (err != nil) != c.refused {
			t.Errorf("RequireReason(%q, %q) = %v, want refused %v", c.command, c.reason, err, c.refused)
		}
	}
}

func TestCheckAudit(t *testing.T) {
	for _, a := range []string{"", AuditStrict} {
		if err := (Config{Audit: a}).checkAudit("grounded.yaml"); err != nil {
			t.Errorf("audit %q: %v", a, err)
		}
	}
	err := (Config{Audit: "lax"}).checkAudit("grounded.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), `grounded.yaml: audit: "lax" is not a setting`) {
		t.Errorf("audit lax: %v", err)
	}
}

// TestMergeCodebookFiles: both sides' new codes are kept (a missing base
// is an empty codebook); a side that does not decode is an error naming
// its file, and ours is left as it was.
func TestMergeCodebookFiles(t *testing.T) {
	dir := t.TempDir()
	base, ours, theirs := filepath.Join(dir, "base"), filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
	writeTestFile(t, ours, "version: 1\ncodes:\n  - name: Trust\n")
	writeTestFile(t, theirs, "version: 1\ncodes:\n  - name: Showing up\n")
	conflicts, err := MergeCodebookFiles(base, ours, theirs)
	if err != nil || len(conflicts) != 0 {
		t.Fatalf("MergeCodebookFiles = %v, %v", conflicts, err)
	}
	got := readFile(t, ours)
	if !strings.Contains(got, "name: Trust") || !strings.Contains(got, "name: Showing up") {
		t.Errorf("merged:\n%s", got)
	}
	writeTestFile(t, base, "version: 1\n")
	writeTestFile(t, theirs, "version: 1\ncodes: [\n")
	before := readFile(t, ours)
	_, err = MergeCodebookFiles(base, ours, theirs)
	if err == nil || !strings.Contains(err.Error(), theirs) {
		t.Errorf("broken theirs: %v", err)
	}
	if readFile(t, ours) != before {
		t.Error("ours changed by a failed merge")
	}
	if err := os.Remove(ours); err != nil {
		t.Fatal(err)
	}
	if _, err := MergeCodebookFiles(base, ours, base); err == nil {
		t.Error("a missing ours merged")
	}
}

// TestMergeCodebookFilesConflict: a code whose description both sides
// changed differently is returned as a conflict, and listed at the top of
// the merged file, which keeps ours' value.
func TestMergeCodebookFilesConflict(t *testing.T) {
	dir := t.TempDir()
	base, ours, theirs := filepath.Join(dir, "base"), filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
	writeTestFile(t, base, "version: 1\ncodes:\n  - name: Trust\n    description: a\n")
	writeTestFile(t, ours, "version: 1\ncodes:\n  - name: Trust\n    description: ours\n")
	writeTestFile(t, theirs, "version: 1\ncodes:\n  - name: Trust\n    description: theirs\n")
	conflicts, err := MergeCodebookFiles(base, ours, theirs)
	if err != nil || len(conflicts) != 1 {
		t.Fatalf("MergeCodebookFiles = %+v, %v", conflicts, err)
	}
	got := readFile(t, ours)
	if !strings.Contains(got, "MERGE CONFLICTS") || !strings.Contains(got, "description: ours") {
		t.Errorf("merged:\n%s", got)
	}
}
