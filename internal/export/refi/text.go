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

// choosePositions picks the position system that best explains a
// source's selections: the one under which most stored texts match the
// text at their positions, then the one with fewest selections out of
// range, then the standard one.
func (st *sourceText) choosePositions(sels []selPos) positions {
	best, bestScore, bestBad := positions{}, -1, -1
	for _, p := range st.candidates() {
		u := st.units(p)
		score, bad := 0, 0
		for _, s := range sels {
			a, b, ok := toRaw(u, p, s.start, s.end)
			if !ok {
				bad++
				continue
			}
			if s.name != "" {
				score += matchScore(s.name, string(st.raw[a:b]))
			}
		}
		if score > bestScore || score == bestScore && bad < bestBad {
			best, bestScore, bestBad = p, score, bad
		}
	}
	return best
}

// normSpan converts raw boundaries into a span of norm.
func (st *sourceText) normSpan(a, b int) (int, int) {
	return st.normStart[a], max(st.normEnd[b], st.normStart[a])
}

func describePositions(id string, p positions) string {
	return fmt.Sprintf("%s: positions are %s; converted", id, p)
}
