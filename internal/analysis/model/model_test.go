package model

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

const fixtureCodebook = `version: 1
core:
  name: Model
  stages: [A, B, C, D]
categories:
  - name: A
  - name: B
  - name: C
  - name: D
  - name: A1
    parent: A
  - name: P
    parent: B
    provisional: true
  - name: Other
  - name: Q
    provisional: true
codes:
  - name: a
    category: A1
  - name: b
    category: B
  - name: c
    category: C
  - name: x
    category: Other
  - name: y
`

// fixture: three participants. P1 (11 turns) brings up the stages in the
// model's order, P2 (5 turns) in reverse, P3 (one turn) only stage A.
func fixture(t *testing.T) Input {
	t.Helper()
	cb, err := codebook.Decode("codebook.yaml", []byte(fixtureCodebook))
	if err != nil {
		t.Fatal(err)
	}
	c := func(code, src string, turn int) coding.Coding {
		return coding.Coding{Code: code, Source: src, Turn: turn}
	}
	orphan := c("b", "S1", 11)
	orphan.Orphaned = true
	return Input{
		Codebook: cb,
		Sources: []*corpus.Source{
			{ID: "S1", Participant: "P1", Turns: 11},
			{ID: "S2", Participant: "P2", Turns: 5},
			{ID: "S3", Participant: "P3", Turns: 1},
		},
		Codings: []coding.Coding{
			// P1: A at 0 and 0.2 (mean 0.1), B at 0.5, C at 1.
			c("a", "S1", 1), c("a", "S1", 3), c("b", "S1", 6), c("c", "S1", 11), c("x", "S1", 2),
			orphan, // counts for coverage, not for the order
			// P2: C at 0, B at 0.5, A at 1.
			c("c", "S2", 1), c("b", "S2", 3), c("a", "S2", 5), c("y", "S2", 2),
			c("a", "S2", 0), // no turn: counts for coverage only
			// P3: A only.
			c("a", "S3", 1), c("z", "S3", 1), // z is not in the codebook
		},
	}
}

func fp(f float64) *float64 { return &f }

func TestCheck(t *testing.T) {
	r, err := Check(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	// N = 3 participants, default threshold ceil(3/2) = 2.
	if r.Core != "Model" || r.Participants != 3 || r.MinParticipants != 2 || !r.DefaultThreshold {
		t.Errorf("header: %+v", r)
	}
	wantStages := []Stage{
		{Order: 1, Name: "A", Codes: 1, Codings: 5, Participants: 3, MeetsThreshold: true},
		{Order: 2, Name: "B", Codes: 1, Codings: 3, Participants: 2, MeetsThreshold: true},
		{Order: 3, Name: "C", Codes: 1, Codings: 2, Participants: 2, MeetsThreshold: true},
		{Order: 4, Name: "D", Codes: 0, Codings: 0, Participants: 0, MeetsThreshold: false},
	}
	if !reflect.DeepEqual(r.Stages, wantStages) {
		t.Errorf("stages:\n got %+v\nwant %+v", r.Stages, wantStages)
	}

	wantOrder := Order{
		Participants: []ParticipantOrder{
			{Participant: "P1", Stages: []StagePosition{{1, "A", 2, 0.1}, {2, "B", 1, 0.5}, {3, "C", 1, 1}},
				TauB: fp(1), Concordant: 3, Discordant: 0, Pairs: 3},
			{Participant: "P2", Stages: []StagePosition{{1, "A", 1, 1}, {2, "B", 1, 0.5}, {3, "C", 1, 0}},
				TauB: fp(-1), Concordant: 0, Discordant: 3, Pairs: 3},
			{Participant: "P3", Stages: []StagePosition{{1, "A", 1, 0}}},
		},
		// (1 + -1) / 2 participants with a defined tau-b.
		MeanTauB: fp(0), TauBParticipants: 2,
		Concordant: 3, Pairs: 6, ConcordantShare: fp(0.5),
	}
	if !reflect.DeepEqual(r.Order, wantOrder) {
		t.Errorf("order:\n got %s\nwant %s", dump(r.Order), dump(wantOrder))
	}

	wantDrift := Drift{
		CodesOutsideStages: []Item{{"x", "Other", 1, 1}, {"y", "", 1, 1}, {"z", "", 1, 1}},
		CategoriesOutsideCore: []Item{
			{"Other", "", 1, 1},
			{"Q", "", 0, 0},
		},
		StagesWithoutCodes:      []Item{{"D", "", 0, 0}},
		ProvisionalWithoutCodes: []Item{{"P", "B", 0, 0}, {"Q", "", 0, 0}},
		EmergentCategories:      []Item{{"Other", "", 1, 1}},
	}
	if !reflect.DeepEqual(r.Drift, wantDrift) {
		t.Errorf("drift:\n got %+v\nwant %+v", r.Drift, wantDrift)
	}
}

// dump shows an Order with its pointers followed.
func dump(o Order) string {
	s := ""
	for _, p := range o.Participants {
		s += fmt.Sprintf("%s %v tau=%s c=%d d=%d pairs=%d; ", p.Participant, p.Stages, fptoa(p.TauB), p.Concordant, p.Discordant, p.Pairs)
	}
	return s + fmt.Sprintf("mean=%s over %d, %d/%d share=%s", fptoa(o.MeanTauB), o.TauBParticipants, o.Concordant, o.Pairs, fptoa(o.ConcordantShare))
}

func fptoa(f *float64) string {
	if f == nil {
		return "nil"
	}
	return fmt.Sprint(*f)
}

func TestCheckThreshold(t *testing.T) {
	in := fixture(t)
	in.MinParticipants = 3
	r, err := Check(in)
	if err != nil {
		t.Fatal(err)
	}
	var meets []bool
	for _, s := range r.Stages {
		meets = append(meets, s.MeetsThreshold)
	}
	if want := []bool{true, false, false, false}; !reflect.DeepEqual(meets, want) || r.DefaultThreshold {
		t.Errorf("meets = %v (default %v), want %v", meets, r.DefaultThreshold, want)
	}
}

func TestDefaultMinParticipants(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 8: 4, 9: 5} {
		if got := DefaultMinParticipants(n); got != want {
			t.Errorf("DefaultMinParticipants(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestCheckNoCore(t *testing.T) {
	in := fixture(t)
	in.Codebook.Core = nil
	if _, err := Check(in); !errors.Is(err, ErrNoCore) {
		t.Errorf("err = %v, want ErrNoCore", err)
	}
	in.Codebook = &codebook.Codebook{Core: &codebook.Core{Name: "Empty"}}
	if _, err := Check(in); !errors.Is(err, ErrNoCore) {
		t.Errorf("core without stages: err = %v, want ErrNoCore", err)
	}
}

func TestTurnAt(t *testing.T) {
	// Plain text "I: Hello\n\nR: World": turn 1's text starts at 3,
	// turn 2's at 13.
	turns := []corpus.Turn{{N: 1, Speaker: "I", Text: "Hello"}, {N: 2, Speaker: "R", Text: "World"}}
	for off, want := range map[int]int{0: 1, 3: 1, 12: 1, 13: 2, 17: 2} {
		if got := TurnAt(turns, off); got != want {
			t.Errorf("TurnAt(%d) = %d, want %d", off, got, want)
		}
	}
	if got := TurnAt(nil, 5); got != 0 {
		t.Errorf("TurnAt(no turns) = %d", got)
	}
}
