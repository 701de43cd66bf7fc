package codebook

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestDecodeErrors checks that every kind of problem Decode reports names
// the file, the line and the column of the offending node, and says what is
// wrong in words a researcher editing the file by hand can act on.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		// pos is "line:column" of the first error.
		pos  string
		want string
	}{
		{
			name: "unknown top-level key",
			yaml: "version: 1\ncodez: []\n",
			pos:  "2:1",
			want: `unknown key "codez" (known: version, core, categories, codes, relations)`,
		},
		{
			name: "unknown key in a code",
			yaml: "version: 1\ncodes:\n  - name: Trust\n    colour: \"#ffffff\"\n",
			pos:  "4:5",
			want: `code: unknown key "colour"`,
		},
		{
			name: "unknown key in a category",
			yaml: "version: 1\ncategories:\n  - name: A\n    parnet: B\n",
			pos:  "4:5",
			want: `category: unknown key "parnet"`,
		},
		{
			name: "unknown key in the core",
			yaml: "version: 1\ncore:\n  name: C\n  stage: [A]\n",
			pos:  "4:3",
			want: `core: unknown key "stage"`,
		},
		{
			name: "unknown key in a relation",
			yaml: "version: 1\ncategories:\n  - name: A\n  - name: B\nrelations:\n  - {from: A, to: B, kind: condition}\n",
			pos:  "6:22",
			want: `relation: unknown key "kind"`,
		},
		{
			name: "duplicate code after trimming and case folding",
			yaml: "version: 1\ncodes:\n  - name: Trust\n  - name: \" trust \"\n",
			pos:  "4:5",
			want: `duplicate code "trust" (first defined at line 3)`,
		},
		{
			name: "duplicate code after NFC normalisation",
			// "Zoë" precomposed and with a combining diaeresis.
			yaml: "version: 1\ncodes:\n  - name: \"Zo\u00eb\"\n  - name: \"Zoe\u0308\"\n",
			pos:  "4:5",
			want: `duplicate code "Zoë"`,
		},
		{
			name: "duplicate category",
			yaml: "version: 1\ncategories:\n  - name: Trust\n  - name: TRUST\n",
			pos:  "4:5",
			want: `duplicate category "TRUST" (first defined at line 3)`,
		},
		{
			name: "code in a category that does not exist",
			yaml: "version: 1\ncodes:\n  - name: Trust\n    category: Nowhere\n",
			pos:  "3:5",
			want: `code "Trust": category "Nowhere" does not exist`,
		},
		{
			name: "parent that does not exist",
			yaml: "version: 1\ncategories:\n  - name: A\n    parent: Z\n",
			pos:  "3:5",
			want: `category "A": parent "Z" does not exist`,
		},
		{
			name: "cycle of parents",
			yaml: "version: 1\ncategories:\n  - name: A\n    parent: B\n  - name: B\n    parent: A\n",
			pos:  "3:5",
			want: `category "A": its parents form a cycle through "A"`,
		},
		{
			name: "category that is its own parent",
			yaml: "version: 1\ncategories:\n  - name: A\n    parent: a\n",
			pos:  "3:5",
			want: `category "A": its parents form a cycle`,
		},
		{
			name: "stage that is not a category",
			yaml: "version: 1\ncore:\n  name: C\n  stages: [Building Trust]\n",
			pos:  "3:3",
			want: `core: stage "Building Trust" is not a category; add it under categories:`,
		},
		{
			name: "stage listed twice",
			yaml: "version: 1\ncore:\n  name: C\n  stages: [A, a]\ncategories:\n  - name: A\n",
			pos:  "3:3",
			want: `core: stage "a" is listed twice`,
		},
		{
			name: "stage with a parent",
			yaml: "version: 1\ncore:\n  name: C\n  stages: [A]\ncategories:\n  - name: B\n  - name: A\n    parent: B\n",
			pos:  "7:5",
			want: `stage "A" must not have a parent`,
		},
		{
			name: "core that is also a category",
			yaml: "version: 1\ncore:\n  name: A\ncategories:\n  - name: A\n",
			pos:  "3:3",
			want: `core: "A" is also a category`,
		},
		{
			name: "relation from a category that does not exist",
			yaml: "version: 1\ncategories:\n  - name: A\nrelations:\n  - from: Nowhere\n    to: A\n    as: condition\n",
			pos:  "5:5",
			want: `relation: "Nowhere" is neither a category nor a code`,
		},
		{
			name: "relation to a category that does not exist",
			yaml: "version: 1\ncategories:\n  - name: A\nrelations:\n  - {from: A, to: Nowhere, as: context}\n",
			pos:  "5:5",
			want: `relation: "Nowhere" is neither a category nor a code`,
		},
		{
			name: "relation without an end",
			yaml: "version: 1\ncategories:\n  - name: A\nrelations:\n  - {from: A, as: context}\n",
			pos:  "5:5",
			want: `relation: needs both from and to`,
		},
		{
			name: "YAML syntax error",
			yaml: "version: 1\ncodes:\n  - name: Trust\n  - name: [unclosed\n",
			pos:  "4:1",
			want: `YAML syntax: did not find expected ',' or ']'`,
		},
		{
			name: "YAML syntax error on the first line",
			yaml: "[unclosed\n",
			pos:  "1:1",
			want: `YAML syntax: did not find expected ',' or ']'`,
		},
		{
			name: "YAML key indented wrongly",
			yaml: "version: 1\ncodes:\n  - name: A\n bad: x\n",
			pos:  "4:1",
			want: `YAML syntax: did not find expected key`,
		},
		{
			name: "YAML unterminated quote",
			yaml: "version: 1\ncodes:\n  - name: \"Trust\n",
			pos:  "3:1",
			want: `YAML syntax: found unexpected end of stream`,
		},
		{
			name: "YAML tab indentation",
			yaml: "version: 1\ncodes:\n\t- name: Trust\n",
			pos:  "3:1",
			want: `YAML syntax: found character that cannot start any token`,
		},
		{
			name: "version newer than supported",
			yaml: "version: 2\ncodes: []\n",
			pos:  "1:1",
			want: `codebook version 2 is newer than this grounded understands (1); upgrade grounded`,
		},
		{
			name: "missing version",
			yaml: "codes:\n  - name: Trust\n",
			pos:  "1:1",
			want: `missing 'version: 1'`,
		},
		{
			name: "version that is not a number",
			yaml: "version: one\n",
			pos:  "1:10",
			want: `version: want a whole number`,
		},
		{
			name: "key twice",
			yaml: "version: 1\ncodes: []\ncodes: []\n",
			pos:  "3:1",
			want: `key "codes" appears twice`,
		},
		{
			name: "codes not a list",
			yaml: "version: 1\ncodes:\n  name: Trust\n",
			pos:  "3:3",
			want: `codes: want a list`,
		},
		{
			name: "code without a name",
			yaml: "version: 1\ncodes:\n  - description: no name\n",
			pos:  "3:5",
			want: `code: missing name`,
		},
		{
			name: "bad colour",
			yaml: "version: 1\ncodes:\n  - name: Trust\n    color: red\n",
			pos:  "4:12",
			want: `color "red": want #RRGGBB`,
		},
		{
			name: "provisional not a boolean",
			yaml: "version: 1\ncategories:\n  - name: A\n    provisional: maybe\n",
			pos:  "4:18",
			want: `provisional: want true or false`,
		},
		{
			name: "root not a mapping",
			yaml: "- a\n- b\n",
			pos:  "1:1",
			want: `a codebook is a mapping`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cb, err := Decode("book.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("Decode accepted:\n%s\ngot %+v", tc.yaml, cb)
			}
			if cb != nil {
				t.Errorf("Decode returned a codebook along with the error")
			}
			if !IsDecodeError(err) {
				t.Fatalf("error %T is not a decode error: %v", err, err)
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not a non-empty Errors: %#v", err)
			}
			first := es[0]
			if first.File != "book.yaml" {
				t.Errorf("File = %q, want book.yaml", first.File)
			}
			if got := fmt.Sprintf("%d:%d", first.Line, first.Column); got != tc.pos {
				t.Errorf("position = %s, want %s (error: %v)", got, tc.pos, err)
			}
			msg := first.Error()
			if !strings.HasPrefix(msg, "book.yaml:"+tc.pos+": ") {
				t.Errorf("message %q does not start with book.yaml:%s: ", msg, tc.pos)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("message %q does not contain %q", msg, tc.want)
			}
		})
	}
}

// TestDecodeReportsEveryProblem checks that Decode does not stop at the
// first problem: a researcher fixing a file by hand sees all of them, in
// file order.
func TestDecodeReportsEveryProblem(t *testing.T) {
	src := `version: 1
categories:
  - name: A
    parent: Missing
codes:
  - name: One
    category: Nowhere
  - name: one
relations:
  - {from: A, to: Ghost, as: condition}
`
	_, err := Decode("b.yaml", []byte(src))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v", err)
	}
	var lines []int
	for _, e := range es {
		lines = append(lines, e.Line)
	}
	if want := []int{3, 6, 8, 10}; fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("error lines = %v, want %v\n%v", lines, want, err)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != len(es) {
		t.Errorf("Error() has %d lines for %d problems", n, len(es))
	}
}

// TestDecodeValid checks what a valid codebook decodes to: cleaned names,
// stages in order, parents, codes in categories and relations.
func TestDecodeValid(t *testing.T) {
	src := `# comment
version: 1
core:
  name: Creating Connection
  description: the core
  stages: [Building Trust, "  Bridging   to Services "]
categories:
  - name: Building Trust
  - name: Bridging to Services
  - name: Self-disclosure
    parent: building trust
    provisional: true
codes:
  - name: Sharing lived experience
    category: Self-disclosure
    color: "#1f77b4"
    when_to_use: |
      Two
      lines
relations:
  - {from: Building Trust, to: Bridging to Services, as: condition, note: first}
`
	cb, err := Decode("b.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if cb.Version != 1 || cb.Core == nil || cb.Core.Name != "Creating Connection" {
		t.Fatalf("core = %+v", cb.Core)
	}
	if got := fmt.Sprint(cb.Core.Stages); got != "[Building Trust Bridging to Services]" {
		t.Errorf("stages = %s", got)
	}
	if got := cb.StageOf("Self-disclosure"); got != "Building Trust" {
		t.Errorf("StageOf(Self-disclosure) = %q", got)
	}
	if got := cb.StageIndex("bridging to services"); got != 1 {
		t.Errorf("StageIndex = %d", got)
	}
	sd := cb.Category("SELF-DISCLOSURE")
	if sd == nil || !sd.Provisional || sd.Parent != "building trust" {
		t.Errorf("Self-disclosure = %+v", sd)
	}
	if got := cb.Ancestors("Self-disclosure"); fmt.Sprint(got) != "[Building Trust]" {
		t.Errorf("Ancestors = %v", got)
	}
	if ch := cb.Children("Building Trust"); len(ch) != 1 || ch[0].Name != "Self-disclosure" {
		t.Errorf("Children = %v", ch)
	}
	c := cb.Code(" sharing LIVED experience ")
	if c == nil || c.Color != "#1f77b4" || c.WhenToUse != "Two\nlines\n" {
		t.Fatalf("code = %+v", c)
	}
	if in := cb.CodesIn("self-disclosure"); len(in) != 1 || in[0] != c {
		t.Errorf("CodesIn = %v", in)
	}
	if len(cb.Relations) != 1 || cb.Relations[0].As != "condition" || cb.Relations[0].Note != "first" {
		t.Errorf("relations = %+v", cb.Relations)
	}
}

func TestDecodeEmpty(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n"} {
		cb, err := Decode("b.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if cb.Version != Version || len(cb.Codes)+len(cb.Categories)+len(cb.Relations) != 0 || cb.Core != nil {
			t.Errorf("%q decoded to %+v", src, cb)
		}
	}
}

func TestCategoryWhenNotToUseAndExample(t *testing.T) {
	src := "version: 1\ncategories:\n  - name: Building Trust # kept\n    when_not_to_use: Later stages.\n    example: \"She showed up.\"\n"
	cb, err := Decode("codebook.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := cb.Category("Building Trust")
	if c.WhenNotToUse != "Later stages." || c.Example != "She showed up." {
		t.Fatalf("category %+v", c)
	}
	c.Example = "Changed."
	out, err := cb.Encode()
	if err != nil || !strings.Contains(string(out), "Changed.") || !strings.Contains(string(out), "when_not_to_use: Later stages.") || !strings.Contains(string(out), "# kept") {
		t.Fatalf("encode: %v\n%s", err, out)
	}
	_, err = Decode("codebook.yaml", []byte("version: 1\ncategories:\n  - name: X\n    when_not_to_use: [a, b]\n"))
	if err == nil || !strings.Contains(err.Error(), "codebook.yaml:4:22: category when_not_to_use: want text") {
		t.Fatalf("err %v, want a positioned error", err)
	}
}
