package coderagree

// Tests written while triaging the surviving mutants of this package
// (docs/mutation/internal_analysis_coderagree.md lists which mutant each
// one kills).

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// threeCoders: coders a, b and c all coded S1 (3 turns).
//
//	turn   X: a b c   Y: a b c
//	S1#1      1 1 1      0 0 0
//	S1#2      1 0 1      0 0 0
//	S1#3      0 0 0      1 1 1
func threeCoders(t *testing.T) *Input {
	t.Helper()
	in := fixture(t)
	var cs []coding.Coding
	n := 0
	add := func(code string, turn int, coders ...string) {
		for _, c := range coders {
			n++
			cs = append(cs, coding.Coding{ID: fmt.Sprint(n), Code: code, Source: "S1", Turn: turn, Start: 0, End: 10, Coder: c, Quote: "abcdefghij"})
		}
	}
	add("X", 1, "a", "b", "c")
	add("X", 2, "a", "c")
	add("Y", 3, "a", "b", "c")
	in.Codings = cs
	in.Sources = in.Sources[:1]
	return in
}

// TestTurnAgreementThreeCoders: with three coders the turn figures come
// from the general computation; worked by hand:
//
// X: per-turn pairwise agreement 1, 1/3, 1: percent 7/9. Fleiss: P̄ = 7/9,
// five 1s of nine ratings, Pe = (5/9)² + (4/9)² = 41/81, κ = (63−41)/40 =
// 0.55. Alpha: o₀₁ = o₁₀ = 1 (turn 2), n₁ = 5, n₀ = 4, Do = 2/9,
// De = 2·5·4/(9·8) = 5/9, α = 1 − 2/5 = 0.6. Y agrees everywhere.
// Pooled (6 units): P̄ = 8/9, eight 1s of 18, Pe = 41/81, κ = 31/40;
// α = 1 − (2/18)/(2·8·10/(18·17)) = 1 − 153/720.
func TestTurnAgreementThreeCoders(t *testing.T) {
	r, err := Compute(threeCoders(t), Options{Level: report.LevelCode})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 2 || len(r.Coders) != 3 {
		t.Fatalf("rows %+v coders %v", r.Rows, r.Coders)
	}
	x, y := r.Rows[0], r.Rows[1]
	if x.Units != 3 || fmt.Sprint(x.Coded) != "[2 1 2]" {
		t.Errorf("X row %+v", x)
	}
	near(t, "X percent", x.Percent, 7.0/9)
	near(t, "X fleiss", x.Fleiss, 0.55)
	near(t, "X alpha", x.Alpha, 0.6)
	if x.Cohen == nil || x.Cohen.Value != nil || x.Cohen.Note != "Cohen's kappa is for exactly two coders, not 3; read Fleiss' kappa" {
		t.Errorf("X cohen %+v, want the note for three coders", x.Cohen)
	}
	near(t, "Y percent", y.Percent, 1)
	near(t, "Y fleiss", y.Fleiss, 1)
	near(t, "Y alpha", y.Alpha, 1)
	o := r.Overall
	if o.Units != 6 {
		t.Errorf("pooled units %d, want 6", o.Units)
	}
	near(t, "pooled percent", o.Percent, 8.0/9)
	near(t, "pooled fleiss", o.Fleiss, 31.0/40)
	near(t, "pooled alpha", o.Alpha, 1-153.0/720)
}

// TestNoJointSourceWording: the error says how many coders each source
// needed: "both" for two, "at least 2 of" at unit turn with three, "all
// of" at unit span; and lists who coded what only when someone did.
func TestNoJointSourceWording(t *testing.T) {
	in := threeCoders(t)
	in.Sources = []*corpus.Source{{ID: "S1"}, {ID: "S2"}, {ID: "S3"}}
	for i, c := range []string{"a", "b", "c"} { // each coder in a source of their own
		in.Codings[i].Source = "S" + fmt.Sprint(i+1)
		in.Codings[i].Coder = c
	}
	in.Codings = in.Codings[:3]
	_, err := Compute(in, Options{})
	want := "no source was coded by at least 2 of a, b, c (coded: S1 by a; S2 by b; S3 by c)"
	if !errors.Is(err, ErrNoJointSources) || !strings.Contains(err.Error(), want) {
		t.Errorf("turn: %v\nwant %s", err, want)
	}
	_, err = Compute(in, Options{Unit: UnitSpan})
	want = "no source was coded by all of a, b, c (coded: S1 by a; S2 by b; S3 by c)"
	if !errors.Is(err, ErrNoJointSources) || !strings.Contains(err.Error(), want) {
		t.Errorf("span: %v\nwant %s", err, want)
	}
	// Codings only in sources that are not (any more) in the project:
	// nobody coded a listed source, and there is no "(coded: …)".
	in.Sources = []*corpus.Source{{ID: "S9"}}
	_, err = Compute(in, Options{})
	want = "no source was coded by at least 2 of a, b, c; agreement"
	if !errors.Is(err, ErrNoJointSources) || !strings.Contains(err.Error(), want) {
		t.Errorf("none coded: %v\nwant %s", err, want)
	}
}

// disagreementInput: sources in ingest order S2 then S1, turns with their
// own texts; a and b both coded both sources.
func disagreementInput(t *testing.T) *Input {
	t.Helper()
	in := fixture(t)
	turns := map[string][]corpus.Turn{
		"S1": {{N: 1, Speaker: "I", Text: "first question"}, {N: 2, Speaker: "P", Text: "middle answer"}, {N: 3, Speaker: "P", Text: "last answer"}},
		"S2": {{N: 1, Speaker: "P", Text: "only turn"}},
	}
	in.Texts = report.NewTexts(turns)
	in.Sources = []*corpus.Source{{ID: "S2"}, {ID: "S1"}}
	c := func(code, src string, turn int, coder string) coding.Coding {
		return coding.Coding{Code: code, Source: src, Turn: turn, End: 3, Coder: coder, Quote: "q " + coder}
	}
	in.Codings = []coding.Coding{
		c("Y", "S1", 3, "a"),                       // last turn, a only
		c("X", "S1", 2, "a"), c("X", "S1", 2, "b"), // agreement
		c("Y", "S1", 1, "b"), c("X", "S1", 1, "a"), // first turn, two codes, one coder each
		c("X", "S2", 1, "b"), c("Y", "S2", 1, "a"), // the first source in ingest order
	}
	return in
}

// TestDisagreementsOrderAndText: disagreements come in ingest order of
// sources, then turn, then codebook order of codes; each carries the
// turn's speaker and text, the first and last turns included.
func TestDisagreementsOrderAndText(t *testing.T) {
	dl, err := Disagreements(disagreementInput(t), "a", "b", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dl.Disagreements {
		got = append(got, fmt.Sprintf("%s %s by %s: %s: %s", d.Ref, d.Code, d.CodedBy, d.Speaker, d.Text))
	}
	want := strings.Join([]string{
		"S2#1 X by b: P: only turn",
		"S2#1 Y by a: P: only turn",
		"S1#1 X by a: I: first question",
		"S1#1 Y by b: I: first question",
		"S1#3 Y by a: P: last answer",
	}, "\n")
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("disagreements\n%s\nwant\n%s", g, want)
	}
	if fmt.Sprint(dl.Sources) != "[S2 S1]" {
		t.Errorf("sources %v", dl.Sources)
	}
}

// TestDisagreementsSkipped: sources only one coder coded are listed as
// skipped; with none, the list is empty (JSON []), not null.
func TestDisagreementsSkipped(t *testing.T) {
	in := disagreementInput(t)
	dl, err := Disagreements(in, "a", "b", "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(dl)
	if !strings.Contains(string(b), `"skipped":[]`) {
		t.Errorf("no skipped source: %s", b)
	}
	in.Sources = append(in.Sources, &corpus.Source{ID: "S3"})
	in.Codings = append(in.Codings, coding.Coding{Code: "X", Source: "S3", Turn: 1, End: 1, Coder: "a"})
	dl, err = Disagreements(in, "a", "b", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(dl.Skipped) != 1 || dl.Skipped[0].Source != "S3" || fmt.Sprint(dl.Skipped[0].Coders) != "[a]" {
		t.Errorf("skipped %+v, want S3 by a", dl.Skipped)
	}
}

// TestConsensusOnlyJointSources: a source only B coded is no unit of the
// consensus: it needs no decision and gives no coding.
func TestConsensusOnlyJointSources(t *testing.T) {
	n := 0
	in := ConsensusInput{A: "a", B: "b", As: "consensus", Now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		NewID: func() string { n++; return fmt.Sprintf("c%d", n) },
		Codings: []coding.Coding{
			{ID: "1", Code: "X", Source: "S1", Turn: 1, End: 5, Coder: "a"},
			{ID: "2", Code: "X", Source: "S1", Turn: 1, End: 5, Coder: "b"},
			{ID: "3", Code: "Y", Source: "S2", Turn: 1, End: 5, Coder: "b"}, // b alone
			{ID: "4", Code: "Y", Source: "S3", Turn: 1, End: 5, Coder: "a"}, // a alone
		}}
	r, err := Consensus(in)
	if err != nil {
		t.Fatalf("Consensus: %v", err)
	}
	if len(r.Codings) != 1 || r.Codings[0].Source != "S1" || len(r.Records) != 1 {
		t.Errorf("codings %+v records %+v, want S1's agreed coding only", r.Codings, r.Records)
	}
}

// TestSegmentOverlapEdges: identical empty spans overlap fully, distinct
// empty spans and touching spans not at all.
func TestSegmentOverlapEdges(t *testing.T) {
	for _, tc := range []struct {
		as, ae, bs, be int
		want           float64
	}{
		{5, 5, 5, 5, 1},
		{5, 5, 6, 6, 0},
		{0, 5, 5, 10, 0},
		{0, 10, 5, 15, 1.0 / 3},
		{0, 10, 0, 10, 1},
	} {
		if got := SegmentOverlap(tc.as, tc.ae, tc.bs, tc.be); got != tc.want {
			t.Errorf("SegmentOverlap(%d, %d, %d, %d) = %v, want %v", tc.as, tc.ae, tc.bs, tc.be, got, tc.want)
		}
	}
}

// TestUnitSegmentThresholdBounds: an overlap of 1 (identical segments
// only) is a valid threshold; an overlap equal to the threshold up to
// 1e-12 matches.
func TestUnitSegmentThresholdBounds(t *testing.T) {
	in := fixture(t)
	r, err := ComputeUnit(in, Options{Level: report.LevelCode, Unit: UnitSegment}, 1)
	if err != nil {
		t.Fatalf("overlap 1: %v", err)
	}
	// Only the identical segments S2#2 X and S1#3 Y match.
	near(t, "X percent at 1", r.Rows[0].Percent, 0.25)
	near(t, "Y percent at 1", r.Rows[1].Percent, 0.5)
	// S1#1 X overlaps by exactly 1/2: a threshold a hair above still
	// matches it, as at 0.5.
	r, err = ComputeUnit(in, Options{Level: report.LevelCode, Unit: UnitSegment}, 0.5+1e-12)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "X percent at 0.5+1e-12", r.Rows[0].Percent, 2.0/3)
}

// TestUnitSegmentEqualCounts: an item both coders coded equally often has
// its row.
func TestUnitSegmentEqualCounts(t *testing.T) {
	in := fixture(t)
	in.Codings = []coding.Coding{
		{ID: "1", Code: "X", Source: "S1", Turn: 1, Start: 0, End: 10, Coder: "a"},
		{ID: "2", Code: "X", Source: "S1", Turn: 1, Start: 0, End: 10, Coder: "b"},
	}
	r, err := ComputeUnit(in, Options{Level: report.LevelCode, Unit: UnitSegment}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 || r.Rows[0].Name != "X" || r.Rows[0].Units != 1 {
		t.Fatalf("rows %+v, want X with one unit", r.Rows)
	}
	near(t, "X percent", r.Rows[0].Percent, 1)
}

// TestUnitStatementSegmentDefault: the segment statement names the
// default overlap when none is given.
func TestUnitStatementSegmentDefault(t *testing.T) {
	s := UnitStatement(UnitSegment, report.LevelCategory, 0, false)
	if !strings.Contains(s, "at least 80% of their union (every turn)") {
		t.Errorf("statement %q", s)
	}
	s = UnitStatement(UnitSegment, report.LevelCategory, 0.5, true)
	if !strings.Contains(s, "at least 50% of their union (participant turns only") {
		t.Errorf("statement %q", s)
	}
}

// TestDisagreementsCodebookOrderInATurn: the disagreements of one turn
// follow the codebook's order of codes, not the order of the codings.
func TestDisagreementsCodebookOrderInATurn(t *testing.T) {
	cb, err := codebook.Decode("codebook.yaml", []byte("version: 1\ncodes:\n  - name: F\n  - name: E\n  - name: D\n  - name: C\n  - name: B\n  - name: A\n"))
	if err != nil {
		t.Fatal(err)
	}
	in := disagreementInput(t)
	in.Codebook = cb
	in.Codings = []coding.Coding{{Code: "A", Source: "S2", Turn: 1, End: 1, Coder: "b"}}
	for i, code := range []string{"A", "C", "E", "B", "D", "F"} {
		coder := []string{"a", "b"}[i%2]
		in.Codings = append(in.Codings, coding.Coding{Code: code, Source: "S1", Turn: 2, End: 1, Coder: coder})
	}
	in.Codings = append(in.Codings, coding.Coding{Code: "A", Source: "S2", Turn: 1, End: 1, Coder: "a"})
	dl, err := Disagreements(in, "a", "b", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dl.Disagreements {
		got = append(got, d.Ref+" "+d.Code)
	}
	if g, want := strings.Join(got, ", "), "S1#2 F, S1#2 E, S1#2 D, S1#2 C, S1#2 B, S1#2 A"; g != want {
		t.Errorf("disagreements %s\nwant %s", g, want)
	}
}
