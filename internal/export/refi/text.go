package refi

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// sourceText is a source's text as the archive holds it (raw) and as
// grounded reads it (norm: no byte order mark, LF line endings, NFC), with
// the map between their positions.
type sourceText struct {
	raw      []rune
	encoding string
	norm     string
	normLen  int
	// normStart[i] and normEnd[i] are the positions in norm of the
	// boundary before raw rune i (i = len(raw) is the end), rounded down
	// for a start and up for an end when the boundary falls inside a
	// character that NFC composes.
	normStart, normEnd []int
	hasBOM, hasCRLF    bool
	hasAstral          bool
}

// decodeSource reads a source text file: UTF-8 (with or without a byte
// order mark), UTF-16 with a byte order mark, or, when the bytes are not
// UTF-8, Windows-1252.
func decodeSource(data []byte) (*sourceText, error) {
	var s string
	enc := "utf-8"
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc = "utf-16le"
		if data[0] == 0xFE {
			enc = "utf-16be"
		}
		s = "\uFEFF" + decodeUTF16(data[2:], data[0] == 0xFE)
	case utf8.Valid(data):
		s = string(data)
		if strings.HasPrefix(s, "\uFEFF") {
			enc = "utf-8-bom"
		}
	default:
		b, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, err
		}
		s, enc = string(b), "windows-1252"
	}
	if strings.ContainsRune(s, 0) {
		return nil, errors.New("the text contains NUL characters; it is not a plain text file")
	}
	st := &sourceText{raw: []rune(s), encoding: enc}
	st.normalise()
	return st, nil
}

// normalise computes norm and the position maps.
func (st *sourceText) normalise() {
	raw := st.raw
	// Step 1: byte order mark and line endings.
	kept := make([]rune, 0, len(raw))
	toKept := make([]int, len(raw)+1)
	for i, r := range raw {
		toKept[i] = len(kept)
		switch {
		case i == 0 && r == 0xFEFF:
			st.hasBOM = true
			continue
		case r == '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				st.hasCRLF = true
				continue
			}
			r = '\n'
		case r == 0x85 || r == 0x2028 || r == 0x2029:
			r = '\n'
		case r == 0x1A && i == len(raw)-1:
			continue
		}
		if r > 0xFFFF {
			st.hasAstral = true
		}
		kept = append(kept, r)
	}
	toKept[len(raw)] = len(kept)
	// Step 2: NFC, segment by segment, so that positions can be mapped.
	ks := string(kept)
	byteToRune := make([]int, len(ks)+1)
	ri := 0
	for bi := range ks {
		byteToRune[bi] = ri
		ri++
	}
	byteToRune[len(ks)] = ri
	downs := make([]int, len(kept)+1)
	ups := make([]int, len(kept)+1)
	var out strings.Builder
	outRunes := 0
	var it norm.Iter
	it.InitString(norm.NFC, ks)
	for !it.Done() {
		a := byteToRune[it.Pos()]
		seg := it.Next()
		b := byteToRune[it.Pos()]
		n := utf8.RuneCount(seg)
		out.Write(seg)
		for j := a; j < b; j++ {
			downs[j] = outRunes
			ups[j] = outRunes + n
		}
		downs[a], ups[a] = outRunes, outRunes
		outRunes += n
	}
	downs[len(kept)], ups[len(kept)] = outRunes, outRunes
	st.norm, st.normLen = out.String(), outRunes
	st.normStart = make([]int, len(raw)+1)
	st.normEnd = make([]int, len(raw)+1)
	for i := range st.normStart {
		st.normStart[i] = downs[toKept[i]]
		st.normEnd[i] = ups[toKept[i]]
	}
}

// positions is one way of counting positions in a text. Tools differ:
// REFI-QDA counts code points from 0 with an exclusive end, but NVivo
// counts UTF-16 code units, some tools count from 1 or give the last
// character's position as the end, and a CRLF line end or a byte order
// mark may or may not count.
type positions struct {
	UTF16, CRLFAsOne, BOM, FromOne, EndInclusive bool
}

func (p positions) String() string {
	var parts []string
	if p.UTF16 {
		parts = append(parts, "UTF-16 code units (as NVivo writes them) instead of code points")
	}
	if p.CRLFAsOne {
		parts = append(parts, "a CRLF line end counted as one character")
	}
	if p.BOM {
		parts = append(parts, "the byte order mark counted as a character")
	}
	if p.FromOne {
		parts = append(parts, "counted from 1 instead of 0")
	}
	if p.EndInclusive {
		parts = append(parts, "the end position inclusive")
	}
	if len(parts) == 0 {
		return "code points from 0, end exclusive"
	}
	return strings.Join(parts, ", ")
}

// candidates lists the position systems worth trying for this text, the
// standard one first, then by how many ways they differ from it.
func (st *sourceText) candidates() []positions {
	var out []positions
	for mask := 0; mask < 32; mask++ {
		p := positions{UTF16: mask&1 != 0, CRLFAsOne: mask&2 != 0, BOM: mask&4 != 0, FromOne: mask&8 != 0, EndInclusive: mask&16 != 0}
		if p.UTF16 && !st.hasAstral || p.CRLFAsOne && !st.hasCRLF || p.BOM && !st.hasBOM {
			continue
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return onesOf(out[i]) < onesOf(out[j]) })
	return out
}

func onesOf(p positions) int {
	n := 0
	for _, b := range []bool{p.UTF16, p.CRLFAsOne, p.BOM, p.FromOne, p.EndInclusive} {
		if b {
			n++
		}
	}
	return n
}

// units returns, for each boundary i of raw (0..len), the position a tool
// counting with p gives it.
func (st *sourceText) units(p positions) []int {
	u := make([]int, len(st.raw)+1)
	for i, r := range st.raw {
		w := 1
		switch {
		case i == 0 && r == 0xFEFF && !p.BOM:
			w = 0
		case r == '\r' && p.CRLFAsOne && i+1 < len(st.raw) && st.raw[i+1] == '\n':
			w = 0
		case r > 0xFFFF && p.UTF16:
			w = 2
		}
		u[i+1] = u[i] + w
	}
	return u
}

// toRaw converts a selection's start and end positions, counted with p,
// into boundaries of raw. It reports false when they fall outside the
// text, inside a character, or end before they start.
func toRaw(u []int, p positions, start, end int) (int, int, bool) {
	if p.FromOne {
		start--
		end--
	}
	if p.EndInclusive {
		end++
	}
	if start < 0 || end < start || end > u[len(u)-1] {
		return 0, 0, false
	}
	// The start is the last boundary with that position (after characters
	// that do not count), the end the first.
	s := sort.SearchInts(u, start+1) - 1
	e := sort.SearchInts(u, end)
	if s < 0 || u[s] != start || e >= len(u) || u[e] != end {
		return 0, 0, false
	}
	if e < s {
		e = s
	}
	return s, e, true
}

// fold puts text in a form for comparing a selection's stored text with
// the text at its position: NFC, CRLF as LF, control characters dropped,
// every run of white space one space, trimmed.
func fold(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == 0xA0:
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == 0xFEFF:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// matchScore says how well a selection's stored text (its name) agrees
// with the text at its position: 2 for the same text, 1 for a name that
// is the start of the text (tools shorten long names, sometimes with an
// ellipsis), 0 otherwise.
func matchScore(name, text string) int {
	n, t := fold(name), fold(text)
	if n == "" {
		return 0
	}
	if n == t {
		return 2
	}
	for _, e := range []string{"...", "…"} {
		if s, ok := strings.CutSuffix(n, e); ok && strings.TrimSpace(s) != "" && strings.HasPrefix(t, strings.TrimSpace(s)) {
			return 1
		}
	}
	if utf8.RuneCountInString(n) >= 8 && strings.HasPrefix(t, n) {
		return 1
	}
	return 0
}

// selPos is a selection's position as the document gives it, with its
// stored text.
type selPos struct {
	start, end int
	name       string
}

// positionChoice is the position system chosen for a source's
// selections and the evidence it was chosen on.
type positionChoice struct {
	pos positions
	// names is how many selection names agree with the text (see
	// matchScore), bounds how many selections start and end on word
	// boundaries, of total selections; prior says the document's origin
	// favoured the system.
	names, bounds, total int
	prior                bool
	// std are the same counts under the standard system.
	stdNames, stdBounds int
	// differs says the candidates put some selection on different text;
	// verified says the evidence singled the chosen system out.
	differs, verified bool
}

// originPrior is the position system a tool is known to write, by a
// prefix of the document's origin attribute (case-insensitive).
var originPrior = []struct {
	prefix string
	pos    positions
}{
	{"nvivo", positions{UTF16: true}},
	// ATLAS.ti counts a CRLF in its source files as one character (as
	// QualCoder's importer also assumes).
	{"atlas.ti", positions{CRLFAsOne: true}},
}

func priorFor(origin string) (positions, bool) {
	o := strings.ToLower(strings.TrimSpace(origin))
	for _, p := range originPrior {
		if strings.HasPrefix(o, p.prefix) {
			return p.pos, true
		}
	}
	return positions{}, false
}

// posEvidence is how well one position system explains the selections.
type posEvidence struct {
	pos                positions
	names, bounds, bad int
	spans              []int // raw boundaries, two per selection (-1 when out of range)
}

// choosePositions picks the position system that best explains a
// source's selections. The evidence, strongest first: how many stored
// texts (selection names) match the text at their positions; how many
// selections start and end on word boundaries (people select words, so
// under a wrong system most selections cut words); the system the
// document's origin is known to write (NVivo counts UTF-16 code units);
// fewest selections out of range; the standard system.
func (st *sourceText) choosePositions(sels []selPos, origin string) positionChoice {
	prior, hasPrior := priorFor(origin)
	var ev []posEvidence
	for _, p := range st.candidates() {
		u := st.units(p)
		e := posEvidence{pos: p, spans: make([]int, 0, 2*len(sels))}
		for _, s := range sels {
			a, b, ok := toRaw(u, p, s.start, s.end)
			if !ok {
				e.bad++
				e.spans = append(e.spans, -1, -1)
				continue
			}
			e.spans = append(e.spans, a, b)
			if s.name != "" {
				e.names += matchScore(s.name, string(st.raw[a:b]))
			}
			if st.startsWord(a, b) && st.endsWord(a, b) {
				e.bounds++
			}
		}
		ev = append(ev, e)
	}
	better := func(x, y posEvidence) bool { // x explains the selections better than y
		switch {
		case x.names != y.names:
			return x.names > y.names
		case x.bounds-x.bad != y.bounds-y.bad:
			return x.bounds-x.bad > y.bounds-y.bad
		}
		xp, yp := hasPrior && x.pos == prior, hasPrior && y.pos == prior
		if xp != yp {
			return xp
		}
		return x.bad < y.bad
	}
	best := 0
	for i := range ev {
		if better(ev[i], ev[best]) {
			best = i
		}
	}
	b := ev[best]
	ch := positionChoice{pos: b.pos, names: b.names, bounds: b.bounds, total: len(sels),
		prior: hasPrior && b.pos == prior, stdNames: ev[0].names, stdBounds: ev[0].bounds, verified: true}
	for i := range ev {
		if i == best || equalInts(ev[i].spans, b.spans) {
			continue
		}
		ch.differs = true
		// Another system puts selections elsewhere and the names and word
		// boundaries do not tell them apart: only the prior (or the order
		// of the candidates) decided.
		if ev[i].names == b.names && ev[i].bounds-ev[i].bad == b.bounds-b.bad {
			ch.verified = false
		}
	}
	return ch
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// startsWord reports whether the span [a, b) of raw starts as a person
// selecting words starts it: on a character that is not white space, with
// no letter or digit of the same word before it. endsWord is the same for
// the end. A span shifted by a character or two under a wrong counting
// system usually cuts a word or takes in the space beside it.
func (st *sourceText) startsWord(a, b int) bool {
	if a >= b || unicode.IsSpace(st.raw[a]) {
		return false
	}
	return a == 0 || !wordRune(st.raw[a-1]) || !wordRune(st.raw[a])
}

func (st *sourceText) endsWord(a, b int) bool {
	if a >= b || unicode.IsSpace(st.raw[b-1]) {
		return false
	}
	return b == len(st.raw) || !wordRune(st.raw[b]) || !wordRune(st.raw[b-1])
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\''
}

// normSpan converts raw boundaries into a span of norm.
func (st *sourceText) normSpan(a, b int) (int, int) {
	return st.normStart[a], max(st.normEnd[b], st.normStart[a])
}

// describe says which system was chosen and on what evidence, or "" when
// every system puts every selection on the same text.
func (ch positionChoice) describe(id, origin string) string {
	if ch.verified && ch.pos == (positions{}) {
		return "" // the standard, and nothing else fits as well
	}
	var ev []string
	if ch.names > 0 || ch.stdNames > 0 {
		ev = append(ev, fmt.Sprintf("selection names match the text %d times (%d under code points)", ch.names, ch.stdNames))
	}
	ev = append(ev, fmt.Sprintf("%d of %d selections start and end on word boundaries (%d under code points)", ch.bounds, ch.total, ch.stdBounds))
	if ch.prior {
		ev = append(ev, fmt.Sprintf("the file's origin %q writes them", origin))
	}
	msg := fmt.Sprintf("%s: positions read as %s, because %s", id, ch.pos, strings.Join(ev, "; "))
	if !ch.verified {
		msg += "; this could NOT be verified (other ways of counting fit the text as well): check the quotes against the original tool"
	}
	if ch.pos != (positions{}) {
		msg += "; converted"
	}
	return msg
}
