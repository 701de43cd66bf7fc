package codebook

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run 'go test ./codebook -update' to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is intended)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// itemsJSON renders the items of a codebook (not its YAML layout) so that
// two codebooks can be compared by content.
func itemsJSON(t *testing.T, cb *Codebook) string {
	t.Helper()
	b, err := json.MarshalIndent(map[string]any{
		"version": cb.Version, "core": cb.Core, "categories": cb.Categories,
		"codes": cb.Codes, "relations": cb.Relations,
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readHandwritten(t *testing.T) (*Codebook, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "handwritten.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := Decode("handwritten.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return cb, data
}

// TestEncodeUnchanged: a decoded codebook that was not edited is written
// back byte for byte when it is in the encoder's own style.
func TestEncodeUnchanged(t *testing.T) {
	cb, _ := readHandwritten(t)
	out, err := cb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	// The hand-written file uses blank lines between sections, which YAML
	// does not keep; everything else (comments, key order, flow style) is.
	golden(t, "handwritten.unchanged.yaml", out)
	for _, keep := range []string{
		"# Codebook of the PSW study, kept by hand.",
		"# The core category comes first.",
		"name: Creating Connection # the selective code",
		"stages: [Building Trust, Bridging to Services]",
		"# Stage 3",
		"- name: Self-disclosure # provisional for now",
		"category: Building Trust # reliability",
		"# Filed under paperwork; may move.",
		"- {from: Building Trust, to: Bridging to Services, as: condition} # the key link",
	} {
		if !strings.Contains(string(out), keep) {
			t.Errorf("lost %q", keep)
		}
	}
	// Key order inside items is the researcher's, not the struct's.
	if i, j := strings.Index(string(out), "when_to_use: First contacts."), strings.Index(string(out), "description: The PSW earns trust."); i < 0 || j < 0 || i > j {
		t.Errorf("key order of Building Trust changed:\n%s", out)
	}
}

// TestEncodeAfterEdits applies the edits a researcher makes through the CLI
// and checks that the file keeps its comments and order: only what changed
// is rewritten.
func TestEncodeAfterEdits(t *testing.T) {
	cb, _ := readHandwritten(t)
	if _, err := cb.AddCode("Warm handoff", "Bridging to Services"); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.RenameCode("showing UP", "Showing up consistently"); err != nil {
		t.Fatal(err)
	}
	cb.Code("Sharing lived experience").Description = "Telling one's own story of recovery."
	if err := cb.RemoveCategory("Paperwork"); err != nil {
		t.Fatal(err)
	}
	out, err := cb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "handwritten.edited.yaml", out)

	s := string(out)
	for _, keep := range []string{
		"# Codebook of the PSW study, kept by hand.",
		"name: Creating Connection # the selective code",
		"# Stage 1",
		"- name: Showing up consistently",
		"category: Building Trust # reliability",
		"description: Telling one's own story of recovery.",
		"- name: Warm handoff",
		"# the key link",
	} {
		if !strings.Contains(s, keep) {
			t.Errorf("missing %q in\n%s", keep, s)
		}
	}
	if strings.Contains(s, "Paperwork") {
		t.Errorf("removed category still present:\n%s", s)
	}
	// The code that was in Paperwork moved up to its parent.
	back, err := Decode("edited.yaml", out)
	if err != nil {
		t.Fatalf("edited codebook does not decode: %v\n%s", err, s)
	}
	if got := back.Code("Filling forms together").Category; got != "Bridging to Services" {
		t.Errorf("Filling forms together is in %q", got)
	}
	if itemsJSON(t, back) != itemsJSON(t, cb) {
		t.Errorf("re-decoded items differ:\n%s\nvs\n%s", itemsJSON(t, back), itemsJSON(t, cb))
	}
	// The new code follows the existing ones.
	if i, j := strings.Index(s, "Filling forms together"), strings.Index(s, "Warm handoff"); i > j {
		t.Errorf("new code not appended at the end")
	}
}

// TestEncodeNew checks the layout of a codebook built from scratch.
func TestEncodeNew(t *testing.T) {
	cb := New()
	if _, err := cb.SetCore("Creating Connection", []string{"Building Trust", "Bridging to Services"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cb.AddCategory("Self-disclosure", "Building Trust", "Telling"); err != nil {
		t.Fatal(err)
	}
	c, err := cb.AddCode("Sharing lived experience", "Self-disclosure")
	if err != nil {
		t.Fatal(err)
	}
	c.WhenToUse = "line one\nline two"
	if _, _, err := cb.Relate("Building Trust", "Bridging to Services", "condition", ""); err != nil {
		t.Fatal(err)
	}
	out, err := cb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "new.yaml", out)
	back, err := Decode("new.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	if itemsJSON(t, back) != itemsJSON(t, cb) {
		t.Errorf("round trip differs:\n%s\nvs\n%s", itemsJSON(t, back), itemsJSON(t, cb))
	}
	// Encoding twice gives the same bytes.
	again, err := back.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, out) {
		t.Errorf("second encode differs:\n%s\nvs\n%s", again, out)
	}
}
