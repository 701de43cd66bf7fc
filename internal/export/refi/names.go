package refi

import (
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/corpus"
)

// sanitizeID turns a name into a source or participant id (see
// corpus.ValidateID): accents are removed, other characters become '-',
// and the result is at most corpus.MaxIDLen long. A name that leaves
// nothing gives fallback.
func sanitizeID(name, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case (r == '.' || r == '_' || r == '-') && b.Len() > 0:
			b.WriteRune(r)
			dash = r == '-'
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	s := b.String()
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	if len(s) > corpus.MaxIDLen {
		s = s[:corpus.MaxIDLen]
	}
	s = strings.TrimRight(s, ".-_")
	if corpus.ValidateID(s) != nil {
		return fallback
	}
	return s
}

// stripExt removes a file extension of two to five letters or digits.
func stripExt(name string) string {
	ext := path.Ext(name)
	if l := len(ext); l >= 3 && l <= 6 && strings.IndexFunc(ext[1:], func(r rune) bool { return !(r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))) }) < 0 {
		return strings.TrimSuffix(name, ext)
	}
	return name
}

// uniqueNames hands out names that are unique under a comparison key,
// adding " (2)", " (3)" … or "-2", "-3" … to repeats.
type uniqueNames struct {
	used map[string]bool
	key  func(string) string
	sep  string // " (%d)" style when "", else sep+N
}

func newUniqueNames(key func(string) string, sep string) *uniqueNames {
	return &uniqueNames{used: map[string]bool{}, key: key, sep: sep}
}

func (u *uniqueNames) reserve(name string) { u.used[u.key(name)] = true }

func (u *uniqueNames) take(name string) string {
	n := name
	for i := 2; u.used[u.key(n)]; i++ {
		if u.sep == "" {
			n = fmt.Sprintf("%s (%d)", name, i)
		} else {
			suffix := fmt.Sprintf("%s%d", u.sep, i)
			base := name
			if len(base)+len(suffix) > corpus.MaxIDLen {
				base = base[:corpus.MaxIDLen-len(suffix)]
			}
			n = base + suffix
		}
	}
	u.used[u.key(n)] = true
	return n
}

// cleanCodeName makes a code or category name acceptable to the codebook:
// white space folded, control characters removed, at most
// codebook.MaxNameLen bytes; an empty name becomes fallback.
func cleanCodeName(name, fallback string) string {
	n := codebook.CleanName(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, name))
	if len(n) > codebook.MaxNameLen {
		cut := codebook.MaxNameLen
		for cut > 0 && !isRuneStart(n[cut]) {
			cut--
		}
		n = strings.TrimSpace(n[:cut])
	}
	if n == "" {
		return fallback
	}
	return n
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// cleanCoder makes a user's name acceptable as a coder name.
func cleanCoder(name string) string {
	n := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == '\\' {
			return '-'
		}
		return r
	}, name))
	if len(n) > 64 {
		cut := 64
		for cut > 0 && !isRuneStart(n[cut]) {
			cut--
		}
		n = strings.TrimSpace(n[:cut])
	}
	return n
}

// parseTime reads an xsd:dateTime; one without a zone is taken as UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(time.Second), true
		}
	}
	return time.Time{}, false
}

// parseBool reads an xsd:boolean.
func parseBool(s string, def bool) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	return def
}
