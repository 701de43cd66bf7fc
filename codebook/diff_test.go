package codebook

import (
	"errors"
	"strings"
	"testing"
)

// base is the codebook every Diff/Revert case starts from: a core with two
// stages, nested categories, codes in and out of categories, a relation.
const base = `version: 1
core:
  name: Creating Connection
  stages: [Building Trust, Bridging to Services]
categories:
  - name: Building Trust
  - name: Self-disclosure
    parent: Building Trust
  - name: Reliability
    parent: Building Trust
  - name: Bridging to Services
  - name: Outreach
codes:
  - name: Showing up
    category: Reliability
  - name: Sharing lived experience
    category: Self-disclosure
  - name: Warm handoff
    category: Bridging to Services
  - name: Loose ends
relations:
  - {from: Building Trust, to: Bridging to Services, as: condition}
  - {from: Showing up, to: Sharing lived experience, as: context}
`

func decodeBase(t *testing.T) *Codebook {
	t.Helper()
	cb, err := Decode("base.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	return cb
}

// edits are the editing methods of Codebook, each applied to a copy of
// base.
var edits = []struct {
	name string
	edit func(cb *Codebook) error
}{
	{"AddCode", func(cb *Codebook) error { _, err := cb.AddCode("Being believed", "Self-disclosure"); return err }},
	{"AddCode uncategorised", func(cb *Codebook) error { _, err := cb.AddCode("Misc", ""); return err }},
	{"RenameCode", func(cb *Codebook) error { _, err := cb.RenameCode("Showing up", "Showing up consistently"); return err }},
	{"RenameCode case only", func(cb *Codebook) error { _, err := cb.RenameCode("Warm handoff", "Warm Handoff"); return err }},
	{"RemoveCode", func(cb *Codebook) error { return cb.RemoveCode("Showing up") }},
	{"RemoveCode first", func(cb *Codebook) error { return cb.RemoveCode("showing up") }},
	{"AddCategory", func(cb *Codebook) error {
		_, err := cb.AddCategory("Navigating systems", "Bridging to Services", "desc")
		return err
	}},
	{"SetParent", func(cb *Codebook) error { return cb.SetParent("Outreach", "Bridging to Services") }},
	{"SetParent to top", func(cb *Codebook) error { return cb.SetParent("Reliability", "") }},
	{"RemoveCategory leaf", func(cb *Codebook) error { return cb.RemoveCategory("Outreach") }},
	{"RemoveCategory with children and codes", func(cb *Codebook) error { return cb.RemoveCategory("Building Trust") }},
	{"RemoveCategory stage with codes", func(cb *Codebook) error { return cb.RemoveCategory("Bridging to Services") }},
	{"SetCore new stages", func(cb *Codebook) error {
		_, err := cb.SetCore("Creating Connection", []string{"Building Trust", "Fostering the Relationship", "Bridging to Services", "Launching Toward Independence"})
		return err
	}},
	{"SetCore rename", func(cb *Codebook) error {
		_, err := cb.SetCore("Connecting", []string{"Bridging to Services"})
		return err
	}},
	{"SetCore on empty core", func(cb *Codebook) error {
		cb.Core = nil
		_, err := cb.SetCore("X", []string{"Outreach"})
		return err
	}},
	{"Relate", func(cb *Codebook) error {
		_, _, err := cb.Relate("Self-disclosure", "Reliability", "strategy", "note")
		return err
	}},
	{"Merge template", func(cb *Codebook) error {
		tpl, err := Template("creating-connection")
		if err != nil {
			return err
		}
		tcb, err := Decode("t.yaml", tpl.Data)
		if err != nil {
			return err
		}
		_, err = cb.Merge(tcb)
		return err
	}},
	{"several edits at once", func(cb *Codebook) error {
		if err := cb.RemoveCode("Loose ends"); err != nil {
			return err
		}
		if _, err := cb.AddCode("Loose ends 2", "Outreach"); err != nil {
			return err
		}
		if err := cb.SetParent("Outreach", "Bridging to Services"); err != nil {
			return err
		}
		cb.Code("Warm handoff").Description = "changed"
		return cb.RemoveCategory("Self-disclosure")
	}},
}

// TestDiffRevert checks, for every editing method, that Revert(Diff(old,
// new)) applied to new gives old again: same items in the same order.
func TestDiffRevert(t *testing.T) {
	for _, tc := range edits {
		t.Run(tc.name, func(t *testing.T) {
			old := decodeBase(t)
			want := itemsJSON(t, old)
			cur := old.Clone()
			if err := tc.edit(cur); err != nil {
				t.Fatal(err)
			}
			if err := cur.Validate(); err != nil {
				t.Fatalf("edit left an invalid codebook: %v", err)
			}
			changes := Diff(old, cur)
			if len(changes) == 0 {
				t.Fatal("Diff found no change")
			}
			edited := itemsJSON(t, cur)
			if edited == want {
				t.Fatal("the edit changed nothing")
			}
			if err := cur.Revert(changes); err != nil {
				t.Fatalf("Revert: %v", err)
			}
			if got := itemsJSON(t, cur); got != want {
				t.Errorf("Revert did not restore the codebook\n--- got ---\n%s\n--- want ---\n%s", got, want)
			}
			if d := Diff(old, cur); len(d) != 0 {
				t.Errorf("Diff after Revert = %+v", d)
			}
			// The reverted codebook encodes to a file that decodes to it.
			out, err := cur.Encode()
			if err != nil {
				t.Fatal(err)
			}
			back, err := Decode("reverted.yaml", out)
			if err != nil {
				t.Fatalf("reverted codebook does not decode: %v\n%s", err, out)
			}
			if got := itemsJSON(t, back); got != want {
				t.Errorf("reverted file decodes differently\n%s", out)
			}
		})
	}
}

// TestRevertConflict: when an item that a change touched has changed again
// since, Revert refuses with a ConflictError and changes nothing.
func TestRevertConflict(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(cb *Codebook) error
		later   func(cb *Codebook) error
		kind    string
		display string
	}{
		{
			name:  "added code described since",
			edit:  func(cb *Codebook) error { _, err := cb.AddCode("New", ""); return err },
			later: func(cb *Codebook) error { cb.Code("New").Description = "by bob"; return nil },
			kind:  "code", display: "New",
		},
		{
			name:  "renamed code renamed again",
			edit:  func(cb *Codebook) error { _, err := cb.RenameCode("Showing up", "Presence"); return err },
			later: func(cb *Codebook) error { _, err := cb.RenameCode("Presence", "Being there"); return err },
			kind:  "code", display: "Presence",
		},
		{
			name:  "removed code added again",
			edit:  func(cb *Codebook) error { return cb.RemoveCode("Loose ends") },
			later: func(cb *Codebook) error { _, err := cb.AddCode("loose ends", ""); return err },
			kind:  "code", display: "Loose ends",
		},
		{
			name:  "moved category moved again",
			edit:  func(cb *Codebook) error { return cb.SetParent("Outreach", "Bridging to Services") },
			later: func(cb *Codebook) error { return cb.SetParent("Outreach", "Building Trust") },
			kind:  "category", display: "Outreach",
		},
		{
			name:  "core changed since",
			edit:  func(cb *Codebook) error { cb.Core.Description = "mine"; return nil },
			later: func(cb *Codebook) error { cb.Core.Description = "theirs"; return nil },
			kind:  "core", display: "Creating Connection",
		},
		{
			name: "added relation removed since",
			edit: func(cb *Codebook) error {
				_, _, err := cb.Relate("Outreach", "Reliability", "action", "")
				return err
			},
			later: func(cb *Codebook) error { return cb.RemoveCategory("Outreach") },
			kind:  "relation", display: "Outreach → Reliability",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := decodeBase(t)
			cur := old.Clone()
			if err := tc.edit(cur); err != nil {
				t.Fatal(err)
			}
			changes := Diff(old, cur)
			if err := tc.later(cur); err != nil {
				t.Fatal(err)
			}
			before := itemsJSON(t, cur)
			err := cur.Revert(changes)
			var ce *ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("Revert = %v, want a ConflictError", err)
			}
			if ce.Kind != tc.kind || ce.Key != tc.display {
				t.Errorf("conflict on %s %q, want %s %q", ce.Kind, ce.Key, tc.kind, tc.display)
			}
			if !strings.Contains(err.Error(), "has changed since") {
				t.Errorf("message %q", err)
			}
			if got := itemsJSON(t, cur); got != before {
				t.Errorf("a refused Revert changed the codebook")
			}
		})
	}
}

// TestRevertUnrelatedLaterChange: changes to other items since do not stop
// a revert, and survive it.
func TestRevertUnrelatedLaterChange(t *testing.T) {
	old := decodeBase(t)
	cur := old.Clone()
	if _, err := cur.RenameCode("Showing up", "Presence"); err != nil {
		t.Fatal(err)
	}
	changes := Diff(old, cur)
	if _, err := cur.AddCode("Added by bob", "Outreach"); err != nil {
		t.Fatal(err)
	}
	if err := cur.Revert(changes); err != nil {
		t.Fatal(err)
	}
	if cur.Code("Showing up") == nil || cur.Code("Presence") != nil || cur.Code("Added by bob") == nil {
		t.Errorf("codes after revert: %s", itemsJSON(t, cur))
	}
	if cur.Codes[0].Name != "Showing up" {
		t.Errorf("renamed code not back in its place: %s", cur.Codes[0].Name)
	}
}

// TestRevertInvalid: a revert that would leave the codebook invalid (a
// code put back into a category deleted since) is refused.
func TestRevertInvalid(t *testing.T) {
	old := decodeBase(t)
	cur := old.Clone()
	if err := cur.RemoveCode("Warm handoff"); err != nil {
		t.Fatal(err)
	}
	changes := Diff(old, cur)
	cur.Core.Stages = cur.Core.Stages[:1]
	if err := cur.RemoveCategory("Bridging to Services"); err != nil {
		t.Fatal(err)
	}
	before := itemsJSON(t, cur)
	err := cur.Revert(changes)
	if err == nil || !strings.Contains(err.Error(), "undo would leave an invalid codebook") {
		t.Fatalf("Revert = %v", err)
	}
	if itemsJSON(t, cur) != before {
		t.Error("refused Revert changed the codebook")
	}
}

func TestDiffKinds(t *testing.T) {
	old := decodeBase(t)
	cur := old.Clone()
	if _, err := cur.RenameCode("Showing up", "Presence"); err != nil {
		t.Fatal(err)
	}
	d := Diff(old, cur)
	// A rename is a removal and an addition at the same index, and the
	// relation that named the code changes with it.
	var kinds []string
	for _, c := range d {
		switch {
		case c.Before == nil:
			kinds = append(kinds, c.Kind+"+"+c.Key)
		case c.After == nil:
			kinds = append(kinds, c.Kind+"-"+c.Key)
		default:
			kinds = append(kinds, c.Kind+"~"+c.Key)
		}
	}
	got := strings.Join(kinds, " ")
	for _, want := range []string{"code-showing up", "code+presence", "relation-showing up\x1fsharing lived experience\x1fcontext", "relation+presence\x1fsharing lived experience\x1fcontext"} {
		if !strings.Contains(got, want) {
			t.Errorf("Diff = %q, missing %q", got, want)
		}
	}
	for _, c := range d {
		if c.Kind == "code" && c.Index != 0 {
			t.Errorf("code change %s at index %d, want 0", c.Key, c.Index)
		}
	}
}

// TestRevertKeepsLayout: reverting renames and edits gives back the
// hand-written file itself, comments and key order included, since the
// items put back keep their YAML nodes.
func TestRevertKeepsLayout(t *testing.T) {
	fresh, _ := readHandwritten(t)
	want, err := fresh.Encode()
	if err != nil {
		t.Fatal(err)
	}
	old, _ := readHandwritten(t)
	cur := old.Clone()
	if _, err := cur.RenameCode("Showing up", "Showing up consistently"); err != nil {
		t.Fatal(err)
	}
	cur.Code("Sharing lived experience").Description = "changed"
	cur.Core.Description = "changed too"
	if err := cur.SetParent("Paperwork", "Building Trust"); err != nil {
		t.Fatal(err)
	}
	if _, err := cur.AddCode("New", ""); err != nil {
		t.Fatal(err)
	}
	if err := cur.Revert(Diff(old, cur)); err != nil {
		t.Fatal(err)
	}
	got, err := cur.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("reverted file differs from the original\n--- got ---\n%s\n--- want ---\n%s", got, want)
	}
}
