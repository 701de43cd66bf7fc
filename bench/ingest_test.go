package bench

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkIngest ingests every .txt file of BENCH_CORPUS (a directory of
// transcripts, such as run.sh's corpus/transcripts or a part of it) into
// a new project, in process, and so indexes them: for profiles of ingest
// and of the full build of the index (docs/bench/ingest.md).
//
//	BENCH_CORPUS=/tmp/c200 go test ./bench -run '^$' -bench Ingest \
//	    -benchtime 1x -cpuprofile cpu.out
func BenchmarkIngest(b *testing.B) {
	src := os.Getenv("BENCH_CORPUS")
	if src == "" {
		b.Skip("set BENCH_CORPUS to a directory of transcripts (.txt)")
	}
	files, err := filepath.Glob(filepath.Join(src, "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no .txt file in %s (%v)", src, err)
	}
	for b.Loop() {
		p := filepath.Join(b.TempDir(), "p")
		run(b, "init", p)
		run(b, append([]string{"-C", p, "ingest"}, files...)...)
	}
}
