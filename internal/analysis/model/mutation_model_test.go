package model

// Tests written while triaging the surviving mutants of this package
// (docs/mutation/internal_analysis_model.md lists which mutant each kills).

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

// TestTieToleranceInclusive: values exactly tieEpsilon apart count as tied,
// in either direction; a little more apart they do not.
func TestTieToleranceInclusive(t *testing.T) {
	for _, tc := range []struct {
		y          []float64
		nc, nd, ty int
	}{
		{[]float64{0, tieEpsilon}, 0, 0, 1},
		{[]float64{tieEpsilon, 0}, 0, 0, 1},
		{[]float64{0, 2 * tieEpsilon}, 1, 0, 0},
		{[]float64{2 * tieEpsilon, 0}, 0, 1, 0},
	} {
		pc := CountPairs([]float64{1, 2}, tc.y)
		if pc.Concordant != tc.nc || pc.Discordant != tc.nd || pc.TiesY != tc.ty {
			t.Errorf("y = %v: %+v, want concordant %d discordant %d tied %d", tc.y, pc, tc.nc, tc.nd, tc.ty)
		}
	}
}

// TestCheckMeanTauB: the mean tau-b is the mean over the participants who
// have one: two participants in the model's order give 1.
func TestCheckMeanTauB(t *testing.T) {
	in := fixture(t)
	// P2 now tells A, B, C in the model's order too.
	for i, c := range in.Codings {
		if c.Source == "S2" {
			switch c.Code {
			case "a":
				if c.Turn == 5 {
					in.Codings[i].Turn = 1
				}
			case "c":
				in.Codings[i].Turn = 5
			}
		}
	}
	r, err := Check(in)
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.TauBParticipants != 2 || o.MeanTauB == nil || *o.MeanTauB != 1 {
		t.Errorf("mean tau-b %s over %d participants, want 1 over 2", fptoa(o.MeanTauB), o.TauBParticipants)
	}
	if o.ConcordantShare == nil || *o.ConcordantShare != 1 || o.Pairs != 6 {
		t.Errorf("share %s of %d pairs, want 1 of 6", fptoa(o.ConcordantShare), o.Pairs)
	}
}

// TestCheckNoOrderFigures: when no participant mentions two stages, there
// is no tau-b and no pair, so neither mean nor share (not NaN).
func TestCheckNoOrderFigures(t *testing.T) {
	in := fixture(t)
	in.Sources = in.Sources[2:] // P3 alone: stage A only
	r, err := Check(in)
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.MeanTauB != nil || o.ConcordantShare != nil || o.TauBParticipants != 0 || o.Pairs != 0 {
		t.Errorf("order %s, want no figures", dump(o))
	}
}

// TestDriftEmergentNeedsCodings: a category outside the core that nothing
// is coded with is outside the core, but not emergent.
func TestDriftEmergentNeedsCodings(t *testing.T) {
	in := fixture(t)
	if _, err := in.Codebook.AddCategory("Idle", "", ""); err != nil {
		t.Fatal(err)
	}
	r, err := Check(in)
	if err != nil {
		t.Fatal(err)
	}
	var outside, emergent []string
	for _, it := range r.Drift.CategoriesOutsideCore {
		outside = append(outside, it.Name)
	}
	for _, it := range r.Drift.EmergentCategories {
		emergent = append(emergent, it.Name)
	}
	if got := strings.Join(outside, "|"); got != "Other|Q|Idle" {
		t.Errorf("outside the core: %s", got)
	}
	if got := strings.Join(emergent, "|"); got != "Other" {
		t.Errorf("emergent: %s, want Other only", got)
	}
}

// TestDriftEmpty: Empty is true only when every list is empty, whatever
// the mix of lists that hold items.
func TestDriftEmpty(t *testing.T) {
	if !(Drift{}).Empty() {
		t.Error("an empty drift is not Empty")
	}
	it := []Item{{Name: "x"}}
	for i, d := range []Drift{
		{CodesOutsideStages: it}, {CategoriesOutsideCore: it}, {StagesWithoutCodes: it}, {ProvisionalWithoutCodes: it}, {EmergentCategories: it},
		// Two lists of one item each: counts are added, never cancelled.
		{CodesOutsideStages: it, CategoriesOutsideCore: it}, {CategoriesOutsideCore: it, StagesWithoutCodes: it},
		{StagesWithoutCodes: it, ProvisionalWithoutCodes: it}, {ProvisionalWithoutCodes: it, EmergentCategories: it},
	} {
		if d.Empty() {
			t.Errorf("drift %d with items is Empty", i)
		}
	}
}

// orderVerdict is the verdict Process should write for o, built from the
// report's own figures.
func orderVerdict(o NarratedOrder) string {
	pairs := o.Concordant + o.Discordant + o.Tied
	return fmt.Sprintf("in %d episode(s) with two or more stages volunteered, %d of %d stage pairs (%.0f%%) first appear in the model's order; if the order within each episode were random, %.0f%% would be expected (one-sided permutation p = %.3g, %d permutations, seed %d)",
		o.Compared, o.Concordant, pairs, 100**o.Statistic, 100**o.BaselineMean, *o.P, o.Permutations, o.Seed)
}

// TestProcessVerdictFigures: the verdict states the share of pairs and the
// baseline in per cent, and adds the prompted and unknown-role notes only
// when there are such codings.
func TestProcessVerdictFigures(t *testing.T) {
	cs := []coding.Coding{
		cd("f", "S1", 1, 0), // interviewer asks about Fostering
		cd("f", "S1", 2, 0), // prompted
		cd("t", "S1", 2, 0), // volunteered, tied with b
		cd("b", "S1", 2, 0),
		cd("f", "S1", 4, 0), // volunteered
	}
	eps := []coding.Episode{{Name: "E", Source: "S1", From: 1, To: 4}}
	r, err := Process(ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, Role: oddInterviewer, Permutations: 99, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	// 1 concordant, 1 discordant, 1 tied: 1/3.
	if o.Statistic == nil || math.Abs(*o.Statistic-1.0/3) > 1e-15 {
		t.Fatalf("statistic %s, want 1/3", fptoa(o.Statistic))
	}
	want := orderVerdict(o) + "; 1 prompted coding(s) left out"
	if o.Verdict != want {
		t.Errorf("verdict\n%s\nwant\n%s", o.Verdict, want)
	}
	if !strings.Contains(o.Verdict, "1 of 3 stage pairs (33%)") {
		t.Errorf("verdict %q does not say 33%%", o.Verdict)
	}

	// Without roles: no prompted note, and every stage coding in the
	// episode is of unknown role.
	r, err = Process(ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, Permutations: 99, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	o = r.Order
	if o.UnknownRole != 5 || o.Prompted != 0 || o.Volunteered != 5 {
		t.Errorf("unknown role %d prompted %d volunteered %d, want 5, 0, 5", o.UnknownRole, o.Prompted, o.Volunteered)
	}
	want = orderVerdict(o) + "; 5 coding(s) lie in turns whose speaker's role is unknown and count as volunteered, so prompted mentions may be among them"
	if o.Verdict != want {
		t.Errorf("verdict\n%s\nwant\n%s", o.Verdict, want)
	}
}

// TestProcessTiedOnlyEpisodeIsCompared: an episode whose two stages first
// appear at the same place has one (tied) pair and counts as compared.
func TestProcessTiedOnlyEpisodeIsCompared(t *testing.T) {
	cs := []coding.Coding{cd("t", "S1", 2, 0), cd("b", "S1", 2, 0)}
	eps := []coding.Episode{{Name: "E", Source: "S1", From: 1, To: 2}}
	participant := func(string, int) Role { return RoleParticipant }
	r, err := Process(ProcessInput{Codebook: processCB(t), Codings: cs, Episodes: eps, Role: participant, Permutations: 9})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.Tied != 1 || o.Compared != 1 || o.Statistic == nil || *o.Statistic != 0 {
		t.Errorf("tied %d compared %d statistic %s, want 1, 1, 0", o.Tied, o.Compared, fptoa(o.Statistic))
	}
}
