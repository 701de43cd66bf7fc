package coding

import "testing"

// TestOverlapsBoundaries pins the edges of Overlaps, in both argument
// orders: spans that only touch do not overlap; an empty span overlaps a
// span it lies in or touches; other turns or sources never overlap.
func TestOverlapsBoundaries(t *testing.T) {
	sp := func(src string, turn, start, end int) Coding {
		return Coding{Source: src, Turn: turn, Start: start, End: end}
	}
	tests := []struct {
		name string
		a, b Coding
		want bool
	}{
		{"adjacent", sp("P1", 1, 0, 5), sp("P1", 1, 5, 9), false},
		{"one code point shared", sp("P1", 1, 0, 6), sp("P1", 1, 5, 9), true},
		{"inside", sp("P1", 1, 0, 9), sp("P1", 1, 3, 4), true},
		{"same", sp("P1", 1, 2, 4), sp("P1", 1, 2, 4), true},
		{"apart", sp("P1", 1, 0, 3), sp("P1", 1, 4, 9), false},
		{"empty inside", sp("P1", 1, 3, 3), sp("P1", 1, 0, 9), true},
		{"empty at the end", sp("P1", 1, 5, 5), sp("P1", 1, 0, 5), true},
		{"empty at the start", sp("P1", 1, 0, 0), sp("P1", 1, 0, 5), true},
		{"empty past the end", sp("P1", 1, 6, 6), sp("P1", 1, 0, 5), false},
		{"empty before the start", sp("P1", 1, 1, 1), sp("P1", 1, 2, 5), false},
		{"two empty at one place", sp("P1", 1, 4, 4), sp("P1", 1, 4, 4), true},
		{"two empty apart", sp("P1", 1, 4, 4), sp("P1", 1, 5, 5), false},
		{"other turn", sp("P1", 1, 0, 5), sp("P1", 2, 0, 5), false},
		{"other source", sp("P1", 1, 0, 5), sp("P2", 1, 0, 5), false},
	}
	for _, tc := range tests {
		if got := Overlaps(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Overlaps(%v, %v) = %v, want %v", tc.name, tc.a.Ref(), tc.b.Ref(), got, tc.want)
		}
		if got := Overlaps(tc.b, tc.a); got != tc.want {
			t.Errorf("%s (swapped): Overlaps(%v, %v) = %v, want %v", tc.name, tc.b.Ref(), tc.a.Ref(), got, tc.want)
		}
	}
}
