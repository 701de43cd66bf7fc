package refi

import (
	"strings"
	"testing"
)

// TestExportSaysEvidenceIsLeftOut: a relation's cited evidence has no place
// in a REFI-QDA link; the export says how many citations it left out
// instead of dropping them unnoticed.
func TestExportSaysEvidenceIsLeftOut(t *testing.T) {
	p := newTestProject(t)
	d, err := Load(p, "grounded test")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Codebook.Relations) == 0 {
		t.Fatal("the test project has no relation")
	}
	d.Codebook.Relations[0].Evidence = []string{"c00000000001", "P01#1"}
	ex, err := BuildProject(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ex.Warnings {
		if strings.Contains(w, "2 citation(s) of evidence") {
			return
		}
	}
	t.Fatalf("warnings %q, want one saying 2 citations were left out", ex.Warnings)
}
