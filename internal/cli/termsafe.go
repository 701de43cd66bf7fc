package cli

import (
	"strings"
	"unicode"
)

// termSafe neutralises what a terminal would act on in text that came
// from a project (memo bodies, quotes, transcript text, names): C0 and C1
// control characters other than newline and tab (ESC starts the escape
// sequences that move the cursor, retitle the window or hide text) become
// their visible Control Pictures (␛) or U+FFFD, and bidirectional and
// other invisible format characters, which can make a line display as
// something other than what it holds, become U+FFFD. Every character is
// replaced by exactly one, so offsets in runes stay valid.
func termSafe(s string) string {
	if safeASCII(s) {
		return s
	}
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case !unsafeRune(r):
			return r
		case r < 0x20:
			return 0x2400 + r // ␀ … ␟
		case r == 0x7f:
			return 0x2421 // ␡
		}
		return unicode.ReplacementChar
	}, s)
}

func unsafeRune(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// safeASCII reports whether s is ASCII without a character termSafe
// replaces (the fast path of termSafe).
func safeASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}
