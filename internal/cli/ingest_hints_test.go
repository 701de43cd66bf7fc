package cli

import (
	"strings"
	"testing"
)

// TestLargeIngestNotice: below largeIngest nothing is said; from it on,
// the notice gives the files, their size and the memory to expect.
func TestLargeIngestNotice(t *testing.T) {
	if n := largeIngestNotice(999, largeIngest-1); n != "" {
		t.Errorf("below the threshold: %q", n)
	}
	n := largeIngestNotice(10000, 547<<20)
	for _, want := range []string{"10000 files", "547 MB", "about 3.5 GB", "batches"} {
		if !strings.Contains(n, want) {
			t.Errorf("notice %q lacks %q", n, want)
		}
	}
	if largeIngestNotice(1, largeIngest) == "" {
		t.Error("nothing said at the threshold")
	}
}
