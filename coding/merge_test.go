package coding

import (
	"reflect"
	"testing"
)

func TestMerge3(t *testing.T) {
	c := func(id, code string, turn int) Coding {
		return Coding{ID: id, Code: code, Source: "S1", Turn: turn, Start: 0, End: 1, Quote: "x", Coder: "a"}
	}
	ids := func(cs []Coding) (out []string) {
		for _, x := range cs {
			out = append(out, x.ID+":"+x.Code)
		}
		return out
	}
	base := []Coding{c("a", "A", 1), c("b", "A", 2), c("k", "K", 3)}
	cases := []struct {
		name         string
		ours, theirs []Coding
		want         []string
		conflicts    []string
	}{
		{"removal on one side, addition on the other",
			[]Coding{c("a", "A", 1), c("k", "K", 3)},
			[]Coding{c("a", "A", 1), c("b", "A", 2), c("n", "K", 2), c("k", "K", 3)},
			[]string{"a:A", "n:K", "k:K"}, nil},
		{"rename on one side, addition with the old name on the other",
			[]Coding{c("a", "B", 1), c("b", "B", 2), c("k", "K", 3)},
			[]Coding{c("a", "A", 1), c("b", "A", 2), c("k", "K", 3), c("n", "A", 4)},
			[]string{"a:B", "b:B", "k:K", "n:B"}, nil},
		{"a partial recode is not a rename",
			[]Coding{c("a", "B", 1), c("b", "A", 2), c("k", "K", 3)},
			[]Coding{c("a", "A", 1), c("b", "A", 2), c("k", "K", 3), c("n", "A", 4)},
			[]string{"a:B", "b:A", "k:K", "n:A"}, nil},
		{"changed differently on both sides",
			[]Coding{c("a", "B", 1), c("b", "A", 2), c("k", "K", 3)},
			[]Coding{c("a", "C", 1), c("b", "A", 2), c("k", "K", 3)},
			[]string{"a:B", "b:A", "k:K"}, []string{"a"}},
		{"changed on one side, removed on the other",
			[]Coding{c("a", "A", 1), c("b", "A", 2)},
			[]Coding{c("a", "A", 1), c("b", "A", 2), c("k", "Z", 3)},
			[]string{"a:A", "b:A"}, []string{"k"}},
		{"both removed the same",
			[]Coding{c("a", "A", 1)},
			[]Coding{c("a", "A", 1)},
			[]string{"a:A"}, nil},
	}
	for _, tc := range cases {
		got, conflicts := Merge3(base, tc.ours, tc.theirs)
		if !reflect.DeepEqual(ids(got), tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, ids(got), tc.want)
		}
		if ci := ConflictIDs(conflicts); !reflect.DeepEqual(ci, tc.conflicts) && len(ci)+len(tc.conflicts) > 0 {
			t.Errorf("%s: conflicts %v, want %v", tc.name, ci, tc.conflicts)
		}
		// The merge is symmetric but for conflicts.
		back, _ := Merge3(base, tc.theirs, tc.ours)
		if tc.conflicts == nil && !reflect.DeepEqual(ids(back), tc.want) {
			t.Errorf("%s (sides swapped): got %v, want %v", tc.name, ids(back), tc.want)
		}
	}
}
