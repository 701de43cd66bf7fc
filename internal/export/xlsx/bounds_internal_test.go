package xlsx

import (
	"testing"
	"unicode/utf8"
)

// TestXMLCharBounds: the edges of XML 1.0's Char production.
func TestXMLCharBounds(t *testing.T) {
	for r, want := range map[rune]bool{
		0x09: true, 0x0A: true, 0x0D: true, 0x1F: false, 0x20: true,
		0xD7FF: true, 0xD800: false, 0xDFFF: false, 0xE000: true,
		0xFFFD: true, 0xFFFE: false, 0xFFFF: false, 0x10000: true,
		utf8.MaxRune: true, utf8.MaxRune + 1: false,
	} {
		if got := xmlChar(r); got != want {
			t.Errorf("xmlChar(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestEscapeLikeDigits: every hexadecimal digit at the edges of its
// range, and the characters just past them.
func TestEscapeLikeDigits(t *testing.T) {
	for s, want := range map[string]bool{
		"_x0000_": true, "_x9999_": true, "_xaaaa_": true, "_xffff_": true,
		"_xAAAA_": true, "_xFFFF_": true,
		"_x/000_": false, "_x:000_": false, "_x`000_": false, "_xg000_": false,
		"_x@000_": false, "_xG000_": false,
		"_x0000": false, "_y0000_": false, "x_0000_": false,
	} {
		if got := escapeLike(s); got != want {
			t.Errorf("escapeLike(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestUTF16Len: characters from U+10000 on take two code units.
func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{
		"": 0, "a": 1, "\uFFFF": 1, "\U00010000": 2, "\U0010FFFF": 2, "é🙂": 3, "\xff": 1,
	} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}
