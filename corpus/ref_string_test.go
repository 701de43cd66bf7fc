package corpus

import (
	"fmt"
	"testing"
)

// FuzzRefString checks String against the three forms it is defined by.
func FuzzRefString(f *testing.F) {
	f.Add("P0001", 1, true, 0, 40)
	f.Add("P01", 0, false, 10, 42)
	f.Add("Zoë", -3, false, -1, 1<<40)
	f.Fuzz(func(t *testing.T, src string, turn int, hasSpan bool, start, end int) {
		r := Ref{Source: src, Turn: turn, HasSpan: hasSpan, Start: start, End: end}
		var want string
		switch {
		case turn == 0:
			want = fmt.Sprintf("%s:%d-%d", src, start, end)
		case hasSpan:
			want = fmt.Sprintf("%s#%d:%d-%d", src, turn, start, end)
		default:
			want = fmt.Sprintf("%s#%d", src, turn)
		}
		if got := r.String(); got != want {
			t.Fatalf("%#v.String() = %q, want %q", r, got, want)
		}
	})
}
