//go:build unix

package faults

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/grounded-qda/grounded/bench/gen"
)

// mountOrSkip runs mount with args, skipping the test when that is not
// permitted, and unmounts dir when the test ends.
func mountOrSkip(t *testing.T, dir string, args ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mount needs root")
	}
	if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
		t.Skipf("mount %s is not permitted here: %v %s", strings.Join(args, " "), err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

// readOnly makes the project read-only: by permissions for a normal user,
// by a read-only bind mount for root (who ignores permissions).
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if out, err := exec.Command("chmod", "-R", "a-w", dir).CombinedOutput(); err != nil {
			t.Fatalf("chmod: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chmod", "-R", "u+w", dir).Run() })
		return
	}
	mountOrSkip(t, dir, "--bind", dir, dir)
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
}

// TestReadOnlyProject: on a project that cannot be written, reading
// commands work and changing ones fail with a clear error, changing
// nothing.
func TestReadOnlyProject(t *testing.T) {
	p, trs := newProject(t, 2, 20)
	sl := &slicer{trs: trs}
	p.ok("code", "add", "Trust", sl.next(t))
	p.ok("search", "trust") // the index exists
	extra := filepath.Join(t.TempDir(), "X1.txt")
	os.WriteFile(extra, []byte(gen.Transcript(1, 50, 10)), 0o644)
	readOnly(t, p.Dir)
	before := snapshot(t, p.Dir)
	for _, args := range [][]string{{"codings", "list"}, {"code", "list"}, {"show", "S1"}, {"check"}, {"sources", "list"}, {"memo", "list"}} {
		if r := p.run(args...); r.Code != 0 {
			t.Errorf("grounded %s on a read-only project: %s", strings.Join(args, " "), r)
		}
	}
	// Search opens its up-to-date index read-only, so it works too.
	if r := p.run("search", "trust"); r.Code != 0 || !strings.Contains(r.Stdout, "trust") {
		t.Errorf("search on a read-only project: %s", r)
	}
	for _, args := range [][]string{
		{"code", "add", "Trust", sl.next(t)},
		{"memo", "add", "-m", "read-only"},
		{"category", "add", "Read only"},
		{"ingest", extra},
	} {
		r := p.run(args...)
		msg := strings.ToLower(r.Stderr)
		if r.Code != 1 || !(strings.Contains(msg, "read-only") || strings.Contains(msg, "permission denied")) {
			t.Errorf("grounded %s on a read-only project: want exit 1 saying read-only or permission denied, got %s", strings.Join(args, " "), r)
		}
		t.Logf("%-28s exit %d: %s", strings.Join(args, " "), r.Code, firstLines(r.Stderr, 1))
	}
	if d := diffSnapshots(before, snapshot(t, p.Dir)); d != "" {
		t.Errorf("the read-only project changed: %s", d)
	}
}

// freeBytes returns the bytes available on the file system of dir.
func freeBytes(t *testing.T, dir string) int64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// fill leaves about free bytes available on the file system of dir by
// writing (or resizing) dir/filler.
func fill(t *testing.T, dir string, free int64) {
	filler := filepath.Join(dir, "filler")
	os.Remove(filler)
	avail := freeBytes(t, dir)
	if avail <= free {
		return
	}
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for left := avail - free; left > 0; left -= int64(len(buf)) {
		if _, err := f.Write(buf[:min(int64(len(buf)), left)]); err != nil {
			break // full
		}
	}
}

// TestFullDisk puts a project on a small tmpfs and fills it so that
// commands run out of space at every stage of their writes: each command
// either succeeds or fails with a clear error, and the project stays
// loadable with exactly the codings that were acknowledged.
func TestFullDisk(t *testing.T) {
	mnt := t.TempDir()
	mountOrSkip(t, mnt, "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt)
	tmp := t.TempDir()
	p := &proj{t: t, Dir: filepath.Join(mnt, "project"), Env: baseEnv()}
	p.ok("init", p.Dir)
	tr := writeTranscript(t, tmp, "S1", 11, 1, 40)
	p.ok("ingest", tr.Path)
	p.ok("search", "trust")
	sl := &slicer{trs: []transcript{tr}}
	acked := map[string]bool{}
	big := filepath.Join(tmp, "Big.txt")
	os.WriteFile(big, []byte(gen.Transcript(11, 2, 400)), 0o644) // ~120 KB

	failures, successes, searchFails, committed := 0, 0, 0, 0
	// From no space at all up to 64 KB free, 2 KB at a time (tmpfs counts
	// whole 4 KB pages, so every page boundary is crossed).
	for free := int64(0); free <= 64<<10; free += 2 << 10 {
		fill(t, mnt, free)
		before := snapshot(t, p.Dir)
		var made []codingJSON
		r := p.run("code", "add", "--json", "Trust", sl.next(t), sl.next(t))
		switch {
		case r.Code == 0:
			successes++
			if err := jsonUnmarshal(r.Stdout, &made); err != nil {
				t.Fatalf("code add: %v", err)
			}
			for _, c := range made {
				acked[c.ID] = true
			}
		case r.Code == 1 && strings.Contains(r.Stderr, "no space left"):
			failures++
			if d := diffSnapshots(before, snapshot(t, p.Dir)); d != "" {
				// Not even a journal: the next command would finish the
				// change that this one reported as failed.
				t.Errorf("free %d: a failed code add changed the project: %s\n%s", free, d, r)
			}
		case r.Code == 4 && strings.Contains(r.Stderr, "the change was made"):
			// Failed after its commit point: made, finished by the next
			// command (exit 4, never 1).
			committed += 2
		default:
			t.Errorf("free %d: code add failed without a clear error: %s", free, r)
		}
		// Whatever happened, the project loads, even on a full disk.
		if c := p.run("check"); c.Code != 0 {
			t.Errorf("free %d: check fails after code add (%d): %s", free, r.Code, c)
		}
		ing := p.run("ingest", big)
		if ing.Code != 0 && !strings.Contains(ing.Stderr, "no space left") {
			t.Errorf("free %d: ingest failed without a clear error: %s", free, ing)
		}
		if ing.Code == 0 && strings.Contains(ing.Stdout, "added") {
			// Take it out again, so that the next round has the same room
			// (undo itself may run out of space; then Big stays).
			if u := p.run("undo"); u.Code != 0 && !strings.Contains(u.Stderr, "no space left") {
				t.Errorf("free %d: undo failed without a clear error: %s", free, u)
			}
		}
		if s := p.run("search", "trust"); s.Code != 0 {
			searchFails++
			if !strings.Contains(s.Stderr, "no space left") {
				t.Errorf("free %d: search failed without a clear error: %s", free, s)
			}
		}
	}
	os.Remove(filepath.Join(mnt, "filler"))
	p.requireCheck()
	cs := p.codings()
	for id := range acked {
		if _, ok := cs[id]; !ok {
			t.Errorf("acknowledged coding %s is gone", id)
		}
	}
	if len(cs) != len(acked)+committed {
		t.Errorf("%d codings in the project, %d acknowledged, %d made after a failure past the commit point", len(cs), len(acked), committed)
	}
	t.Logf("full disk: code add failed cleanly %d times and succeeded %d times; %d codings afterwards; search (which updates its index) failed with 'no space left' %d times", failures, successes, len(cs), searchFails)
	if failures == 0 {
		t.Error("the disk never ran out: the test does not test anything")
	}
	p.ok("code", "add", "Trust", sl.next(t))
	p.ok("search", "trust")
}

func jsonUnmarshal(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("%v: %q", err, s)
	}
	return nil
}
