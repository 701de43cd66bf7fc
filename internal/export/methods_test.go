package export

import (
	"strings"
	"testing"
)

func intp(n int) *int           { return &n }
func floatp(f float64) *float64 { return &f }

func TestMethodsAllFigures(t *testing.T) {
	ss, err := Methods(MethodsFigures{
		Interviews: intp(12), Participants: intp(11), Coders: []string{"alice", "bob"},
		Codebook:   &CodebookSize{Codes: 48, Categories: 9, Stages: 4, Core: "Creating Connection"},
		Agreement:  &AgreementFigure{Measure: "Krippendorff's alpha", Value: 0.714, Unit: "turn", Coders: []string{"alice", "bob"}, Units: 310},
		Saturation: &SaturationFigure{K: 2, Order: "ingest", Point: 9, PointID: "P09", Transcript: 12},
		ModelCheck: &ModelCheckFigure{Stages: 4, StagesMeeting: 3, Threshold: 6, Participants: 11, MeanTau: floatp(0.52), TauParticipants: 10},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := string(MethodsMarkdown(ss, true))
	for _, want := range []string{
		"The analysis drew on 12 interview transcripts with 11 participants. (`grounded sources list`)",
		"The transcripts were coded by 2 coders (alice, bob). (`grounded codings list --json`)",
		`The codebook holds 48 open codes in 9 categories, under the core category "Creating Connection" with 4 stages.`,
		"Agreement between alice and bob, with each turn as the unit and each code marked present or absent over 310 turns, was Krippendorff's alpha = 0.71 (pooled over all codes). (`grounded agreement --coders alice,bob --unit turn --level code`)",
		"Taking saturation as 2 transcripts in a row that brought no new code, with transcripts in the order they were added, it was reached after transcript 9 of 12 (P09). (`grounded report saturation --k 2 --order ingest`)",
		"3 of its 4 stages were coded in the transcripts of at least 6 of the 11 participants. (`grounded model check --min-participants 6`)",
		"mean Kendall's tau-b of 0.52 over 10 participants",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	for _, judgement := range []string{"good", "substantial", "acceptable", "strong", "high", "reliab"} {
		if strings.Contains(strings.ToLower(got), judgement) {
			t.Errorf("the paragraph judges (%q):\n%s", judgement, got)
		}
	}
	if plain := string(MethodsMarkdown(ss, false)); strings.Contains(plain, "grounded ") {
		t.Errorf("prose without commands has commands:\n%s", plain)
	}
}

func TestMethodsAbsentFiguresAreLeftOut(t *testing.T) {
	ss, err := Methods(MethodsFigures{Interviews: intp(5), Saturation: &SaturationFigure{K: 3, Transcript: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 {
		t.Fatalf("sentences %v, want two", ss)
	}
	if ss[0].Text != "The analysis drew on 5 interview transcripts." {
		t.Errorf("interviews: %q", ss[0].Text)
	}
	if !strings.Contains(ss[1].Text, "it was not reached within the 5 transcripts coded") {
		t.Errorf("saturation: %q", ss[1].Text)
	}
	none, _ := Methods(MethodsFigures{})
	if len(none) != 0 || len(MethodsMarkdown(none, true)) != 0 {
		t.Errorf("no figures, yet sentences: %v", none)
	}
	// A model check without a defined tau says nothing about order.
	ss, _ = Methods(MethodsFigures{ModelCheck: &ModelCheckFigure{Stages: 2, StagesMeeting: 1, Threshold: 1, Participants: 1}})
	if len(ss) != 1 || strings.Contains(ss[0].Text, "tau") {
		t.Errorf("model check: %v", ss)
	}
}

func TestMethodsRefusesImpossibleFigures(t *testing.T) {
	for _, f := range []MethodsFigures{
		{Interviews: intp(-1)},
		{Agreement: &AgreementFigure{Measure: "alpha", Value: 1.2, Unit: "turn", Coders: []string{"a", "b"}}},
		{Agreement: &AgreementFigure{Measure: "alpha", Value: 0.5, Unit: "turn", Coders: []string{"a"}}},
		{Saturation: &SaturationFigure{K: 2, Point: 7, Transcript: 5}},
		{ModelCheck: &ModelCheckFigure{Stages: 2, StagesMeeting: 3, Threshold: 1, Participants: 4}},
	} {
		if _, err := Methods(f); err == nil {
			t.Errorf("%+v accepted", f)
		}
	}
}
