package project

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/corpus"
)

// Reading source.yaml without the YAML decoder.
//
// Every command that lists sources reads every source.yaml, and yaml.v3
// spends about 0.2 ms on each (a tenth of `check` or a report at 17
// interviews). decodeSourceFast reads the files EncodeSource writes:
// one "key: value" line per field of corpus.Source, each key at most once,
// the values plain scalars that mean the same to any YAML reader (words,
// numbers without signs or leading zeros, an RFC 3339 UTC time, a flow
// list of plain words). Anything else (quotes, comments, blank lines,
// other keys, a value YAML could read as null, a boolean or another type)
// makes it decline, and ReadSource decodes the file with yaml.v3 as
// before, with its errors. FuzzDecodeSourceFast requires the same Source
// as yaml.v3 for every input the fast reader accepts.

// decodeSourceFast decodes data as EncodeSource writes it; ok is false
// when data is not in that simple form.
func decodeSourceFast(data []byte) (s corpus.Source, ok bool) {
	if len(data) == 0 || data[len(data)-1] != '\n' || !utf8.Valid(data) {
		return corpus.Source{}, false
	}
	seen := 0
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		line := data[:i]
		data = data[i+1:]
		k := bytes.Index(line, []byte(": "))
		if k <= 0 {
			return corpus.Source{}, false
		}
		key, val := string(line[:k]), string(line[k+2:])
		bit, ok := sourceField(&s, key, val)
		if !ok || seen&bit != 0 {
			return corpus.Source{}, false
		}
		seen |= bit
	}
	return s, true
}

// sourceField sets the field key of s from val; bit identifies the field
// (for duplicates).
func sourceField(s *corpus.Source, key, val string) (bit int, ok bool) {
	str := func(p *string) bool {
		*p = val
		return plainWord(val, false)
	}
	num := func(p *int) bool {
		n, ok := plainInt(val)
		*p = n
		return ok
	}
	switch key {
	case "id":
		return 1 << 0, str(&s.ID)
	case "participant":
		return 1 << 1, str(&s.Participant)
	case "format":
		return 1 << 2, str(&s.Format)
	case "encoding":
		return 1 << 3, str(&s.Encoding)
	case "original":
		return 1 << 4, str(&s.Original)
	case "original_name":
		return 1 << 5, str(&s.OriginalName)
	case "original_sha256":
		return 1 << 6, str(&s.OriginalSHA256)
	case "text_sha256":
		return 1 << 7, str(&s.TextSHA256)
	case "turns":
		return 1 << 8, num(&s.Turns)
	case "chars":
		return 1 << 9, num(&s.Chars)
	case "speakers":
		sp, ok := plainList(val)
		s.Speakers = sp
		return 1 << 10, ok
	case "ingested":
		t, ok := plainTime(val)
		s.Ingested = t
		return 1 << 11, ok
	}
	return 0, false
}

// plainWord reports whether v is a plain scalar that YAML reads as the
// string v itself when it decodes it into a string: letters, marks and
// digits of any script, single spaces between words, and a few ASCII
// marks (not first, and never ": ", " #" or a flow indicator), and not a
// word YAML reads as null. (yaml.v3 gives a string field the text of any
// other scalar, also one that reads as a number or a boolean.) inFlow
// also refuses the comma, which ends an item of a flow list.
func plainWord(v string, inFlow bool) bool {
	if v == "" || v[0] == ' ' || v[len(v)-1] == ' ' || strings.Contains(v, "  ") {
		return false
	}
	for i, r := range v {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i > 0 && (r == ' ' || unicode.IsMark(r) || strings.ContainsRune("._-+()/", r)):
		case i > 0 && !inFlow && r == ',':
		default:
			return false
		}
	}
	switch v {
	case "null", "Null", "NULL":
		return false
	}
	return true
}

// plainInt reads a non-negative decimal integer without sign, leading zeros
// or separators.
func plainInt(v string) (int, bool) {
	if v == "" || len(v) > 18 || v[0] == '0' && len(v) > 1 {
		return 0, false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// plainList reads a flow list of plain words ("[Interviewer, Jordan
// Lee]"); "[]" is an empty list, as yaml.v3 gives it.
func plainList(v string) ([]string, bool) {
	if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
		return nil, false
	}
	inner := v[1 : len(v)-1]
	if inner == "" {
		return []string{}, true
	}
	items := strings.Split(inner, ", ")
	for _, it := range items {
		if !plainWord(it, true) {
			return nil, false
		}
	}
	return items, true
}

// plainTime reads the time EncodeSource writes: RFC 3339 in UTC, with up
// to nine digits of fraction, parsed with yaml.v3's layout.
func plainTime(v string) (time.Time, bool) {
	const shape = "0000-00-00T00:00:00"
	if len(v) < len(shape)+1 || v[len(v)-1] != 'Z' {
		return time.Time{}, false
	}
	for i := 0; i < len(shape); i++ {
		if shape[i] == '0' && (v[i] < '0' || v[i] > '9') || shape[i] != '0' && v[i] != shape[i] {
			return time.Time{}, false
		}
	}
	frac := v[len(shape) : len(v)-1]
	if frac != "" {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			return time.Time{}, false
		}
		for i := 1; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return time.Time{}, false
			}
		}
	}
	t, err := time.Parse("2006-1-2T15:4:5.999999999Z07:00", v)
	return t, err == nil
}
