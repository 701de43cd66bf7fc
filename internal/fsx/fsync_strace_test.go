package fsx

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// straceChildEnv names the file the child process of
// TestWriteFileFsyncsTempBeforeRename writes; the test binary re-runs itself
// under strace with it set.
const straceChildEnv = "GROUNDED_FSX_STRACE_CHILD"

// TestStraceChild is not a test on its own: it is the process
// TestWriteFileFsyncsTempBeforeRename traces. It does nothing unless
// straceChildEnv is set.
func TestStraceChild(t *testing.T) {
	path := os.Getenv(straceChildEnv)
	if path == "" {
		t.Skip("helper process of TestWriteFileFsyncsTempBeforeRename")
	}
	if err := WriteFile(path, []byte("new content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFileFsyncsTempBeforeRename traces the system calls of WriteFile
// and checks the order durability needs: the temporary file is opened,
// written, fsynced (fsync or fdatasync on its descriptor, before that
// descriptor is closed), and only then renamed over the target. Without the
// fsync, a crash shortly after the rename can leave an empty or partial
// file under the real name on ext4 and xfs.
//
// Planted bug it catches: the f.Sync() in WriteTemp removed.
// It needs strace (CI installs it); it skips, saying so, when strace is
// missing or not allowed to trace (ptrace forbidden in a container).
func TestWriteFileFsyncsTempBeforeRename(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace not installed (apt-get install strace); the fsync order is not checked")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "codebook.yaml")
	if err := os.WriteFile(target, []byte("old content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	trace := filepath.Join(dir, "trace")
	cmd := exec.Command(strace, "-f", "-o", trace,
		"-e", "trace=open,openat,close,fsync,fdatasync,rename,renameat,renameat2",
		os.Args[0], "-test.run=^TestStraceChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), straceChildEnv+"="+target)
	if out, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(out), "ptrace") || strings.Contains(string(out), "Operation not permitted") {
			t.Skipf("strace cannot trace here: %s", firstLine(out))
		}
		t.Fatalf("traced child failed: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(target); string(got) != "new content\n" {
		t.Fatalf("the child did not write the file: %q", got)
	}
	f, err := os.Open(trace)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	checkFsyncBeforeRename(t, lines, dir, target)
}

var (
	openRe   = regexp.MustCompile(`\bopenat?\((?:AT_FDCWD, )?"([^"]+)".*\) = (\d+)`)
	syncRe   = regexp.MustCompile(`\b(?:fsync|fdatasync)\((\d+)`)
	closeRe  = regexp.MustCompile(`\bclose\((\d+)`)
	renameRe = regexp.MustCompile(`\brenameat2?\((?:AT_FDCWD, )?"([^"]+)", (?:AT_FDCWD, )?"([^"]+)"|\brename\("([^"]+)", "([^"]+)"`)
)

// checkFsyncBeforeRename finds, in strace output lines, the temporary file
// of target, and fails unless it was fsynced on its open descriptor before
// it was renamed onto target.
func checkFsyncBeforeRename(t *testing.T, lines []string, dir, target string) {
	t.Helper()
	tmpFD, tmpName := "", ""
	synced := false
	for i, l := range lines {
		if m := openRe.FindStringSubmatch(l); m != nil && filepath.Dir(m[1]) == dir && IsTemp(filepath.Base(m[1])) {
			tmpName, tmpFD, synced = m[1], m[2], false
			continue
		}
		if tmpFD == "" {
			continue
		}
		if m := syncRe.FindStringSubmatch(l); m != nil && m[1] == tmpFD {
			synced = true
			continue
		}
		if m := closeRe.FindStringSubmatch(l); m != nil && m[1] == tmpFD {
			tmpFD = "closed"
			continue
		}
		if m := renameRe.FindStringSubmatch(l); m != nil {
			from, to := m[1]+m[3], m[2]+m[4]
			if from != tmpName || to != target {
				continue
			}
			if !synced {
				t.Fatalf("line %d: %s renamed onto %s without an fsync of its descriptor while it was open:\n%s", i+1, from, to, strings.Join(lines, "\n"))
			}
			return
		}
	}
	t.Fatalf("no rename of a temporary file onto %s in the trace (temporary file %q):\n%s", target, tmpName, strings.Join(lines, "\n"))
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}
