package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// options are the command line of the tester.
type options struct {
	pkg        string
	dir        string // where -pkg is relative to (default: the current directory)
	workers    int
	jsonOut    string
	textOut    string
	only       string
	run        string
	equivalent string
	work       string
	short      bool
	minTimeout time.Duration
	factor     float64
	verbose    bool
}

func main() {
	var o options
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.StringVar(&o.pkg, "pkg", "", "the package to test, as a directory relative to the current one (./corpus)")
	fs.IntVar(&o.workers, "workers", 2, "test processes run at once")
	fs.StringVar(&o.jsonOut, "json", "", "write every mutant to this JSON file")
	fs.StringVar(&o.textOut, "text", "", "write the summary to this file too")
	fs.StringVar(&o.only, "only", "", "mutate only these files of the package (comma-separated names)")
	fs.StringVar(&o.run, "run", "", "consider only the tests whose names match this regular expression")
	fs.StringVar(&o.equivalent, "equivalent", "", "the equivalent-mutant list (default: equivalent.txt next to this program's source, if present)")
	fs.StringVar(&o.work, "work", "", "where to copy the module and build, emptied first and kept (default: a new temporary directory, removed at the end)")
	fs.BoolVar(&o.short, "short", true, "run the tests with -test.short")
	fs.DurationVar(&o.minTimeout, "min-timeout", 10*time.Second, "the least time a mutant's tests may take before they count as timed out")
	fs.Float64Var(&o.factor, "timeout-factor", 10, "a mutant's tests may take this many times their traced time")
	fs.BoolVar(&o.verbose, "v", false, "log progress to standard error")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if o.pkg == "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/mutate -pkg ./corpus [-workers 2] [-json FILE] [-text FILE] [-only a.go,b.go]")
		os.Exit(2)
	}
	if err := run(&o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(1)
	}
}

// run runs the tester and prints the summary.
func run(o *options, stdout, stderr io.Writer) error {
	_, err := mutate(o, stdout, stderr)
	return err
}

// mutate is the whole tester: copy, rewrite, build, trace, run, report.
func mutate(o *options, stdout, stderr io.Writer) (*report, error) {
	logf := func(format string, args ...any) {
		if o.verbose {
			fmt.Fprintf(stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
		}
	}
	var runRE *regexp.Regexp
	if o.run != "" {
		var err error
		if runRE, err = regexp.Compile(o.run); err != nil {
			return nil, err
		}
	}
	cwd := o.dir
	if cwd == "" {
		var err error
		if cwd, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	p, exports, err := loadPackage(cwd, o.pkg)
	if err != nil {
		return nil, err
	}
	relPkg, err := filepath.Rel(p.Module.Dir, p.Dir)
	if err != nil {
		return nil, err
	}
	relPkg = filepath.ToSlash(relPkg)
	equiv, err := equivalents(o, p.Module.Dir, relPkg)
	if err != nil {
		return nil, err
	}
	only := map[string]bool{}
	for _, f := range strings.Split(o.only, ",") {
		if f = strings.TrimSpace(f); f != "" {
			only[filepath.Base(f)] = true
		}
	}
	src, sites, err := findSites(p, exports, only)
	if err != nil {
		return nil, err
	}
	var mutants []*mutant
	for _, s := range sites {
		mutants = append(mutants, s.mutants...)
	}
	logf("%s: %d mutants at %d sites", relPkg, len(mutants), len(sites))

	work := o.work
	if work == "" {
		// A fresh directory per run: two runs on one package must not
		// share a copy.
		if work, err = os.MkdirTemp("", "grounded-mutate-"+strings.ReplaceAll(relPkg, "/", "_")+"-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
	}
	pkgDir, err := prepareCopy(p.Module.Dir, filepath.Join(work, "module"), relPkg, len(mutants))
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(work, "pkg.test")
	start := time.Now()
	if _, err := build(pkgDir, bin, src, sites, p.Module.Path+"/internal/mutantrt", logf); err != nil {
		return nil, err
	}
	logf("built in %s", time.Since(start).Round(time.Second))

	tests, err := listTests(bin, pkgDir)
	if err != nil {
		return nil, err
	}
	if runRE != nil {
		tests = slices.DeleteFunc(tests, func(t string) bool { return !runRE.MatchString(t) })
	}
	start = time.Now()
	reach, took, failing := coverage(bin, pkgDir, work, tests, o.short, o.workers, 10*time.Minute, logf)
	logf("traced %d tests in %s", len(tests), time.Since(start).Round(time.Second))

	runMutants(o, bin, pkgDir, mutants, reach, took, equiv, logf)

	rep := newReport(relPkg, mutants, failing, equiv)
	if o.jsonOut != "" {
		if err := rep.writeJSON(o.jsonOut); err != nil {
			return nil, err
		}
	}
	text := rep.text()
	if o.textOut != "" {
		if err := writeAtomic(o.textOut, []byte(text)); err != nil {
			return nil, err
		}
	}
	_, err = io.WriteString(stdout, text)
	return rep, err
}

// equivalents reads -equivalent, or scripts/mutate/equivalent.txt of the
// module if it exists, keeping the entries of package relPkg.
func equivalents(o *options, modDir, relPkg string) (map[string]string, error) {
	path := o.equivalent
	if path == "" {
		path = filepath.Join(modDir, "scripts", "mutate", "equivalent.txt")
		if _, err := os.Stat(path); err != nil {
			path = ""
		}
	}
	return readEquivalents(path, relPkg)
}

// prepareCopy copies the module to modCopy and adds the run-time package
// for n mutants. It returns the package's directory in the copy.
func prepareCopy(modDir, modCopy, relPkg string, n int) (string, error) {
	if err := copyModule(modDir, modCopy); err != nil {
		return "", fmt.Errorf("copying the module: %w", err)
	}
	rtDir := filepath.Join(modCopy, "internal", "mutantrt")
	if err := os.MkdirAll(rtDir, 0o755); err != nil {
		return "", err
	}
	src := runtimeSource + fmt.Sprintf("\n// points is the number of mutants.\nconst points = %d\n", max(n, 1))
	if err := os.WriteFile(filepath.Join(rtDir, "mutantrt.go"), []byte(src), 0o644); err != nil {
		return "", err
	}
	return filepath.Join(modCopy, relPkg), nil
}

// runMutants decides every viable mutant: not covered, or killed, lived
// or timed out by the tests that reach it.
func runMutants(o *options, bin, dir string, mutants []*mutant, reach map[int][]string, took map[string]time.Duration, equiv map[string]string, logf func(string, ...any)) {
	var todo []*mutant
	for _, m := range mutants {
		m.Equiv = equiv[m.key()]
		switch {
		case m.site.dropped:
			m.Status = statusNotViable
		case len(reach[m.ID]) == 0:
			m.Status = statusNotCovered
		default:
			m.Tests = reach[m.ID]
			todo = append(todo, m)
		}
	}
	logf("running %d covered mutants with %d workers", len(todo), o.workers)
	done := 0
	var mu sync.Mutex
	parallel(len(todo), o.workers, func(i int) {
		m := todo[i]
		m.Status = decide(o, bin, dir, m, took)
		mu.Lock()
		done++
		if done%50 == 0 || done == len(todo) {
			logf("%d of %d mutants run", done, len(todo))
		}
		mu.Unlock()
	})
}

// decide runs a mutant's tests, the fast ones (under a second when traced)
// together first, then each slower one alone, shortest first, and stops at
// the first failure: a slow test then only runs for the mutants the fast
// ones miss.
func decide(o *options, bin, dir string, m *mutant, took map[string]time.Duration) string {
	tests := slices.Clone(m.Tests)
	slices.SortStableFunc(tests, func(a, b string) int { return cmp.Compare(took[a], took[b]) })
	var batches [][]string
	for i, t := range tests {
		if took[t] >= time.Second {
			batches = append(batches, tests[:i])
			for _, slow := range tests[i:] {
				batches = append(batches, []string{slow})
			}
			break
		}
		if i == len(tests)-1 {
			batches = append(batches, tests)
		}
	}
	for _, batch := range batches {
		if len(batch) == 0 {
			continue
		}
		var base time.Duration
		for _, t := range batch {
			base += took[t]
		}
		timeout := max(time.Duration(float64(base)*o.factor), o.minTimeout)
		r := runTests(bin, dir, batch, o.short, timeout, fmt.Sprintf("GROUNDED_MUTANT=%d", m.ID))
		m.Seconds += r.duration.Seconds()
		switch {
		case r.exit == -1:
			return statusTimedOut
		case r.exit != 0:
			return statusKilled
		}
	}
	return statusLived
}
