package corpus

import "testing"

// sliceByRunes is Slice as it was before its ASCII shortcut: the
// reference.
func sliceByRunes(s string, start, end int) (string, bool) {
	if start < 0 || end < start {
		return "", false
	}
	i, bstart, bend := 0, -1, -1
	for bi := range s {
		if i == start {
			bstart = bi
		}
		if i == end {
			bend = bi
			break
		}
		i++
	}
	if i == start && bstart < 0 {
		bstart = len(s)
	}
	if bend < 0 {
		if i != end {
			return "", false
		}
		bend = len(s)
	}
	if bstart < 0 {
		return "", false
	}
	return s[bstart:bend], true
}

// FuzzSliceASCII: Slice gives what slicing by code points gives, for ASCII
// text (its shortcut) and any other.
func FuzzSliceASCII(f *testing.F) {
	f.Add("Used told was call so the in read lot I.", 3, 9)
	f.Add("Zoë said: «non»", 2, 5)
	f.Add("abc\xffdef", 1, 6)
	f.Add("exactly8", 0, 8)
	f.Add("", 0, 0)
	f.Fuzz(func(t *testing.T, s string, start, end int) {
		got, ok := Slice(s, start, end)
		want, wok := sliceByRunes(s, start, end)
		if got != want || ok != wok {
			t.Errorf("Slice(%q, %d, %d) = %q, %v; by code points %q, %v", s, start, end, got, ok, want, wok)
		}
	})
}

func TestIsASCII(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{{"", true}, {"abcdefgh", true}, {"abcdefghi", true}, {"abcdefg\x80", false}, {"\x80bcdefgh12", false}, {"abcdefgh1234567é", false}, {"abcdefgh1234567\x7f", true}} {
		if got := isASCII(c.s); got != c.want {
			t.Errorf("isASCII(%q) = %v", c.s, got)
		}
	}
}
