package codebook

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestMergedErrorFallbackNamesNoSide: when the merged text cannot be
// written (here a node the encoder refuses), mergedError still reports the
// problems as the merged codebook's, without a side's file or lines: the
// items came from both sides, so a side's position would point into the
// wrong file.
func TestMergedErrorFallbackNamesNoSide(t *testing.T) {
	out, err := Decode("ours", []byte(mergeBase))
	if err != nil {
		t.Fatal(err)
	}
	out.Codes[1].Name = "Showing up" // two codes with one name, as a merge can make
	verr := out.Validate()
	if verr == nil || !strings.Contains(verr.Error(), "ours:") {
		t.Fatalf("the side's own error should name it: %v", verr)
	}
	root := out.doc.Content[0]
	root.Content = append(root.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "x"}, &yaml.Node{Kind: yaml.Kind(99)})
	if _, eerr := out.Encode(); eerr == nil {
		t.Fatal("Encode accepted the broken node: pick another way to make it fail")
	}
	msg := (&merger{}).mergedError(out, verr).Error()
	t.Log(msg)
	for _, side := range []string{"ours", "theirs", "base", "line"} {
		if strings.Contains(msg, side) {
			t.Errorf("error names %q: %s", side, msg)
		}
	}
	if !strings.HasPrefix(msg, mergedName+": ") || !strings.Contains(msg, `duplicate code "Showing up"`) {
		t.Errorf("error does not name the merged codebook and the problem: %s", msg)
	}
}

// TestMerge3ValidMergedErrorsNameMergedText: the errors of a merge that
// cannot be made name the merged text with its lines, for each way the
// merge can fail after combining (a duplicate name, a reference that would
// name another item).
func TestMerge3ValidMergedErrorsNameMergedText(t *testing.T) {
	ours := strings.Replace(mergeBase, "name: Showing up # reliability", "name: Paperwork", 1)
	theirs := mergeBase + "  - {from: Building Trust, to: Showing up, as: action}\n"
	_, _, err := Merge3([]byte(mergeBase), []byte(ours), []byte(theirs))
	if err == nil {
		t.Fatal("merge accepted")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, mergedName+":16:5: ") {
		t.Errorf("error %q, want it at the relation's line in the merged text", msg)
	}
}
