package codebook

import (
	"strings"
	"testing"
)

const mergeBase = `# Team codebook; keep comments.
version: 1
categories:
  - name: Building Trust # stage one
    description: The PSW earns trust.
  - name: Paperwork
    description: Forms.
codes:
  - name: Showing up # reliability
    category: Building Trust
    description: Being there.
  - name: Filling forms
    category: Paperwork
relations:
  - {from: Building Trust, to: Paperwork, as: condition}
`

func mustMerge(t *testing.T, base, ours, theirs string) (*Codebook, string, []Conflict) {
	t.Helper()
	out, cs, err := Merge3([]byte(base), []byte(ours), []byte(theirs))
	if err != nil {
		t.Fatalf("Merge3: %v", err)
	}
	cb, err := Decode("merged", out)
	if err != nil {
		t.Fatalf("merged codebook does not decode: %v\n%s", err, out)
	}
	return cb, string(out), cs
}

func names[T interface{ *Code | *Category }](items []T) []string {
	var out []string
	for _, it := range items {
		switch v := any(it).(type) {
		case *Code:
			out = append(out, v.Name)
		case *Category:
			out = append(out, v.Name)
		}
	}
	return out
}

func TestMerge3TwoCodersAddCodes(t *testing.T) {
	ours := strings.Replace(mergeBase, "relations:", "  - name: Sharing lived experience\n    category: Building Trust\nrelations:", 1)
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists # new\n    category: Paperwork\nrelations:", 1)
	cb, out, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v, want none", cs)
	}
	got := strings.Join(names(cb.Codes), "|")
	if got != "Showing up|Filling forms|Sharing lived experience|Waiting lists" {
		t.Errorf("codes %s", got)
	}
	for _, c := range []string{"# Team codebook; keep comments.", "# stage one", "# reliability", "# new"} {
		if !strings.Contains(out, c) {
			t.Errorf("comment %q lost:\n%s", c, out)
		}
	}
	if strings.Contains(out, ConflictHeader) {
		t.Errorf("clean merge has a conflict block:\n%s", out)
	}
}

func TestMerge3RenameAndEdit(t *testing.T) {
	ours := strings.Replace(mergeBase, "name: Showing up", "name: Being reliable", 1)
	theirs := strings.Replace(mergeBase, "description: Being there.", "description: Turning up when promised.", 1)
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v, want none", cs)
	}
	if len(cb.Codes) != 2 {
		t.Fatalf("codes %v, want 2", names(cb.Codes))
	}
	c := cb.Code("Being reliable")
	if c == nil || c.Description != "Turning up when promised." || c.Category != "Building Trust" {
		t.Fatalf("renamed code %+v, want the new name with theirs' description", c)
	}
}

func TestMerge3CategoryRenameFollowsReferences(t *testing.T) {
	// Ours renames a category (and its references); theirs adds a code to it
	// under the old name and a relation to it.
	ours := strings.ReplaceAll(mergeBase, "Paperwork", "Administration")
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	theirs += "  - {from: Showing up, to: Paperwork, as: action}\n"
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v, want none", cs)
	}
	if cb.Category("Paperwork") != nil || cb.Category("Administration") == nil {
		t.Fatalf("categories %v", names(cb.Categories))
	}
	if c := cb.Code("Waiting lists"); c == nil || c.Category != "Administration" {
		t.Fatalf("theirs' new code %+v, want it in the renamed category", c)
	}
	if len(cb.Relations) != 2 || cb.Relations[1].To != "Administration" {
		t.Fatalf("relations %+v", cb.Relations)
	}
}

func TestMerge3TrueConflict(t *testing.T) {
	ours := strings.Replace(mergeBase, "description: Being there.", "description: Ours says this.", 1)
	theirs := strings.Replace(mergeBase, "description: Being there.", "description: Theirs says that.", 1)
	cb, out, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 1 {
		t.Fatalf("conflicts %v, want one", cs)
	}
	c := cs[0]
	if c.Kind != "code" || c.Name != "Showing up" || c.Field != "description" ||
		c.Base != "Being there." || c.Ours != "Ours says this." || c.Theirs != "Theirs says that." || c.Kept != "ours" {
		t.Errorf("conflict %+v", c)
	}
	if got := cb.Code("Showing up").Description; got != "Ours says this." {
		t.Errorf("kept %q, want ours", got)
	}
	if !strings.Contains(out, "# "+ConflictHeader+" (1)") || !strings.Contains(out, `theirs "Theirs says that."`) {
		t.Errorf("no conflict block:\n%s", out)
	}
	if !strings.Contains(out, "# Team codebook; keep comments.") {
		t.Errorf("head comment lost:\n%s", out)
	}
}

func TestMerge3DifferentFieldsSameItem(t *testing.T) {
	ours := strings.Replace(mergeBase, "description: Being there.", "description: Ours.\n    when_to_use: First visits.", 1)
	theirs := strings.Replace(mergeBase, "category: Building Trust\n    description: Being there.", "category: Paperwork\n    description: Being there.", 1)
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v", cs)
	}
	c := cb.Code("Showing up")
	if c.Description != "Ours." || c.WhenToUse != "First visits." || c.Category != "Paperwork" {
		t.Errorf("merged %+v", c)
	}
}

func TestMerge3RemovalVersusEdit(t *testing.T) {
	removed := strings.Replace(mergeBase, "  - name: Filling forms\n    category: Paperwork\n", "", 1)
	edited := strings.Replace(mergeBase, "  - name: Filling forms\n    category: Paperwork\n",
		"  - name: Filling forms\n    category: Paperwork\n    description: Together, at the table.\n", 1)
	// Removed on ours, unchanged on theirs: removed.
	cb, _, cs := mustMerge(t, mergeBase, removed, mergeBase)
	if len(cs) != 0 || cb.Code("Filling forms") != nil {
		t.Fatalf("clean removal: conflicts %v, codes %v", cs, names(cb.Codes))
	}
	// Removed on ours, edited on theirs: kept as theirs, with a conflict.
	cb, _, cs = mustMerge(t, mergeBase, removed, edited)
	if len(cs) != 1 || cs[0].Field != "removed" || cs[0].Kept != "theirs" {
		t.Fatalf("conflicts %v, want one removal conflict", cs)
	}
	if c := cb.Code("Filling forms"); c == nil || c.Description != "Together, at the table." {
		t.Fatalf("edited code lost: %v", names(cb.Codes))
	}
	// And the mirror image.
	_, _, cs = mustMerge(t, mergeBase, edited, removed)
	if len(cs) != 1 || cs[0].Kept != "ours" {
		t.Fatalf("mirror: conflicts %v", cs)
	}
}

func TestMerge3RestoresRemovedCategoryStillUsed(t *testing.T) {
	// Ours removes the Paperwork category (its code and relation too);
	// theirs files a new code under it.
	ours := `version: 1
categories:
  - name: Building Trust # stage one
    description: The PSW earns trust.
codes:
  - name: Showing up # reliability
    category: Building Trust
    description: Being there.
`
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if cb.Category("Paperwork") == nil || cb.Code("Waiting lists") == nil {
		t.Fatalf("categories %v codes %v", names(cb.Categories), names(cb.Codes))
	}
	if len(cs) != 1 || cs[0].Kept != "restored" || cs[0].Name != "Paperwork" {
		t.Fatalf("conflicts %v", cs)
	}
	if cb.Code("Filling forms") != nil {
		t.Errorf("a code only ours removed came back")
	}
}

func TestMerge3BothAddSameCode(t *testing.T) {
	add := func(desc string) string {
		return strings.Replace(mergeBase, "relations:", "  - name: Hope\n    description: "+desc+"\nrelations:", 1)
	}
	cb, _, cs := mustMerge(t, mergeBase, add("Same."), add("Same."))
	if len(cs) != 0 || len(cb.Codes) != 3 {
		t.Fatalf("identical additions: conflicts %v codes %v", cs, names(cb.Codes))
	}
	_, _, cs = mustMerge(t, mergeBase, add("Mine."), add("Yours."))
	if len(cs) != 1 || cs[0].Field != "description" || cs[0].Base != "" {
		t.Fatalf("different additions: conflicts %v", cs)
	}
}

func TestMerge3CoreStages(t *testing.T) {
	base := strings.Replace(mergeBase, "categories:", "core:\n  name: Creating Connection\n  stages: [Building Trust]\ncategories:", 1)
	ours := strings.Replace(base, "stages: [Building Trust]", "stages: [Building Trust, Paperwork]", 1)
	theirs := strings.Replace(base, "name: Creating Connection", "name: Making Connection", 1)
	cb, _, cs := mustMerge(t, base, ours, theirs)
	if len(cs) != 0 || cb.Core.Name != "Making Connection" || len(cb.Core.Stages) != 2 {
		t.Fatalf("core %+v conflicts %v", cb.Core, cs)
	}
}

func TestMerge3RenameHints(t *testing.T) {
	// A rename together with an edit on the same side is not detectable
	// from the files alone; a hint from the history makes it one.
	ours := strings.Replace(mergeBase, "name: Showing up # reliability\n    category: Building Trust\n    description: Being there.",
		"name: Being reliable\n    category: Building Trust\n    description: Being there, always.", 1)
	theirs := strings.Replace(mergeBase, "category: Building Trust\n    description: Being there.", "category: Building Trust\n    description: Being there.\n    color: \"#4e79a7\"", 1)
	out, cs, err := Merge3Hints([]byte(mergeBase), []byte(ours), []byte(theirs),
		MergeHints{Ours: []Rename{{Kind: "code", From: "Showing up", To: "Being reliable"}}})
	if err != nil || len(cs) != 0 {
		t.Fatalf("err %v conflicts %v", err, cs)
	}
	cb, _ := Decode("m", out)
	if c := cb.Code("Being reliable"); c == nil || c.Color != "#4e79a7" || cb.Code("Showing up") != nil {
		t.Fatalf("codes %v", names(cb.Codes))
	}
	// Without the hint: a removal against an edit, kept, with a conflict.
	_, cs, err = Merge3([]byte(mergeBase), []byte(ours), []byte(theirs))
	if err != nil || len(cs) != 1 || cs[0].Field != "removed" {
		t.Fatalf("without hint: err %v conflicts %v", err, cs)
	}
}

func TestRenamesFromChanges(t *testing.T) {
	old, _ := Decode("a", []byte(mergeBase))
	renamed := old.Clone()
	if _, err := renamed.RenameCode("Showing up", "Being reliable"); err != nil {
		t.Fatal(err)
	}
	rs := RenamesFromChanges(Diff(old, renamed))
	if len(rs) != 1 || rs[0] != (Rename{Kind: "code", From: "Showing up", To: "Being reliable"}) {
		t.Fatalf("renames %v", rs)
	}
}

func TestMerge3BadInput(t *testing.T) {
	_, _, err := Merge3([]byte(mergeBase), []byte("version: 1\ncodes: [\n"), []byte(mergeBase))
	if err == nil || !strings.Contains(err.Error(), "ours codebook") {
		t.Fatalf("err %v, want one naming ours", err)
	}
}

// FuzzMerge3 checks that whatever three codebooks it is given, Merge3
// either refuses with an error or returns a codebook that decodes, and
// that merging a codebook with itself changes nothing.
func FuzzMerge3(f *testing.F) {
	f.Add(mergeBase, strings.Replace(mergeBase, "Showing up", "Being reliable", 1), strings.Replace(mergeBase, "Forms.", "Papers.", 1))
	f.Add(mergeBase, strings.ReplaceAll(mergeBase, "Paperwork", "Admin"), "version: 1\n")
	f.Add("version: 1\n", "version: 1\ncodes: [{name: A}]\n", "version: 1\ncodes: [{name: a, description: x}]\n")
	f.Fuzz(func(t *testing.T, base, ours, theirs string) {
		out, _, err := Merge3([]byte(base), []byte(ours), []byte(theirs))
		if err != nil {
			return
		}
		if _, err := Decode("merged", out); err != nil {
			t.Fatalf("merged codebook does not decode: %v\n%s", err, out)
		}
		if cb, err := Decode("ours", []byte(ours)); err == nil {
			same, cs, err := Merge3([]byte(ours), []byte(ours), []byte(ours))
			if err != nil || len(cs) != 0 {
				t.Fatalf("self-merge: %v %v", err, cs)
			}
			again, _ := Decode("same", same)
			if len(Diff(cb, again)) != 0 {
				t.Fatalf("self-merge changed the codebook: %v", Diff(cb, again))
			}
		}
	})
}

// TestMerge3EvidenceAsSets: evidence lists merge as sets. Both sides
// citing different codings keep both (ours' order, then theirs' new
// ones); a citation one side removed and the other kept is removed; no
// conflict either way.
func TestMerge3EvidenceAsSets(t *testing.T) {
	rel := func(ev string) string {
		return strings.Replace(mergeBase, "  - {from: Building Trust, to: Paperwork, as: condition}",
			"  - {from: Building Trust, to: Paperwork, as: condition, evidence: ["+ev+"]}", 1)
	}
	base := rel("aaaaaaaaaaaa, P01#2")
	for _, tc := range []struct {
		name, ours, theirs, want string
	}{
		{"both add", rel("aaaaaaaaaaaa, P01#2, bbbbbbbbbbbb"), rel("aaaaaaaaaaaa, cccccccccccc, P01#2, P02#1"),
			"aaaaaaaaaaaa|P01#2|bbbbbbbbbbbb|cccccccccccc|P02#1"},
		{"theirs removes, ours adds", rel("aaaaaaaaaaaa, P01#2, bbbbbbbbbbbb"), rel("P01#2"),
			"P01#2|bbbbbbbbbbbb"},
		{"ours removes, theirs adds", rel("aaaaaaaaaaaa"), rel("aaaaaaaaaaaa, P01#2, cccccccccccc"),
			"aaaaaaaaaaaa|cccccccccccc"},
		{"both add the same", rel("aaaaaaaaaaaa, P01#2, dddddddddddd"), rel("dddddddddddd, aaaaaaaaaaaa, P01#2"),
			"aaaaaaaaaaaa|P01#2|dddddddddddd"},
		{"both remove all", rel(""), rel(""), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cb, out, cs := mustMerge(t, base, tc.ours, tc.theirs)
			if len(cs) != 0 {
				t.Fatalf("conflicts %v, want none\n%s", cs, out)
			}
			if len(cb.Relations) != 1 {
				t.Fatalf("relations %v", cb.Relations)
			}
			if got := strings.Join(cb.Relations[0].Evidence, "|"); got != tc.want {
				t.Errorf("evidence %s, want %s\n%s", got, tc.want, out)
			}
		})
	}
}

// TestMerge3RecolorsTheirsNewCode: both coders' new codes got the same
// palette colour by count; theirs' gets a free one, ours' keeps its own.
func TestMerge3RecolorsTheirsNewCode(t *testing.T) {
	ours := strings.Replace(mergeBase, "relations:", "  - name: Sharing lived experience\n    color: \"#e15759\"\nrelations:", 1)
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists\n    color: \"#e15759\"\nrelations:", 1)
	cb, out, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v", cs)
	}
	a, b := cb.Code("Sharing lived experience"), cb.Code("Waiting lists")
	if a.Color != "#e15759" || b.Color == a.Color || b.Color == "" {
		t.Errorf("colours %s and %s, want ours kept and theirs different:\n%s", a.Color, b.Color, out)
	}
	seen := map[string]string{}
	for _, c := range cb.Codes {
		if c.Color != "" && seen[c.Color] != "" {
			t.Errorf("%s and %s share %s", seen[c.Color], c.Name, c.Color)
		}
		seen[c.Color] = c.Name
	}
}
