package export

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureCodebook has a core with three stages (the third without
// categories), a sub-category, a category outside the core, a code in no
// category, relations, and names that need escaping.
const fixtureCodebook = `version: 1
core:
  name: Creating Connection
  description: How a "peer" & a client connect.
  stages: [Building Trust, Fostering the Relationship, Bridging to Services]
categories:
  - name: Building Trust
    description: Stage 1, earning trust.
    when_to_use: First contacts.
  - name: Fostering the Relationship
    description: Stage 2.
  - name: Bridging to Services
    description: Stage 3.
  - name: Self-disclosure
    parent: Building Trust
    description: Using one's own story.
  - name: Sharing "lived" <experience>
    parent: Self-disclosure
    provisional: true
  - name: Caring for the helper
    description: Emergent.
codes:
  - name: Telling my story
    category: Self-disclosure
    description: The PSW tells their story.
  - name: Being honest
    category: Building Trust
  - name: Showing up
    category: Fostering the Relationship
  - name: Burnout
    category: Caring for the helper
  - name: Stray code
relations:
  - {from: Building Trust, to: Fostering the Relationship, as: condition}
  - {from: Caring for the helper, to: Fostering the Relationship, as: context}
`

func fixture(t *testing.T) Input {
	t.Helper()
	cb, err := codebook.Decode("codebook.yaml", []byte(fixtureCodebook))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	c := func(code, src string, turn, start, end int, quote, coder string) coding.Coding {
		return coding.Coding{ID: src + quote[:2], Code: code, Source: src, Turn: turn, Start: start, End: end, Quote: quote, Coder: coder, Created: at}
	}
	orphan := c("Telling my story", "P3", 1, 0, 4, "lost", "ann")
	orphan.Orphaned = true
	return Input{
		Codebook: cb,
		// Participant A gave two interviews (P1, P2); P10 sorts after P2.
		Sources: []*corpus.Source{
			{ID: "P1", Participant: "A"}, {ID: "P2", Participant: "A"},
			{ID: "P10", Participant: "B"}, {ID: "P3", Participant: "C"},
		},
		Codings: []coding.Coding{
			c("Telling my story", "P10", 2, 0, 6, "quote b", "ann"),
			c("Telling my story", "P2", 3, 0, 8, "quote a2", "ann"),
			c("Telling my story", "P1", 5, 0, 8, "quote a1", "ann"),
			c("Telling my story", "P1", 5, 0, 8, "quote a1", "bob"), // same span, second coder
			orphan,
			c("Being honest", "P2", 1, 3, 30, `I said "*no*" [twice]`, "ann"),
			c("Showing up", "P3", 2, 0, 5, "there", "ann"),
			c("Showing up", "P10", 4, 0, 5, "again", "bob"),
			c("Burnout", "P1", 7, 0, 5, "tired", "ann"),
			c("Stray code", "P10", 1, 0, 5, "stray", "ann"),
			c("Ghost", "P3", 3, 0, 5, "ghost", "ann"), // not in the codebook
		},
		Memos: []coding.Memo{
			{ID: "m1", Target: coding.Target{Kind: coding.TargetCode, Name: "telling my story"}, Author: "ann", Created: at, Body: "Stories open doors.\n\nSecond paragraph."},
			{ID: "m2", Target: coding.Target{Kind: coding.TargetCategory, Name: "Building Trust"}, Author: "bob", Created: at, Body: "Trust first."},
			{ID: "m3", Target: coding.Target{Kind: coding.TargetSource, Name: "P1"}, Author: "bob", Created: at, Body: "Not shown."},
		},
	}
}

// find returns the node with the given name below the roots.
func find(h *Hierarchy, name string) *Node {
	var out *Node
	for _, r := range h.Roots() {
		r.Walk(func(path []*Node) {
			if n := path[len(path)-1]; n.Name == name && out == nil {
				out = n
			}
		})
	}
	return out
}

// TestBuildCounts checks the tree and counts against numbers worked out
// by hand from the fixture.
func TestBuildCounts(t *testing.T) {
	h := Build(fixture(t), Options{Exemplars: 2})
	type want struct {
		kind, level                    string
		order                          int
		codings, sources, participants int
		children                       []string
	}
	for name, w := range map[string]want{
		// 5 codings (one orphaned, two on the same span) in P1, P2, P10,
		// P3: participants A (P1, P2), B (P10), C (P3).
		"Telling my story": {KindCode, LevelOpen, 0, 5, 4, 3, nil},
		"Self-disclosure":  {KindCategory, LevelAxial, 0, 5, 4, 3, []string{`Sharing "lived" <experience>`, "Telling my story"}},
		// + Being honest (P2, A): still 4 sources, 3 participants.
		"Building Trust": {KindStage, LevelAxial, 1, 6, 4, 3, []string{"Self-disclosure", "Being honest"}},
		// Showing up in P3 (C) and P10 (B).
		"Fostering the Relationship": {KindStage, LevelAxial, 2, 2, 2, 2, []string{"Showing up"}},
		"Bridging to Services":       {KindStage, LevelAxial, 3, 0, 0, 0, nil},
		"Creating Connection":        {KindCore, LevelSelective, 0, 8, 4, 3, []string{"Building Trust", "Fostering the Relationship", "Bridging to Services"}},
		"Caring for the helper":      {KindCategory, LevelAxial, 0, 1, 1, 1, []string{"Burnout"}},
		"Stray code":                 {KindCode, LevelOpen, 0, 1, 1, 1, nil},
		"Ghost":                      {KindCode, LevelOpen, 0, 1, 1, 1, nil},
	} {
		n := find(h, name)
		if n == nil {
			t.Errorf("%s: not in the tree", name)
			continue
		}
		var kids []string
		for _, c := range n.Children {
			kids = append(kids, c.Name)
		}
		got := want{n.Kind, n.Level, n.Order, n.Codings, n.Sources, n.Participants, kids}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, w)
		}
	}
	var un []string
	for _, n := range h.Unassigned {
		un = append(un, n.Name)
	}
	if want := []string{"Caring for the helper", "Stray code", "Ghost"}; !reflect.DeepEqual(un, want) {
		t.Errorf("unassigned = %q, want %q", un, want)
	}
}

// TestExemplars checks that exemplars come from different participants
// first, in natural source order, skipping orphaned codings and repeated
// spans.
func TestExemplars(t *testing.T) {
	in := fixture(t)
	for n, want := range map[int][]string{
		0: nil,
		1: {"P1#5:0-8"},
		// P2 is participant A again: B's P10 comes first.
		2: {"P1#5:0-8", "P10#2:0-6"},
		3: {"P1#5:0-8", "P10#2:0-6", "P2#3:0-8"},
		// The same span by bob and the orphaned P3 coding are never used.
		9: {"P1#5:0-8", "P10#2:0-6", "P2#3:0-8"},
	} {
		h := Build(in, Options{Exemplars: n})
		var got []string
		for _, e := range find(h, "Telling my story").Exemplars {
			got = append(got, e.Ref)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("exemplars %d: got %q, want %q", n, got, want)
		}
	}
	e := find(Build(in, Options{Exemplars: 2}), "Telling my story").Exemplars[1]
	if e != (Exemplar{Ref: "P10#2:0-6", Quote: "quote b", Participant: "B"}) {
		t.Errorf("exemplar = %+v", e)
	}
}

func TestNoCore(t *testing.T) {
	in := fixture(t)
	in.Codebook.Core = nil
	h := Build(in, Options{})
	if h.Core != nil {
		t.Fatal("core should be nil")
	}
	var un []string
	for _, n := range h.Unassigned {
		un = append(un, n.Name)
	}
	want := []string{"Building Trust", "Fostering the Relationship", "Bridging to Services", "Caring for the helper", "Stray code", "Ghost"}
	if !reflect.DeepEqual(un, want) {
		t.Errorf("unassigned = %q, want %q", un, want)
	}
	js, err := h.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"core": null,`)) {
		t.Errorf("JSON has no null core:\n%s", js)
	}
	if md := string(h.Markdown()); !strings.HasPrefix(md, "# Category hierarchy\n") || !strings.Contains(md, "## Not yet integrated") {
		t.Errorf("Markdown without a core:\n%s", md)
	}
}

// TestGolden compares every format with testdata/hierarchy.FORMAT.golden.
func TestGolden(t *testing.T) {
	h := Build(fixture(t), Options{Exemplars: 2})
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, h, format); err != nil {
				t.Fatal(err)
			}
			// Rendering twice gives the same bytes.
			var again bytes.Buffer
			if err := Render(&again, Build(fixture(t), Options{Exemplars: 2}), format); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Fatal("two renderings differ")
			}
			golden := filepath.Join("testdata", "hierarchy."+format+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/export -update)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (go test ./internal/export -update rewrites it):\n%s", format, golden, b.String())
			}
		})
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	err := Render(&bytes.Buffer{}, &Hierarchy{}, "pdf")
	if err == nil || !strings.Contains(err.Error(), "yaml, json, markdown, mermaid, dot, csv") {
		t.Errorf("err = %v", err)
	}
}

// TestYAMLSameShapeAsJSON decodes both and compares them.
func TestYAMLSameShapeAsJSON(t *testing.T) {
	h := Build(fixture(t), Options{Exemplars: 2})
	js, err := h.JSON()
	if err != nil {
		t.Fatal(err)
	}
	ym, err := h.YAML()
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON, fromYAML any
	if err := json.Unmarshal(js, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(ym, &fromYAML); err != nil {
		t.Fatal(err)
	}
	// Normalise YAML's ints to JSON's float64 through a JSON round trip.
	b, err := json.Marshal(fromYAML)
	if err != nil {
		t.Fatal(err)
	}
	var norm any
	if err := json.Unmarshal(b, &norm); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromJSON, norm) {
		t.Errorf("YAML and JSON differ:\n%s\n%s", js, ym)
	}
}

// TestMermaidStructure checks the flowchart's structure (no Mermaid CLI is
// available offline): the header, balanced subgraphs, safe ids, escaped
// labels and the labelled stage chain.
func TestMermaidStructure(t *testing.T) {
	out := string(Build(fixture(t), Options{}).Mermaid())
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if lines[0] != "flowchart LR" {
		t.Errorf("first line %q", lines[0])
	}
	depth := 0
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		switch {
		case f[0] == "subgraph":
			depth++
		case f[0] == "end":
			depth--
		case f[0] == "direction", f[0] == "classDef", f[0] == "class":
		default:
			// Every other line starts with a safe node id.
			id, _, _ := strings.Cut(f[0], "[")
			id, _, _ = strings.Cut(id, "(")
			if !safeID(id) {
				t.Errorf("unsafe id %q in %q", id, l)
			}
		}
		if depth < 0 {
			t.Fatalf("unbalanced end at %q", l)
		}
		if strings.Count(l, `"`)%2 != 0 {
			t.Errorf("odd number of quotes in %q", l)
		}
	}
	if depth != 0 {
		t.Errorf("%d subgraph(s) not closed", depth)
	}
	for _, want := range []string{
		`  subgraph n1["Creating Connection"]`,
		`    subgraph n2["1. Building Trust"]`,
		`      n5["Self-disclosure"]`,
		`      n6["Sharing #quot;lived#quot; #lt;experience#gt;"]`,
		`      n7["(no categories yet)"]`, // Fostering the Relationship has a code only
		`      n8["(no categories yet)"]`, // Bridging to Services is empty
		`  subgraph n9["Not yet integrated"]`,
		`    n10["Caring for the helper"]`,
		`  n2 -->|"condition"| n3`,
		`  n3 --> n4`,
		`  n5 --- n6`,
		`  n10 -.->|"context"| n3`,
		`  class n6 provisional`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("no line %q in\n%s", want, out)
		}
	}
}

func safeID(id string) bool {
	if len(id) < 2 || id[0] != 'n' {
		return false
	}
	for _, r := range id[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func TestLabelEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`a "b" \c`:   `"a \"b\" \\c"`,
		"two\nlines": `"two lines"`,
	} {
		if got := dotQuote(in); got != want {
			t.Errorf("dotQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got, want := mermaidLabel(`#1 "x" <b> & `+"`y`"), `#35;1 #quot;x#quot; #lt;b#gt; #amp; #96;y#96;`; got != want {
		t.Errorf("mermaidLabel = %q, want %q", got, want)
	}
	for in, want := range map[string]string{
		"*bold* _it_ [x]": `\*bold\* \_it\_ \[x\]`,
		"- not a list":    `\- not a list`,
		"12. not a list":  `12\. not a list`,
		"# not a heading": `\# not a heading`,
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDOTRenders runs Graphviz on the DOT output when it is installed.
func TestDOTRenders(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz 'dot' is not on PATH; install graphviz to run this test (CI does)")
	}
	for name, in := range map[string]Input{"fixture": fixture(t), "no core": {}} {
		if name == "no core" {
			in = fixture(t)
			in.Codebook.Core = nil
		}
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = bytes.NewReader(Build(in, Options{}).DOT())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("%s: dot -Tsvg: %v\n%s", name, err, stderr.String())
		}
		svg := string(out)
		for _, want := range []string{"<svg", "Creating Connection", "1. Building Trust", "Sharing &quot;lived&quot; &lt;experience&gt;"} {
			if name == "no core" && (want == "Creating Connection" || want == "1. Building Trust") {
				continue
			}
			if !strings.Contains(svg, want) {
				t.Errorf("%s: the SVG has no %q", name, want)
			}
		}
	}
}

// A code named like a formula is written as text in the CSV form.
func TestHierarchyCSVFormulasNeutralised(t *testing.T) {
	in := fixture(t)
	in.Codebook.Code("Stray code").Name = "=1+1"
	out, err := Build(in, Options{}).CSV()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "'=1+1") || strings.Contains(string(out), ",=1+1") {
		t.Errorf("CSV:\n%s", out)
	}
}
