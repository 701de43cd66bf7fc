package corpus

import (
	"errors"
	"strings"
	"testing"
)

// pairs builds bytes from two-byte units, each given as its even and its
// odd byte.
func pairs(units ...[2]byte) []byte {
	var b []byte
	for _, u := range units {
		b = append(b, u[0], u[1])
	}
	return b
}

// TestSniffUTF16Thresholds pins the sniffing rule at its edges: at least 7
// of 10 units with a zero in one half and at most 1 of 10 in the other, from
// 4 bytes on. The encoding is named even when the text then turns out
// binary, so each case asks only for the encoding.
func TestSniffUTF16Thresholds(t *testing.T) {
	z := func(b byte) [2]byte { return [2]byte{b, 0} } // "b" in UTF-16LE
	n := func(a, b byte) [2]byte { return [2]byte{a, b} }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"4 bytes LE", pairs(z('a'), z('b')), "utf-16le"},
		{"4 bytes BE", pairs(n(0, 'a'), n(0, 'b')), "utf-16be"},
		// 10 units, 7 with a zero odd byte: exactly 70 %.
		{"70% LE", pairs(z('a'), z('b'), z('c'), z('d'), z('e'), z('f'), z('g'), n('h', 'i'), n('j', 'k'), n('l', 'm')), "utf-16le"},
		// 6 of 10: below the threshold, so not UTF-16 (and NUL makes it binary).
		{"60% LE", pairs(z('a'), z('b'), z('c'), z('d'), z('e'), z('f'), n('g', 'g'), n('h', 'i'), n('j', 'k'), n('l', 'm')), "utf-8"},
		// 8 zero odd bytes and 1 zero even byte of 10: 10 % in the other half is allowed.
		{"10% other half", pairs(z('a'), z('b'), z('c'), z('d'), z('e'), z('f'), z('g'), z('h'), n(0, 'x'), n('l', 'm')), "utf-16le"},
		// 8 and 2: too many zeros in the other half.
		{"20% other half", pairs(z('a'), z('b'), z('c'), z('d'), z('e'), z('f'), z('g'), z('h'), n(0, 'x'), n(0, 'y')), "utf-8"},
		{"70% BE", pairs(n(0, 'a'), n(0, 'b'), n(0, 'c'), n(0, 'd'), n(0, 'e'), n(0, 'f'), n(0, 'g'), n('h', 'i'), n('j', 'k'), n('l', 'm')), "utf-16be"},
		{"60% BE", pairs(n(0, 'a'), n(0, 'b'), n(0, 'c'), n(0, 'd'), n(0, 'e'), n(0, 'f'), n('g', 'g'), n('h', 'i'), n('j', 'k'), n('l', 'm')), "utf-8"},
		{"10% other half BE", pairs(n(0, 'a'), n(0, 'b'), n(0, 'c'), n(0, 'd'), n(0, 'e'), n(0, 'f'), n(0, 'g'), n(0, 'h'), n('x', 0), n('l', 'm')), "utf-16be"},
		{"20% other half BE", pairs(n(0, 'a'), n(0, 'b'), n(0, 'c'), n(0, 'd'), n(0, 'e'), n(0, 'f'), n(0, 'g'), n(0, 'h'), n('x', 0), n('y', 0)), "utf-8"},
		{"2 bytes", []byte{'a', 0}, "utf-8"},
	}
	for _, tc := range tests {
		_, enc, _ := DecodeText(tc.data)
		if enc != tc.want {
			t.Errorf("%s: encoding %q, want %q", tc.name, enc, tc.want)
		}
	}
}

// TestDecodeUTF16Pairs pins surrogate pairs, lone surrogates and an odd
// trailing byte, in both byte orders.
func TestDecodeUTF16Pairs(t *testing.T) {
	le := func(us ...uint16) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range us {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	be := func(us ...uint16) []byte {
		b := []byte{0xFE, 0xFF}
		for _, u := range us {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"pair LE", le('a', 0xD83D, 0xDE00, 'b'), "a\U0001F600b"},
		{"pair BE", be('a', 0xD83D, 0xDE00, 'b'), "a\U0001F600b"},
		{"pair at the end", le('a', 0xD83D, 0xDE00), "a\U0001F600"},
		{"last high surrogate", le('a', 0xDBFF, 0xDFFF), "a\U0010FFFF"},
		{"high alone at the end", le('a', 0xD83D), "a\uFFFD"},
		{"low alone", le('a', 0xDE00, 'b'), "a\uFFFDb"},
		{"low first", le('a', 0xDC00, 0xDC00, 'b'), "a\uFFFD\uFFFDb"},
		{"high then letter", le('a', 0xD83D, 'b'), "a\uFFFDb"},
		{"odd trailing byte", append(le('a', 'b'), 'c'), "ab\uFFFD"},
		{"high surrogate, then an odd byte", append(le('a', 0xD83D), 'c'), "a\uFFFD\uFFFD"},
		{"BMP above surrogates", le('a', 0xE000, 0xFFFD), "a\uE000\uFFFD"},
	}
	for _, tc := range tests {
		got, _, err := DecodeText(tc.data)
		if err != nil || got != tc.want {
			t.Errorf("%s: DecodeText = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// TestBinaryShare pins the binary rule: a file is binary when more than 5 %
// of its characters are control characters (counted in code points, not
// bytes), and the error names the line of the first one.
func TestBinaryShare(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		binary bool
		line   int
	}{
		// 1 control character in 20 code points: exactly 5 %, text.
		{"5%", "abcdefghi\njklmnopq\x01r", false, 0},
		// 1 in 19: binary, on line 2.
		{"over 5%", "abcdefghi\njklmnop\x01r", true, 2},
		// 1 in 20 code points but 39 bytes: é counts once.
		{"5% of code points", "ééééééééé\néééééééé\x01é", false, 0},
		{"over 5% of code points", "ééééééééé\nééééééé\x01é", true, 2},
		// C1 controls U+0080 and U+009F count, U+00A0 (no-break space) does not.
		{"U+0080", "ab\ncd\u0080", true, 2},
		{"U+009F", "ab\ncd\u009f", true, 2},
		{"U+00A0", "ab\ncd\u00a0e", false, 0},
		// DEL counts; tab, vertical tab and form feed do not.
		{"DEL", "ab\x7f", true, 1},
		{"space controls", "a\tb\vc\fd", false, 0},
		{"unit separator", "ab\n\n\x1f", true, 3},
		// the line of the first control character, when it is the first byte
		{"first at offset 0", "\x01a\n\x01\x01", true, 1},
		{"NUL among much text", strings.Repeat("text ", 100) + "\n\x00", true, 2},
	}
	for _, tc := range tests {
		_, _, err := DecodeText([]byte(tc.text))
		var pe *ParseError
		switch {
		case !tc.binary && err != nil:
			t.Errorf("%s: %v, want text", tc.name, err)
		case tc.binary && (!errors.Is(err, ErrBinary) || !errors.As(err, &pe) || pe.Line != tc.line):
			t.Errorf("%s: %v, want binary at line %d", tc.name, err, tc.line)
		}
	}
}

// TestNormNewlinesEdges pins the line-break rule where a break is cut off at
// the end of the text, and the three-byte separators next to their
// neighbours.
func TestNormNewlinesEdges(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb", "a\nb"},
		{"a\r\r\nb", "a\n\nb"},
		{"a\rb\r", "a\nb\n"},
		{"a\u0085b\u0085", "a\nb\n"},
		{"a\u2028b\u2029", "a\nb\n"},
		{"a\u2028b", "a\nb"},
		{"a\u2029b", "a\nb"},
		{"a\u0085b", "a\nb"},
		{"a\u2027b\u202a", "a\u2027b\u202a"},
		{"a\u00a0b\r", "a\u00a0b\n"},
		{"\u2028\u0085\r", "\n\n\n"},
		{"x\u2029", "x\n"},
	}
	for _, tc := range tests {
		if got := normNewlines(tc.in); got != tc.want {
			t.Errorf("normNewlines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestShortenEdges pins the warning text limit: up to n code points as is,
// longer cut to n code points with the last one "…".
func TestShortenEdges(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abcde", 5, "abcde"},
		{"abcdef", 5, "abcd…"},
		{"ééééé", 5, "ééééé"},
		{"éééééé", 5, "éééé…"},
		{"ab", 1, "…"},
	}
	for _, tc := range tests {
		if got := shorten(tc.in, tc.n); got != tc.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
