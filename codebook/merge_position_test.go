package codebook

import (
	"strings"
	"testing"
)

// TestMerge3InvalidResultPositions: when the two sides cannot be combined
// into a valid codebook (here ours renames a code to the name of a code
// theirs adds), the error must not name one side's file with a line of the
// other side's. It names the merged text, whose lines it gives.
func TestMerge3InvalidResultPositions(t *testing.T) {
	ours := strings.Replace(mergeBase, "  - name: Filling forms\n", "  - name: Waiting lists\n", 1)
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists # theirs' new code\n    category: Paperwork\n    description: Months on a list.\nrelations:", 1)
	_, _, err := Merge3([]byte(mergeBase), []byte(ours), []byte(theirs))
	if err == nil {
		t.Fatal("the sides combined: pick another case that makes the merged codebook invalid")
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, "ours:") || strings.Contains(msg, "theirs:") {
		t.Errorf("error names a side's file: %s", msg)
	}
	if !strings.Contains(msg, "merged codebook") || !strings.Contains(msg, "Waiting lists") {
		t.Errorf("error does not say it is the merged codebook, or which code: %s", msg)
	}
}
