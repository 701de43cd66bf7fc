package refi

// Tests written from the survivors of a mutation run (scripts/mutate; see
// docs/mutation/internal_export_refi.md): each pins a boundary or a worked
// example that some small bug in the package would change.

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// craftIDGUID stamps hand-packed payload bits as an id GUID, the way a
// damaged or foreign document could carry them.
func craftIDGUID(f idForm, fields ...[2]uint64) string {
	var w bitWriter
	for _, fl := range fields {
		for i := int(fl[1]) - 1; i >= 0; i-- { // bit by bit: put refuses past the payload
			if w.n == len(payloadBits) {
				break
			}
			if fl[0]>>uint(i)&1 != 0 {
				p := payloadBits[w.n]
				w.u[p/8] |= 0x80 >> uint(p%8)
			}
			w.n++
		}
	}
	var g guids
	return g.stamp(idNote, f, w.u)
}

// TestIDGUIDForms pins which form each id takes (the GUIDs are part of the
// storage format: the same id must give the same GUID in every version)
// and the boundaries of each form.
func TestIDGUIDForms(t *testing.T) {
	if len(payloadBits) != 90 {
		t.Fatalf("payload is %d bits, want 90 (128 less 32 header, 4 version, 2 variant)", len(payloadBits))
	}
	epochPlus := func(days int) string { return memoEpoch.AddDate(0, 0, days).Format("2006-01-02") }
	for _, tc := range []struct {
		id   string
		form idForm
		fits bool
	}{
		{"0123456789abcdef01234", idHex, true},
		{"2026-03-02-abcdefghi", idMemo, true}, // the longest memo id: 9 characters after the date
		{"2026-03-02-a", idMemo, true},
		{"2026-03-02-", idText, true},             // no suffix: not a memo id, but 11 characters fit as text
		{"1970-01-01-x", idMemo, true},            // day 0 of the memo epoch
		{epochPlus(1<<17-1) + "-x", idMemo, true}, // the last day 17 bits hold
		{epochPlus(1<<17) + "-x", idText, true},   // one day later: 12 characters, text
		{epochPlus(1<<17) + "-xy", 0, false},      // and 13 do not fit at all
		{"abcdefghijkl", idText, true},            // 12 characters, the most text holds
		{"abcdefghijklm", 0, false},
		{"a!", idText, true}, {"a~", idText, true}, // the printable ASCII range ends
		{"a b", 0, false}, {"é", 0, false}, {"a\x7f", 0, false},
	} {
		f, _, ok := encodeID(tc.id)
		if ok != tc.fits || ok && f != tc.form {
			t.Errorf("encodeID(%q) = form %d, %v; want form %d, %v", tc.id, f, ok, tc.form, tc.fits)
			continue
		}
		if !ok {
			continue
		}
		g := newGUIDs("p", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		s, _ := g.idGUID(idNote, tc.id)
		if k, id, ok := decodeIDGUID(s); !ok || k != idNote || id != tc.id {
			t.Errorf("%q: %s decodes to %d %q %v", tc.id, s, k, id, ok)
		}
	}
}

// TestDecodeIDGUIDOverlong: a GUID whose length field asks for more
// characters than the payload holds is not an id GUID (and reading it must
// not run past the 128 bits).
func TestDecodeIDGUIDOverlong(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    string
	}{
		{"memo with 10 characters", craftIDGUID(idMemo, [2]uint64{20000, 17}, [2]uint64{10, 4}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7})},
		{"text with 13 characters", craftIDGUID(idText, [2]uint64{13, 4}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7}, [2]uint64{'a', 7})},
		{"text with 15 characters", craftIDGUID(idText, [2]uint64{15, 4}, [2]uint64{'a', 7})},
		{"hex with 22 digits", craftIDGUID(idHex, [2]uint64{22, 5}, [2]uint64{0xa, 4})},
	} {
		if k, id, ok := decodeIDGUID(tc.s); ok {
			t.Errorf("%s: %s decoded as %d %q", tc.name, tc.s, k, id)
		}
	}
	// A text id of "!" and "~", the ends of the range readASCII accepts.
	s := craftIDGUID(idText, [2]uint64{2, 4}, [2]uint64{'!', 7}, [2]uint64{'~', 7})
	if _, id, ok := decodeIDGUID(s); !ok || id != "!~" {
		t.Errorf("%s decodes to %q %v, want \"!~\"", s, id, ok)
	}
}

// TestReadIDMapKinds: the kinds in the id map are 1 to 15 (four bits).
func TestReadIDMapKinds(t *testing.T) {
	const g0, g1, g2 = "6a1b2c3d-0000-4000-8000-000000000000", "6a1b2c3d-0000-4000-8000-000000000001", "6a1b2c3d-0000-4000-8000-000000000002"
	tsv := g0 + "\tid.0\tzero\n" + g1 + "\tid.15\tfifteen\n" + g2 + "\tid.16\tsixteen\n"
	data := zipFiles(t, "project.qde", "<Project/>", IDMapPath, tsv)
	a, err := OpenArchive("x.qdpx", bytes.NewReader(data), int64(len(data)), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	m := readIDMap(a, func(f string, args ...any) { notes = append(notes, fmt.Sprintf(f, args...)) })
	if got, ok := m.ids[g1]; !ok || got.kind != 15 || got.id != "fifteen" {
		t.Errorf("id.15: %+v %v", got, ok)
	}
	if _, ok := m.ids[g0]; ok {
		t.Error("id.0 accepted")
	}
	if _, ok := m.ids[g2]; ok {
		t.Error("id.16 accepted")
	}
	if want := []string{
		IDMapPath + ":1: not GUID<TAB>id.KIND|target<TAB>value; skipped",
		IDMapPath + ":3: not GUID<TAB>id.KIND|target<TAB>value; skipped",
	}; !slices.Equal(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
}

func TestNamesBoundaries(t *testing.T) {
	for in, want := range map[string]string{
		"a- b": "a-b", "a. b": "a.-b", "a .b": "a-.b",
	} {
		if got := sanitizeID(in, "fb"); got != want {
			t.Errorf("sanitizeID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"notes.md": "notes", "page.xhtml": "page", "page.abcdef": "page.abcdef", "a.b": "a.b",
		"a.-bc": "a.-bc", "a.b-c": "a.b-c", "a.bé": "a.bé",
	} {
		if got := stripExt(in); got != want {
			t.Errorf("stripExt(%q) = %q, want %q", in, got, want)
		}
	}
	max := strings.Repeat("a", 200)
	if got := cleanCodeName(max, "fb"); got != max {
		t.Errorf("a name of exactly the maximum length changed: %d bytes", len(got))
	}
	if got := cleanCodeName(max+"é", "fb"); got != max {
		t.Errorf("a name one character over: %q", got)
	}
	// The limit (200 bytes) falls inside the first é: the cut goes before it.
	a199 := strings.Repeat("a", 199)
	if got := cleanCodeName(a199+"éé", "fb"); got != a199 {
		t.Errorf("a name cut inside a character: %q", got)
	}
}

// TestCleanCoderCutsOnCharacters: a coder name longer than 64 bytes is cut
// to at most 64 bytes of whole characters, never into invalid UTF-8 (a
// bug this test found: the cut kept a lone lead byte).
func TestCleanCoderCutsOnCharacters(t *testing.T) {
	a64 := strings.Repeat("a", 64)
	for in, want := range map[string]string{
		a64:                            a64,
		a64 + "b":                      a64,
		strings.Repeat("é", 40):        strings.Repeat("é", 32),
		"a" + strings.Repeat("é", 40):  "a" + strings.Repeat("é", 31),
		strings.Repeat("a", 63) + " b": strings.Repeat("a", 63),
		"ann/b\\c":                     "ann-b-c",
	} {
		got := cleanCoder(in)
		if got != want || !utf8.ValidString(got) {
			t.Errorf("cleanCoder(%q) = %q (valid UTF-8 %v), want %q", in, got, utf8.ValidString(got), want)
		}
	}
}

// TestArchiveAtLimits: an archive exactly at each limit is accepted and
// its entries read whole; one byte or entry more is refused.
func TestArchiveAtLimits(t *testing.T) {
	data := zipFiles(t, "project.qde", "<Project/>", "sources/a.txt", "0123456789")
	at := Limits{Entry: 10, Total: 20, Entries: 2}
	a, err := OpenArchive("x.qdpx", bytes.NewReader(data), int64(len(data)), at)
	if err != nil {
		t.Fatalf("at the limits: %v", err)
	}
	if b, err := a.ReadFile("sources/a.txt"); err != nil || string(b) != "0123456789" {
		t.Errorf("ReadFile at the entry limit: %q %v", b, err)
	}
	if b, err := a.ReadQDE(); err != nil || string(b) != "<Project/>" {
		t.Errorf("ReadQDE: %q %v", b, err)
	}
	for name, lim := range map[string]Limits{
		"entry": {Entry: 9, Total: 20, Entries: 2},
		"total": {Entry: 10, Total: 19, Entries: 2},
		"count": {Entry: 10, Total: 20, Entries: 1},
	} {
		if _, err := OpenArchive("x.qdpx", bytes.NewReader(data), int64(len(data)), lim); !errors.Is(err, ErrUnsafeArchive) {
			t.Errorf("one over the %s limit: %v", name, err)
		}
	}
}

func TestArchiveNames(t *testing.T) {
	open := func(files ...string) (*Archive, error) {
		data := zipFiles(t, files...)
		return OpenArchive("x.qdpx", bytes.NewReader(data), int64(len(data)), DefaultLimits)
	}
	if _, err := open("project.qde", "<Project/>", "C:", "x"); !errors.Is(err, ErrUnsafeArchive) || !strings.Contains(err.Error(), "absolute path") {
		t.Errorf(`entry "C:": %v`, err)
	}
	if _, err := open("sources/a.txt", "x"); err == nil || !strings.Contains(err.Error(), "x.qdpx: no project.qde in the archive") {
		t.Errorf("no document: %v", err)
	}
	if _, err := open("a.qde", "<Project/>", "b.qde", "<Project/>"); err == nil || !strings.Contains(err.Error(), "several project documents (a.qde, b.qde)") {
		t.Errorf("two documents: %v", err)
	}
	if a, err := open("Study.qde", "<Project/>"); err != nil || a.QDEName != "Study.qde" {
		t.Errorf("one document under another name: %v", err)
	}
}
