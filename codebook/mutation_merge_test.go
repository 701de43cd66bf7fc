package codebook

// Tests of Merge3 and of Merge (templates) written while triaging the
// surviving mutants of this package (docs/mutation/codebook.md).

import (
	"strings"
	"testing"
)

// TestConflictStringShortens: values up to 60 characters are shown whole,
// longer ones cut to 57 and "...".
func TestConflictStringShortens(t *testing.T) {
	sixty := strings.Repeat("é", 60) // runes, not bytes
	c := Conflict{Kind: "code", Name: "A", Field: "description", Base: sixty, Ours: sixty + "x", Theirs: "", Kept: "ours"}
	want := `code "A": description: base "` + sixty + `", ours "` + strings.Repeat("é", 57) + `...", theirs ""; kept ours`
	if got := c.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

// TestMerge3TheirsRenameFollowsReferences: the mirror of
// TestMerge3CategoryRenameFollowsReferences: theirs renames a category,
// ours files a new code under its old name.
func TestMerge3TheirsRenameFollowsReferences(t *testing.T) {
	ours := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	theirs := strings.ReplaceAll(mergeBase, "Paperwork", "Administration")
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %v, want none", cs)
	}
	if cb.Category("Paperwork") != nil || cb.Category("Administration") == nil {
		t.Fatalf("categories %v", names(cb.Categories))
	}
	if c := cb.Code("Waiting lists"); c == nil || c.Category != "Administration" {
		t.Fatalf("ours' new code %+v, want it in the renamed category", c)
	}
}

// TestMerge3RemovedAgainstRenamed: one side removes a code the other
// renamed; the code is kept under its new name, and the conflict names it
// so and says which side did what.
func TestMerge3RemovedAgainstRenamed(t *testing.T) {
	removed := strings.Replace(mergeBase, "  - name: Showing up # reliability\n    category: Building Trust\n    description: Being there.\n", "", 1)
	renamed := strings.Replace(mergeBase, "name: Showing up # reliability", "name: Being reliable", 1)
	cb, _, cs := mustMerge(t, mergeBase, removed, renamed)
	want := Conflict{Kind: "code", Name: "Being reliable", Field: "removed", Ours: "removed on ours", Theirs: "changed on theirs", Kept: "theirs"}
	if len(cs) != 1 || cs[0] != want {
		t.Fatalf("conflicts %+v, want %+v", cs, want)
	}
	if cb.Code("Being reliable") == nil || cb.Code("Showing up") != nil {
		t.Errorf("codes %v", names(cb.Codes))
	}
	_, _, cs = mustMerge(t, mergeBase, renamed, removed)
	want = Conflict{Kind: "code", Name: "Being reliable", Field: "removed", Ours: "changed on ours", Theirs: "removed on theirs", Kept: "ours"}
	if len(cs) != 1 || cs[0] != want {
		t.Fatalf("mirror: conflicts %+v, want %+v", cs, want)
	}
}

// TestMerge3RelationRemovedAgainstEdited: a relation one side removed and
// the other annotated is kept, and the conflict names it by its ends.
func TestMerge3RelationRemovedAgainstEdited(t *testing.T) {
	rel := "  - {from: Building Trust, to: Paperwork, as: condition}\n"
	removed := strings.Replace(mergeBase, rel, "", 1)
	edited := strings.Replace(mergeBase, rel, "  - {from: Building Trust, to: Paperwork, as: condition, note: seen in P03}\n", 1)
	for _, tc := range []struct{ ours, theirs, kept string }{{removed, edited, "theirs"}, {edited, removed, "ours"}} {
		cb, _, cs := mustMerge(t, mergeBase, tc.ours, tc.theirs)
		if len(cs) != 1 || cs[0].Kind != "relation" || cs[0].Name != "Building Trust → Paperwork" || cs[0].Kept != tc.kept {
			t.Errorf("conflicts %+v", cs)
		}
		if len(cb.Relations) != 1 || cb.Relations[0].Note != "seen in P03" {
			t.Errorf("relations %+v", cb.Relations)
		}
	}
}

// TestMerge3BothRemove: an item both sides removed stays removed, with no
// conflict.
func TestMerge3BothRemove(t *testing.T) {
	removed := strings.Replace(mergeBase, "  - name: Filling forms\n    category: Paperwork\n", "", 1)
	cb, _, cs := mustMerge(t, mergeBase, removed, removed)
	if len(cs) != 0 || cb.Code("Filling forms") != nil || len(cb.Codes) != 1 {
		t.Errorf("conflicts %v, codes %v", cs, names(cb.Codes))
	}
}

// TestMerge3TextCaseMatters: descriptions that differ only in case are
// different texts (names are compared by key, texts exactly).
func TestMerge3TextCaseMatters(t *testing.T) {
	ours := strings.Replace(mergeBase, "description: Being there.", "description: Being There.", 1)
	theirs := strings.Replace(mergeBase, "description: Being there.", "description: BEING THERE.", 1)
	_, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 1 || cs[0].Field != "description" || cs[0].Ours != "Being There." || cs[0].Theirs != "BEING THERE." {
		t.Errorf("conflicts %+v, want one on the description", cs)
	}
	// A name respelled in case on both sides is one name: no conflict.
	ours = strings.Replace(mergeBase, "name: Filling forms", "name: Filling Forms", 1)
	theirs = strings.Replace(mergeBase, "name: Filling forms", "name: FILLING FORMS", 1)
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if len(cs) != 0 || cb.Code("filling forms").Name != "Filling Forms" {
		t.Errorf("conflicts %+v, codes %v", cs, names(cb.Codes))
	}
}

// TestMerge3RestoresCategoryNamedLikeACode: a removed category still used
// by the other side is restored even when a code has the same name (a
// code does not stand in for a category).
func TestMerge3RestoresCategoryNamedLikeACode(t *testing.T) {
	base := strings.Replace(mergeBase, "relations:", "  - name: Paperwork\nrelations:", 1)
	ours := `version: 1
categories:
  - name: Building Trust # stage one
    description: The PSW earns trust.
codes:
  - name: Showing up # reliability
    category: Building Trust
    description: Being there.
  - name: Paperwork
`
	theirs := strings.Replace(base, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	cb, _, cs := mustMerge(t, base, ours, theirs)
	if cb.Category("Paperwork") == nil || cb.Code("Waiting lists") == nil {
		t.Fatalf("categories %v codes %v", names(cb.Categories), names(cb.Codes))
	}
	if len(cs) != 1 || cs[0].Kept != "restored" || cs[0].Name != "Paperwork" {
		t.Fatalf("conflicts %v", cs)
	}
}

// TestMerge3RestoresCodeUsedByRelation: a code one side removed comes back
// when the other side relates it.
func TestMerge3RestoresCodeUsedByRelation(t *testing.T) {
	ours := strings.Replace(mergeBase, "  - name: Filling forms\n    category: Paperwork\n", "", 1)
	theirs := mergeBase + "  - {from: Filling forms, to: Building Trust, as: action}\n"
	cb, _, cs := mustMerge(t, mergeBase, ours, theirs)
	if cb.Code("Filling forms") == nil || len(cb.Relations) != 2 {
		t.Fatalf("codes %v relations %+v", names(cb.Codes), cb.Relations)
	}
	if len(cs) != 1 || cs[0].Kind != "code" || cs[0].Kept != "restored" || cs[0].Name != "Filling forms" {
		t.Fatalf("conflicts %v", cs)
	}
}

// TestMergeTemplate: a template brings its core, categories, codes and
// relations into a codebook that has none of them, and nothing the second
// time.
func TestMergeTemplate(t *testing.T) {
	tpl, err := Decode("t.yaml", []byte(`version: 1
core:
  name: Creating Connection
  stages: [Building Trust]
categories:
  - name: Building Trust
  - name: Outreach
codes:
  - name: Showing up
    category: Building Trust
relations:
  - {from: Outreach, to: Building Trust, as: condition}
`))
	if err != nil {
		t.Fatal(err)
	}
	cb := New()
	added, err := cb.Merge(tpl)
	if err != nil {
		t.Fatal(err)
	}
	want := "category Building Trust|category Outreach|core Creating Connection|code Showing up|relation Outreach → Building Trust"
	if got := strings.Join(added, "|"); got != want {
		t.Errorf("added %s\nwant  %s", got, want)
	}
	if cb.Core == nil || cb.Core.Name != "Creating Connection" || len(cb.Relations) != 1 {
		t.Errorf("core %+v relations %+v", cb.Core, cb.Relations)
	}
	added, err = cb.Merge(tpl)
	if err != nil || len(added) != 0 {
		t.Errorf("second merge: added %v, err %v", added, err)
	}
	// A codebook with another core refuses the template, and keeps its own.
	other := New()
	if _, err := other.SetCore("Finding Footing", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Merge(tpl); err == nil || !strings.Contains(err.Error(), `already has the core category "Finding Footing"`) {
		t.Errorf("other core: err = %v", err)
	}
	if other.Core.Name != "Finding Footing" {
		t.Errorf("core became %q", other.Core.Name)
	}
}

// TestMerge3CoreRenamedOntoRemovedCategory: ours renames the core to the
// name of a category it removes, while theirs files a new code under that
// category. The category is restored for theirs' code, which clashes with
// the core's new name: the merge is refused, and the error says so (not
// that the category does not exist).
func TestMerge3CoreRenamedOntoRemovedCategory(t *testing.T) {
	base := strings.Replace(mergeBase, "categories:", "core:\n  name: Creating Connection\ncategories:", 1)
	ours := `version: 1
core:
  name: Paperwork
categories:
  - name: Building Trust # stage one
    description: The PSW earns trust.
codes:
  - name: Showing up # reliability
    category: Building Trust
    description: Being there.
`
	theirs := strings.Replace(base, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	out, cs, err := Merge3([]byte(base), []byte(ours), []byte(theirs))
	if err == nil || out != nil {
		t.Fatalf("merge accepted:\n%s", out)
	}
	if !strings.Contains(err.Error(), `core: "Paperwork" is also a category`) {
		t.Errorf("err = %v, want the clash of the core with the restored category", err)
	}
	if len(cs) != 1 || cs[0].Kept != "restored" || cs[0].Name != "Paperwork" {
		t.Errorf("conflicts %v", cs)
	}
}

// TestRenamesFromChangesCategory: category renames are found like code
// renames; other changes are no renames.
func TestRenamesFromChangesCategory(t *testing.T) {
	old, err := Decode("a", []byte(mergeBase))
	if err != nil {
		t.Fatal(err)
	}
	cur := old.Clone()
	cur.Category("Paperwork").Name = "Administration" // as the rename operation does
	cur.Code("Filling forms").Category = "Administration"
	cur.Relations[0].To = "Administration"
	cur.Code("Showing up").Description = "changed"
	rs := RenamesFromChanges(Diff(old, cur))
	if len(rs) != 1 || rs[0] != (Rename{Kind: "category", From: "Paperwork", To: "Administration"}) {
		t.Fatalf("renames %+v", rs)
	}
}

// TestMerge3RelationToCore: a relation that names the core category is
// kept by a merge (the core is a valid end of a relation).
func TestMerge3RelationToCore(t *testing.T) {
	base := strings.Replace(mergeBase, "categories:", "core:\n  name: Creating Connection\ncategories:", 1) +
		"  - {from: Paperwork, to: Creating Connection, as: consequence}\n"
	theirs := strings.Replace(base, "description: Forms.", "description: Papers.", 1)
	cb, _, cs := mustMerge(t, base, base, theirs)
	if len(cs) != 0 || len(cb.Relations) != 2 || cb.Relations[1].To != "Creating Connection" {
		t.Errorf("conflicts %v relations %+v", cs, cb.Relations)
	}
}
