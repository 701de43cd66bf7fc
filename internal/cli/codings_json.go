package cli

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"
)

// codingsJSONWriter streams a JSON array of codings (the shape codingJSON,
// that is serve.Coding) to w, byte for byte as writeJSON would print the
// whole slice: indented by two spaces, HTML characters not escaped, a final
// newline. It exists because encoding/json's reflection and its indenting
// pass were most of the time of 'codings list --json' at 100,000 codings;
// FuzzCodingsJSON checks it against writeJSON on any values, and
// TestCodingsJSONCoversShape fails when codingJSON gains a field this
// encoder does not write.
type codingsJSONWriter struct {
	w   *bufio.Writer
	buf []byte
	n   int // codings written so far
}

func newCodingsJSONWriter(w io.Writer) *codingsJSONWriter {
	return &codingsJSONWriter{w: bufio.NewWriterSize(w, 64<<10), buf: make([]byte, 0, 1024)}
}

// add writes one coding. Errors of the writer are reported by close.
func (j *codingsJSONWriter) add(c codingJSON) {
	b := j.buf[:0]
	if j.n == 0 {
		b = append(b, "[\n  {\n"...)
	} else {
		b = append(b, ",\n  {\n"...)
	}
	j.n++
	b = appendField(b, "id", c.ID)
	b = appendField(b, "code", c.Code)
	b = appendField(b, "ref", c.Ref)
	b = appendField(b, "source", c.Source)
	b = appendIntField(b, "turn", c.Turn)
	b = appendIntField(b, "start", c.Start)
	b = appendIntField(b, "end", c.End)
	b = appendField(b, "quote", c.Quote)
	b = appendField(b, "coder", c.Coder)
	b = append(b, `    "created": `...)
	b = appendJSONString(b, c.Created)
	if c.Memo != "" {
		b = append(b, ",\n"...)
		b = append(b, `    "memo": `...)
		b = appendJSONString(b, c.Memo)
	}
	if c.Orphaned {
		b = append(b, ",\n"...)
		b = append(b, `    "orphaned": true`...)
	}
	b = append(b, "\n  }"...)
	j.w.Write(b)
	j.buf = b
}

// close ends the array ("[]" when nothing was added) and flushes.
func (j *codingsJSONWriter) close() error {
	if j.n == 0 {
		j.w.WriteString("[]\n")
	} else {
		j.w.WriteString("\n]\n")
	}
	return j.w.Flush()
}

// appendField appends `    "name": "value",` and a newline.
func appendField(b []byte, name, v string) []byte {
	b = append(b, `    "`...)
	b = append(b, name...)
	b = append(b, `": `...)
	b = appendJSONString(b, v)
	return append(b, ",\n"...)
}

func appendIntField(b []byte, name string, v int) []byte {
	b = append(b, `    "`...)
	b = append(b, name...)
	b = append(b, `": `...)
	b = strconv.AppendInt(b, int64(v), 10)
	return append(b, ",\n"...)
}

// appendJSONString appends s as encoding/json writes a string with HTML
// escaping off: `"` and `\` escaped, the control characters as \b \f \n
// \r \t or \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029 as \u2028
// and \u2029, everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
