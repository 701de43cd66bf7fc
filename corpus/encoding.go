package corpus

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// DecodeText turns the bytes of a text file into a normalised UTF-8 string
// and names the encoding it found:
//
//   - "utf-8-bom": UTF-8 with a byte order mark (the mark is removed);
//   - "utf-16le", "utf-16be": UTF-16 with a byte order mark, or without one
//     when the zero bytes make the byte order plain;
//   - "utf-8": valid UTF-8;
//   - "windows-1252": anything else, read as Windows-1252 (the "ANSI" code
//     page of Western Windows, a superset of Latin-1 with smart quotes and
//     dashes).
//
// Line endings CRLF, CR, U+0085, U+2028 and U+2029 become LF, a DOS
// end-of-file mark (Ctrl-Z) at the very end is removed, and the result is in
// Unicode NFC. Errors: ErrEmpty for no bytes or only white space, ErrBinary
// (with the line of the first offending character) for text containing NUL
// characters or more than 5% control characters.
func DecodeText(data []byte) (text, encoding string, err error) {
	if len(data) == 0 {
		return "", "", &ParseError{Err: ErrEmpty}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		encoding = "utf-8-bom"
		text = string(data[3:])
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		encoding = "utf-16le"
		text = decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		encoding = "utf-16be"
		text = decodeUTF16(data[2:], true)
	default:
		if be, ok := sniffUTF16(data); ok {
			if be {
				encoding = "utf-16be"
			} else {
				encoding = "utf-16le"
			}
			text = decodeUTF16(data, be)
		} else if utf8.Valid(data) {
			encoding = "utf-8"
			text = string(data)
		} else {
			encoding = "windows-1252"
			text = decodeWindows1252(data)
		}
	}
	text = normNewlines(text)
	text = strings.TrimSuffix(text, "\x1a")
	if line, ok := binaryLine(text); ok {
		return "", encoding, &ParseError{Line: line, Err: ErrBinary}
	}
	if strings.TrimFunc(text, isBlankRune) == "" {
		return "", encoding, &ParseError{Err: ErrEmpty}
	}
	return norm.NFC.String(text), encoding, nil
}

// sniffUTF16 recognises UTF-16 without a byte order mark from the zero
// bytes of mostly-ASCII text: in little-endian text the odd bytes are zero,
// in big-endian text the even ones.
func sniffUTF16(data []byte) (bigEndian, ok bool) {
	n := min(len(data), 1024) &^ 1
	if n < 4 {
		return false, false
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			zeroEven++
		}
		if data[i+1] == 0 {
			zeroOdd++
		}
	}
	pairs := n / 2
	switch {
	case zeroOdd*10 >= pairs*7 && zeroEven*10 <= pairs:
		return false, true
	case zeroEven*10 >= pairs*7 && zeroOdd*10 <= pairs:
		return true, true
	}
	return false, false
}

func decodeUTF16(data []byte, bigEndian bool) string {
	var b strings.Builder
	b.Grow(len(data) / 2 * 3 / 2)
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	i := 0
	for ; i+1 < len(data); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			if r < 0xDC00 && i+3 < len(data) {
				if d := utf16.DecodeRune(r, unit(i+2)); d != utf8.RuneError {
					b.WriteRune(d)
					i += 2
					continue
				}
			}
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	if i < len(data) {
		b.WriteRune(utf8.RuneError) // odd trailing byte
	}
	return b.String()
}

func decodeWindows1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		if c < utf8.RuneSelf {
			b.WriteByte(c)
		} else {
			b.WriteRune(charmap.Windows1252.DecodeByte(c))
		}
	}
	return b.String()
}

// normNewlines turns CRLF, CR, NEL, LS and PS into LF.
func normNewlines(s string) string {
	if !hasLineBreakToNormalise(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\r':
			b.WriteByte('\n')
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			continue
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0x85: // U+0085
			b.WriteByte('\n')
			i += 2
			continue
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9): // U+2028, U+2029
			b.WriteByte('\n')
			i += 3
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

func hasLineBreakToNormalise(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			return true
		case 0xC2:
			if i+1 < len(s) && s[i+1] == 0x85 {
				return true
			}
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				return true
			}
		}
	}
	return false
}

// isBinaryControl reports whether byte c (or the C1 control it starts) is a
// control character that does not occur in text.
func isBinaryControl(c byte) bool {
	switch c {
	case '\t', '\n', '\v', '\f', '\r', 0x1a:
		return false
	}
	return c < 0x20 || c == 0x7f
}

// binaryLine reports whether text looks binary: it has a NUL character, or
// more than 5% of its characters are control characters (C0 other than
// tab, line feed, vertical tab, form feed, carriage return and Ctrl-Z; DEL;
// C1). It returns the 1-based line of the first offending character.
func binaryLine(text string) (int, bool) {
	first := -1
	ctrl, runes := 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c&0xC0 != 0x80 {
			runes++
		}
		bad := isBinaryControl(c) || (c == 0xC2 && i+1 < len(text) && text[i+1] >= 0x80 && text[i+1] < 0xA0)
		if !bad {
			continue
		}
		if first < 0 {
			first = i
		}
		if c == 0 {
			return 1 + strings.Count(text[:i], "\n"), true
		}
		ctrl++
	}
	if ctrl > 0 && ctrl*20 > runes {
		return 1 + strings.Count(text[:first], "\n"), true
	}
	return 0, false
}
