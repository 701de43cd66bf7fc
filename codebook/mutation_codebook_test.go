package codebook

// Tests written while triaging the surviving mutants of this package
// (docs/mutation/codebook.md lists which mutant each one kills). Each pins
// a behaviour a caller or a researcher can see.

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestStageOfAStageItself: a stage belongs to itself; an unknown category
// to no stage.
func TestStageOfAStageItself(t *testing.T) {
	cb := decodeBase(t)
	for in, want := range map[string]string{
		"Building Trust":  "Building Trust", // the category is the stage
		"building trust":  "Building Trust",
		"Self-disclosure": "Building Trust", // under a stage
		"Outreach":        "",               // under no stage
		"Nowhere":         "",               // no such category
	} {
		if got := cb.StageOf(in); got != want {
			t.Errorf("StageOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDecodeErrorWithoutPosition: an error that has no position (an item
// made in code, not read from the file) names the file alone, not a
// made-up line 0.
func TestDecodeErrorWithoutPosition(t *testing.T) {
	e := &DecodeError{File: "codebook.yaml", Err: errors.New("duplicate code")}
	if got, want := e.Error(), "codebook.yaml: duplicate code"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e.Line, e.Column = 1, 1
	if got, want := e.Error(), "codebook.yaml:1:1: duplicate code"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestDecodeSyntaxErrorAtEndOfFile: a syntax error at the end of a file
// that does not end in a newline is reported on its last line.
func TestDecodeSyntaxErrorAtEndOfFile(t *testing.T) {
	for _, in := range []string{"version: 1\ncodes: [a, b", "version: 1\ncodes: [a, b\n"} {
		_, err := Decode("codebook.yaml", []byte(in))
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Fatalf("%q: err = %v, want one DecodeError", in, err)
		}
		if es[0].Line != 2 {
			t.Errorf("%q: error on line %d, want 2 (the last line): %v", in, es[0].Line, err)
		}
	}
}

// TestLineCount: lines are counted as an editor shows them; an empty file
// has one (empty) line.
func TestLineCount(t *testing.T) {
	for in, want := range map[string]int{"": 1, "\n": 1, "a": 1, "a\n": 1, "a\nb": 2, "a\nb\n": 2, "\n\n": 2} {
		if got := lineCount([]byte(in)); got != want {
			t.Errorf("lineCount(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestDecodeEmptyCore: an empty or null core is no core, not an error.
func TestDecodeEmptyCore(t *testing.T) {
	for _, in := range []string{"version: 1\ncore:\n", "version: 1\ncore: ~\n", "version: 1\ncore: null\n"} {
		cb, err := Decode("codebook.yaml", []byte(in))
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if cb.Core != nil {
			t.Errorf("%q: core = %+v, want none", in, cb.Core)
		}
	}
	// A core given as text is an error, not silently no core.
	if _, err := Decode("codebook.yaml", []byte("version: 1\ncore: Creating Connection\n")); err == nil || !strings.Contains(err.Error(), "codebook.yaml:2:7: core: want a mapping") {
		t.Errorf("core as text: err = %v", err)
	}
}

// TestDecodeMissingAndEmptyNames: every kind of item reports a missing or
// empty name at its own position.
func TestDecodeMissingAndEmptyNames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"version: 1\ncore:\n  description: x\n", "codebook.yaml:3:3: core: missing name"},
		{"version: 1\ncategories:\n  - description: x\n", "codebook.yaml:3:5: category: missing name"},
		{"version: 1\ncodes:\n  - name: \"\"\n", "codebook.yaml:3:11: code name: empty name"},
		{"version: 1\ncategories:\n  - name:\n", "codebook.yaml:3:10: category name: empty name"},
	} {
		_, err := Decode("codebook.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestDecodeRelationToCore: a relation may name the core category.
func TestDecodeRelationToCore(t *testing.T) {
	in := base + "  - {from: Outreach, to: creating connection, as: consequence}\n"
	cb, err := Decode("codebook.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cb.Relations); n != 3 {
		t.Errorf("%d relations, want 3", n)
	}
}

// TestValidateSameLineInCheckOrder: problems found on one item (one line)
// are listed in the order the checks run, lines ascending.
func TestValidateSameLineInCheckOrder(t *testing.T) {
	in := `version: 1
codes:
  - name: B
    category: Missing
    disconfirms: Nowhere
  - name: A
    category: Gone
`
	_, err := Decode("codebook.yaml", []byte(in))
	if err == nil {
		t.Fatal("no error")
	}
	want := `codebook.yaml:3:5: code "B": category "Missing" does not exist; add it under categories: or fix the name
codebook.yaml:3:5: code "B": disconfirms "Nowhere" is not a stage of the core; name one of core.stages
codebook.yaml:6:5: code "A": category "Gone" does not exist; add it under categories: or fix the name`
	if err.Error() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", err, want)
	}
}

// TestRevertChangesInAnyOrder: Revert puts removed items back by their old
// index whatever the order of the changes it is given (history may hold
// them in another order than Diff made them).
func TestRevertChangesInAnyOrder(t *testing.T) {
	old := decodeBase(t)
	cur := old.Clone()
	// Remove the first and the third code: [Showing up, Sharing, Warm handoff, Loose ends] → [Sharing, Loose ends].
	for _, n := range []string{"Showing up", "Warm handoff"} {
		if err := cur.RemoveCode(n); err != nil {
			t.Fatal(err)
		}
	}
	changes := Diff(old, cur)
	for i, j := 0, len(changes)-1; i < j; i, j = i+1, j-1 {
		changes[i], changes[j] = changes[j], changes[i]
	}
	if err := cur.Revert(changes); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names(cur.Codes), "|"), "Showing up|Sharing lived experience|Warm handoff|Loose ends"; got != want {
		t.Errorf("codes after Revert: %s, want %s", got, want)
	}
}

// TestRevertCoreKeepsItsLayout: reverting a change of the core alone keeps
// the core's comments and key order.
func TestRevertCoreKeepsItsLayout(t *testing.T) {
	in := `version: 1
core:
  stages: [A] # the one stage
  # why this name
  name: X
  description: first
categories:
  - name: A
`
	old, err := Decode("codebook.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	cur := old.Clone()
	cur.Core.Description = "second"
	if err := cur.Revert(Diff(old, cur)); err != nil {
		t.Fatal(err)
	}
	out, err := cur.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("reverted:\n%s\nwant:\n%s", out, in)
	}
}

// TestSetDisconfirmsStages: any stage may be named, the first included;
// the error says what the stages are, or that there are none.
func TestSetDisconfirmsStages(t *testing.T) {
	cb, err := Decode("codebook.yaml", []byte(disconfirmsYAML))
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"building trust", "BRIDGING"} {
		if err := cb.SetDisconfirms("Showing up", stage); err != nil {
			t.Errorf("SetDisconfirms(%q): %v", stage, err)
		}
	}
	if got := cb.Code("Showing up").Disconfirms; got != "Bridging" {
		t.Errorf("Disconfirms = %q, want the stage's own spelling", got)
	}
	err = cb.SetDisconfirms("Showing up", "Trusting")
	if want := `"Trusting" is not a stage; the stages are ["Building Trust" "Bridging"]`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	const noStages = `"Trusting" is not a stage: the codebook has no core category with stages`
	cb.Core.Stages = nil
	if err := cb.SetDisconfirms("Showing up", "Trusting"); err == nil || err.Error() != noStages {
		t.Errorf("core without stages: err = %v", err)
	}
	cb.Core = nil
	if err := cb.SetDisconfirms("Showing up", "Trusting"); err == nil || err.Error() != noStages {
		t.Errorf("no core: err = %v", err)
	}
}

// TestCheckNameBounds: a name of exactly MaxNameLen bytes is accepted; a
// control or invisible character is refused wherever it stands, the first
// position included.
func TestCheckNameBounds(t *testing.T) {
	if _, err := CheckName(strings.Repeat("x", MaxNameLen)); err != nil {
		t.Errorf("name of %d bytes: %v", MaxNameLen, err)
	}
	if _, err := CheckName(strings.Repeat("x", MaxNameLen+1)); !errors.Is(err, ErrInvalidName) {
		t.Errorf("name of %d bytes: err = %v", MaxNameLen+1, err)
	}
	for _, n := range []string{"\u200bTrust", "Tr\u200bust", "Trust\u200b", "\u202eTrust", "\x7fTrust"} {
		if _, err := CheckName(n); !errors.Is(err, ErrInvalidName) {
			t.Errorf("CheckName(%q): err = %v, want ErrInvalidName", n, err)
		}
	}
}

// TestSetParentNested: a category may move under a nested one; only a
// move under its own descendant is a cycle.
func TestSetParentNested(t *testing.T) {
	cb := decodeBase(t)
	if err := cb.SetParent("Outreach", "Self-disclosure"); err != nil {
		t.Fatalf("Outreach under Self-disclosure: %v", err)
	}
	if got := strings.Join(cb.Ancestors("Outreach"), "|"); got != "Self-disclosure|Building Trust" {
		t.Errorf("ancestors %s", got)
	}
	if err := cb.SetParent("Self-disclosure", "Outreach"); err == nil || !strings.Contains(err.Error(), "would make a cycle") {
		t.Errorf("Self-disclosure under its child: err = %v", err)
	}
}

// TestRelateToCore: a relation may start or end at the core category.
func TestRelateToCore(t *testing.T) {
	cb := decodeBase(t)
	r, isNew, err := cb.Relate("Outreach", "creating connection", "consequence", "")
	if err != nil || !isNew {
		t.Fatalf("Relate: %v, new %v", err, isNew)
	}
	if r.To != "Creating Connection" {
		t.Errorf("To = %q, want the core's spelling", r.To)
	}
}

// encodeAfter decodes in, applies edit and returns the encoded file.
func encodeAfter(t *testing.T, in string, edit func(cb *Codebook)) string {
	t.Helper()
	cb, err := Decode("codebook.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	edit(cb)
	out, err := cb.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode("codebook.yaml", out); err != nil {
		t.Fatalf("encoded codebook does not decode: %v\n%s", err, out)
	}
	return string(out)
}

// TestEncodeKeysInFirstPlace: a hand-written file may put any key first;
// the encoder finds, replaces and removes keys at the first position as at
// any other, keeping their style and comments.
func TestEncodeKeysInFirstPlace(t *testing.T) {
	tests := []struct {
		name, in string
		edit     func(cb *Codebook)
		want     string
	}{
		{"core first, unchanged", "core:\n  name: X\nversion: 1\n", func(*Codebook) {},
			"core:\n  name: X\nversion: 1\n"},
		{"categories first in flow style", "categories: [{name: A}, {name: B}]\nversion: 1\n", func(cb *Codebook) { cb.Categories[1].Description = "b" },
			"categories: [{name: A}, {name: B, description: b}]\nversion: 1\n"},
		{"codes first, null, then one added", "codes:\nversion: 1\n", func(cb *Codebook) { _, _ = cb.AddCode("A", "") },
			"codes:\n  - name: A\n    color: '#4e79a7'\nversion: 1\n"},
		{"parent first, removed", "version: 1\ncategories:\n  - parent: A\n    name: B\n  - name: A\n", func(cb *Codebook) { _ = cb.SetParent("B", "") },
			"version: 1\ncategories:\n  - name: B\n  - name: A\n"},
		{"stages first in flow style, one added", "version: 1\ncore:\n  stages: [A, B] # order matters\n  name: X\ncategories:\n  - name: A\n  - name: B\n  - name: C\n",
			func(cb *Codebook) { cb.Core.Stages = append(cb.Core.Stages, "C") },
			"version: 1\ncore:\n  stages: [A, B, C] # order matters\n  name: X\ncategories:\n  - name: A\n  - name: B\n  - name: C\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := encodeAfter(t, tc.in, tc.edit); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestEncodeKeepsStageComments: adding a stage keeps the comments on the
// stages already listed.
func TestEncodeKeepsStageComments(t *testing.T) {
	in := "version: 1\ncore:\n  name: X\n  stages:\n    - A # first\n    - B\ncategories:\n  - name: A\n  - name: B\n  - name: C\n"
	got := encodeAfter(t, in, func(cb *Codebook) { cb.Core.Stages = append(cb.Core.Stages, "C") })
	want := "version: 1\ncore:\n  name: X\n  stages:\n    - A # first\n    - B\n    - C\ncategories:\n  - name: A\n  - name: B\n  - name: C\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestEncodeScalarStyle: a block scalar edited to one line becomes plain;
// a quoted one stays quoted.
func TestEncodeScalarStyle(t *testing.T) {
	in := "version: 1\ncodes:\n  - name: A\n    description: |\n      one\n      two\n    example: \"quoted\"\n"
	got := encodeAfter(t, in, func(cb *Codebook) {
		cb.Codes[0].Description = "one line"
		cb.Codes[0].Example = "still quoted"
	})
	want := "version: 1\ncodes:\n  - name: A\n    description: one line\n    example: \"still quoted\"\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestKeyFastEdges: the allocation-free path agrees with the full
// normalisation at the edges of what it accepts: 'Z', a lone byte 0x80
// (not ASCII), '~' and ' ' (the printable ends).
func TestKeyFastEdges(t *testing.T) {
	for _, s := range []string{"Zebra", "ZZ top", "a\x80b", "\x80", "~tilde~", "a b", "!", "A~Z"} {
		want := strings.ToLower(cleanSlow(s))
		if got := Key(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	}
}

// cleanSlow is CleanName without its fast path.
func cleanSlow(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// TestSimpleName pins which names take the fast path: printable ASCII
// without leading, trailing or repeated spaces.
func TestSimpleName(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "a": true, "Trust building": true, "a b c": true, "~": true, "!x": true, "A-Z 0-9": true,
		" a": false, "a ": false, "a  b": false, "a\tb": false, "a\x1fb": false, "a\x7fb": false, "a\x80b": false, "Zoë": false,
	} {
		if got := simpleName(s); got != want {
			t.Errorf("simpleName(%q) = %v, want %v", s, got, want)
		}
		if want && cleanSlow(s) != s {
			t.Errorf("%q is simple but the full cleaning changes it to %q", s, cleanSlow(s))
		}
	}
}

// manyCodes returns a codebook of n codes c0..c(n-1), built as a literal
// (no lookup cache) or with New.
func manyCodes(n int, literal bool) *Codebook {
	cb := New()
	if literal {
		cb = &Codebook{Version: Version}
	}
	for i := range n {
		cb.Codes = append(cb.Codes, &Code{Name: fmt.Sprintf("c%d", i)})
	}
	return cb
}

// TestLookupLiteralCodebook: a Codebook built as a struct literal (no
// lookup cache) finds its items at any size.
func TestLookupLiteralCodebook(t *testing.T) {
	cb := manyCodes(20, true)
	cb.Categories = []*Category{{Name: "A"}, {Name: "B"}, {Name: "C"}, {Name: "D"}, {Name: "E"}, {Name: "F"}, {Name: "G"}, {Name: "H"}, {Name: "I"}}
	if c := cb.Code("C19"); c == nil || c.Name != "c19" {
		t.Errorf("Code(C19) = %v", c)
	}
	if c := cb.Category("i"); c == nil || c.Name != "I" {
		t.Errorf("Category(i) = %v", c)
	}
}

// TestLookupAfterShortening: a caller that shortens the slice in place
// (same backing array) gets no stale hit, and no panic.
func TestLookupAfterShortening(t *testing.T) {
	cb := manyCodes(20, false)
	if cb.Code("c19") == nil {
		t.Fatal("c19 not found")
	}
	cb.Codes = cb.Codes[:10]
	if c := cb.Code("c19"); c != nil {
		t.Errorf("Code(c19) after shortening = %v, want nil", c)
	}
	if c := cb.Code("c9"); c == nil || c.Name != "c9" {
		t.Errorf("Code(c9) = %v", c)
	}
}

// TestLookupIndexReused: the index is built once and reused while the
// codebook does not change (whole-project commands look a code up once per
// coding), and rebuilt when the slice changes.
func TestLookupIndexReused(t *testing.T) {
	cb := manyCodes(20, false)
	_ = cb.Code("c3")
	first := cb.idx.code.Load()
	if first == nil {
		t.Fatal("no index built for 20 codes")
	}
	for i := range 20 {
		if c := cb.Code(fmt.Sprintf("C%d", i)); c == nil {
			t.Fatalf("c%d not found", i)
		}
	}
	if cb.idx.code.Load() != first {
		t.Error("the index was rebuilt though the codes did not change")
	}
	if _, err := cb.AddCode("new", ""); err != nil {
		t.Fatal(err)
	}
	if cb.Code("new") == nil || cb.idx.code.Load() == first {
		t.Error("the index was not rebuilt after a code was added")
	}
}
