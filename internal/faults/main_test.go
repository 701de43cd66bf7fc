//go:build unix

package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/bench/gen"
	"github.com/grounded-qda/grounded/corpus"
)

var (
	iterationsFlag = flag.Int("faults.iterations", 0, "number of kills in the crash test (default 40; 400 with -faults.long or GROUNDED_STRESS=1)")
	longFlag       = flag.Bool("faults.long", false, "run the long variants: hundreds of kills, a 50 MB transcript, more concurrent processes (also GROUNDED_STRESS=1)")
)

// long reports whether the long variants run.
func long() bool { return *longFlag || os.Getenv("GROUNDED_STRESS") == "1" }

// iterations returns -faults.iterations, or short or long by default.
func iterations(short, longN int) int {
	if *iterationsFlag > 0 {
		return *iterationsFlag
	}
	if long() {
		return longN
	}
	return short
}

// bin is the grounded binary built by TestMain.
var bin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "grounded-faults-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "grounded")
	goTool, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults: the go command is not on PATH:", err)
		os.Exit(1)
	}
	build := exec.Command(goTool, "build", "-o", bin, "github.com/grounded-qda/grounded/cmd/grounded")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "faults: building grounded:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	statSources()
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// statSources stats every Go source file of the module. The tests run a
// binary built from those files, which 'go test' does not know about; the
// files a test looks at are part of its cache key, so this makes a change
// anywhere in grounded run the tests again instead of reusing a cached
// result.
func statSources() {
	root, err := filepath.Abs(".")
	if err != nil {
		return
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return
		}
		root = parent
	}
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum") {
			_, _ = os.Stat(path)
		}
		return nil
	})
}

// cmdTimeout bounds every process a test starts: a hung command fails the
// test instead of hanging it.
const cmdTimeout = 2 * time.Minute

// baseEnv is the environment of the processes: the test's own, without
// GROUNDED_* variables, with a fixed coder, no colour and a long lock wait.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GROUNDED_") && !strings.HasPrefix(kv, "NO_COLOR=") {
			env = append(env, kv)
		}
	}
	return append(env, "GROUNDED_CODER=tester", "NO_COLOR=1", "GROUNDED_LOCK_TIMEOUT=60s")
}

// result is what a finished process did.
type result struct {
	Args     []string
	Code     int // exit code; -1 when killed by a signal
	Signaled bool
	TimedOut bool
	Stdout   string
	Stderr   string
	Dur      time.Duration
	MaxRSSKB int64 // peak resident set size of the process
}

func (r result) String() string {
	return fmt.Sprintf("grounded %s: exit %d after %s\nstdout: %s\nstderr: %s", strings.Join(r.Args, " "), r.Code, r.Dur.Round(time.Millisecond), r.Stdout, r.Stderr)
}

// proj is a project directory under test.
type proj struct {
	t   testing.TB
	Dir string
	Env []string
}

// command returns the command for grounded -C DIR args... (no -C when Dir
// is empty).
func (p *proj) command(ctx context.Context, args ...string) *exec.Cmd {
	full := args
	if p.Dir != "" {
		full = append([]string{"-C", p.Dir}, args...)
	}
	cmd := exec.CommandContext(ctx, bin, full...)
	cmd.Env = p.Env
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// finish waits for a started command and describes what it did.
func finish(cmd *exec.Cmd, args []string, start time.Time, stdout, stderr *bytes.Buffer, ctx context.Context) result {
	err := cmd.Wait()
	r := result{Args: args, Dur: time.Since(start), Stdout: stdout.String(), Stderr: stderr.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.Code = ps.ExitCode()
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Signaled = true
		}
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.MaxRSSKB = ru.Maxrss
		}
	} else if err != nil {
		r.Code = -1
		r.Stderr += "\n(start: " + err.Error() + ")"
	}
	if ctx != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		r.TimedOut = true
	}
	return r
}

// run runs grounded with args and waits for it (at most cmdTimeout).
func (p *proj) run(args ...string) result {
	return p.runIn(nil, args...)
}

// runIn runs grounded with stdin.
func (p *proj) runIn(stdin []byte, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := p.command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start grounded: %v", err)
	}
	r := finish(cmd, args, start, &stdout, &stderr, ctx)
	if r.TimedOut {
		p.t.Errorf("hung: %s", r)
	}
	return r
}

// ok runs grounded and fails the test unless it exits 0; it returns stdout.
func (p *proj) ok(args ...string) string {
	p.t.Helper()
	r := p.run(args...)
	if r.Code != 0 {
		p.t.Fatalf("%s", r)
	}
	return r.Stdout
}

// okJSON runs grounded and decodes its standard output into v.
func (p *proj) okJSON(v any, args ...string) {
	p.t.Helper()
	out := p.ok(args...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		p.t.Fatalf("grounded %s: bad JSON (%v):\n%s", strings.Join(args, " "), err, out)
	}
}

// codingJSON is a coding as 'codings list --json' prints it.
type codingJSON struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Source string `json:"source"`
	Turn   int    `json:"turn"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Quote  string `json:"quote"`
	Coder  string `json:"coder"`
}

// codings returns the project's codings by id.
func (p *proj) codings() map[string]codingJSON {
	p.t.Helper()
	var cs []codingJSON
	p.okJSON(&cs, "codings", "list", "--json")
	out := map[string]codingJSON{}
	for _, c := range cs {
		if _, dup := out[c.ID]; dup {
			p.t.Errorf("coding id %s listed twice", c.ID)
		}
		out[c.ID] = c
	}
	return out
}

// memoBodies returns the bodies of the project's memos.
func (p *proj) memoBodies() map[string]bool {
	p.t.Helper()
	var ms []struct {
		ID   string `json:"id"`
		Body string `json:"body"`
	}
	p.okJSON(&ms, "memo", "list", "--json")
	out := map[string]bool{}
	for _, m := range ms {
		out[m.Body] = true
	}
	return out
}

// sourceIDs returns the ids of the project's sources.
func (p *proj) sourceIDs() map[string]bool {
	p.t.Helper()
	var ss []struct {
		ID string `json:"id"`
	}
	p.okJSON(&ss, "sources", "list", "--json")
	out := map[string]bool{}
	for _, s := range ss {
		out[s.ID] = true
	}
	return out
}

// snapshot returns the content of every file of the project except the
// search index and the lock, by project-relative path.
func snapshot(t testing.TB, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".grounded" {
			return filepath.SkipDir
		}
		if d.IsDir() || d.Name() == ".grounded-lock" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// diffSnapshots describes how two snapshots differ ("" when equal).
func diffSnapshots(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		w, ok := b[k]
		switch {
		case !ok:
			d = append(d, "removed "+k)
		case v != w:
			d = append(d, "changed "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "added "+k)
		}
	}
	return strings.Join(d, ", ")
}

// transcript is a generated transcript written to a file, with its turns
// as ingest will read them.
type transcript struct {
	ID    string
	Path  string
	Turns []corpus.Turn
}

// writeTranscript writes generated transcript i with n turns as dir/ID.txt.
func writeTranscript(t testing.TB, dir, id string, seed uint64, i, n int) transcript {
	t.Helper()
	text := gen.Transcript(seed, i, n)
	path := filepath.Join(dir, id+".txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := corpus.Parse(path, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return transcript{ID: id, Path: path, Turns: tr.Turns}
}

// newProject creates a project in a temporary directory and ingests
// sources generated transcripts of turns turns each (S1, S2 ...).
func newProject(t testing.TB, sources, turns int) (*proj, []transcript) {
	t.Helper()
	tmp := t.TempDir()
	p := &proj{t: t, Dir: filepath.Join(tmp, "project"), Env: baseEnv()}
	p.ok("init", p.Dir)
	in := filepath.Join(tmp, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	var trs []transcript
	args := []string{"ingest"}
	for i := 1; i <= sources; i++ {
		tr := writeTranscript(t, in, fmt.Sprintf("S%d", i), 42, i, turns)
		trs = append(trs, tr)
		args = append(args, tr.Path)
	}
	if sources > 0 {
		p.ok(args...)
	}
	return p, trs
}

// requireCheck runs 'grounded check' and fails the test unless it passes.
func (p *proj) requireCheck() {
	p.t.Helper()
	if r := p.run("check"); r.Code != 0 {
		p.t.Fatalf("check failed: %s", r)
	}
}

// slicer hands out distinct spans of five code points in the turns of
// some transcripts, so that codings never repeat a span.
type slicer struct {
	trs       []transcript
	src, turn int
	pos       int
}

func (s *slicer) next(t testing.TB) (ref string) {
	for s.src < len(s.trs) {
		turns := s.trs[s.src].Turns
		for s.turn < len(turns) {
			if s.pos+5 <= turns[s.turn].Len() {
				ref = fmt.Sprintf("%s#%d:%d-%d", s.trs[s.src].ID, turns[s.turn].N, s.pos, s.pos+5)
				s.pos += 7
				return ref
			}
			s.turn++
			s.pos = 0
		}
		s.src++
		s.turn = 0
	}
	t.Fatal("slicer: out of spans; use more or longer transcripts")
	return ""
}
