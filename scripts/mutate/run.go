package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// copyModule copies the module at src to dst (emptied first), leaving out
// .git and .grounded directories.
func copyModule(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == ".grounded" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if d.Type()&fs.ModeSymlink != 0 {
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
}

// build writes the rewritten files into the copy and builds the test
// binary, dropping the sites the compiler rejects, up to maxRounds times.
// It returns the number of sites dropped.
func build(pkgDir, bin string, src map[string][]byte, sites []*site, rtImport string, logf func(string, ...any)) (int, error) {
	byFile := map[string][]*site{}
	for _, s := range sites {
		byFile[s.file] = append(byFile[s.file], s)
	}
	dropped := 0
	const maxRounds = 30
	for round := 1; round <= maxRounds; round++ {
		texts := map[string][]byte{}
		spans := map[string][]outSpan{}
		for name, ss := range byFile {
			text, sp := rewriteFile(src[name], ss, rtImport)
			if len(sp) == 0 {
				text = src[name]
			}
			texts[name], spans[name] = text, sp
			if err := os.WriteFile(filepath.Join(pkgDir, name), text, 0o644); err != nil {
				return dropped, err
			}
		}
		cmd := exec.Command("go", "test", "-c", "-vet=off", "-gcflags=-e", "-o", bin, ".")
		cmd.Dir = pkgDir
		out, err := cmd.CombinedOutput()
		if err == nil {
			return dropped, nil
		}
		drop, unknown := attribute(out, texts, spans)
		if len(unknown) > 0 || len(drop) == 0 {
			return dropped, fmt.Errorf("the rewritten package does not compile, and the errors are not at a mutation point:\n%s", out)
		}
		n := 0
		for _, s := range drop {
			if !s.dropped {
				s.dropped = true
				n++
			}
		}
		dropped += n
		logf("build round %d: %d sites do not compile, dropped", round, n)
	}
	return dropped, fmt.Errorf("the rewritten package still does not compile after %d rounds", maxRounds)
}

// listTests returns the top-level tests, fuzz targets (their seeds run as
// tests) and examples of the test binary.
func listTests(bin, dir string) ([]string, error) {
	cmd := exec.Command(bin, "-test.list", ".*")
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s -test.list: %w", bin, err)
	}
	var tests []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(t, "Test") || strings.HasPrefix(t, "Fuzz") || strings.HasPrefix(t, "Example") {
			tests = append(tests, t)
		}
	}
	return tests, nil
}

// cleanEnv is the environment without the tester's own variables.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "GROUNDED_MUTANT") {
			continue
		}
		env = append(env, e)
	}
	return append(env, extra...)
}

// result is the outcome of one run of the test binary.
type result struct {
	exit     int // -1: timed out
	duration time.Duration
	output   []byte
}

// runTests runs the named tests in a fresh process with the given extra
// environment, killing the whole process group after timeout.
func runTests(bin, dir string, tests []string, short bool, timeout time.Duration, env ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"-test.run", "^(" + strings.Join(tests, "|") + ")$", "-test.failfast"}
	if short {
		args = append(args, "-test.short")
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv(env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{exit: 127, output: []byte(err.Error())}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	timedOut := false
	select {
	case err = <-done:
	case <-ctx.Done():
		timedOut = true
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		err = <-done
	}
	r := result{duration: time.Since(start), output: out.Bytes()}
	var ee *exec.ExitError
	switch {
	case timedOut:
		r.exit = -1
	case err == nil:
		r.exit = 0
	case errors.As(err, &ee):
		r.exit = ee.ExitCode()
		if r.exit < 0 {
			r.exit = 128 // killed by a signal
		}
	default:
		r.exit = 127
	}
	return r
}

// coverage runs every test alone in trace mode and returns, for each
// mutant id, the tests that reach it; the time each test took; and the
// tests that fail with no mutant active.
func coverage(bin, dir, tmp string, tests []string, short bool, workers int, baseTimeout time.Duration, logf func(string, ...any)) (map[int][]string, map[string]time.Duration, map[string]string) {
	reach := map[int][]string{}
	took := map[string]time.Duration{}
	failing := map[string]string{}
	var mu sync.Mutex
	parallel(len(tests), workers, func(i int) {
		t := tests[i]
		trace := filepath.Join(tmp, "trace-"+strconv.Itoa(i))
		// Anyone may append: a test may run the binary again as another
		// user (internal/index runs itself as nobody).
		if err := os.WriteFile(trace, nil, 0o666); err == nil {
			os.Chmod(trace, 0o666)
		}
		r := runTests(bin, dir, []string{t}, short, baseTimeout, "GROUNDED_MUTANT_TRACE="+trace)
		b, _ := os.ReadFile(trace)
		os.Remove(trace)
		mu.Lock()
		defer mu.Unlock()
		took[t] = r.duration
		if r.exit != 0 {
			failing[t] = tail(r.output, 20)
			return
		}
		seen := map[int]bool{}
		for _, f := range strings.Fields(string(b)) {
			id, err := strconv.Atoi(f)
			if err == nil && !seen[id] {
				seen[id] = true
				reach[id] = append(reach[id], t)
			}
		}
	})
	for id := range reach {
		sort.Strings(reach[id])
	}
	return reach, took, failing
}

// parallel calls f(0..n-1) on up to workers goroutines.
func parallel(n, workers int, f func(int)) {
	if workers < 1 {
		workers = 1
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func tail(b []byte, lines int) string {
	ls := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}
