package coding

import (
	"testing"
	"time"

	"github.com/grounded-qda/grounded/corpus"
)

func tt(texts ...string) []corpus.Turn {
	var out []corpus.Turn
	for i, s := range texts {
		out = append(out, corpus.Turn{N: i + 1, Speaker: "S", Text: s})
	}
	return out
}

// at makes a coding of quote at turn:start in old.
func at(id string, turn, start int, quote string) Coding {
	return Coding{ID: id, Code: "C", Source: "P1", Turn: turn, Start: start, End: start + len([]rune(quote)), Quote: quote, Coder: "alice", Created: time.Unix(0, 0).UTC()}
}

func TestReanchor(t *testing.T) {
	old := tt("I kept showing up.", "Zoë’s “trust” grew.", "Then he called.")
	tests := []struct {
		name     string
		c        Coding
		new      []corpus.Turn
		turn     int
		start    int
		orphaned bool
		moved    int
	}{
		{"unchanged", at("a", 2, 6, "“trust”"), old, 2, 6, false, 0},
		{"moved within the turn", at("a", 2, 6, "“trust”"),
			tt("I kept showing up.", "Well, Zoë’s “trust” grew.", "Then he called."), 2, 12, false, 1},
		{"moved to another turn", at("a", 3, 0, "Then he called."),
			tt("I kept showing up.", "Zoë’s “trust” grew.", "[inaudible]", "Then he called."), 4, 0, false, 1},
		{"nearest of two in the turn", at("a", 1, 15, "showing up"),
			tt("showing up, I kept showing up again and again and again."), 1, 19, false, 1},
		{"nearest turn first", at("a", 2, 0, "yes"),
			tt("x", "no", "yes", "x", "x", "yes"), 3, 0, false, 1},
		{"tie in one turn", at("a", 1, 10, "up"),
			tt("up....... ..........up"), 1, 10, true, 0},
		{"tie between two turns", at("a", 2, 0, "yes"),
			tt("yes", "no", "yes"), 2, 0, true, 0},
		{"missing", at("a", 2, 6, "“trust”"),
			tt("I kept showing up.", "Zoë’s faith grew.", "Then he called."), 2, 6, true, 0},
		{"turn gone and quote gone", at("a", 3, 0, "Then he called."),
			tt("I kept showing up."), 3, 0, true, 0},
		{"source-level span moved", Coding{ID: "a", Code: "C", Source: "P1", Turn: 0, Start: 3, End: 7, Quote: "kept"},
			tt("Well, I kept showing up."), 0, 11, false, 1}, // "S: " comes first
		{"source-level span missing", Coding{ID: "a", Code: "C", Source: "P1", Turn: 0, Start: 3, End: 7, Quote: "kept"},
			tt("I stayed."), 0, 3, true, 0},
		// A damaged coding must not crash a re-ingest; it is kept, orphaned.
		{"damaged turn number", at("a", -1, 0, "Then"), old, -1, 0, true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, moved, orphaned := Reanchor([]Coding{tc.c}, tc.new)
			if len(out) != 1 {
				t.Fatalf("Reanchor returned %d codings", len(out))
			}
			c := out[0]
			if c.Turn != tc.turn || c.Start != tc.start || c.Orphaned != tc.orphaned {
				t.Errorf("coding at %d:%d orphaned=%v, want %d:%d orphaned=%v", c.Turn, c.Start, c.Orphaned, tc.turn, tc.start, tc.orphaned)
			}
			if moved != tc.moved || orphaned != map[bool]int{true: 1}[tc.orphaned] {
				t.Errorf("moved %d orphaned %d", moved, orphaned)
			}
			// Everything but the position is kept; a placed coding still
			// quotes its text exactly.
			if c.ID != tc.c.ID || c.Quote != tc.c.Quote || c.Code != tc.c.Code || c.Coder != tc.c.Coder {
				t.Errorf("coding changed: %+v", c)
			}
			if !c.Orphaned {
				sp, err := Resolve(c.Ref(), tc.new)
				if err != nil || sp.Quote != c.Quote {
					t.Errorf("placed at %s which holds %q (%v)", c.Ref(), sp.Quote, err)
				}
			} else if c.End != tc.c.End {
				t.Errorf("orphaned coding lost its old end")
			}
		})
	}
}

func TestReanchorOrphanFoundAgain(t *testing.T) {
	c := at("a", 2, 6, "“trust”")
	c.Orphaned = true
	new := tt("Zoë’s “trust” grew.", "nothing")
	out, moved, orphaned := Reanchor([]Coding{c}, new)
	if out[0].Orphaned || out[0].Turn != 1 || out[0].Start != 6 || moved != 1 || orphaned != 0 {
		t.Errorf("got %+v moved=%d orphaned=%d", out[0], moved, orphaned)
	}
	// An orphan whose old position holds its quote again is placed there.
	c2 := at("b", 1, 6, "“trust”")
	c2.Orphaned = true
	out, moved, _ = Reanchor([]Coding{c2}, new)
	if out[0].Orphaned || moved != 1 {
		t.Errorf("got %+v moved=%d", out[0], moved)
	}
}

func TestReanchorKeepsOrderAndCounts(t *testing.T) {
	old := []Coding{at("a", 1, 0, "I kept"), at("b", 2, 0, "gone"), at("c", 1, 7, "showing")}
	out, moved, orphaned := Reanchor(old, tt("So I kept showing up."))
	if len(out) != 3 || out[0].ID != "a" || out[1].ID != "b" || out[2].ID != "c" {
		t.Fatalf("order changed: %+v", out)
	}
	if moved != 2 || orphaned != 1 || !out[1].Orphaned {
		t.Errorf("moved=%d orphaned=%d", moved, orphaned)
	}
}

// TestReanchorWholeTurnWithoutJunk: a coding of a whole turn follows the
// turn when the new transcript only dropped junk from it (a stray label
// line), taking the new text as its quote; it stays orphaned when the new
// text is a small part of the old, or two turns qualify equally near.
func TestReanchorWholeTurnWithoutJunk(t *testing.T) {
	old := "Speaker 3\nI kept showing up, every Tuesday."
	c := at("a", 2, 0, old)
	out, moved, orphaned := Reanchor([]Coding{c}, tt("How did it start?", "I kept showing up, every Tuesday.", "Why?"))
	if moved != 1 || orphaned != 0 || out[0].Turn != 2 || out[0].Start != 0 || out[0].End != 33 || out[0].Quote != "I kept showing up, every Tuesday." {
		t.Errorf("got %+v (moved %d, orphaned %d)", out[0], moved, orphaned)
	}
	// Only a small part of the old quote is left: not guessed.
	out, _, orphaned = Reanchor([]Coding{c}, tt("How did it start?", "Speaker 3", "Why?"))
	if orphaned != 1 || !out[0].Orphaned {
		t.Errorf("small remainder: got %+v", out[0])
	}
	// A coding that did not start its turn is not a whole-turn coding.
	c2 := at("b", 2, 4, "I kept showing up, every Tuesday. And more")
	if _, _, orphaned := Reanchor([]Coding{c2}, tt("x", "I kept showing up, every Tuesday.")); orphaned != 1 {
		t.Errorf("a span inside a turn was re-anchored as a whole turn")
	}
}
