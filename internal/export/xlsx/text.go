package xlsx

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// xmlChar reports whether XML 1.0 can hold r (its Char production).
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}

// escapeLike reports whether s starts with what a reader would decode as
// an escaped character once written: "_x", four hexadecimal digits, then
// "_" or a character that is itself written as _xHHHH_ (so "_x0000"
// followed by U+0017 must not be written as "_x0000_x0017_").
func escapeLike(s string) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' {
		return false
	}
	for i := 2; i < 6; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(s[6:])
	return r == '_' || r != utf8.RuneError && !xmlChar(r)
}

// writeText writes s as the content of a <t> element, by the rules of the
// package comment.
func writeText(b *bytes.Buffer, s string) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			// Either U+FFFD itself or one byte that is not UTF-8: both
			// are written as U+FFFD.
			b.WriteRune(utf8.RuneError)
		case r == '_' && escapeLike(s[i:]):
			b.WriteString("_x005F_")
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\r':
			b.WriteString("&#xD;")
		case !xmlChar(r):
			fmt.Fprintf(b, "_x%04X_", r)
		default:
			b.WriteRune(r)
		}
	}
}

// needsPreserve reports whether s starts or ends with white space, which a
// reader would trim without xml:space="preserve".
func needsPreserve(s string) bool {
	if s == "" {
		return false
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}

// utf16Len is the length of s as a spreadsheet counts it: UTF-16 code
// units of the text a reader gets back (a byte that is not UTF-8 is one
// U+FFFD).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// writeAttr writes s escaped for a double-quoted attribute value. Sheet
// names are checked before (checkSheetName), so s holds only characters
// XML can hold.
func writeAttr(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
}
