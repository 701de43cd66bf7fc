package coding

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/corpus"
)

// Reading codings fast.
//
// Codings files are almost always written by grounded itself (EncodeJSONL,
// InsertSorted): one object a line, the fields in declaration order, no
// escapes in most strings. readCodings parses such lines directly, without
// reflection, and hands every other line to encoding/json; when a line is
// not one valid coding, the whole stream is decoded again by the general
// reader, so that errors (message, line number, torn last line) are exactly
// those of ReadJSONL. The fast path accepts a line only when it can prove
// encoding/json would decode it to the same value; FuzzReadCodingsFast
// checks that.

// readCodings is ReadJSONL for codings.
func readCodings(file string, data []byte) ([]Coding, error) {
	return readFast(file, data, parseCodingLine)
}

// readTurns is ReadJSONL for turns.
func readTurns(file string, data []byte) ([]corpus.Turn, error) {
	return readFast(file, data, parseTurnLine)
}

// readFast is ReadJSONL with a parser for the lines grounded writes.
func readFast[T any](file string, data []byte, parse func([]byte, *interner) (T, bool)) ([]T, error) {
	out := make([]T, 0, bytes.Count(data, []byte{'\n'})+1)
	var in interner
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += pos
		}
		line := trimSpace(data[pos:end])
		pos = end + 1
		if len(line) == 0 {
			continue
		}
		if v, ok := parse(line, &in); ok {
			out = append(out, v)
			continue
		}
		v, ok := decodeOneLine[T](line)
		if !ok {
			// Not one value: the general reader finds and words the error.
			return readJSONLSlow[T](file, data)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, nil // as the general reader
	}
	return out, nil
}

// decodeOneLine decodes a line holding one JSON value and white space, as
// the general reader would.
func decodeOneLine[T any](line []byte) (T, bool) {
	var v, zero T
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return zero, false
	}
	if len(trimSpace(line[dec.InputOffset():])) != 0 {
		return zero, false
	}
	return v, true
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// interner shares the strings that repeat from line to line (source,
// coder, code), saving an allocation each.
type interner struct{ source, coder, code, speaker string }

func (in *interner) str(prev *string, b []byte) string {
	if string(b) == *prev { // no allocation
		return *prev
	}
	*prev = string(b)
	return *prev
}

// lineParser walks one line in the canonical layout.
type lineParser struct {
	b   []byte
	pos int
	ok  bool
	buf []byte // unescaped string contents
}

// lit consumes s or fails.
func (p *lineParser) lit(s string) {
	if !p.ok || !bytes.HasPrefix(p.b[p.pos:], []byte(s)) {
		p.ok = false
		return
	}
	p.pos += len(s)
}

// peek reports whether s comes next.
func (p *lineParser) peek(s string) bool {
	return p.ok && bytes.HasPrefix(p.b[p.pos:], []byte(s))
}

// str consumes a JSON string and returns its contents. It handles the
// escapes encoding/json writes for quotes, backslashes and line ends, and
// fails on \u escapes, control characters and invalid UTF-8 (encoding/json
// would change or refuse those; the general reader then decides). The
// result is valid until the next call.
func (p *lineParser) str() []byte {
	if !p.ok || p.pos >= len(p.b) || p.b[p.pos] != '"' {
		p.ok = false
		return nil
	}
	start := p.pos + 1
	for i := start; i < len(p.b); i++ {
		c := p.b[i]
		switch {
		case c == '"':
			s := p.b[start:i]
			if !utf8.Valid(s) {
				p.ok = false
				return nil
			}
			p.pos = i + 1
			return s
		case c == '\\':
			return p.escaped(start, i)
		case c < 0x20:
			p.ok = false
			return nil
		}
	}
	p.ok = false
	return nil
}

// escaped is str for a string with escapes, the first at i.
func (p *lineParser) escaped(start, i int) []byte {
	buf := append(p.buf[:0], p.b[start:i]...)
	for ; i < len(p.b); i++ {
		c := p.b[i]
		switch {
		case c == '"':
			p.buf = buf
			if !utf8.Valid(buf) {
				p.ok = false
				return nil
			}
			p.pos = i + 1
			return buf
		case c < 0x20:
			p.ok = false
			return nil
		case c != '\\':
			buf = append(buf, c)
			continue
		}
		if i+1 >= len(p.b) {
			break
		}
		i++
		switch p.b[i] {
		case '"', '\\', '/':
			buf = append(buf, p.b[i])
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		default: // \u and anything invalid
			p.ok = false
			return nil
		}
	}
	p.ok = false
	return nil
}

// int consumes a JSON integer of at most 18 digits (no overflow).
func (p *lineParser) int() int {
	if !p.ok {
		return 0
	}
	i, neg := p.pos, false
	if i < len(p.b) && p.b[i] == '-' {
		neg = true
		i++
	}
	start := i
	n := 0
	for i < len(p.b) && p.b[i] >= '0' && p.b[i] <= '9' {
		n = n*10 + int(p.b[i]-'0')
		i++
	}
	digits := i - start
	if digits == 0 || digits > 18 || (digits > 1 && p.b[start] == '0') {
		p.ok = false
		return 0
	}
	// A fraction or exponent is not an integer: let encoding/json judge.
	if i < len(p.b) && (p.b[i] == '.' || p.b[i] == 'e' || p.b[i] == 'E') {
		p.ok = false
		return 0
	}
	p.pos = i
	if neg {
		return -n
	}
	return n
}

// parseCodingLine parses a line in the layout EncodeJSONL writes. It
// reports false for anything else, including valid JSON in another layout.
func parseCodingLine(line []byte, in *interner) (Coding, bool) {
	p := lineParser{b: line, ok: true}
	var c Coding
	p.lit(`{"id":`)
	c.ID = string(p.str())
	p.lit(`,"code":`)
	c.Code = in.str(&in.code, p.str())
	p.lit(`,"source":`)
	c.Source = in.str(&in.source, p.str())
	p.lit(`,"turn":`)
	c.Turn = p.int()
	p.lit(`,"start":`)
	c.Start = p.int()
	p.lit(`,"end":`)
	c.End = p.int()
	p.lit(`,"quote":`)
	c.Quote = string(p.str())
	p.lit(`,"coder":`)
	c.Coder = in.str(&in.coder, p.str())
	p.lit(`,"created":`)
	if !p.ok {
		return Coding{}, false
	}
	ts := p.pos
	p.str()
	if !p.ok {
		return Coding{}, false
	}
	// The same method encoding/json calls, on the same bytes.
	if err := c.Created.UnmarshalJSON(line[ts:p.pos]); err != nil {
		return Coding{}, false
	}
	if p.peek(`,"memo":`) {
		p.lit(`,"memo":`)
		c.Memo = string(p.str())
	}
	if p.peek(`,"orphaned":true`) {
		p.lit(`,"orphaned":true`)
		c.Orphaned = true
	}
	p.lit(`}`)
	if !p.ok || p.pos != len(line) {
		return Coding{}, false
	}
	return c, true
}

// isCodingLine reports, without allocating, whether parseCodingLine would
// accept line (and so whether it is one valid JSON object; see
// FuzzReadCodingsFast).
func isCodingLine(line []byte) bool {
	p := lineParser{b: line, ok: true}
	for _, f := range [...]string{`{"id":`, `,"code":`, `,"source":`} {
		p.lit(f)
		p.str()
	}
	for _, f := range [...]string{`,"turn":`, `,"start":`, `,"end":`} {
		p.lit(f)
		p.int()
	}
	for _, f := range [...]string{`,"quote":`, `,"coder":`} {
		p.lit(f)
		p.str()
	}
	p.lit(`,"created":`)
	if !p.ok {
		return false
	}
	ts := p.pos
	p.str()
	var t time.Time
	if !p.ok || t.UnmarshalJSON(line[ts:p.pos]) != nil {
		return false
	}
	if p.peek(`,"memo":`) {
		p.lit(`,"memo":`)
		p.str()
	}
	if p.peek(`,"orphaned":true`) {
		p.lit(`,"orphaned":true`)
	}
	p.lit(`}`)
	return p.ok && p.pos == len(line)
}

// parseTurnLine parses a turn line as grounded writes it (AppendJSONL of a
// corpus.Turn).
func parseTurnLine(line []byte, in *interner) (corpus.Turn, bool) {
	p := lineParser{b: line, ok: true}
	var t corpus.Turn
	p.lit(`{"n":`)
	t.N = p.int()
	p.lit(`,"speaker":`)
	t.Speaker = in.str(&in.speaker, p.str())
	p.lit(`,"text":`)
	t.Text = string(p.str())
	if p.peek(`,"start":`) {
		p.lit(`,"start":`)
		t.Start = string(p.str())
	}
	if p.peek(`,"end":`) {
		p.lit(`,"end":`)
		t.End = string(p.str())
	}
	p.lit(`}`)
	if !p.ok || p.pos != len(line) {
		return corpus.Turn{}, false
	}
	return t, true
}

// appendCodingLine appends c as EncodeJSONL writes it, without reflection,
// when every string needs no escaping; it reports false otherwise.
func appendCodingLine(b []byte, c Coding) ([]byte, bool) {
	for _, s := range [...]string{c.ID, c.Code, c.Source, c.Quote, c.Coder, c.Memo} {
		if !plainString(s) {
			return b, false
		}
	}
	if c.Created.Year() < 0 || c.Created.Year() > 9999 {
		return b, false
	}
	b = append(b, `{"id":"`...)
	b = append(b, c.ID...)
	b = append(b, `","code":"`...)
	b = append(b, c.Code...)
	b = append(b, `","source":"`...)
	b = append(b, c.Source...)
	b = append(b, `","turn":`...)
	b = strconv.AppendInt(b, int64(c.Turn), 10)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(c.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(c.End), 10)
	b = append(b, `,"quote":"`...)
	b = append(b, c.Quote...)
	b = append(b, `","coder":"`...)
	b = append(b, c.Coder...)
	b = append(b, `","created":"`...)
	b = c.Created.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if c.Memo != "" {
		b = append(b, `,"memo":"`...)
		b = append(b, c.Memo...)
		b = append(b, '"')
	}
	if c.Orphaned {
		b = append(b, `,"orphaned":true`...)
	}
	return append(b, "}\n"...), true
}

// plainString reports whether encoding/json (without HTML escaping) writes
// s between quotes unchanged.
func plainString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
