//go:build unix

package faults

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestKilledImportInto kills 'import qdpx --into DIR' at each of its
// renames in turn (strace sends SIGKILL as the nth rename begins, so every
// file the import puts in place is a kill point), then runs the same
// import again: the retry must succeed and give exactly the project a clean
// import gives. Issue 17, item 9: a killed import used to leave a
// half-made project in DIR that the retry refused as "a grounded project
// already exists here".
func TestKilledImportInto(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil || !straceCanTrace(strace) {
		t.Skip("strace is missing or cannot trace here")
	}
	p, trs := newProject(t, 3, 20)
	sl := &slicer{trs: trs}
	p.ok("code", "add", "Trust", sl.next(t))
	p.ok("code", "add", "Showing up", sl.next(t))
	p.ok("memo", "add", "--code", "Trust", "-m", "On trust.")
	top := t.TempDir()
	archive := filepath.Join(top, "study.qdpx")
	p.ok("export", "qdpx", archive)

	env := append(baseEnv(), "GROUNDED_NOW=2026-11-27T10:00:00Z") // the same history lines in every import
	outside := &proj{t: t, Env: env}
	clean := filepath.Join(top, "clean")
	outside.ok("import", "qdpx", archive, "--into", clean)
	want := importSnapshot(t, clean)
	// The search index is built in the staging directory, before the
	// rename into place: that rename is the import's last step.
	if _, err := os.Stat(filepath.Join(clean, ".grounded", "index", "manifest.json")); err != nil {
		t.Fatalf("the import left no search index: %v", err)
	}

	for n := 1; ; n++ {
		if n > 200 {
			t.Fatal("the import was still being killed after 200 renames")
		}
		dir := filepath.Join(top, fmt.Sprintf("killed%d", n))
		args := []string{"import", "qdpx", archive, "--into", dir}
		r := runKilledAtRename(t, outside, strace, args, n)
		if r.Code == 0 {
			t.Logf("the import makes %d renames; each was a kill point", n-1)
			break
		}
		if !r.Signaled {
			t.Fatalf("kill at rename %d: want the import killed, got %s", n, r)
		}
		retry := outside.run(args...)
		if retry.Code != 0 {
			t.Fatalf("after a kill at rename %d, the retry failed: %s", n, retry)
		}
		if d := diffSnapshots(want, importSnapshot(t, dir)); d != "" {
			t.Fatalf("after a kill at rename %d and a retry, the project differs from a clean import: %s", n, d)
		}
		leftovers, _ := filepath.Glob(filepath.Join(top, ".*"))
		for _, l := range leftovers {
			if strings.Contains(l, fmt.Sprintf("killed%d", n)) {
				t.Errorf("after the retry, %s is left beside the project", l)
			}
		}
		if r := (&proj{t: t, Dir: dir, Env: env}).run("check"); r.Code != 0 {
			t.Errorf("check of the retried import: %s", r)
		}
	}
}

// runKilledAtRename runs grounded under strace, which sends it SIGKILL when
// it enters its nth rename system call.
func runKilledAtRename(t *testing.T, p *proj, strace string, args []string, n int) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := p.command(ctx, args...)
	calls := "rename,renameat,renameat2"
	cmd.Args = append([]string{strace, "-f", "-qq", "-o", os.DevNull, "-e", "trace=" + calls,
		"-e", fmt.Sprintf("inject=%s:signal=KILL:when=%d", calls, n), cmd.Path}, cmd.Args[1:]...)
	cmd.Path = strace
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := finish(cmd, args, time.Now(), &stdout, &stderr, ctx)
	if r.TimedOut {
		t.Fatalf("hung under strace: %s", r)
	}
	return r
}

// importSnapshot is snapshot with the history entries' ids (random per
// change) blanked, so that two imports of one archive compare equal.
func importSnapshot(t *testing.T, dir string) map[string]string {
	s := snapshot(t, dir)
	for k, v := range s {
		if strings.HasPrefix(k, "history/") {
			s[k] = historyID.ReplaceAllString(v, `{"id":"-",`)
		}
	}
	return s
}

var historyID = regexp.MustCompile(`(?m)^\{"id":"[0-9a-f]+",`)
