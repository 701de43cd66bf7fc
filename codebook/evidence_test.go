package codebook

import (
	"slices"
	"strings"
	"testing"
)

const evidenceBase = `version: 1
categories:
  - name: Building Trust
  - name: Paperwork
relations:
  - from: Building Trust # the first relation
    to: Paperwork
    as: condition
    evidence: [P01#3:0-12, 9f2c4a1b7e30]
`

func TestDecodeEncodeEvidence(t *testing.T) {
	cb, err := Decode("codebook.yaml", []byte(evidenceBase))
	if err != nil {
		t.Fatal(err)
	}
	r := cb.Relations[0]
	if !slices.Equal(r.Evidence, []string{"P01#3:0-12", "9f2c4a1b7e30"}) {
		t.Fatalf("evidence %q", r.Evidence)
	}
	added, err := r.AddEvidence("P02#1", "9f2c4a1b7e30", " P02#1 ")
	if err != nil || !slices.Equal(added, []string{"P02#1"}) {
		t.Fatalf("AddEvidence = %q, %v; want [P02#1]", added, err)
	}
	out, err := cb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "# the first relation") {
		t.Errorf("comment lost:\n%s", out)
	}
	back, err := Decode("codebook.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := back.Relations[0].Evidence; !slices.Equal(got, []string{"P01#3:0-12", "9f2c4a1b7e30", "P02#1"}) {
		t.Errorf("after encode: evidence %q\n%s", got, out)
	}
	// Clone copies the list: a change to the clone leaves the original.
	c := back.Clone()
	c.Relations[0].Evidence[0] = "changed"
	if back.Relations[0].Evidence[0] != "P01#3:0-12" {
		t.Error("Clone shares the evidence list")
	}
}

func TestDecodeEvidenceErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"    evidence: [P01#0]\n", "codebook.yaml:9:16: relation evidence: reference \"P01#0\", column 5: turns are numbered from 1"},
		{"    evidence: [not an id]\n", "codebook.yaml:9:16: relation evidence: \"not an id\" is neither a coding id"},
		{"    evidence: [P01#2, P01#2]\n", "codebook.yaml:9:23: relation evidence: P01#2 is cited twice"},
		{"    evidence: P01#2\n", "codebook.yaml:9:15: relation evidence: want a list"},
		{"    evidence: [{a: b}]\n", "codebook.yaml:9:16: relation evidence: want text"},
	} {
		doc := strings.Replace(evidenceBase, "    evidence: [P01#3:0-12, 9f2c4a1b7e30]\n", tc.yaml, 1)
		_, err := Decode("codebook.yaml", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

func TestMerge3Evidence(t *testing.T) {
	with := func(ev string) string {
		return strings.Replace(evidenceBase, "[P01#3:0-12, 9f2c4a1b7e30]", ev, 1)
	}
	t.Run("one side adds", func(t *testing.T) {
		cb, _, cs := mustMerge(t, evidenceBase, evidenceBase, with("[P01#3:0-12, 9f2c4a1b7e30, P02#4]"))
		if len(cs) != 0 {
			t.Fatalf("conflicts %v", cs)
		}
		if got := cb.Relations[0].Evidence; !slices.Equal(got, []string{"P01#3:0-12", "9f2c4a1b7e30", "P02#4"}) {
			t.Errorf("evidence %q", got)
		}
	})
	t.Run("one side removes, other renames an end", func(t *testing.T) {
		theirs := strings.Replace(strings.Replace(evidenceBase, "name: Paperwork", "name: Forms", 1), "to: Paperwork", "to: Forms", 1)
		cb, _, cs := mustMerge(t, evidenceBase, with("[9f2c4a1b7e30]"), theirs)
		if len(cs) != 0 {
			t.Fatalf("conflicts %v", cs)
		}
		r := cb.Relations[0]
		if r.To != "Forms" || !slices.Equal(r.Evidence, []string{"9f2c4a1b7e30"}) {
			t.Errorf("relation %+v", *r)
		}
	})
	t.Run("both change differently: merged as sets", func(t *testing.T) {
		// Ours removed 9f2c4a1b7e30; theirs kept it and added P03#1: the
		// removal holds and the addition is kept, with no conflict.
		cb, out, cs := mustMerge(t, evidenceBase, with("[P01#3:0-12]"), with("[P01#3:0-12, 9f2c4a1b7e30, P03#1]"))
		if len(cs) != 0 {
			t.Fatalf("conflicts %+v, want none", cs)
		}
		if got := cb.Relations[0].Evidence; !slices.Equal(got, []string{"P01#3:0-12", "P03#1"}) {
			t.Errorf("evidence %q, want [P01#3:0-12 P03#1]", got)
		}
		if strings.Contains(out, ConflictHeader) {
			t.Errorf("conflict block in a clean merge:\n%s", out)
		}
	})
	t.Run("both make the same change", func(t *testing.T) {
		_, _, cs := mustMerge(t, evidenceBase, with("[P09#9]"), with("[P09#9]"))
		if len(cs) != 0 {
			t.Fatalf("conflicts %v", cs)
		}
	})
}

func TestMerge3KeepsDisconfirms(t *testing.T) {
	base := `version: 1
core: {name: Recovery, stages: [Building Trust]}
categories:
  - name: Building Trust
codes:
  - name: Mistrust
    category: Building Trust
    disconfirms: Building Trust
`
	theirs := base + "  - name: Other\n"
	cb, _, cs := mustMerge(t, base, base, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v", cs)
	}
	if c := cb.Code("Mistrust"); c == nil || c.Disconfirms != "Building Trust" {
		t.Errorf("disconfirms lost in the merge: %+v", c)
	}
}

func TestDiffShowsEvidence(t *testing.T) {
	a, err := Decode("a", []byte(evidenceBase))
	if err != nil {
		t.Fatal(err)
	}
	b := a.Clone()
	if _, err := b.Relations[0].AddEvidence("P05#2"); err != nil {
		t.Fatal(err)
	}
	ch := Diff(a, b)
	if len(ch) != 1 || ch[0].Kind != "relation" || !strings.Contains(string(ch[0].After), "P05#2") {
		t.Fatalf("Diff = %+v", ch)
	}
	if err := b.Revert(ch); err != nil || len(b.Relations[0].Evidence) != 2 {
		t.Errorf("Revert: %v, evidence %q", err, b.Relations[0].Evidence)
	}
}
