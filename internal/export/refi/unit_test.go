package refi

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/grounded-qda/grounded/corpus"
)

func TestNameUUID(t *testing.T) {
	// RFC 9562 / Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
	dns := UUID{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got := NameUUID(dns, "python.org").String(); got != "886313e1-3b8a-5372-9b90-0c9aee199e5d" {
		t.Errorf("uuid5 = %s", got)
	}
	g1 := newGUIDs("Study", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	g2 := newGUIDs("Study", time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC))
	if g1.of(kindCode, "a") == g2.of(kindCode, "a") || g1.of(kindCode, "a") == g1.of(kindCategory, "a") || g1.of(kindCode, "a") != newGUIDs("Study", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).of(kindCode, "a") {
		t.Error("GUIDs must depend on the project, the kind and the id, and nothing else")
	}
}

func TestNormGUID(t *testing.T) {
	for in, want := range map[string]string{
		"{6A1B2C3D-0000-4000-8000-00000000AA01}": "6a1b2c3d-0000-4000-8000-00000000aa01",
		" 6a1b2c3d-0000-4000-8000-00000000aa01 ": "6a1b2c3d-0000-4000-8000-00000000aa01",
	} {
		if got, ok := NormGUID(in); !ok || got != want {
			t.Errorf("NormGUID(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "abc", "6a1b2c3d00004000800000000000aa01", "{6a1b2c3d-0000-4000-8000-00000000aa0g}"} {
		if _, ok := NormGUID(bad); ok {
			t.Errorf("NormGUID(%q) accepted", bad)
		}
	}
	if !ValidGUID("{6A1B2C3D-0000-4000-8000-00000000AA01}") || ValidGUID(" 6a1b2c3d-0000-4000-8000-00000000aa01") || ValidGUID("{6a1b2c3d-0000-4000-8000-00000000aa01") {
		t.Error("ValidGUID disagrees with the schema pattern")
	}
}

func TestDescription(t *testing.T) {
	d := describe("Def.\n\nMore.", "Use it.", "Not this.", "An example.", true)
	if d != "Def.\n\nMore.\n\nWhen to use: Use it.\n\nWhen not to use: Not this.\n\nExample: An example.\n\n(provisional)" {
		t.Fatalf("describe = %q", d)
	}
	g := parseDescription(d)
	if g.Description != "Def.\n\nMore." || g.WhenToUse != "Use it." || g.WhenNotToUse != "Not this." || g.Example != "An example." || !g.Provisional {
		t.Errorf("parseDescription = %+v", g)
	}
	if g := parseDescription("Plain text\r\nfrom another tool."); g.Description != "Plain text\nfrom another tool." || g.WhenToUse != "" {
		t.Errorf("%+v", g)
	}
}

func TestSanitizeID(t *testing.T) {
	for in, want := range map[string]string{
		"P01": "P01", "Interview José": "Interview-Jose", "  ..x..y  ": "x.y", "Zoë / 2": "Zoe-2", "日本": "fb", "-a-": "a",
	} {
		if got := sanitizeID(in, "fb"); got != want {
			t.Errorf("sanitizeID(%q) = %q, want %q", in, got, want)
		}
	}
	if got := stripExt("Interview 3.docx"); got != "Interview 3" {
		t.Errorf("stripExt = %q", got)
	}
	if got := stripExt("Dr. Smith"); got != "Dr. Smith" {
		t.Errorf("stripExt = %q", got)
	}
}

func TestSourceTextPositions(t *testing.T) {
	// BOM, CRLF, an astral character and a decomposed é (e + U+0301).
	raw := "\uFEFFA: 😀 cafe\u0301 ok\r\nB: end"
	st, err := decodeSource([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if st.norm != "A: 😀 café ok\nB: end" || !st.hasBOM || !st.hasCRLF || !st.hasAstral {
		t.Fatalf("norm %q bom %v crlf %v astral %v", st.norm, st.hasBOM, st.hasCRLF, st.hasAstral)
	}
	// "ok" in each counting: code points without BOM: 11-13 (é is two
	// code points in the file); UTF-16: 12-14.
	for _, tc := range []struct {
		p          positions
		start, end int
	}{
		{positions{}, 11, 13},
		{positions{UTF16: true}, 12, 14},
		{positions{BOM: true}, 12, 14},
		{positions{FromOne: true, EndInclusive: true}, 12, 13},
	} {
		a, b, ok := toRaw(st.units(tc.p), tc.p, tc.start, tc.end)
		if !ok || string(st.raw[a:b]) != "ok" {
			t.Errorf("%v %d-%d: %q %v", tc.p, tc.start, tc.end, string(st.raw[a:b]), ok)
		}
		ns, ne := st.normSpan(a, b)
		if got := string([]rune(st.norm)[ns:ne]); got != "ok" {
			t.Errorf("%v: norm span %q", tc.p, got)
		}
	}
	// A span ending inside the decomposed é is widened to the whole é.
	a, b, _ := toRaw(st.units(positions{}), positions{}, 5, 9)
	ns, ne := st.normSpan(a, b)
	if got := string([]rune(st.norm)[ns:ne]); got != "café" {
		t.Errorf("span inside a composed character: %q", got)
	}
	// A position inside a surrogate pair does not fit UTF-16 counting.
	if _, _, ok := toRaw(st.units(positions{UTF16: true}), positions{UTF16: true}, 4, 6); ok {
		t.Error("a position inside a surrogate pair was accepted")
	}
	// The stored texts decide between counting systems.
	sels := []selPos{{12, 14, "ok"}, {6, 11, "cafe\u0301"}}
	if got := st.choosePositions(sels, ""); got.pos != (positions{UTF16: true}) {
		t.Errorf("choosePositions = %v, want UTF-16", got)
	}
	// Without stored texts, the standard counting wins unless it does not
	// fit: an end beyond the code points but within UTF-16 units. ("A:"
	// rather than "A: ": a span ending in a space is evidence against.)
	if got := st.choosePositions([]selPos{{0, 2, ""}}, ""); got.pos != (positions{}) {
		t.Errorf("choosePositions = %v, want the standard", got)
	}
	if got := st.choosePositions([]selPos{{0, len(st.raw), ""}}, ""); got.pos == (positions{}) {
		t.Errorf("an end past the code points should not be read as code points")
	}
}

// TestChoosePositionsWithoutNames: with empty selection names (as NVivo
// writes them) word boundaries decide, and the origin breaks a tie.
func TestChoosePositionsWithoutNames(t *testing.T) {
	raw := "\uFEFFA: 😀😀😀 we met at the centre\r\nB: a 👍 good day for everyone\r\n"
	st, err := decodeSource([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	// UTF-16 positions (no BOM, CRLF as two) of "we met", "the centre",
	// "good day", "everyone".
	u16 := func(s string) int { return len(utf16.Encode([]rune(strings.TrimPrefix(s, "\uFEFF")))) }
	var sels []selPos
	for _, w := range []string{"we met", "the centre", "good day", "everyone"} {
		i := strings.Index(raw, w)
		sels = append(sels, selPos{u16(raw[:i]), u16(raw[:i+len(w)]), ""})
	}
	ch := st.choosePositions(sels, "")
	if ch.pos != (positions{UTF16: true}) || ch.bounds != 4 || !ch.verified {
		t.Errorf("without names or origin: %+v", ch)
	}
	if msg := ch.describe("s", ""); !strings.Contains(msg, "4 of 4 selections start and end on word boundaries") {
		t.Errorf("describe: %s", msg)
	}
	// A selection whose ends are word boundaries under both systems: only
	// the origin can decide, and the choice is reported as unverified.
	i := strings.Index(raw, "B:")
	tie := []selPos{{u16(raw[:i]), u16(raw[:i]) + 1, ""}}
	if ch := st.choosePositions(tie, "NVivo 15"); ch.pos != (positions{UTF16: true}) || !ch.prior || ch.verified {
		t.Errorf("tie with an NVivo origin: %+v", ch)
	} else if msg := ch.describe("s", "NVivo 15"); !strings.Contains(msg, "could NOT be verified") || !strings.Contains(msg, `origin "NVivo 15"`) {
		t.Errorf("describe: %s", msg)
	}
}

func TestDecodeSourceEncodings(t *testing.T) {
	utf16le := []byte{0xFF, 0xFE, 'H', 0, 'i', 0, '\r', 0, '\n', 0}
	st, err := decodeSource(utf16le)
	if err != nil || st.norm != "Hi\n" || st.encoding != "utf-16le" {
		t.Errorf("utf-16: %q %s %v", st.norm, st.encoding, err)
	}
	st, err = decodeSource([]byte{'c', 'a', 'f', 0xE9})
	if err != nil || st.norm != "café" || st.encoding != "windows-1252" {
		t.Errorf("1252: %q %s %v", st.norm, st.encoding, err)
	}
	if _, err := decodeSource([]byte("a\x00b")); err == nil {
		t.Error("NUL accepted")
	}
}

func TestAlign(t *testing.T) {
	text := "Title line\n\n[00:01] Sam:   Hello\tthere  friend.\nmore words\n\n**Ann:** Sam said hi.\nSam: So it goes.\n\nAnn: Bye."
	turns, err := corpus.ParseText("txt", text)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tt := range turns {
		got = append(got, tt.Speaker+"|"+tt.Text)
	}
	if strings.Join(got, "\n") != "|Title line\nSam|Hello there friend.\nmore words\nAnn|Sam said hi.\nSam|So it goes.\nAnn|Bye." {
		t.Fatalf("turns:\n%s", strings.Join(got, "\n"))
	}
	rs := []rune(text)
	al := align(rs, turns)
	// Every turn character maps back to the same character (or a white
	// space character for a space).
	for q, ti := range al.turn {
		if ti < 0 {
			continue
		}
		want := []rune(turns[ti].Text)[al.off[q]]
		if rs[q] != want && !(want == ' ' && hspace(rs[q])) {
			t.Errorf("text[%d]=%q maps to turn %d offset %d %q", q, rs[q], ti+1, al.off[q], want)
		}
	}
	// Each turn character is mapped exactly once.
	seen := map[[2]int32]bool{}
	for q, ti := range al.turn {
		if ti >= 0 {
			seen[[2]int32{ti, al.off[q]}] = true
		}
	}
	if n := corpus.CharCount(turns); len(seen) != n {
		t.Errorf("%d turn characters mapped, want %d", len(seen), n)
	}
	// "Sam said" starts at turn 3, not at the label's "S".
	i := strings.Index(text, "Sam said")
	t1, o1, t2, o2, ok := al.locate(len([]rune(text[:i])), len([]rune(text[:i]))+8)
	if !ok || t1 != 2 || t2 != 2 || o1 != 0 || o2 != 8 {
		t.Errorf("locate = %d %d %d %d %v", t1, o1, t2, o2, ok)
	}
	// A label alone holds no turn character.
	j := strings.Index(text, "**Ann:**")
	if _, _, _, _, ok := al.locate(len([]rune(text[:j])), len([]rune(text[:j]))+8); ok {
		t.Error("a label was located in a turn")
	}
}

func TestCheckFindsProblems(t *testing.T) {
	bad := `<?xml version="1.0"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x">
  <Sources>
    <TextSource guid="00000000-0000-4000-8000-000000000001" name="s">
      <PlainTextContent>abc</PlainTextContent>
      <PlainTextSelection guid="00000000-0000-4000-8000-000000000002" startPosition="1" endPosition="9">
        <Coding guid="xyz"><CodeRef targetGUID="00000000-0000-4000-8000-00000000dead"/></Coding>
      </PlainTextSelection>
      <Description>late</Description>
    </TextSource>
  </Sources>
  <Users><User guid="00000000-0000-4000-8000-000000000001"/></Users>
</Project>`
	errs := CheckProjectXML([]byte(bad), nil)
	var all []string
	for _, e := range errs {
		all = append(all, e.Error())
	}
	joined := strings.Join(all, "\n")
	for _, w := range []string{
		"<Description> comes too late in <TextSource>",
		"<Users> comes too late in <Project>",
		`Coding guid "xyz" does not match the GUID pattern`,
		"refers to no Code",
		"spans 1-9, outside the text of 3 code points",
		"is used by a User and a TextSource",
	} {
		if !strings.Contains(joined, w) {
			t.Errorf("the check did not report %q; it said:\n%s", w, joined)
		}
	}
	if errs := CheckCodebookXML([]byte(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes></Codes></CodeBook>`)); len(errs) == 0 || !strings.Contains(errs[0].Error(), "lacks a <Code>") {
		t.Errorf("empty Codes: %v", errs)
	}
}
