package coding

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// ErrNotCanonical is returned by InsertSorted when data is not a file that
// EncodeJSONL could have written (a torn or hand-edited line); the caller
// then decodes it fully, which reports the problem precisely.
var ErrNotCanonical = errors.New("not in the canonical coding format")

// InsertSorted adds c to data, the JSON Lines of codings as EncodeJSONL
// writes them, at its sorted place, without decoding every line: the
// result is what EncodeJSONL would write for the decoded codings plus c. It
// reports false, and returns data unchanged, when a coding in data applies
// the same code to the same span by the same coder (see SameSpan).
//
// This is what keeps 'code add' fast when a coder's file of one source
// holds thousands of codings: only lines with the same span and O(log n)
// others are decoded.
func InsertSorted(data []byte, c Coding) ([]byte, bool, error) {
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return nil, false, ErrNotCanonical
	}
	var starts []int // byte offset of each line
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '\n') + pos
		line := data[pos:end]
		if !bytes.HasPrefix(line, []byte(`{"id":"`)) || !isCodingLine(line) && !json.Valid(line) {
			return nil, false, ErrNotCanonical
		}
		starts = append(starts, pos)
		pos = end + 1
	}
	lineAt := func(i int) []byte {
		end := len(data)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		return data[starts[i] : end-1]
	}
	// Duplicates: every line with the same source, turn and span (the
	// fields are written in this order), whatever the order of the lines.
	span := fmt.Appendf(nil, `"source":%s,"turn":%d,"start":%d,"end":%d,`, mustJSON(c.Source), c.Turn, c.Start, c.End)
	for off := 0; ; {
		i := bytes.Index(data[off:], span)
		if i < 0 {
			break
		}
		at := off + i
		n := sort.Search(len(starts), func(k int) bool { return starts[k] > at }) - 1
		var x Coding
		if err := json.Unmarshal(lineAt(n), &x); err != nil {
			return nil, false, ErrNotCanonical
		}
		if SameSpan(x, c) {
			return data, false, nil
		}
		off = at + len(span)
	}
	// The sorted place, by binary search over the lines' sort keys.
	var keyErr error
	idx := sort.Search(len(starts), func(i int) bool {
		var k struct {
			ID, Code, Source, Coder string
			Turn, Start, End        int
		}
		if err := json.Unmarshal(lineAt(i), &k); err != nil {
			keyErr = err
			return true
		}
		x := Coding{ID: k.ID, Code: k.Code, Source: k.Source, Coder: k.Coder, Turn: k.Turn, Start: k.Start, End: k.End}
		return Compare(x, c) > 0
	})
	if keyErr != nil {
		return nil, false, ErrNotCanonical
	}
	at := len(data)
	if idx < len(starts) {
		at = starts[idx]
	}
	c.Created = c.Created.UTC()
	line := AppendJSONL(nil, c)
	out := make([]byte, 0, len(data)+len(line))
	out = append(append(append(out, data[:at]...), line...), data[at:]...)
	return out, true, nil
}

func mustJSON(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
