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
