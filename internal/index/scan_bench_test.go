package index

import (
	"os"
	"testing"

	"github.com/grounded-qda/grounded/internal/project"
)

// BenchmarkScanSources stamps the sources of the project BENCH_PROJECT
// names (one that bench/run.sh made, with 1,000 transcripts): the
// freshness check of every search.
func BenchmarkScanSources(b *testing.B) {
	dir := os.Getenv("BENCH_PROJECT")
	if dir == "" {
		b.Skip("set BENCH_PROJECT to a project made by bench/run.sh")
	}
	p, err := project.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := scanSources(p); err != nil {
			b.Fatal(err)
		}
	}
}
