//go:build unix

package faults

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoNetwork runs the whole demo (ingest, search, coding, exports,
// reports) and a REFI-QDA export and import under strace, and fails if the
// process opens any network socket. Transcripts are health-research data:
// grounded must never touch the network. (The binary links net/http because
// bleve imports it, and the workbench serves it; this checks that nothing uses it.)
func TestNoNetwork(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace is not on PATH; install strace to run this test (CI does)")
	}
	dir := t.TempDir()
	trace := filepath.Join(dir, "trace")
	script := strings.Join([]string{
		bin + " demo --quiet --dir " + filepath.Join(dir, "d"),
		bin + " -C " + filepath.Join(dir, "d", "project") + " export qdpx " + filepath.Join(dir, "x.qdpx"),
		bin + " import qdpx " + filepath.Join(dir, "x.qdpx") + " --into " + filepath.Join(dir, "imported"),
		bin + " -C " + filepath.Join(dir, "imported") + " export matrix --format xlsx -o " + filepath.Join(dir, "m.xlsx"),
	}, " && ")
	cmd := exec.Command(strace, "-f", "-qq", "-e", "trace=socket,connect,sendto,bind", "-o", trace, "sh", "-c", script)
	cmd.Env = baseEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(out), "ptrace") || strings.Contains(string(out), "Operation not permitted") {
			t.Skipf("strace cannot trace here: %s", out)
		}
		t.Fatalf("%v\n%s", err, out)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	// Unix sockets (e.g. to a local resolver cache) would still be no
	// network, but grounded opens none at all; any inet socket fails.
	inet := regexp.MustCompile(`socket\(AF_INET6?|connect\(.*AF_INET|sendto\(.*AF_INET|bind\(.*AF_INET`)
	for _, line := range strings.Split(string(data), "\n") {
		if inet.MatchString(line) {
			t.Errorf("network system call: %s", line)
		}
	}
}
