package report

import (
	"bytes"
	"testing"
)

// The CSV forms of the reports of the fixture, every figure worked out
// by hand from the fixture's description (report_test.go).
func TestWriteCSV(t *testing.T) {
	in := fixture(t)
	write := func(name string, f func(*bytes.Buffer) error, want string) {
		t.Helper()
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b.String() != want {
			t.Errorf("%s:\n%s\nwant:\n%s", name, b.String(), want)
		}
	}

	// Categories by participant, P2 before P10: Trust holds S1's SS and
	// two SU (P1) and S2's SS (P10); Self-care counts nowhere.
	ft, err := Frequencies(in, LevelCategory, By{Kind: "participant"})
	if err != nil {
		t.Fatal(err)
	}
	write("frequencies", func(b *bytes.Buffer) error { return ft.WriteCSV(b) }, `category,P1,P2,P3,P10,codings,participants
Trust,3,0,0,1,4,2
Bridging,1,1,0,0,2,2
Disclosure,1,0,0,1,2,2
Presence,2,0,0,0,2,1
Handoffs,1,1,0,0,2,2
`)

	// Turns: SS in S1#1, S2#1; SC in S2#1; SU in S1#1, S1#2; WH in S1#2,
	// S3#1. SS/SC 1/(2+1−1), SS/SU 1/(2+2−1), SU/WH 1/3 and their spans
	// by one coder overlap, but not SU and WH (coders a and b).
	ct, err := Cooccurrences(in, LevelCode, ScopeTurn)
	if err != nil {
		t.Fatal(err)
	}
	write("co-occurrence by turn", func(b *bytes.Buffer) error { return ct.WriteCSV(b) }, `a,b,both,units_a,units_b,jaccard,overlaps
Sharing story,Self-care,1,2,1,0.5000,1
Sharing story,Showing up,1,2,2,0.3333,1
Showing up,Warm handoff,1,2,2,0.3333,0
`)
	// Sources: SS in S1, S2; SC in S2; SU in S1; WH in S1, S3. No
	// overlaps column.
	ct, err = Cooccurrences(in, LevelCode, ScopeSource)
	if err != nil {
		t.Fatal(err)
	}
	write("co-occurrence by source", func(b *bytes.Buffer) error { return ct.WriteCSV(b) }, `a,b,both,units_a,units_b,jaccard
Sharing story,Self-care,1,2,1,0.5000
Sharing story,Showing up,1,2,1,0.5000
Sharing story,Warm handoff,1,2,2,0.3333
Showing up,Warm handoff,1,1,2,0.5000
`)

	// Ingest order: S1 brings three codes and all five categories, S2
	// Self-care (no category), S3 nothing: saturated at 2 with K 1.
	r, err := SaturationOf(in, "ingest", 1)
	if err != nil {
		t.Fatal(err)
	}
	write("saturation", func(b *bytes.Buffer) error { return r.WriteCSV(b) }, `n,source,participant,new_codes,codes,new_categories,categories,saturation_point,new_code_names,new_category_names
1,S1,P1,3,3,5,5,,Sharing story; Showing up; Warm handoff,Trust; Bridging; Disclosure; Presence; Handoffs
2,S2,P10,1,4,0,5,yes,Self-care,
3,S3,P2,0,4,0,5,,,
`)
	// By years (3, 9, 12; P3 has none and S4 is uncoded): every
	// transcript brings a new code, so no point.
	r, err = SaturationOf(in, "attr:years", 1)
	if err != nil {
		t.Fatal(err)
	}
	write("saturation by years", func(b *bytes.Buffer) error { return r.WriteCSV(b) }, `n,source,participant,years,new_codes,codes,new_categories,categories,saturation_point,new_code_names,new_category_names
1,S2,P10,3,2,2,2,2,,Sharing story; Self-care,Trust; Disclosure
2,S3,P2,9,1,3,2,4,,Warm handoff,Bridging; Handoffs
3,S1,P1,12,1,4,1,5,,Showing up,Presence
`)

	// Stages by setting: ED is P1 and P10, Outreach P2, P3 has none.
	c, err := Compare(in, "setting", LevelStage)
	if err != nil {
		t.Fatal(err)
	}
	write("compare", func(b *bytes.Buffer) error { return c.WriteCSV(b) }, `stage,setting,value_participants,codings,participants,share
Trust,ED,2,4,2,1.0000
Trust,Outreach,1,0,0,0.0000
Trust,(none),1,0,0,0.0000
Bridging,ED,2,1,1,0.5000
Bridging,Outreach,1,1,1,1.0000
Bridging,(none),1,0,0,0.0000
`)
}

func TestLevelString(t *testing.T) {
	for l, want := range map[Level]string{LevelCode: "code", LevelCategory: "category", LevelStage: "stage", Level(-1): "Level(-1)", Level(3): "Level(3)"} {
		if got := l.String(); got != want {
			t.Errorf("Level(%d).String() = %q, want %q", int(l), got, want)
		}
	}
}

// Texts answers for the sources it knows, and a nil Texts for none.
func TestTextsAccessors(t *testing.T) {
	in := fixture(t)
	if n := len(in.Texts.Turns("S1")); n != 3 {
		t.Errorf("S1 has %d turns, want 3", n)
	}
	if n := in.Texts.Len("S1"); n != 103 { // 3 × ("X: " + 30) + 2 × 2
		t.Errorf("S1 is %d code points, want 103", n)
	}
	var none *Texts
	if none.Turns("S1") != nil || none.Len("S1") != 0 {
		t.Error("a nil Texts knows S1")
	}
}
