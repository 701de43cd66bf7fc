package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
)

// dirHint is the error for a directory given to ingest: it names the
// pattern of the transcripts inside it, with the extension (of those
// corpus reads) that most of its files have, or lists the extensions
// when it holds none.
func dirHint(dir string) error {
	counts := map[string]int{}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.Type().IsRegular() {
				counts[strings.ToLower(filepath.Ext(e.Name()))]++
			}
		}
	}
	best, n, total := "", 0, 0
	var held []string
	for _, ext := range corpus.Formats() { // the registry's order: ties go to the first
		c := counts[ext]
		if c == 0 {
			continue
		}
		held = append(held, fmt.Sprintf("%d %s", c, ext))
		total += c
		if c > n {
			best, n = ext, c
		}
	}
	if best == "" {
		return fmt.Errorf("%s is a directory, with no transcript files in it (%s); give the transcript files", dir, strings.Join(corpus.Formats(), " "))
	}
	files := "files"
	if total == 1 {
		files = "file"
	}
	return fmt.Errorf("%s is a directory; give the transcript files in it, e.g. %s (it holds %s %s)", dir, filepath.Join(dir, "*"+best), strings.Join(held, ", "), files)
}

// largeIngest is the size of the files of one ingest from which it says
// how much memory it will take: one ingest is one change, which holds
// every file it was given, parsed and planned, until it is written.
const largeIngest = 128 << 20

// ingestMemoryFactor is the peak memory of an ingest per byte of its
// files, as measured (docs/benchmarks.md: 3.46 GB for 547 MB, 322 MB
// for 53 MB).
const ingestMemoryFactor = 6.5

// largeIngestNotice is what ingest says before it starts on n files of
// total bytes, or "" when they are fewer than largeIngest bytes.
func largeIngestNotice(n int, total int64) string {
	if total < largeIngest {
		return ""
	}
	return fmt.Sprintf("ingesting %d files (%d MB) as one change, which holds them all in memory until it is written: about %.1f GB; "+
		"if that is more than this computer has free, ingest them in batches of a few hundred files (each batch is one change, undone on its own)",
		n, total>>20, float64(total)*ingestMemoryFactor/(1<<30))
}
