package codebook

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestLookupSameAsScan edits a codebook at random, through its methods and
// by setting fields directly, and checks after every step that Code and
// Category find what a scan of the slices finds.
func TestLookupSameAsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cb := New()
	name := func() string {
		return []string{"Trust", "trust ", "Peer  support", "Zoë", "zoe\u0308", "Harm reduction", "RELAPSE", "naloxone"}[r.IntN(8)] + fmt.Sprint(r.IntN(30))
	}
	for step := range 4000 {
		switch r.IntN(7) {
		case 0, 1:
			_, _ = cb.AddCode(name(), "")
		case 2:
			if len(cb.Codes) > 0 {
				_, _ = cb.RenameCode(cb.Codes[r.IntN(len(cb.Codes))].Name, name())
			}
		case 3:
			if len(cb.Codes) > 0 {
				_ = cb.RemoveCode(cb.Codes[r.IntN(len(cb.Codes))].Name)
			}
		case 4:
			if len(cb.Codes) > 0 { // behind the index's back, to a name no other code has
				n := name()
				if scan(cb.Codes, Key(n), codeName) == nil {
					cb.Codes[r.IntN(len(cb.Codes))].Name = n
				}
			}
		case 5:
			cb.Categories = append(cb.Categories, &Category{Name: name()})
		case 6:
			if len(cb.Codes) > 1 { // swap two entries in place
				i, j := r.IntN(len(cb.Codes)), r.IntN(len(cb.Codes))
				cb.Codes[i], cb.Codes[j] = cb.Codes[j], cb.Codes[i]
			}
		}
		for range 5 {
			q := name()
			if got, want := cb.Code(q), scan(cb.Codes, Key(q), codeName); got != want {
				t.Fatalf("step %d: Code(%q) = %v, scan finds %v", step, q, got, want)
			}
			if got, want := cb.Category(q), scan(cb.Categories, Key(q), categoryName); got != want {
				t.Fatalf("step %d: Category(%q) = %v, scan finds %v", step, q, got, want)
			}
		}
	}
}

// TestKeyFast: the allocation-free path gives what the full normalisation
// gives.
func TestKeyFast(t *testing.T) {
	for _, s := range []string{"", "a", "Trust", "trust building", " lead", "trail ", "two  spaces", "tab\there", "Zoë", "zoe\u0308", "A\u00a0B", "x\x7f", "ÅNGSTRÖM", "İstanbul", "\u212a"} {
		want := strings.ToLower(norm.NFC.String(strings.Join(strings.Fields(s), " ")))
		if got := Key(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	}
}
