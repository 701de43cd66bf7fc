package archtest

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const mod = "github.com/grounded-qda/grounded/"

// rule forbids the packages matching From (a path relative to the module,
// or a prefix ending in "/...") to depend, directly or not, on any package
// matching one of Not.
type rule struct {
	From string
	Not  []string
	Why  string
}

var (
	frontEnds = []string{"internal/cli/...", "internal/serve/..."}
	cliLibs   = []string{"github.com/spf13/cobra", "golang.org/x/term"}
	search    = []string{"github.com/blevesearch/..."}
	upper     = []string{"internal/ops/...", "internal/index/...", "internal/export/...", "internal/analysis/...", "internal/project/..."}
)

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// rules is the import rule of docs/architecture.md.
var rules = []rule{
	{"internal/errs", []string{"..."}, "the typed errors are a leaf: every layer may return them"},
	{"corpus/...", concat(frontEnds, cliLibs, search, upper, []string{"codebook/...", "coding/..."}), "corpus is the bottom of the domain"},
	{"codebook/...", concat(frontEnds, cliLibs, search, upper, []string{"coding/..."}), "the codebook is domain: no store, no front end"},
	{"coding/...", concat(frontEnds, cliLibs, search, upper), "coding and its operations work over a Store interface, not the store"},
	{"internal/project/...", concat(frontEnds, cliLibs, search, []string{"internal/ops/...", "internal/index/...", "internal/export/...", "internal/analysis/..."}), "the store knows the domain and the file system only"},
	{"internal/analysis/...", concat(frontEnds, cliLibs, search, []string{"internal/ops/...", "internal/index/...", "internal/export/...", "internal/project/..."}), "analysis is pure functions over domain values"},
	{"internal/index/...", concat(frontEnds, cliLibs, []string{"internal/ops/...", "internal/export/..."}), "the index serves operations and front ends"},
	{"internal/export/...", concat(frontEnds, cliLibs, search, []string{"internal/ops/..."}), "renderers do not call operations or front ends"},
	{"internal/ops/...", concat(frontEnds, cliLibs), "operations are shared by every front end"},
	{"internal/serve/...", []string{"internal/cli/...", "github.com/spf13/cobra"}, "front ends do not import each other"},
}

// match reports whether path (a full import path) matches pattern, a
// module-relative path, a full path, or either with a "/..." suffix;
// "..." alone matches every package of the module.
func match(pattern, path string) bool {
	if pattern == "..." {
		return strings.HasPrefix(path, mod)
	}
	if first, _, _ := strings.Cut(pattern, "/"); !strings.Contains(first, ".") {
		pattern = mod + pattern
	}
	if p, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == p || strings.HasPrefix(path, p+"/")
	}
	return path == pattern
}

// touchSources stats every Go file of the module, so that go test's result
// cache (which sees the files a test opens, not those go list reads) runs
// the test again when an import changes.
func touchSources(t *testing.T) {
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		t.Skipf("go list -m: %v", err)
	}
	_ = filepath.WalkDir(strings.TrimSpace(string(root)), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			_, _ = os.ReadFile(path)
		}
		return nil
	})
}

func TestImportRule(t *testing.T) {
	touchSources(t)
	out, err := exec.Command("go", "list", "-deps=false", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", mod+"...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Skipf("go list: %v", err)
	}
	checked := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		pkg, deps := f[0], f[1:]
		for _, r := range rules {
			if !match(r.From, pkg) {
				continue
			}
			checked[r.From]++
			for _, d := range deps {
				for _, not := range r.Not {
					if match(not, d) && d != pkg {
						t.Errorf("%s depends on %s: %s", strings.TrimPrefix(pkg, mod), strings.TrimPrefix(d, mod), r.Why)
					}
				}
			}
		}
		// Only commands (cmd/...) may build on the CLI.
		if !match("cmd/...", pkg) && !match("internal/cli/...", pkg) {
			for _, d := range deps {
				if match("internal/cli/...", d) {
					t.Errorf("%s depends on internal/cli: only cmd/grounded may", strings.TrimPrefix(pkg, mod))
				}
			}
		}
	}
	for _, want := range []string{"corpus/...", "codebook/...", "coding/...", "internal/project/...", "internal/analysis/..."} {
		if checked[want] == 0 {
			t.Errorf("no package matched %s: the rule checks nothing (was it moved?)", want)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"corpus/...", mod + "corpus", true},
		{"corpus/...", mod + "corpus/x", true},
		{"corpus/...", mod + "corpusx", false},
		{"internal/errs", mod + "internal/errs", true},
		{"github.com/spf13/cobra", "github.com/spf13/cobra", true},
		{"github.com/blevesearch/...", "github.com/blevesearch/bleve/v2", true},
		{"...", mod + "coding", true},
		{"...", "fmt", false},
	} {
		if got := match(tc.pattern, tc.path); got != tc.want {
			t.Errorf("match(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}
