package codebook

import (
	"errors"
	"strings"
	"testing"
)

// TestEditErrors checks that the editing methods refuse what would make
// the codebook invalid, and say why.
func TestEditErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(cb *Codebook) error
		is   error
		want string
	}{
		{"AddCode taken", func(cb *Codebook) error { _, err := cb.AddCode(" showing  UP ", ""); return err }, ErrExists, `code "showing UP" already exists`},
		{"AddCode empty", func(cb *Codebook) error { _, err := cb.AddCode("  ", ""); return err }, ErrInvalidName, "cannot be empty"},
		{"AddCode too long", func(cb *Codebook) error { _, err := cb.AddCode(strings.Repeat("x", MaxNameLen+1), ""); return err }, ErrInvalidName, "longer than 200 bytes"},
		{"AddCode no category", func(cb *Codebook) error { _, err := cb.AddCode("New", "Nowhere"); return err }, ErrNoCategory, `"Nowhere"`},
		{"RenameCode missing", func(cb *Codebook) error { _, err := cb.RenameCode("Nope", "X"); return err }, ErrNoCode, `"Nope"`},
		{"RenameCode onto another", func(cb *Codebook) error { _, err := cb.RenameCode("Showing up", "warm handoff"); return err }, ErrExists, `code "warm handoff" already exists`},
		{"RemoveCode missing", func(cb *Codebook) error { return cb.RemoveCode("Nope") }, ErrNoCode, ""},
		{"AddCategory taken", func(cb *Codebook) error { _, err := cb.AddCategory("outreach", "", ""); return err }, ErrExists, ""},
		{"AddCategory core name", func(cb *Codebook) error { _, err := cb.AddCategory("creating connection", "", ""); return err }, nil, "is the core category"},
		{"AddCategory no parent", func(cb *Codebook) error { _, err := cb.AddCategory("X", "Nowhere", ""); return err }, ErrNoCategory, "parent"},
		{"SetParent on a stage", func(cb *Codebook) error { return cb.SetParent("Building Trust", "Reliability") }, nil, "is a stage"},
		{"SetParent deep cycle", func(cb *Codebook) error {
			if err := cb.SetParent("Outreach", "Self-disclosure"); err != nil {
				return err
			}
			return cb.SetParent("Self-disclosure", "Outreach")
		}, nil, "would make a cycle"},
		{"SetParent self", func(cb *Codebook) error { return cb.SetParent("Outreach", "outreach") }, nil, "its own parent"},
		{"SetParent missing", func(cb *Codebook) error { return cb.SetParent("Nope", "") }, ErrNoCategory, ""},
		{"SetCore category name", func(cb *Codebook) error { _, err := cb.SetCore("Outreach", nil); return err }, nil, "already a category"},
		{"SetCore stage twice", func(cb *Codebook) error { _, err := cb.SetCore("C", []string{"A", "a"}); return err }, nil, "listed twice"},
		{"SetCore stage with parent", func(cb *Codebook) error { _, err := cb.SetCore("C", []string{"Reliability"}); return err }, nil, `has parent "Building Trust"`},
		{"Relate unknown", func(cb *Codebook) error { _, _, err := cb.Relate("Outreach", "Ghost", "condition", ""); return err }, nil, `"Ghost" is neither a category nor a code`},
		{"Relate no label", func(cb *Codebook) error { _, _, err := cb.Relate("Outreach", "Reliability", " ", ""); return err }, nil, "needs a label"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cb := decodeBase(t)
			before := itemsJSON(t, cb)
			err := tc.edit(cb)
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if tc.name != "SetParent deep cycle" && itemsJSON(t, cb) != before {
				t.Errorf("a refused edit changed the codebook")
			}
		})
	}
}

func TestRelateExisting(t *testing.T) {
	cb := decodeBase(t)
	r, isNew, err := cb.Relate("building trust", "BRIDGING TO SERVICES", "Condition", "")
	if err != nil || isNew || r != cb.Relations[0] {
		t.Errorf("Relate of an existing relation = %v, %v, %v", r, isNew, err)
	}
}

func TestRemoveCategoryMovesUp(t *testing.T) {
	cb := decodeBase(t)
	if err := cb.RemoveCategory("Building Trust"); err != nil {
		t.Fatal(err)
	}
	if got := cb.Category("Reliability").Parent; got != "" {
		t.Errorf("child's parent = %q", got)
	}
	if got := cb.Core.Stages; len(got) != 1 || got[0] != "Bridging to Services" {
		t.Errorf("stages = %q", got)
	}
	for _, r := range cb.Relations {
		if Key(r.From) == "building trust" || Key(r.To) == "building trust" {
			t.Errorf("relation to a removed category kept: %+v", r)
		}
	}
	if err := cb.Validate(); err != nil {
		t.Error(err)
	}
}

func TestRenameCodeFollowsRelations(t *testing.T) {
	cb := decodeBase(t)
	if _, err := cb.RenameCode("Showing up", "Presence"); err != nil {
		t.Fatal(err)
	}
	if r := cb.Relations[1]; r.From != "Presence" {
		t.Errorf("relation from = %q", r.From)
	}
	if err := cb.RemoveCode("presence"); err != nil {
		t.Fatal(err)
	}
	if len(cb.Relations) != 1 {
		t.Errorf("relation of a removed code kept: %+v", cb.Relations)
	}
}

// TestValidateColor: a colour set through the API (e.g. 'grounded code
// describe --color red') is checked before it is written, since Decode
// would refuse the file afterwards.
func TestValidateColor(t *testing.T) {
	cb := decodeBase(t)
	cb.Code("Showing up").Color = "red"
	err := cb.Validate()
	if err == nil || !strings.Contains(err.Error(), `code "Showing up": color "red": want #RRGGBB`) {
		t.Fatalf("Validate = %v", err)
	}
	cb.Code("Showing up").Color = "#A0b1C2"
	if err := cb.Validate(); err != nil {
		t.Fatal(err)
	}
}
