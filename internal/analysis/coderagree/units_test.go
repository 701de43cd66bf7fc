package coderagree

import (
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/analysis/report"
)

func TestUnitSource(t *testing.T) {
	r, err := ComputeUnit(fixture(t), Options{Level: report.LevelCode, Unit: UnitSource}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// X present for both coders in S1 and S2; Y: a only in S1, b in both.
	if len(r.Rows) != 2 || r.Rows[0].Units != 2 {
		t.Fatalf("rows %+v", r.Rows)
	}
	near(t, "X percent", r.Rows[0].Percent, 1)
	near(t, "Y percent", r.Rows[1].Percent, 0.5)
	near(t, "pooled percent", r.Overall.Percent, 0.75)
	if r.Overall.Name != "Overall (pooled: code × source units)" || r.Overall.Units != 4 {
		t.Errorf("pooled row %q with %d units", r.Overall.Name, r.Overall.Units)
	}
}

func TestUnitSegment(t *testing.T) {
	in := fixture(t)
	r, err := ComputeUnit(in, Options{Level: report.LevelCode, Unit: UnitSegment}, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	// X: a has 3 segments, b 2; only S2#2 overlaps by >= 80% (S1#1 is
	// [0,10) against [0,5): 5/10 = 50%). Units 3 + 2 - 1 = 4.
	x, y := r.Rows[0], r.Rows[1]
	if x.Units != 4 || !reflect.DeepEqual(x.Coded, []int{3, 2}) {
		t.Errorf("X row %+v", x)
	}
	near(t, "X percent at 0.8", x.Percent, 0.25)
	near(t, "Y percent at 0.8", y.Percent, 0.5)
	r, _ = ComputeUnit(in, Options{Level: report.LevelCode, Unit: UnitSegment}, 0.5)
	near(t, "X percent at 0.5", r.Rows[0].Percent, 2.0/3)
	if _, err := ComputeUnit(in, Options{Level: report.LevelCode, Unit: UnitSegment}, 1.5); err == nil {
		t.Error("overlap 1.5 accepted")
	}
	if got := SegmentOverlap(0, 10, 0, 5); got != 0.5 {
		t.Errorf("SegmentOverlap = %v", got)
	}
}

func TestRoleFilter(t *testing.T) {
	in := fixture(t)
	in.Include = ParticipantTurns(func(source string, turn int) bool { return source == "S1" && turn == 1 })
	r, err := Compute(in, Options{Level: report.LevelCode})
	if err != nil {
		t.Fatal(err)
	}
	// Four turns remain; X: a 1,0,0,1 (S1#2, S2#2), b 0,0,0,1.
	x := r.Rows[0]
	if x.Units != 4 || !reflect.DeepEqual(x.Coded, []int{2, 1}) {
		t.Errorf("X row without S1#1: %+v", x)
	}
	near(t, "X percent", x.Percent, 0.75)
	s := UnitStatement(UnitTurn, report.LevelCode, 0, true)
	for _, w := range []string{"interviewer turns left out", "contested", "O'Connor & Joffe 2020"} {
		if !strings.Contains(s, w) {
			t.Errorf("statement %q lacks %q", s, w)
		}
	}
	if s := UnitStatement(UnitSource, report.LevelStage, 0, false); strings.Contains(s, "contested") {
		t.Errorf("stage statement mentions open coding: %q", s)
	}
}

func TestConfusion(t *testing.T) {
	c, err := ConfusionOf(fixture(t), "a", "b", report.LevelCode)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int{{2, 0, 1}, {0, 1, 0}, {0, 1, 0}}
	if !reflect.DeepEqual(c.Codes, []string{"X", "Y", NoCode}) || !reflect.DeepEqual(c.Counts, want) {
		t.Errorf("confusion %v %v, want %v", c.Codes, c.Counts, want)
	}
}
