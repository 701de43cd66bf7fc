package refi

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// UUID is a 16-byte universally unique identifier.
type UUID [16]byte

// String formats u as 8-4-4-4-12 lower-case hex digits, the first form of
// the schemas' GUIDType pattern.
func (u UUID) String() string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// NameUUID returns the name-based (version 5, SHA-1) UUID of name in the
// namespace ns, as RFC 9562 defines it.
func NameUUID(ns UUID, name string) UUID {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u UUID
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// groundedNS is the namespace of every name-based UUID grounded makes.
var groundedNS = NameUUID(UUID{}, "grounded-qda.github.io/refi")

// coreNS is the namespace of core-category GUIDs. A core's GUID depends
// only on its name, so that an importer recognises a core category written
// by grounded (see CoreGUID) without any marker visible to other tools.
var coreNS = NameUUID(groundedNS, "core")

// CoreGUID returns the GUID grounded gives the core category name.
func CoreGUID(name string) string {
	return NameUUID(coreNS, key(name)).String()
}

// guids derives the GUIDs of one project's objects. They are stable: the
// same project exported twice gets the same GUIDs, because they are
// name-based UUIDs of the project's name and creation time and of each
// object's kind and id (or name).
type guids struct {
	ns UUID
	// foreign are the GUIDs another tool gave objects this project
	// imported (see ForeignFile): they are used instead of derived ones.
	foreign *Foreign
}

func newGUIDs(name string, created time.Time) guids {
	return guids{ns: NameUUID(groundedNS, "project\x00"+name+"\x00"+created.UTC().Format(time.RFC3339Nano))}
}

// Object kinds, part of each GUID's name.
const (
	kindCode       = "code"
	kindCategory   = "category"
	kindSource     = "source"
	kindSelection  = "selection"
	kindCoding     = "coding"
	kindRefSel     = "ref-selection"
	kindUser       = "user"
	kindNote       = "note"
	kindCodingNote = "coding-note"
	kindCase       = "case"
	kindVariable   = "variable"
	kindLink       = "link"
	kindLinkNote   = "link-note"
)

func (g guids) of(kind, id string) string {
	if g.foreign != nil {
		if s, ok := g.foreign.GUID[kind+"\x00"+id]; ok {
			return s
		}
	}
	return NameUUID(g.ns, kind+"\x00"+id).String()
}

// NormGUID normalises a GUID as other tools write it: braces and
// surrounding white space are removed and the hex digits are put in lower
// case. It reports false when the result is not 8-4-4-4-12 hex digits.
func NormGUID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
		s = s[1 : len(s)-1]
	}
	s = strings.ToLower(s)
	if len(s) != 36 {
		return s, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return s, false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return s, false
			}
		}
	}
	return s, true
}

// ValidGUID reports whether s matches the schemas' GUIDType pattern
// exactly (hex digits of either case, optionally in braces).
func ValidGUID(s string) bool {
	t := s
	if strings.HasPrefix(t, "{") {
		if !strings.HasSuffix(t, "}") {
			return false
		}
		t = t[1 : len(t)-1]
	}
	_, ok := NormGUID(strings.ToLower(t))
	return ok && !strings.ContainsAny(t, " {}\t\n") && len(t) == 36
}

func guidError(what, s string) error {
	return fmt.Errorf("%s %q is not a GUID (want 8-4-4-4-12 hex digits)", what, s)
}
