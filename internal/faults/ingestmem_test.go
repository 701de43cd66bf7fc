//go:build unix

package faults

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/bench/gen"
)

// The bounds of TestIngestMemoryBounded (peak resident set size of one
// ingest process, in MB). They are bounds by design, not measurements
// (docs/bench/mem.md has those): an ingest holds a bounded window of
// files read and parsed ahead and of contents being written to their
// temporary files, and per file only what it says about it.
const (
	// ingestRSSMB bounds an ingest of many small files, whatever their
	// number (measured: 38-45 MB at 1,000 and 2,000 files of 60 turns;
	// before, one ingest held every file until its commit: 120 and 200).
	ingestRSSMB = 90
	// ingestGrowthMB bounds how much more an ingest of twice the files
	// may take: what it keeps about each file (its plan, its journal
	// entry, its output row), about 8 KB a file alive, which the default
	// collector lets grow to twice that before it collects (measured: 16
	// MB more for 1,000 more files; before, one ingest held every file
	// until its commit: 80 MB more).
	ingestGrowthMB = 25
	// ingestBulkRSSMB bounds the same ingest run as a user runs it, with
	// the collector of a bulk command (internal/cli/gc.go: it collects at
	// 160 MB of heap while little survives). The two bounds above are
	// measured with the default collector (GOGC=100), which collects at
	// twice what survived, so that they show what an ingest holds.
	ingestBulkRSSMB = 230
)

// TestIngestMemoryBounded ingests 1,000 and then 2,000 generated
// transcripts (60 turns, about 16 KB each) into new projects, each as one
// command with the default collector, and bounds the peak memory of each:
// both under ingestRSSMB, and the second no more than ingestGrowthMB above
// the first; then 2,000 again as a user runs it, under ingestBulkRSSMB. Memory must
// not grow with the number of files. The search index, which ingest
// builds afterwards, is kept from being built (a file stands where its
// directory would be; ingest then says that the index could not be
// updated): its memory is the index's own, bounded by its own tests.
func TestIngestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 3,000 transcripts")
	}
	in := t.TempDir()
	var paths []string
	for i := 1; i <= 2000; i++ {
		path := filepath.Join(in, gen.ID(i)+".txt")
		if err := os.WriteFile(path, []byte(gen.Transcript(11, i, 60)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	peak := map[int]int64{}
	for _, n := range []int{1000, 2000, -2000} { // -2000: as a user runs it
		env, limit, gc := append(baseEnv(), "GOGC=100"), int64(ingestRSSMB), "GOGC=100"
		if n < 0 {
			n, env, limit, gc = -n, baseEnv(), ingestBulkRSSMB, "bulk collector"
		}
		p := &proj{t: t, Dir: filepath.Join(t.TempDir(), "project"), Env: env}
		p.ok("init", p.Dir)
		if err := os.MkdirAll(filepath.Join(p.Dir, ".grounded"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.Dir, ".grounded", "index"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		resetPeakRSS(t)
		r := p.run(append([]string{"ingest"}, paths[:n]...)...)
		if r.Code != 0 {
			t.Fatalf("ingest of %d files: %s", n, firstLines(r.String(), 5))
		}
		if !strings.Contains(r.Stderr, "the search index could not be updated") {
			t.Fatalf("ingest of %d files built the index, or said nothing of it: %s", n, firstLines(r.Stderr, 3))
		}
		if got := strings.Count("\n"+r.Stdout, "\nadded "); got != n {
			t.Fatalf("ingest of %d files added %d", n, got)
		}
		if limit == ingestRSSMB {
			peak[n] = r.MaxRSSKB
		}
		t.Logf("ingest of %d files (%s): %s, peak RSS %s", n, gc, r.Dur.Round(1e6), peakRSS(r.MaxRSSKB))
		if r.MaxRSSKB > limit<<10 {
			t.Errorf("ingest of %d files (%s): peak RSS %s, more than %d MB", n, gc, peakRSS(r.MaxRSSKB), limit)
		}
	}
	if grew := peak[2000] - peak[1000]; grew > ingestGrowthMB<<10 {
		t.Errorf("twice the files took %s more memory (%s and %s), more than %d MB: memory grows with the number of files",
			peakRSS(grew), peakRSS(peak[1000]), peakRSS(peak[2000]), ingestGrowthMB)
	}
}
