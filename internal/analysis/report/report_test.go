package report

import (
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// The fixture: two stages, three sub-categories, four codes (one without a
// category), four sources of four participants (S4 uncoded), and eight
// codings of which one is orphaned and does not count.
//
//	Trust (stage)        Bridging (stage)
//	├ Disclosure: SS     └ Handoffs: WH
//	└ Presence:   SU     (no category): SC
//
//	S1 (P1):  #1 SS [0,10) a, SU [5,15) a    (overlap)
//	          #2 SU [0,5) a,  WH [10,20) b   (no overlap)
//	S2 (P10): #1 SS [0,5) a,  SC [0,5) a     (overlap)
//	S3 (P2):  #1 WH [0,5) a;  #2 WH orphaned
//	S4 (P3):  nothing
const fixtureCodebook = `version: 1
core:
  name: Connection
  stages: [Trust, Bridging]
categories:
  - name: Trust
  - name: Bridging
  - name: Disclosure
    parent: Trust
  - name: Presence
    parent: Trust
  - name: Handoffs
    parent: Bridging
codes:
  - name: Sharing story
    category: Disclosure
  - name: Showing up
    category: Presence
  - name: Warm handoff
    category: Handoffs
  - name: Self-care
`

func fixture(t *testing.T) *Input {
	t.Helper()
	cb, err := codebook.Decode("codebook.yaml", []byte(fixtureCodebook))
	if err != nil {
		t.Fatal(err)
	}
	c := func(code, src string, turn, s, e int, coder string) coding.Coding {
		return coding.Coding{ID: code + src + string(rune('0'+turn)) + coder, Code: code, Source: src, Turn: turn, Start: s, End: e, Coder: coder}
	}
	orphan := c("Warm handoff", "S3", 2, 0, 5, "a")
	orphan.Orphaned = true
	cs := []coding.Coding{
		c("Sharing story", "S1", 1, 0, 10, "a"),
		c("Showing up", "S1", 1, 5, 15, "a"),
		c("Showing up", "S1", 2, 0, 5, "a"),
		c("Warm handoff", "S1", 2, 10, 20, "b"),
		c("Sharing story", "S2", 1, 0, 5, "a"),
		c("Self-care", "S2", 1, 0, 5, "a"),
		c("Warm handoff", "S3", 1, 0, 5, "a"),
		orphan,
	}
	text := strings.Repeat("x", 30)
	turns := map[string][]corpus.Turn{}
	for id, n := range map[string]int{"S1": 3, "S2": 2, "S3": 2, "S4": 1} {
		for i := 1; i <= n; i++ {
			turns[id] = append(turns[id], corpus.Turn{N: i, Speaker: "X", Text: text})
		}
	}
	return &Input{
		Codebook: cb,
		Codings:  cs,
		Sources: []*corpus.Source{
			{ID: "S1", Participant: "P1"}, {ID: "S2", Participant: "P10"},
			{ID: "S3", Participant: "P2"}, {ID: "S4", Participant: "P3"},
		},
		Attributes: []string{"setting", "years"},
		Participants: []corpus.Participant{
			{ID: "P1", Attributes: map[string]string{"setting": "ED", "years": "12"}},
			{ID: "P10", Attributes: map[string]string{"setting": "ED", "years": "3"}},
			{ID: "P2", Attributes: map[string]string{"setting": "Outreach", "years": "9"}},
			{ID: "P3", Attributes: map[string]string{}},
		},
		Texts: NewTexts(turns),
	}
}

func TestFrequenciesCode(t *testing.T) {
	ft, err := Frequencies(fixture(t), LevelCode, By{Kind: "participant"})
	if err != nil {
		t.Fatal(err)
	}
	// Columns in natural order: P1 < P2 < P3 < P10; P3 has no codings.
	if want := []string{"P1", "P2", "P3", "P10"}; !reflect.DeepEqual(ft.Columns, want) {
		t.Fatalf("columns %v, want %v", ft.Columns, want)
	}
	want := []FrequencyRow{
		{"Sharing story", []int{1, 0, 0, 1}, 2, 2}, // S1 (P1) and S2 (P10)
		{"Showing up", []int{2, 0, 0, 0}, 2, 1},    // S1#1 and S1#2, both P1
		{"Warm handoff", []int{1, 1, 0, 0}, 2, 2},  // S1 by b, S3; the orphan not counted
		{"Self-care", []int{0, 0, 0, 1}, 1, 1},
	}
	if !reflect.DeepEqual(ft.Rows, want) {
		t.Errorf("rows\n%v\nwant\n%v", ft.Rows, want)
	}
	if ft.Uncounted != 0 {
		t.Errorf("uncounted %d, want 0", ft.Uncounted)
	}
}

func TestFrequenciesCategoryAndStage(t *testing.T) {
	in := fixture(t)
	ft, err := Frequencies(in, LevelCategory, By{Kind: "participant"})
	if err != nil {
		t.Fatal(err)
	}
	// Trust = Disclosure (SS: P1, P10) + Presence (SU: P1 ×2): P1 3, P10 1.
	want := []FrequencyRow{
		{"Trust", []int{3, 0, 0, 1}, 4, 2},
		{"Bridging", []int{1, 1, 0, 0}, 2, 2},
		{"Disclosure", []int{1, 0, 0, 1}, 2, 2},
		{"Presence", []int{2, 0, 0, 0}, 2, 1},
		{"Handoffs", []int{1, 1, 0, 0}, 2, 2},
	}
	if !reflect.DeepEqual(ft.Rows, want) {
		t.Errorf("category rows\n%v\nwant\n%v", ft.Rows, want)
	}
	if ft.Uncounted != 1 { // Self-care has no category
		t.Errorf("uncounted %d, want 1", ft.Uncounted)
	}
	st, err := Frequencies(in, LevelStage, By{Kind: "source"})
	if err != nil {
		t.Fatal(err)
	}
	wantStage := []FrequencyRow{
		{"Trust", []int{3, 1, 0, 0}, 4, 2}, // columns S1 S2 S3 S4
		{"Bridging", []int{1, 0, 1, 0}, 2, 2},
	}
	if !reflect.DeepEqual(st.Rows, wantStage) {
		t.Errorf("stage rows\n%v\nwant\n%v", st.Rows, wantStage)
	}
}

func TestFrequenciesByAttribute(t *testing.T) {
	in := fixture(t)
	ft, err := Frequencies(in, LevelCode, By{Kind: "attr", Attr: "SETTING"})
	if err != nil {
		t.Fatal(err)
	}
	if ft.By != "attr:setting" {
		t.Errorf("by %q, want the attribute's own spelling", ft.By)
	}
	if want := []string{"ED", "Outreach", NoValue}; !reflect.DeepEqual(ft.Columns, want) {
		t.Fatalf("columns %v, want %v", ft.Columns, want)
	}
	// Warm handoff: S1 (P1, ED) and S3 (P2, Outreach).
	if got := ft.Rows[2].Counts; !reflect.DeepEqual(got, []int{1, 1, 0}) {
		t.Errorf("Warm handoff by setting %v", got)
	}
	_, err = Frequencies(in, LevelCode, By{Kind: "attr", Attr: "NOPE"})
	if err == nil || !strings.Contains(err.Error(), `no attribute "NOPE"; the attributes are: setting, years`) {
		t.Errorf("unknown attribute: %v", err)
	}
}

func TestCooccurrenceTurn(t *testing.T) {
	ct, err := Cooccurrences(fixture(t), LevelCode, ScopeTurn)
	if err != nil {
		t.Fatal(err)
	}
	// Units: S1#1 {SS,SU}, S1#2 {SU,WH}, S2#1 {SS,SC}, S3#1 {WH}.
	// Per code: SS 2, SU 2, WH 2, SC 1 turns.
	one, zero := 1, 0
	want := []Pair{
		{"Sharing story", "Self-care", 1, 2, 1, 1.0 / 2, &one},  // 1/(2+1−1)
		{"Sharing story", "Showing up", 1, 2, 2, 1.0 / 3, &one}, // 1/(2+2−1); [0,10) ∩ [5,15)
		{"Showing up", "Warm handoff", 1, 2, 2, 1.0 / 3, &zero}, // [0,5) and [10,20) apart
	}
	if ct.Units != 4 {
		t.Errorf("units %d, want 4", ct.Units)
	}
	if !reflect.DeepEqual(ct.Pairs, want) {
		t.Errorf("pairs\n%+v\nwant\n%+v", ct.Pairs, want)
	}
}

func TestCooccurrenceSource(t *testing.T) {
	ct, err := Cooccurrences(fixture(t), LevelCode, ScopeSource)
	if err != nil {
		t.Fatal(err)
	}
	// S1 {SS,SU,WH}, S2 {SS,SC}, S3 {WH}: SS 2, SU 1, WH 2, SC 1.
	want := []Pair{
		{"Sharing story", "Self-care", 1, 2, 1, 0.5, nil},        // 1/(2+1−1)
		{"Sharing story", "Showing up", 1, 2, 1, 0.5, nil},       // 1/(2+1−1)
		{"Sharing story", "Warm handoff", 1, 2, 2, 1.0 / 3, nil}, // 1/(2+2−1)
		{"Showing up", "Warm handoff", 1, 1, 2, 0.5, nil},        // 1/(1+2−1)
	}
	if !reflect.DeepEqual(ct.Pairs, want) {
		t.Errorf("pairs\n%+v\nwant\n%+v", ct.Pairs, want)
	}
}

func TestCooccurrenceCategoryLeavesOutAncestors(t *testing.T) {
	ct, err := Cooccurrences(fixture(t), LevelCategory, ScopeTurn)
	if err != nil {
		t.Fatal(err)
	}
	// S1#1 {Trust, Disclosure, Presence}, S1#2 {Trust, Presence, Bridging,
	// Handoffs}, S2#1 {Trust, Disclosure}, S3#1 {Bridging, Handoffs}.
	got := map[string]Pair{}
	for _, p := range ct.Pairs {
		got[p.A+"/"+p.B] = p
	}
	for _, related := range []string{"Trust/Disclosure", "Trust/Presence", "Bridging/Handoffs"} {
		if _, ok := got[related]; ok {
			t.Errorf("pair %s of a category and its ancestor is reported", related)
		}
	}
	// Trust in 3 turns, Bridging in 2, both in S1#2: 1/(3+2−1) = 0.25.
	if p := got["Trust/Bridging"]; p.Both != 1 || p.Jaccard != 0.25 {
		t.Errorf("Trust/Bridging %+v", p)
	}
	if len(ct.Pairs) != 5 {
		t.Errorf("%d pairs, want 5: %+v", len(ct.Pairs), ct.Pairs)
	}
}

func TestSourceLevelCodingPlacedInTurns(t *testing.T) {
	in := fixture(t)
	// Turns are "X: " + 30 characters, separated by "\n\n": turn 1 text is
	// [3,33), turn 2 [38,68). [30,40) touches both.
	c := coding.Coding{ID: "z", Code: "Self-care", Source: "S1", Turn: 0, Start: 30, End: 40, Coder: "A"}
	if got := in.Texts.TurnsOf(c); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Errorf("TurnsOf %v, want [1 2]", got)
	}
	if s, e, ok := in.Texts.SourceSpan(coding.Coding{Source: "S1", Turn: 2, Start: 1, End: 4}); !ok || s != 39 || e != 42 {
		t.Errorf("SourceSpan = %d, %d, %v; want 39, 42", s, e, ok)
	}
	// b's Self-care over SS [0,10) of S1#1 by a: a co-occurrence in the
	// turn, but no overlap, since the coders differ.
	other := coding.Coding{ID: "y", Code: "Self-care", Source: "S1", Turn: 1, Start: 0, End: 3, Coder: "b"}
	in.Codings = append(in.Codings, c, other)
	ct, err := Cooccurrences(in, LevelCode, ScopeTurn)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Pair{}
	for _, p := range ct.Pairs {
		got[p.A+"/"+p.B] = p
	}
	// z lies in S1#1 and S1#2, y in S1#1. SU is in both turns; z (by A,
	// the same coder as a) overlaps S1#2 SU [0,5) = source [38,43) but not
	// S1#1 SU [5,15) = [8,18).
	if p := got["Showing up/Self-care"]; p.Both != 2 || p.Overlaps == nil || *p.Overlaps != 1 {
		t.Errorf("Showing up/Self-care %+v, want both 2, overlaps 1", p)
	}
	// SS and SC share S1#1 (y, z) and S2#1; only S2#1's pair is one coder's.
	if p := got["Sharing story/Self-care"]; p.Both != 2 || p.Overlaps == nil || *p.Overlaps != 1 {
		t.Errorf("Sharing story/Self-care %+v, want both 2, overlaps 1", p)
	}
}

func TestSaturation(t *testing.T) {
	in := fixture(t)
	r, err := SaturationOf(in, "ingest", 1)
	if err != nil {
		t.Fatal(err)
	}
	// S1 brings SS, SU, WH and all five categories; S2 brings Self-care
	// (no category); S3 nothing; S4 is uncoded and left out.
	type step struct {
		src               string
		newCodes, newCats int
		codes, cats       int
	}
	var got []step
	for _, s := range r.Steps {
		got = append(got, step{s.Source, len(s.NewCodes), len(s.NewCategories), s.Codes, s.Categories})
	}
	want := []step{{"S1", 3, 5, 3, 5}, {"S2", 1, 0, 4, 5}, {"S3", 0, 0, 4, 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
	if !reflect.DeepEqual(r.Steps[0].NewCategories, []string{"Trust", "Bridging", "Disclosure", "Presence", "Handoffs"}) {
		t.Errorf("new categories of S1 %v, want codebook order", r.Steps[0].NewCategories)
	}
	if !reflect.DeepEqual(r.Uncoded, []string{"S4"}) {
		t.Errorf("uncoded %v", r.Uncoded)
	}
	// K=1: after S2 (step 2) one transcript (S3) brought nothing new.
	if !r.Reached || r.Point != 2 || r.After != "S2" {
		t.Errorf("K=1: reached %v point %d after %q; want true 2 S2", r.Reached, r.Point, r.After)
	}
	// K=2: only one transcript follows S2.
	r2, _ := SaturationOf(in, "ingest", 2)
	if r2.Reached {
		t.Errorf("K=2 reached at %d", r2.Point)
	}
}

func TestSaturationByAttribute(t *testing.T) {
	r, err := SaturationOf(fixture(t), "attr:years", 3)
	if err != nil {
		t.Fatal(err)
	}
	// years: P10 3 (S2), P2 9 (S3), P1 12 (S1) in natural order.
	// S2: SS, SC (2) Trust, Disclosure (2); S3: WH (3) Bridging, Handoffs
	// (4); S1: SU (4) Presence (5).
	var got []string
	for _, s := range r.Steps {
		got = append(got, s.Source+":"+s.Value+":"+strconv.Itoa(s.Codes)+"/"+strconv.Itoa(s.Categories))
	}
	want := []string{"S2:3:2/2", "S3:9:3/4", "S1:12:4/5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
	if r.Order != "attr:years" {
		t.Errorf("order %q", r.Order)
	}
}

func TestCompare(t *testing.T) {
	c, err := Compare(fixture(t), "setting", LevelCode)
	if err != nil {
		t.Fatal(err)
	}
	wantValues := []ValueInfo{{"ED", 2}, {"Outreach", 1}, {NoValue, 1}}
	if !reflect.DeepEqual(c.Values, wantValues) {
		t.Errorf("values %v, want %v", c.Values, wantValues)
	}
	// Warm handoff: ED 1 coding by P1 of the 2 ED participants (0.5);
	// Outreach 1 coding by P2, the only one (1.0).
	wh := c.Rows[2]
	want := []CompareCell{{1, 1, 0.5}, {1, 1, 1}, {0, 0, 0}}
	if wh.Name != "Warm handoff" || !reflect.DeepEqual(wh.Cells, want) {
		t.Errorf("%s %v, want %v", wh.Name, wh.Cells, want)
	}
	// Sharing story: both ED participants.
	if ss := c.Rows[0].Cells[0]; ss != (CompareCell{2, 2, 1}) {
		t.Errorf("Sharing story ED %v", ss)
	}
}

func TestParse(t *testing.T) {
	for s, want := range map[string]Level{"code": LevelCode, "Categories": LevelCategory, "stage": LevelStage} {
		if l, err := ParseLevel(s); err != nil || l != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, l, err)
		}
	}
	if _, err := ParseLevel("theme"); err == nil {
		t.Error("ParseLevel(theme) succeeded")
	}
	if b, err := ParseBy("attr:Setting"); err != nil || b.Attr != "Setting" {
		t.Errorf("ParseBy = %v, %v", b, err)
	}
	for _, bad := range []string{"attr:", "coder"} {
		if _, err := ParseBy(bad); err == nil {
			t.Errorf("ParseBy(%q) succeeded", bad)
		}
	}
}

func TestNiceScale(t *testing.T) {
	for _, c := range []struct{ v, step, top int }{
		{0, 1, 1}, {1, 1, 1}, {8, 1, 8}, {9, 2, 10}, {17, 5, 20}, {41, 10, 50}, {83, 20, 100},
	} {
		if s, top := niceScale(c.v); s != c.step || top != c.top {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", c.v, s, top, c.step, c.top)
		}
	}
}

func TestSaturationSVG(t *testing.T) {
	r, err := SaturationOf(fixture(t), "ingest", 1)
	if err != nil {
		t.Fatal(err)
	}
	svg := SaturationSVG(r, `Saturation <"study">`)
	dec := xml.NewDecoder(strings.NewReader(string(svg)))
	var root string
	var polylines [][]string
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = el.Name.Space + " " + el.Name.Local
			}
			inText = el.Name.Local == "text"
			if el.Name.Local == "polyline" {
				for _, a := range el.Attr {
					if a.Name.Local == "points" {
						polylines = append(polylines, strings.Fields(a.Value))
					}
				}
			}
			if el.Name.Local == "script" || el.Name.Local == "image" {
				t.Errorf("the SVG has a <%s>", el.Name.Local)
			}
		case xml.CharData:
			if inText {
				texts = append(texts, string(el))
			}
		case xml.EndElement:
			inText = false
		}
	}
	if root != "http://www.w3.org/2000/svg svg" {
		t.Errorf("root element %q", root)
	}
	if len(polylines) != 2 {
		t.Fatalf("%d polylines, want 2 (codes and categories)", len(polylines))
	}
	for _, pl := range polylines {
		if len(pl) != 3 { // S1, S2, S3; S4 is uncoded
			t.Errorf("polyline with %d points, want 3: %v", len(pl), pl)
		}
	}
	all := strings.Join(texts, "|")
	for _, want := range []string{`Saturation <"study">`, "codes", "categories", "S1", "S3", "Transcripts in ingest order", "saturation"} {
		if !strings.Contains(all, want) {
			t.Errorf("no text %q in %s", want, all)
		}
	}
	// The categories curve ends at 5 of a 0..5 axis: at the top of the plot.
	last := polylines[1][2]
	if !strings.HasSuffix(last, ",76.0") {
		t.Errorf("last categories point %s, want y = 76 (top)", last)
	}
}
