package codebook

import (
	"strings"
	"testing"
)

// Tests that a reference in a merged codebook names the item the side that
// wrote it meant, not another item that has come to carry the same name
// (identity by name across renames).

// coreBase is mergeBase with a core category.
var coreBase = strings.Replace(mergeBase, "categories:", "core:\n  name: Creating Connection\ncategories:", 1)

// oursCoreTakesPaperwork renames the core to Paperwork after removing the
// Paperwork category (its code and relation with it).
const oursCoreTakesPaperwork = `version: 1
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

// TestMerge3RelationToRemovedCategoryNotRetargetedToCore: ours renames the
// core to the name of the category it removed; theirs relates a code to
// that category. The relation meant the category: it must not end up on
// the core. The category is restored for it (the rule for removed items
// still used), which clashes with the core's new name, so the merge is
// refused.
func TestMerge3RelationToRemovedCategoryNotRetargetedToCore(t *testing.T) {
	theirs := coreBase + "  - {from: Showing up, to: Paperwork, as: action}\n"
	for _, tc := range []struct {
		name          string
		ours, theirs  string
		wantConflicts int
	}{
		{"ours renames", oursCoreTakesPaperwork, theirs, 1},
		{"theirs renames", theirs, oursCoreTakesPaperwork, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, cs, err := Merge3([]byte(coreBase), []byte(tc.ours), []byte(tc.theirs))
			if err == nil {
				t.Fatalf("merge accepted; the relation now ends at the core:\n%s", out)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), `core: "Paperwork" is also a category`) || !strings.Contains(err.Error(), mergedName) {
				t.Errorf("err = %v, want the clash of the core with the restored category, in the merged text", err)
			}
			if len(cs) != tc.wantConflicts || cs[0].Kind != "category" || cs[0].Kept != "restored" || cs[0].Name != "Paperwork" {
				t.Errorf("conflicts %+v, want the restored category", cs)
			}
		})
	}
}

// TestMerge3StageOfRemovedCategoryNotTheCore: the same with a stage: theirs
// makes the removed category a stage of the core, ours renamed the core to
// its name. Refused, never a core that is its own stage.
func TestMerge3StageOfRemovedCategoryNotTheCore(t *testing.T) {
	theirs := strings.Replace(coreBase, "  name: Creating Connection\n", "  name: Creating Connection\n  stages: [Paperwork]\n", 1)
	out, _, err := Merge3([]byte(coreBase), []byte(oursCoreTakesPaperwork), []byte(theirs))
	if err == nil {
		t.Fatalf("merge accepted:\n%s", out)
	}
	if !strings.Contains(err.Error(), `"Paperwork" is also a category`) {
		t.Errorf("err = %v", err)
	}
}

// TestMerge3RelationEndShadowedByCategory: theirs relates a code that ours
// renamed to the name of a category (codes and categories may share a
// name). In the merged codebook the relation's end would name the
// category, which theirs did not mean: refused, naming the relation and
// both items.
func TestMerge3RelationEndShadowedByCategory(t *testing.T) {
	ours := strings.Replace(mergeBase, "name: Showing up # reliability", "name: Paperwork", 1)
	theirs := mergeBase + "  - {from: Building Trust, to: Showing up, as: action}\n"
	for _, tc := range []struct{ name, ours, theirs string }{
		{"ours renames", ours, theirs},
		{"theirs renames", theirs, ours},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := Merge3([]byte(mergeBase), []byte(tc.ours), []byte(tc.theirs))
			if err == nil {
				t.Fatalf("merge accepted; the relation now ends at the category:\n%s", out)
			}
			msg := err.Error()
			t.Log(msg)
			for _, w := range []string{mergedName, `relation "Building Trust → Paperwork"`, "the code", "the category"} {
				if !strings.Contains(msg, w) {
					t.Errorf("err = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestMerge3RenameStillFollowed: identity does not stop references from
// following renames (a regression guard for the fix above): theirs adds a
// relation to and a code in the category ours renamed, and a stage.
func TestMerge3RenameStillFollowed(t *testing.T) {
	ours := strings.ReplaceAll(coreBase, "Paperwork", "Administration")
	theirs := strings.Replace(coreBase, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1) +
		"  - {from: Waiting lists, to: Paperwork, as: consequence}\n"
	theirs = strings.Replace(theirs, "  name: Creating Connection\n", "  name: Creating Connection\n  stages: [Paperwork]\n", 1)
	cb, out, cs := mustMerge(t, coreBase, ours, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %+v\n%s", cs, out)
	}
	if c := cb.Code("Waiting lists"); c == nil || c.Category != "Administration" {
		t.Errorf("code %+v", c)
	}
	if len(cb.Core.Stages) != 1 || cb.Core.Stages[0] != "Administration" {
		t.Errorf("stages %v", cb.Core.Stages)
	}
	if r := cb.Relations[len(cb.Relations)-1]; r.From != "Waiting lists" || r.To != "Administration" {
		t.Errorf("relation %+v", r)
	}
}

// TestMerge3RelationToRemovedCodeNotRetargetedToCategory: ours removes the
// code Filling forms and adds a category of that name; theirs relates the
// code. The relation meant the code: it is restored for the relation, and
// since the name now first names the category, the merge is refused.
func TestMerge3RelationToRemovedCodeNotRetargetedToCategory(t *testing.T) {
	ours := strings.Replace(mergeBase, "  - name: Filling forms\n    category: Paperwork\n", "", 1)
	ours = strings.Replace(ours, "codes:", "  - name: Filling forms\n    description: A stage of paperwork.\ncodes:", 1)
	theirs := mergeBase + "  - {from: Filling forms, to: Building Trust, as: action}\n"
	out, cs, err := Merge3([]byte(mergeBase), []byte(ours), []byte(theirs))
	if err == nil {
		t.Fatalf("merge accepted; the relation now starts at the category:\n%s", out)
	}
	t.Log(err)
	if !strings.Contains(err.Error(), `from "Filling forms" meant the code`) {
		t.Errorf("err = %v", err)
	}
	if len(cs) != 1 || cs[0].Kind != "code" || cs[0].Kept != "restored" {
		t.Errorf("conflicts %+v, want the code restored", cs)
	}
}

// oursTrustOntoPaperwork removes the category Paperwork (its code and
// relation too) and renames Building Trust to Paperwork.
const oursTrustOntoPaperwork = `version: 1
categories:
  - name: Paperwork # stage one
    description: The PSW earns trust.
codes:
  - name: Showing up # reliability
    category: Paperwork
    description: Being there.
`

// TestMerge3RenameOntoRemovedName: one side removes a category and renames
// another onto its name; the other side files a new code under the removed
// one. The code meant the removed category (forms), not the renamed one
// (trust): the removed category is restored for it, which gives two
// categories one name, and the merge is refused. Before, the code landed
// silently in the renamed category.
func TestMerge3RenameOntoRemovedName(t *testing.T) {
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	for _, tc := range []struct{ name, ours, theirs string }{
		{"ours renames", oursTrustOntoPaperwork, theirs},
		{"theirs renames", theirs, oursTrustOntoPaperwork},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, cs, err := Merge3([]byte(mergeBase), []byte(tc.ours), []byte(tc.theirs))
			if err == nil {
				t.Fatalf("merge accepted; the new code is now in the renamed category:\n%s", out)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), `duplicate category "Paperwork"`) || !strings.HasPrefix(err.Error(), mergedName+":") {
				t.Errorf("err = %v", err)
			}
			if len(cs) != 1 || cs[0].Kind != "category" || cs[0].Name != "Paperwork" || cs[0].Kept != "restored" {
				t.Errorf("conflicts %+v", cs)
			}
		})
	}
}

// TestMerge3RenameOntoRemovedNameAlone: the same rename with nothing on the
// other side that uses the removed category merges cleanly into ours.
func TestMerge3RenameOntoRemovedNameAlone(t *testing.T) {
	theirs := strings.Replace(mergeBase, "description: Being there.", "description: Turning up.", 1)
	cb, out, cs := mustMerge(t, mergeBase, oursTrustOntoPaperwork, theirs)
	if len(cs) != 0 {
		t.Fatalf("conflicts %+v\n%s", cs, out)
	}
	if len(cb.Categories) != 1 || cb.Categories[0].Description != "The PSW earns trust." || cb.Code("Filling forms") != nil {
		t.Errorf("merged:\n%s", out)
	}
	if c := cb.Code("Showing up"); c == nil || c.Category != "Paperwork" || c.Description != "Turning up." {
		t.Errorf("code %+v", c)
	}
}

// TestMerge3RenameOntoRemovedNameHint: a rename onto a removed name that
// also changed the item cannot be seen in the files; a hint from the
// history makes it one, and the other side's new code is not handed to it.
func TestMerge3RenameOntoRemovedNameHint(t *testing.T) {
	ours := strings.Replace(oursTrustOntoPaperwork, "description: The PSW earns trust.", "description: Trust, earned.", 1)
	theirs := strings.Replace(mergeBase, "relations:", "  - name: Waiting lists\n    category: Paperwork\nrelations:", 1)
	_, _, err := Merge3Hints([]byte(mergeBase), []byte(ours), []byte(theirs),
		MergeHints{Ours: []Rename{{Kind: "category", From: "Building Trust", To: "Paperwork"}}})
	if err == nil || !strings.Contains(err.Error(), `duplicate category "Paperwork"`) {
		t.Errorf("with the hint: err = %v, want the merge refused", err)
	}
}

// TestMerge3CodeRenamedOntoRemovedCode: the same for codes: ours removes
// Filling forms and renames Showing up to Filling forms; theirs relates
// Filling forms (the paperwork one). Refused, never a relation handed to
// the renamed code.
func TestMerge3CodeRenamedOntoRemovedCode(t *testing.T) {
	ours := strings.Replace(mergeBase, "  - name: Filling forms\n    category: Paperwork\n", "", 1)
	ours = strings.Replace(ours, "name: Showing up # reliability", "name: Filling forms", 1)
	theirs := mergeBase + "  - {from: Filling forms, to: Building Trust, as: action}\n"
	out, cs, err := Merge3([]byte(mergeBase), []byte(ours), []byte(theirs))
	if err == nil {
		t.Fatalf("merge accepted:\n%s", out)
	}
	if !strings.Contains(err.Error(), `duplicate code "Filling forms"`) {
		t.Errorf("err = %v", err)
	}
	if len(cs) != 1 || cs[0].Kind != "code" || cs[0].Kept != "restored" {
		t.Errorf("conflicts %+v", cs)
	}
}
