package whose

import (
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

// TestModeStringRoundTrip: every mode prints as the word ParseMode reads.
func TestModeStringRoundTrip(t *testing.T) {
	for _, m := range []Mode{ModeCodings, ModePassages} {
		got, err := ParseMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v; want %v", m.String(), got, err, m)
		}
	}
	if ModeCodings.String() == ModePassages.String() {
		t.Errorf("both modes print as %q", ModeCodings.String())
	}
}

// TestBlind: a coder sees only their own codings (names compared as coder
// names are: trimmed, case-insensitive); an empty coder sees nothing.
func TestBlind(t *testing.T) {
	cs := []coding.Coding{
		{ID: "a1", Coder: "Alice"},
		{ID: "b1", Coder: "bob"},
		{ID: "a2", Coder: " alice "},
		{ID: "e1", Coder: ""},
	}
	ids := func(cs []coding.Coding) (out []string) {
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if got := ids(Blind(cs, "ALICE")); len(got) != 2 || got[0] != "a1" || got[1] != "a2" {
		t.Errorf("Blind(alice) = %v, want [a1 a2]", got)
	}
	if got := ids(Blind(cs, "bob")); len(got) != 1 || got[0] != "b1" {
		t.Errorf("Blind(bob) = %v, want [b1]", got)
	}
	if got := Blind(cs, " "); got == nil || len(got) != 0 {
		t.Errorf("Blind of an empty coder = %v, want an empty, non-nil list", got)
	}
}
