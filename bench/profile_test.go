// Package bench holds the study-scale benchmark (run.sh, docs/benchmarks.md)
// and, in this file, in-process benchmarks of whole grounded commands for
// profiling. They run only when BENCH_PROJECT names a project (such as one
// that run.sh made):
//
//	BENCH_PROJECT=/tmp/grounded-bench.X/p1000 go test ./bench -run '^$' \
//	    -bench 'Command/search' -cpuprofile cpu.out
//	go tool pprof -top cpu.out
//
// The commands run exactly as on the command line (cli.Run), minus process
// start; a command that changes the project (code add) codes a new span
// each time.
package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/cli"
)

func run(b *testing.B, args ...string) {
	io, _, _, stderr := cli.TestIO()
	f := &cli.Factory{IO: io, Getenv: os.Getenv, Getwd: os.Getwd, Version: "bench"}
	if code := cli.Run(f, args); code != 0 {
		b.Fatalf("grounded %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
}

func BenchmarkCommand(b *testing.B) {
	dir := os.Getenv("BENCH_PROJECT")
	if dir == "" {
		b.Skip("set BENCH_PROJECT to a project made by bench/run.sh")
	}
	if os.Getenv("GROUNDED_CODER") == "" {
		os.Setenv("GROUNDED_CODER", "alice") // a coder of the generated codings
	}
	for _, args := range [][]string{
		{"search", "trust"},
		{"search", "naloxone"},
		{"search", `"warm handoff"`},
		{"search", "+relapse -detox"},
		{"search", "trust", "--speaker", "Interviewer"},
		{"search", "trust", "--attr", "setting=Shelter"},
		{"search", "trust", "--role", "participant"},
		{"search", "trust", "--role", "participant", "--attr", "setting=Shelter"},
		{"sources", "list"},
		{"code", "add", "Bench", "P0002#%d:0-5"},
		{"codings", "list", "--json"},
		{"codings", "list"},
		{"report", "frequencies"},
		{"export", "hierarchy", "--format", "json"},
		{"check"},
		{"agreement"},
		{"agreement", "--unit", "span"},
	} {
		b.Run(strings.Join(args, " "), func(b *testing.B) {
			run(b, append([]string{"-C", dir}, fill(args, 0)...)...) // warm: the index is up to date
			i := 1
			for b.Loop() {
				i++
				run(b, append([]string{"-C", dir}, fill(args, i)...)...)
			}
		})
	}
}

// fill puts n into the arguments that have a %d.
func fill(args []string, n int) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.Contains(a, "%d") {
			a = fmt.Sprintf(a, n%190+1)
		}
		out[i] = a
	}
	return out
}
