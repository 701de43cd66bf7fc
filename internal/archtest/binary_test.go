package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// testOnly lists libraries that grounded's tests use but the binary must
// not link: each one's package initialisers would run on every command,
// and its code would ship to every user for nothing.
var testOnly = []struct {
	Pattern string
	Why     string
}{
	{"github.com/xuri/excelize/...", "excelize reads workbooks back in tests; internal/export/xlsx writes them (its init cost ~5 ms per command)"},
	{"github.com/chromedp/...", "the browser tests drive Chromium; the binary never does"},
	{"github.com/rogpeppe/go-internal/...", "testscript runs the CLI scripts in tests"},
}

// TestBinaryLeavesOutTestLibraries fails when cmd/grounded depends,
// directly or not, on a library of testOnly.
func TestBinaryLeavesOutTestLibraries(t *testing.T) {
	touchSources(t)
	out, err := exec.Command("go", "list", "-deps", mod+"cmd/grounded").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Skipf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps cmd/grounded listed %d packages: the check would check nothing", len(deps))
	}
	for _, lib := range testOnly {
		for _, d := range deps {
			if match(lib.Pattern, d) {
				t.Errorf("cmd/grounded depends on %s: %s", d, lib.Why)
			}
		}
	}
}
