package coderagree

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// The fixture: codes X (category C1) and Y (category C2), both in stage
// St. Coders a and b both coded S1 (3 turns) and S2 (2 turns); only a
// coded S3, which does not count. Every turn is "A: abcdefghij".
//
//	turn   X: a b   Y: a b
//	S1#1      1 1      0 0     (a [0,10), b [0,5))
//	S1#2      1 0      0 0     (a [0,10))
//	S1#3      0 0      1 1     (both [2,6))
//	S2#1      0 0      0 1     (b [0,10))
//	S2#2      1 1      0 0     (both [0,10))
const fixtureCodebook = `version: 1
core:
  name: Core
  stages: [St]
categories:
  - name: St
  - name: C1
    parent: St
  - name: C2
    parent: St
codes:
  - name: X
    category: C1
  - name: Y
    category: C2
`

func fixture(t *testing.T) *Input {
	t.Helper()
	cb, err := codebook.Decode("codebook.yaml", []byte(fixtureCodebook))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	c := func(code, src string, turn, s, e int, coder string) coding.Coding {
		n++
		return coding.Coding{ID: string(rune('a' + n)), Code: code, Source: src, Turn: turn, Start: s, End: e, Coder: coder, Quote: "abcdefghij"[s:e]}
	}
	turns := map[string][]corpus.Turn{}
	for id, k := range map[string]int{"S1": 3, "S2": 2, "S3": 2} {
		for i := 1; i <= k; i++ {
			turns[id] = append(turns[id], corpus.Turn{N: i, Speaker: "A", Text: "abcdefghij"})
		}
	}
	return &Input{
		Codebook: cb,
		Codings: []coding.Coding{
			c("X", "S1", 1, 0, 10, "a"), c("X", "S1", 1, 0, 5, "B"), // b spelled "B" once: names compare ignoring case
			c("X", "S1", 2, 0, 10, "a"),
			c("Y", "S1", 3, 2, 6, "a"), c("Y", "S1", 3, 2, 6, "b"),
			c("Y", "S2", 1, 0, 10, "b"),
			c("X", "S2", 2, 0, 10, "a"), c("X", "S2", 2, 0, 10, "b"),
			c("X", "S3", 1, 0, 10, "a"),
		},
		Sources: []*corpus.Source{{ID: "S1"}, {ID: "S2"}, {ID: "S3"}},
		Texts:   report.NewTexts(turns),
	}
}

func near(t *testing.T, what string, s *Stat, want float64) {
	t.Helper()
	if s == nil || s.Value == nil {
		t.Errorf("%s undefined (%v), want %.6f", what, s, want)
		return
	}
	if math.Abs(*s.Value-want) > 1e-9 {
		t.Errorf("%s = %.9f, want %.9f", what, *s.Value, want)
	}
}

func TestTurnAgreement(t *testing.T) {
	r, err := Compute(fixture(t), Options{Level: report.LevelCode})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Coders, []string{"a", "B"}) || !reflect.DeepEqual(r.Sources, []string{"S1", "S2"}) {
		t.Errorf("coders %v sources %v", r.Coders, r.Sources)
	}
	if want := []Skipped{{"S3", []string{"a"}}}; !reflect.DeepEqual(r.Skipped, want) {
		t.Errorf("skipped %v, want %v", r.Skipped, want)
	}
	if len(r.Rows) != 2 {
		t.Fatalf("rows %+v", r.Rows)
	}
	x, y := r.Rows[0], r.Rows[1]
	// X over 5 turns: a 1,1,0,0,1; b 1,0,0,0,1. Agreement 4/5.
	// Cohen: p_o = .8, p_e = (3/5)(2/5) + (2/5)(3/5) = .48,
	//        κ = .32/.52 = 8/13.
	// Fleiss (Scott's π): 5 ones of 10, P_e = .5, κ = (.8 − .5)/.5 = .6.
	// Alpha: 1 − (2N−1)/(2N) (1 − π) = 1 − (9/10)(.4) = .64.
	if x.Name != "X" || x.Units != 5 || !reflect.DeepEqual(x.Coded, []int{3, 2}) {
		t.Errorf("X row %+v", x)
	}
	near(t, "X percent", x.Percent, 0.8)
	near(t, "X cohen", x.Cohen, 8.0/13)
	near(t, "X fleiss", x.Fleiss, 0.6)
	near(t, "X alpha", x.Alpha, 0.64)
	// Y: a 0,0,1,0,0; b 0,0,1,1,0. p_o = .8, p_e = (1/5)(2/5) + (4/5)(3/5)
	// = .56, κ = .24/.44 = 6/11. π: 3 ones of 10, P_e = .09 + .49 = .58,
	// π = .22/.42 = 11/21. α = 1 − (9/10)(10/21) = 12/21.
	near(t, "Y percent", y.Percent, 0.8)
	near(t, "Y cohen", y.Cohen, 6.0/11)
	near(t, "Y fleiss", y.Fleiss, 11.0/21)
	near(t, "Y alpha", y.Alpha, 12.0/21)
	// Pooled, 10 units: (1,1) 3, (1,0) 1, (0,1) 1, (0,0) 5. p_o = .8,
	// both coders 4 ones: p_e = .16 + .36 = .52, κ = .28/.48 = 7/12 = π;
	// α = 1 − (19/20)(5/12) = 145/240.
	o := r.Overall
	if o.Units != 10 || !reflect.DeepEqual(o.Coded, []int{4, 4}) {
		t.Errorf("overall %+v", o)
	}
	near(t, "overall percent", o.Percent, 0.8)
	near(t, "overall cohen", o.Cohen, 7.0/12)
	near(t, "overall fleiss", o.Fleiss, 7.0/12)
	near(t, "overall alpha", o.Alpha, 145.0/240)
}

// The turn-level kappa is exactly agreement.CohenKappa of the data written
// out by hand.
func TestTurnAgreementIsCohenKappa(t *testing.T) {
	r, err := Compute(fixture(t), Options{Coders: []string{"b", "A"}, Level: report.LevelCode})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Coders, []string{"B", "a"}) {
		t.Errorf("coders %v, want the order asked, spelled as in the codings", r.Coders)
	}
	v := agreement.Value
	d := &agreement.Data{Coders: []string{"b", "a"}, Values: [][]*string{
		{v("1"), v("1")}, {v("0"), v("1")}, {v("0"), v("0")}, {v("0"), v("0")}, {v("1"), v("1")},
	}}
	want, err := agreement.CohenKappa(d)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Rows[0].Cohen; got.Value == nil || *got.Value != want.Value || *got.Expected != want.Expected {
		t.Errorf("X kappa %+v, want %+v", got, want)
	}
}

func TestStageLevel(t *testing.T) {
	r, err := Compute(fixture(t), Options{Level: report.LevelStage})
	if err != nil {
		t.Fatal(err)
	}
	// St: a 1,1,1,0,1; b 1,0,1,1,1. p_o = .6, p_e = .8·.8 + .2·.2 = .68,
	// κ = −.08/.32 = −.25.
	if len(r.Rows) != 1 || r.Rows[0].Name != "St" {
		t.Fatalf("rows %+v", r.Rows)
	}
	near(t, "St cohen", r.Rows[0].Cohen, -0.25)
}

func TestUndefinedIsNoteNotNaN(t *testing.T) {
	in := fixture(t)
	// Both coders code every turn of S1 and S2 with Z: every value is 1,
	// so percent agreement is 1 and the chance-corrected coefficients are
	// undefined (p_e = 1, D_e = 0).
	in.Codings = nil
	for _, s := range []struct {
		src string
		n   int
	}{{"S1", 3}, {"S2", 2}} {
		for turn := 1; turn <= s.n; turn++ {
			for _, coder := range []string{"a", "b"} {
				in.Codings = append(in.Codings, coding.Coding{ID: s.src + coder + string(rune('0'+turn)), Code: "Z", Source: s.src, Turn: turn, Start: 0, End: 3, Coder: coder})
			}
		}
	}
	r, err := Compute(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	row := r.Rows[0]
	near(t, "percent", row.Percent, 1)
	for name, s := range map[string]*Stat{"cohen": row.Cohen, "fleiss": row.Fleiss, "alpha": row.Alpha} {
		if s.Value != nil || s.Note == "" || strings.HasPrefix(s.Note, "agreement:") {
			t.Errorf("%s = %+v, want no value and a note", name, s)
		}
	}
}

func TestSpanAgreement(t *testing.T) {
	r, err := Compute(fixture(t), Options{Unit: UnitSpan})
	if err != nil {
		t.Fatal(err)
	}
	// Plain texts: S1 3×13 + 2×2 = 43 code points, S2 2×13 + 2 = 28: 71.
	// X: a marks S1 10+10, S2 10 = 30; b S1 5, S2 10 = 15; they differ on
	// 15 code points. n = 142, n_1 = 45, n_0 = 97, o_01 = 15:
	// α = 1 − 141·15/(97·45) = 1 − 2115/4365.
	x := r.Rows[0]
	if x.Name != "X" || x.Units != 71 || !reflect.DeepEqual(x.Coded, []int{30, 15}) {
		t.Errorf("X %+v", x)
	}
	near(t, "X char alpha", x.Alpha, 1-2115.0/4365)
	if x.Percent != nil || x.Cohen != nil || x.Fleiss != nil {
		t.Errorf("span row has turn coefficients: %+v", x)
	}
	if r.Overall.Alpha == nil || r.Overall.Alpha.Value == nil || r.Overall.Units != 142 {
		t.Errorf("overall %+v", r.Overall)
	}
}

func TestDisagreements(t *testing.T) {
	dl, err := Disagreements(fixture(t), "a", "b", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dl.Disagreements {
		got = append(got, d.Ref+" "+d.Code+" by "+d.CodedBy+" not "+d.NotBy+": "+strings.Join(d.Quotes, "|"))
	}
	want := []string{"S1#2 X by a not B: abcdefghij", "S2#1 Y by B not a: abcdefghij"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("disagreements\n%v\nwant\n%v", got, want)
	}
	dl, err = Disagreements(fixture(t), "a", "b", "y")
	if err != nil || len(dl.Disagreements) != 1 || dl.Disagreements[0].Code != "Y" {
		t.Errorf("only Y: %+v %v", dl, err)
	}
}

func TestCoderErrors(t *testing.T) {
	in := fixture(t)
	if _, err := Compute(in, Options{Coders: []string{"a"}}); !errors.Is(err, ErrTooFewCoders) {
		t.Errorf("one coder: %v", err)
	}
	if _, err := Compute(in, Options{Coders: []string{"a", "carol"}}); err == nil || !strings.Contains(err.Error(), `no codings by "carol"; the coders with codings are a, B`) {
		t.Errorf("unknown coder: %v", err)
	}
	only := &Input{Codebook: in.Codebook, Sources: in.Sources, Texts: in.Texts}
	for _, c := range in.Codings {
		if c.Coder == "a" {
			only.Codings = append(only.Codings, c)
		}
	}
	if _, err := Compute(only, Options{}); !errors.Is(err, ErrTooFewCoders) || !strings.Contains(err.Error(), "only a has codings") {
		t.Errorf("one coder with codings: %v", err)
	}
	// a coded only S3, b only S1: nothing in common.
	apart := &Input{Codebook: in.Codebook, Sources: in.Sources, Texts: in.Texts, Codings: []coding.Coding{
		{ID: "1", Code: "X", Source: "S3", Turn: 1, End: 1, Coder: "a"},
		{ID: "2", Code: "X", Source: "S1", Turn: 1, End: 1, Coder: "b"},
	}}
	_, err := Compute(apart, Options{})
	if !errors.Is(err, ErrNoJointSources) || !strings.Contains(err.Error(), "no source was coded by both a and b (coded: S1 by b; S3 by a)") {
		t.Errorf("no joint source: %v", err)
	}
}
