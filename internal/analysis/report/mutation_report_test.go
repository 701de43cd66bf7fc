package report

// Tests written from the mutation run of this package (see
// docs/mutation/internal_analysis_report.md): each pins a boundary or a
// figure that a surviving mutant changed without any test noticing.

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// The smallest parameters are valid: one transcript of base, one of run,
// a zero threshold; a threshold of 1 (100%) is not, since every run would
// meet it.
func TestGuestParamsBoundaries(t *testing.T) {
	for _, p := range []GuestParams{{Base: 1, Run: 1, Threshold: 0}, {Base: 1, Run: 1, Threshold: 0.999}} {
		if err := p.Validate(); err != nil {
			t.Errorf("%+v rejected: %v", p, err)
		}
	}
	for _, p := range []GuestParams{{Base: 0, Run: 1}, {Base: 1, Run: 0}, {Base: 1, Run: 1, Threshold: 1}, {Base: 1, Run: 1, Threshold: -0.01}, {Base: 1, Run: 1, Threshold: math.NaN()}} {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	// Base 1 and run 1 assess every transcript after the first alone:
	// T01 brings 2 codes, T02 1 (50%), T03 none (0%).
	r, err := Guest(steps(2, 1, 0), GuestParams{Base: 1, Run: 1, Threshold: 0})
	if err != nil {
		t.Fatal(err)
	}
	want := []GuestRun{{From: 2, To: 2, New: 1, Share: 0.5}, {From: 3, To: 3, New: 0, Share: 0}}
	if !reflect.DeepEqual(r.Runs, want) || !r.Reached || r.Point != 2 || r.After != "T02" {
		t.Errorf("runs %+v reached %v point %d after %q; want %+v, after T02 (2)", r.Runs, r.Reached, r.Point, r.After, want)
	}
}

// The error for too few transcripts names the number needed, base + run.
func TestGuestTooFewTranscriptsMessage(t *testing.T) {
	p := GuestParams{Base: 4, Run: 2, Threshold: 0.05}
	_, err := Guest(steps(3, 1, 1, 1, 1), p)
	if err == nil || !strings.Contains(err.Error(), "base + run = 6 coded transcripts, there are 5") {
		t.Errorf("Guest: %v, want it to say 6 are needed and there are 5", err)
	}
	// The robustness check refuses the same case rather than reporting
	// every order as unsaturated.
	sets := [][]string{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}}
	_, err = GuestRobustness(sets, p, 10, 1)
	if err == nil || !strings.Contains(err.Error(), "base + run = 6 coded transcripts, there are 5") {
		t.Errorf("GuestRobustness: %v, want it to say 6 are needed and there are 5", err)
	}
}

// A share that rounds a hair above the threshold (within 1e-12) still
// meets it: 1 new code of 4 is 25%, and a threshold typed as
// 0.25 − 1e-12 must not be missed by float rounding.
func TestGuestThresholdTolerance(t *testing.T) {
	thr := 0.25 - 1e-12
	if thr+1e-12 != 0.25 {
		t.Fatalf("(0.25 − 1e-12) + 1e-12 = %v, not 0.25: the example no longer sits on the tolerance", thr+1e-12)
	}
	r, err := Guest(steps(4, 1, 1), GuestParams{Base: 1, Run: 1, Threshold: thr})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Reached || r.Point != 1 || r.Runs[0].Share != 0.25 {
		t.Errorf("share 25%% against threshold 25%% − 1e-12: reached %v point %d runs %+v", r.Reached, r.Point, r.Runs)
	}
}

// Percentages are whole when they are whole, else to one decimal.
func TestPercent(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0%"}, {0.05, "5%"}, {0.25, "25%"}, {1, "100%"}, {2.0 / 37, "5.4%"}, {0.125, "12.5%"},
	} {
		if got := percent(c.x); got != c.want {
			t.Errorf("percent(%v) = %q, want %q", c.x, got, c.want)
		}
	}
	// Exactly 1e-9 percent from a whole number is not whole: the
	// tolerance is strict.
	x := 1e-11
	for 100*x < 1e-9 {
		x = math.Nextafter(x, 1)
	}
	if 100*x != 1e-9 {
		t.Fatalf("no float64 x with 100x = 1e-9 next to 1e-11 (got %v)", 100*x)
	}
	if got := percent(x); got != "0.0%" {
		t.Errorf("percent(%v) = %q, want 0.0%% (100x is 1e-9, not below it)", x, got)
	}
	r, err := Guest(steps(20, 8, 5, 4, 4, 3, 1, 1, 0, 0), DefaultGuestParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Summary, "new-information threshold 5%") {
		t.Errorf("summary %q does not give the threshold as 5%%", r.Summary)
	}
}

// One permutation is enough; zero is refused.
func TestGuestRobustnessPermutations(t *testing.T) {
	sets := [][]string{{"a"}, {"a"}}
	p := GuestParams{Base: 1, Run: 1, Threshold: 0}
	if _, err := GuestRobustness(sets, p, 0, 1); err == nil {
		t.Error("0 permutations accepted")
	}
	// Two identical transcripts: every order saturates after the first,
	// which is also the last point possible (n − run): it must be
	// reported, not taken for "not reached".
	rb, err := GuestRobustness(sets, p, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Reached != 1 || rb.Median == nil || *rb.Median != 1 || rb.Low == nil || *rb.Low != 1 || rb.High == nil || *rb.High != 1 {
		t.Errorf("robustness %+v, want every quantile 1", rb)
	}
}

// The quantiles are nearest-rank over all the orders. With transcripts
// {a}, {a}, {b}, base 1, run 1, threshold 0, the point is 1 when {b}
// comes last (a third of the orders) and 2 otherwise: over 300 seeded
// orders the 2.5% quantile is 1 and the median and 97.5% are 2.
func TestGuestRobustnessQuantiles(t *testing.T) {
	sets := [][]string{{"a"}, {"a"}, {"b"}}
	rb, err := GuestRobustness(sets, GuestParams{Base: 1, Run: 1, Threshold: 0}, 300, 7)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Reached != 300 || rb.Low == nil || *rb.Low != 1 || rb.Median == nil || *rb.Median != 2 || rb.High == nil || *rb.High != 2 {
		t.Errorf("robustness %+v, want reached 300, low 1, median 2, high 2", rb)
	}
}

// With no history and no order given, the assessment is in interview
// order, not an error about missing history.
func TestGuestSaturationDefaultsToInterview(t *testing.T) {
	in := GuestInput{
		Sources: []string{"S1", "S2", "S3"},
		Codings: []coding.Coding{cod("1", "a", "S1"), cod("2", "b", "S2"), cod("3", "a", "S3")},
		Params:  GuestParams{Base: 1, Run: 1, Threshold: 0},
	}
	gs, err := GuestSaturationOf(in)
	if err != nil {
		t.Fatal(err)
	}
	if gs.Order != OrderInterview || !gs.Result.Reached || gs.Result.Point != 2 {
		t.Errorf("order %q result %+v, want interview, saturated after 2", gs.Order, gs.Result)
	}
}

// The robustness of GuestSaturationOf is over every coded transcript,
// each with all its codes: the same as GuestRobustness given those sets.
func TestGuestSaturationRobustnessSets(t *testing.T) {
	cs := []coding.Coding{
		cod("1", "a", "S1"),
		cod("2", "a", "S2"), cod("3", "b", "S2"),
		cod("4", "c", "S3"),
		cod("5", "a", "S4"),
	}
	orphan := cod("6", "z", "S5")
	orphan.Orphaned = true
	p := GuestParams{Base: 1, Run: 1, Threshold: 0}
	gs, err := GuestSaturationOf(GuestInput{Sources: []string{"S1", "S2", "S3", "S4", "S5"}, Codings: append(cs, orphan), Order: OrderInterview, Params: p, Permutations: 200, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	want, err := GuestRobustness([][]string{{"a"}, {"a", "b"}, {"c"}, {"a"}}, p, 200, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gs.Robustness, want) {
		t.Errorf("robustness %+v, want %+v (from the four coded transcripts)", gs.Robustness, want)
	}
}

// Steps are numbered 1, 2, 3 over the coded transcripts only.
func TestStepNumbers(t *testing.T) {
	got := InterviewSteps([]string{"S0", "S1", "S2", "S3"}, []coding.Coding{cod("1", "a", "S1"), cod("2", "b", "S2"), cod("3", "a", "S3")})
	var ns []int
	for _, st := range got {
		ns = append(ns, st.N)
	}
	if !reflect.DeepEqual(ns, []int{1, 2, 3}) || got[0].Source != "S1" {
		t.Errorf("interview steps %+v, want N 1, 2, 3 from S1", got)
	}
	r, err := SaturationOf(fixture(t), "ingest", 1)
	if err != nil {
		t.Fatal(err)
	}
	ns = nil
	for _, st := range r.Steps {
		ns = append(ns, st.N)
	}
	if !reflect.DeepEqual(ns, []int{1, 2, 3}) {
		t.Errorf("saturation steps numbered %v, want 1, 2, 3 (S4 is uncoded)", ns)
	}
}

// A rename recorded in an entry applies to codings added before that
// entry, not to a coding added in the same entry under the old name: the
// entry that recodes coding 1 from A to B also codes S2 with A, so A is
// still a code, first seen in S2.
func TestEmergenceRenameInSameEntry(t *testing.T) {
	c1a := cod("1", "A", "S1")
	c1b := cod("1", "B", "S1")
	c2 := cod("2", "A", "S2")
	hist := []HistoryEntry{
		{ID: "h1", Time: at(1), Coder: "ana", Added: []coding.Coding{c1a}},
		{ID: "h2", Time: at(2), Coder: "ana", Removed: []coding.Coding{c1a}, Added: []coding.Coding{c1b, c2}},
	}
	em := EmergenceOf(hist, []coding.Coding{c1b, c2})
	got := map[string]string{}
	for _, fa := range em.Codes {
		got[fa.Code] = fa.Source
	}
	if !reflect.DeepEqual(got, map[string]string{"B": "S1", "A": "S2"}) {
		t.Errorf("first appearances %+v, want B in S1 and A in S2", em.Codes)
	}
}

// Codings of a code with no category count toward nothing at the
// category level, and Compare says how many.
func TestCompareUncounted(t *testing.T) {
	c, err := Compare(fixture(t), "setting", LevelCategory)
	if err != nil {
		t.Fatal(err)
	}
	// One Self-care coding (no category); the orphan does not count.
	if c.Uncounted != 1 {
		t.Errorf("uncounted %d, want 1 (the Self-care coding)", c.Uncounted)
	}
}

// A stage with no coding is still a row at the stage level; a codebook
// without a core has no stages.
func TestGroupingStages(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(`version: 1
core:
  name: Connection
  stages: [Trust, Bridging, Leaving]
categories:
  - name: Trust
  - name: Bridging
  - name: Leaving
`))
	if err != nil {
		t.Fatal(err)
	}
	if g := NewGrouping(cb, LevelStage); !reflect.DeepEqual(g.Names, []string{"Trust", "Bridging", "Leaving"}) {
		t.Errorf("stages %v", g.Names)
	}
	if g := NewGrouping(codebook.New(), LevelStage); len(g.Names) != 0 {
		t.Errorf("stages without a core: %v", g.Names)
	}
}

// A coding of a code the codebook does not have counts toward that code
// at the code level, as a new item after the codebook's.
func TestGroupingUnknownCode(t *testing.T) {
	in := fixture(t)
	in.Codings = append(in.Codings, coding.Coding{ID: "u", Code: "Unlisted", Source: "S3", Turn: 1, Start: 0, End: 2, Coder: "a"})
	g := NewGrouping(in.Codebook, LevelCode)
	if is := g.Of("Unlisted"); !reflect.DeepEqual(is, []int{4}) || g.Names[4] != "Unlisted" {
		t.Fatalf("Of(Unlisted) = %v, names %v; want [4], the fifth item", is, g.Names)
	}
	if is := g.Of("Warm handoff"); !reflect.DeepEqual(is, []int{2}) {
		t.Errorf("Of(Warm handoff) = %v, want [2]", is)
	}
	ft, err := Frequencies(in, LevelCode, By{Kind: "participant"})
	if err != nil {
		t.Fatal(err)
	}
	last := ft.Rows[len(ft.Rows)-1]
	if last.Name != "Unlisted" || last.Codings != 1 || last.Participants != 1 {
		t.Errorf("last row %+v, want Unlisted with 1 coding by 1 participant", last)
	}
}

// A code whose category is not among the codebook's categories (a
// codebook built in memory, not decoded) still counts toward that
// category, under the code's spelling of it.
func TestGroupingUndefinedCategory(t *testing.T) {
	cb := &codebook.Codebook{Version: codebook.Version, Codes: []*codebook.Code{{Name: "a", Category: "Loose"}}}
	g := NewGrouping(cb, LevelCategory)
	if is := g.Of("a"); len(is) != 1 || g.Names[is[0]] != "Loose" {
		t.Errorf("Of(a) = %v, names %v; want the item Loose", is, g.Names)
	}
}

// A thin category lists only the attributes that have values missing.
func TestThinCategoriesOnlyMissing(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte(`version: 1
categories:
  - name: Trust
codes:
  - name: a
    category: Trust
`))
	if err != nil {
		t.Fatal(err)
	}
	parts := []corpus.Participant{
		{ID: "P1", Attributes: map[string]string{"setting": "ED", "role": "peer"}},
		{ID: "P2", Attributes: map[string]string{"setting": "Outreach", "role": "peer"}},
	}
	got := ThinCategories(cb, []coding.Coding{cod("1", "a", "P1")}, nil, parts, []string{"role", "setting"}, 2)
	want := []ThinCategory{{Category: "Trust", Participants: 1, Missing: []MissingValues{{Attribute: "setting", Values: []string{"Outreach"}}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("thin %+v, want %+v (role has no value missing)", got, want)
	}
}

// Source-level spans are checked against the plain text's bounds, which
// they may touch; turn-level spans against the turn's text, in any turn
// up to the last. Fixture S1: three turns "X: " + 30 characters joined by
// blank lines, texts at [3,33), [38,68), [73,103).
func TestSourceSpanBounds(t *testing.T) {
	in := fixture(t)
	for _, c := range []struct {
		c          coding.Coding
		start, end int
		ok         bool
	}{
		{coding.Coding{Source: "S1", Start: 0, End: 0}, 0, 0, true},
		{coding.Coding{Source: "S1", Start: 5, End: 5}, 5, 5, true},
		{coding.Coding{Source: "S1", Start: 100, End: 103}, 100, 103, true},
		{coding.Coding{Source: "S1", Start: 100, End: 104}, 0, 0, false},
		{coding.Coding{Source: "S1", Start: -1, End: 3}, 0, 0, false},
		{coding.Coding{Source: "S1", Start: 6, End: 5}, 0, 0, false},
		{coding.Coding{Source: "S1", Turn: 3, Start: 0, End: 30}, 73, 103, true},
		{coding.Coding{Source: "S1", Turn: 3, Start: 4, End: 4}, 77, 77, true},
		{coding.Coding{Source: "S1", Turn: 3, Start: 0, End: 31}, 0, 0, false},
		{coding.Coding{Source: "S1", Turn: 3, Start: 5, End: 4}, 0, 0, false},
		{coding.Coding{Source: "S1", Turn: 4, Start: 0, End: 1}, 0, 0, false},
	} {
		s, e, ok := in.Texts.SourceSpan(c.c)
		if ok != c.ok || ok && (s != c.start || e != c.end) {
			t.Errorf("SourceSpan(turn %d [%d,%d)) = %d, %d, %v; want %d, %d, %v", c.c.Turn, c.c.Start, c.c.End, s, e, ok, c.start, c.end, c.ok)
		}
	}
}

// A source-level span lies in the turns whose text it shares a character
// with: one that ends where a turn's text begins, or begins where it
// ends, does not lie in that turn. An empty span lies in the turn it
// stands in, ends included.
func TestTurnsOfBoundaries(t *testing.T) {
	in := fixture(t)
	for _, c := range []struct {
		start, end int
		want       []int
	}{
		{33, 38, nil},         // the blank line between turns 1 and 2
		{33, 39, []int{2}},    // begins where turn 1 ends
		{32, 38, []int{1}},    // ends where turn 2 begins
		{32, 39, []int{1, 2}}, // one character of each
		{33, 33, []int{1}},    // empty, at the end of turn 1
		{38, 38, []int{2}},    // empty, at the start of turn 2
		{35, 35, nil},         // empty, in the blank line
	} {
		got := in.Texts.TurnsOf(coding.Coding{Source: "S1", Start: c.start, End: c.end})
		if !slices.Equal(got, c.want) {
			t.Errorf("TurnsOf [%d,%d) = %v, want %v", c.start, c.end, got, c.want)
		}
	}
}

// A source-level coding and a turn-level one overlap when their spans in
// the plain text share a character.
func TestOverlapsAcrossLevels(t *testing.T) {
	in := fixture(t)
	src := coding.Coding{ID: "s", Source: "S1", Start: 40, End: 45}           // in turn 2's text [38,68)
	inTurn := coding.Coding{ID: "t", Source: "S1", Turn: 2, Start: 0, End: 3} // source [38,41)
	apart := coding.Coding{ID: "u", Source: "S1", Turn: 2, Start: 7, End: 9}  // source [45,47)
	if !in.Texts.Overlaps(src, inTurn) || !in.Texts.Overlaps(inTurn, src) {
		t.Error("source [40,45) and turn 2 [0,3) = [38,41) do not overlap")
	}
	if in.Texts.Overlaps(src, apart) || in.Texts.Overlaps(apart, src) {
		t.Error("source [40,45) and turn 2 [7,9) = [45,47) overlap")
	}
	sameTurn := coding.Coding{ID: "v", Source: "S1", Turn: 2, Start: 2, End: 8}
	if !in.Texts.Overlaps(inTurn, sameTurn) || in.Texts.Overlaps(coding.Coding{Source: "S1", Turn: 1, Start: 0, End: 30}, inTurn) {
		t.Error("turn-level overlaps wrong")
	}
}
