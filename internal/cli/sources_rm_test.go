package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesRmAsks: without --yes, on a terminal (the Ask hook), sources
// rm lists what will go and removes only when the answer is yes.
func TestSourcesRmAsks(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"GROUNDED_CODER": "alice", "GROUNDED_PROJECT": filepath.Join(dir, "p")}
	t.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00Z")
	io, _, _, _ := TestIO()
	f := &Factory{IO: io, Getenv: func(k string) string { return env[k] }, Getwd: func() (string, error) { return dir, nil }}
	if code := Run(f, []string{"init", filepath.Join(dir, "p")}); code != 0 {
		t.Fatalf("init: exit %d", code)
	}
	tr := filepath.Join(dir, "P01.txt")
	if err := os.WriteFile(tr, []byte("Interviewer: Where?\n\nSam: Here.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := Run(f, []string{"ingest", tr}); code != 0 {
		t.Fatalf("ingest: exit %d", code)
	}
	for _, answer := range []bool{false, true} {
		io, _, out, errOut := TestIO()
		f := &Factory{IO: io, Getenv: func(k string) string { return env[k] }, Getwd: func() (string, error) { return dir, nil }}
		var asked string
		cmd := NewCmdSourcesRm(f, func(o *SourcesRmOptions) error {
			o.Ask = func(q string) (bool, error) { asked = q; return answer, nil }
			return sourcesRmRun(o)
		})
		cmd.SetArgs([]string{"P01"})
		if err := cmd.Execute(); err != nil {
			t.Fatalf("answer %v: %v", answer, err)
		}
		if asked == "" || !strings.Contains(errOut.String(), "These will be removed:\n  sources: P01\n") {
			t.Errorf("answer %v: asked %q, stderr %q", answer, asked, errOut)
		}
		_, err := os.Stat(filepath.Join(dir, "p", "sources", "P01", "source.yaml"))
		if gone := os.IsNotExist(err); gone != answer {
			t.Errorf("answer %v: source.yaml stat: %v (stdout %q)", answer, err, out)
		}
	}
}
