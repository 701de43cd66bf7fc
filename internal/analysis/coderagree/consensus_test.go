package coderagree

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/internal/analysis/whose"
)

func TestConsensus(t *testing.T) {
	cs := fixture(t).Codings
	n := 0
	in := ConsensusInput{A: "a", B: "b", As: "consensus", Codings: cs, Now: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		NewID: func() string { n++; return fmt.Sprintf("c%d", n) }}
	_, err := Consensus(in)
	if !errors.Is(err, ErrUndecided) || !strings.Contains(err.Error(), "S1#2 X; S2#1 Y") {
		t.Fatalf("undecided: %v", err)
	}
	in.Decisions = []Decision{
		{Unit: UnitKey{"S1", 2, "x"}, Choice: KeepNeither, Reason: "not trust, small talk"},
		{Unit: UnitKey{"S2", 1, "Y"}, Choice: KeepB, Reason: "a missed it"},
		{Unit: UnitKey{"S1", 1, "X"}, Choice: KeepBoth, Reason: "both spans"},
	}
	r, err := Consensus(in)
	if err != nil {
		t.Fatal(err)
	}
	// S1#1 both spans (2), S1#3 agreed (a's), S2#1 b's, S2#2 agreed (a's).
	if len(r.Codings) != 5 || len(r.Records) != 5 {
		t.Fatalf("%d codings, %d records", len(r.Codings), len(r.Records))
	}
	for _, c := range r.Codings {
		if c.Coder != "consensus" || !strings.HasPrefix(c.ID, "c") || !c.Created.Equal(in.Now) {
			t.Errorf("copy %+v", c)
		}
	}
	var got []string
	for _, rec := range r.Records {
		got = append(got, fmt.Sprintf("%s=%s/%v/%d", rec.Unit, rec.Choice, rec.Agreed, len(rec.From)))
	}
	want := "S1#1 X=both/false/2 S1#2 X=neither/false/0 S1#3 Y=keep A/true/1 S2#1 Y=keep B/false/1 S2#2 X=keep A/true/1"
	if strings.Join(got, " ") != want {
		t.Errorf("records\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	if r.Codings[3].Memo != "a missed it" {
		t.Errorf("reason not kept: %+v", r.Codings[3])
	}
	// The consensus coder's codings can be selected like any coder's.
	all := append(cs, r.Codings...)
	if got, _ := whose.FilterCoders(all, []string{"consensus"}); len(got) != 5 {
		t.Errorf("filter consensus: %d", len(got))
	}
	if got := whose.Blind(all, "B"); len(got) != 4 {
		t.Errorf("blind view of b: %d codings, want b's 4", len(got))
	}

	in.Decisions = append(in.Decisions, Decision{Unit: UnitKey{"S9", 1, "X"}, Choice: KeepA})
	if _, err := Consensus(in); err == nil || !strings.Contains(err.Error(), "S9#1 X") {
		t.Errorf("stale decision: %v", err)
	}
	in.As = "A"
	if _, err := Consensus(in); err == nil {
		t.Error("consensus coder named like a compared coder accepted")
	}
	for s, want := range map[string]Choice{"A": KeepA, "keep b": KeepB, "Both": KeepBoth, "neither": KeepNeither} {
		if c, err := ParseChoice(s); err != nil || c != want {
			t.Errorf("ParseChoice(%q) = %v, %v", s, c, err)
		}
	}
}
