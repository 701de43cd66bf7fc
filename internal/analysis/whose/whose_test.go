package whose

import (
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

func c(code, coder, src string, turn, start, end int) coding.Coding {
	return coding.Coding{Code: code, Coder: coder, Source: src, Turn: turn, Start: start, End: end}
}

// Two coders code one passage with Trust (overlapping spans); Ana codes
// a second Trust passage and a Bridging on the first passage's words.
var double = []coding.Coding{
	c("Trust", "ana", "P1", 3, 0, 40),
	c("trust", "Ben", "P1", 3, 10, 50),
	c("Trust", "ana", "P1", 3, 60, 80), // separate: starts after 50
	c("Bridging", "ana", "P1", 3, 0, 40),
	c("Trust", "ben", "P1", 4, 0, 40), // another turn
	{Code: "Trust", Coder: "ana", Source: "P1", Turn: 3, Start: 5, End: 9, Orphaned: true},
}

func TestCountPassages(t *testing.T) {
	got := Count(double, ModePassages)
	if got["trust"] != 3 || got["bridging"] != 1 {
		t.Errorf("passages %v, want trust 3 (double-coded passage once), bridging 1", got)
	}
	got = Count(double, ModeCodings)
	if got["trust"] != 4 || got["bridging"] != 1 {
		t.Errorf("codings %v, want trust 4, bridging 1", got)
	}
	ps := Passages(double)
	if len(ps) != 4 {
		t.Fatalf("passages %+v", ps)
	}
	first := ps[1] // after Bridging at the same place
	if first.Start != 0 || first.End != 50 || !slices.Equal(first.Coders, []string{"ana", "Ben"}) {
		t.Errorf("first Trust passage %+v", first)
	}
	if d := Distinct(double); len(d) != 4 {
		t.Errorf("distinct %d codings, want 4", len(d))
	}
	// A chain: a–b overlap, b–c overlap, a–c do not: one passage.
	chain := []coding.Coding{c("X", "a", "S", 1, 0, 10), c("X", "b", "S", 1, 8, 20), c("X", "c", "S", 1, 18, 30)}
	if n := Count(chain, ModePassages)["x"]; n != 1 {
		t.Errorf("chain counts %d passages, want 1", n)
	}
}

func TestFilterCoders(t *testing.T) {
	got, err := FilterCoders(double, []string{" BEN "})
	if err != nil || len(got) != 2 {
		t.Fatalf("FilterCoders(ben) = %d codings, %v", len(got), err)
	}
	all, _ := FilterCoders(double, nil)
	if len(all) != len(double) {
		t.Errorf("no filter: %d codings", len(all))
	}
	_, err = FilterCoders(double, []string{"ana", "carla"})
	if err == nil || !strings.Contains(err.Error(), "carla") || !strings.Contains(err.Error(), "ana, Ben") {
		t.Errorf("unknown coder: %v", err)
	}
	if m, err := ParseMode("Passages"); err != nil || m != ModePassages {
		t.Errorf("ParseMode = %v, %v", m, err)
	}
	if _, err := ParseMode("words"); err == nil {
		t.Error("ParseMode(words): no error")
	}
}
