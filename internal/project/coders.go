package project

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
)

// Coder file names (docs/format.md, "Identifiers").
//
// A coder's codings and history live in files named by the coder's slug.
// Two different names must never share files (an earlier rule mapped Zoë
// and Zoé to "zo", and every name without ASCII letters to "coder"), so
// the slug is injective:
//
//   - a name that is already a plain file name (after NFC and lower case:
//     only a-z, 0-9, '.', '_' and '-', starting with a letter or digit, at
//     most 64 bytes, not a reserved Windows name) is its own slug: "alice";
//   - any other name keeps its letters and digits (NFC, lower case, other
//     characters become '-', at most 40 bytes) and gets '+' and the first
//     12 hex digits of the SHA-256 of its normalised form: "zoë+1c0e…",
//     "王芳+5d2a…". Plain slugs never contain '+', so the two kinds never
//     meet, and names differing in anything but case get different hashes.
//
// Names that differ only in case (or Unicode normalisation) are the same
// coder, as everywhere else in grounded.
//
// Projects written before this rule used the lossy slug for names that
// are not plain ("Alice Smith" → "alice-smith"). Project.CoderSlug keeps
// using such a legacy slug when its history holds only that coder's
// entries and the new slug has no files yet.

// CoderSlug returns the file name of a coder's files (see above).
func CoderSlug(coder string) string {
	n := normName(coder)
	if plainSlug(n) {
		return n
	}
	var b strings.Builder
	for _, r := range n {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.Trim(b.String(), ".-")
	for len(s) > 40 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" {
		s = "coder"
	}
	h := sha256.Sum256([]byte(n))
	return s + "+" + hex.EncodeToString(h[:6])
}

func normName(coder string) string {
	return strings.ToLower(norm.NFC.String(strings.TrimSpace(coder)))
}

// plainSlug reports whether s can be a slug as it is.
func plainSlug(s string) bool {
	if s == "" || len(s) > 64 || windowsReserved(s) {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '.' || r == '_' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return !strings.HasSuffix(s, ".")
}

// windowsReserved reports whether name (or its part before the first dot)
// is a device name on Windows: CON, PRN, AUX, NUL, COM1-9, LPT1-9.
func windowsReserved(name string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(name), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '0' && base[3] <= '9' {
		return true
	}
	return false
}

// legacySlug is the slug of format 1 before coder slugs became injective.
func legacySlug(coder string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(coder)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), ".-")
	if s == "" {
		s = "coder"
	}
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// coderSlug returns the slug of coder's files in this project: CoderSlug,
// or the legacy slug of an older project when its history is this coder's
// alone and the new slug has no files.
func (p *Project) coderSlug(coder string) string {
	s := CoderSlug(coder)
	leg := legacySlug(coder)
	if leg == s {
		return s
	}
	if v, ok := p.slugs[normName(coder)]; ok {
		return v
	}
	choice := s
	_, errH := os.Lstat(p.Path(HistoryDir, s+".jsonl"))
	_, errC := os.Lstat(p.Path(CodingsDir, s))
	if errH != nil && errC != nil && p.historyOnlyBy(leg, coder) {
		choice = leg
	}
	if p.slugs == nil {
		p.slugs = map[string]string{}
	}
	p.slugs[normName(coder)] = choice
	return choice
}

// historyOnlyBy reports whether the history file of slug exists and every
// entry in it is by coder.
func (p *Project) historyOnlyBy(slug, coder string) bool {
	data, err := p.readStoreFile(path.Join(HistoryDir, slug+".jsonl"))
	if err != nil {
		return false
	}
	es, err := coding.ReadJSONL[Entry]("", bytes.NewReader(data))
	if err != nil || len(es) == 0 {
		return false
	}
	for _, e := range es {
		if normName(e.Coder) != normName(coder) {
			return false
		}
	}
	return true
}

// ShardRel returns the project-relative path of coder's codings of source.
func (p *Project) ShardRel(coder, source string) string {
	return path.Join(CodingsDir, p.coderSlug(coder), source+".jsonl")
}

// HistoryRel returns the project-relative path of coder's history.
func (p *Project) HistoryRel(coder string) string {
	return path.Join(HistoryDir, p.coderSlug(coder)+".jsonl")
}

// RuleCoderEmpty: no coder name was given anywhere.
const RuleCoderEmpty = "coder-empty"

// CheckCoder validates a coder name.
func CheckCoder(name string) (string, error) {
	n := strings.TrimSpace(name)
	switch {
	case n == "":
		return "", &errs.Invalid{Field: "coder", Rule: RuleCoderEmpty, Reason: "the coder name is empty"}
	case len(n) > 64:
		return "", fmt.Errorf("coder name %.20q… is longer than 64 characters", n)
	case strings.ContainsAny(n, "/\\"):
		return "", fmt.Errorf("coder name %q contains a slash", n)
	}
	if err := CheckNameChars("coder name", n); err != nil {
		return "", err
	}
	return n, nil
}

// CheckNameChars refuses a name (of a coder, code, category or speaker)
// holding control characters, zero-width characters or bidirectional
// controls: they make two names that look the same differ, or make a
// terminal or an editor show something else than what is stored.
func CheckNameChars(what, name string) error {
	for i, r := range name {
		if r == utf8.RuneError || unicode.IsControl(r) || invisible(r) {
			return fmt.Errorf("%s %q: character %U at byte %d is a control, zero-width or bidirectional character, which is not allowed in names", what, name, r, i)
		}
	}
	return nil
}

// invisible reports zero-width and bidirectional formatting characters.
func invisible(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space, joiners, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2060 && r <= 0x2064, // word joiner, invisible operators
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0xFEFF, r == 0x061C, r == 0x180E, r == 0x00AD:
		return true
	}
	return unicode.Is(unicode.Cf, r) // other format characters
}
