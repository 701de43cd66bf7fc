// Package coding is the record of qualitative coding: which code a coder
// applied to which span of which transcript, with the exact quoted words,
// and the memos researchers write along the way.
//
// # Codings
//
// A Coding ties a code (by name) to a span [Start, End) of code points
// inside one turn's text (or, when Turn is 0, inside the source's plain
// text; see package corpus). Quote holds exactly the spanned text, so a
// coding can be checked against its transcript and re-anchored when the
// transcript is corrected. Codings are stored as JSON Lines, one coding a
// line, sorted by source, turn, start, end, code and id, so that git diffs
// stay small and two coders' files never conflict.
//
// This package imports neither the CLI nor the search index.
package coding

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/corpus"
)

// Coding is one application of a code to a span of a transcript.
type Coding struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Source string `json:"source"`
	// Turn is the turn number; 0 means Start and End are offsets in the
	// source's plain text.
	Turn  int    `json:"turn"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Quote string `json:"quote"`
	Coder string `json:"coder"`
	// Created is when the coding was made (UTC, second precision).
	Created time.Time `json:"created"`
	Memo    string    `json:"memo,omitempty"`
	// Orphaned is set when the transcript was replaced and Quote could not
	// be found in the new text; Turn, Start and End are then the old
	// position. Orphaned codings are kept, never deleted.
	Orphaned bool `json:"orphaned,omitempty"`
}

// Ref returns the coding's reference.
func (c Coding) Ref() corpus.Ref {
	return corpus.Ref{Source: c.Source, Turn: c.Turn, HasSpan: true, Start: c.Start, End: c.End}
}

// SameSpan reports whether a and b apply the same code (compared as code
// names are) to the same span by the same coder: the second of two such
// codings adds nothing.
func SameSpan(a, b Coding) bool {
	return a.Source == b.Source && a.Turn == b.Turn && a.Start == b.Start && a.End == b.End &&
		codebook.Key(a.Code) == codebook.Key(b.Code) && strings.EqualFold(a.Coder, b.Coder)
}

// Overlaps reports whether two codings share at least one code point (or,
// for empty spans, the same position) in the same turn of the same source.
func Overlaps(a, b Coding) bool {
	if a.Source != b.Source || a.Turn != b.Turn {
		return false
	}
	if a.Start == a.End || b.Start == b.End {
		return a.Start <= b.End && b.Start <= a.End
	}
	return a.Start < b.End && b.Start < a.End
}

// NewID returns a fresh random coding id (12 hex digits).
func NewID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Compare orders codings by source, turn, start, end, code, coder and id.
func Compare(a, b Coding) int {
	return cmp.Or(
		strings.Compare(a.Source, b.Source),
		cmp.Compare(a.Turn, b.Turn),
		cmp.Compare(a.Start, b.Start),
		cmp.Compare(a.End, b.End),
		strings.Compare(a.Code, b.Code),
		strings.Compare(a.Coder, b.Coder),
		strings.Compare(a.ID, b.ID),
	)
}

// Sort sorts codings in file order (see Compare).
func Sort(cs []Coding) { slices.SortFunc(cs, Compare) }

// LineError is a bad line in a JSON Lines file.
type LineError struct {
	File string
	Line int
	// Torn is set when the bad line is the last one and has no line end:
	// the file was cut off, typically by a crash or a full disk.
	Torn bool
	Err  error
}

func (e *LineError) Error() string {
	if e.Torn {
		return fmt.Sprintf("%s:%d: the last line is incomplete (the file was cut off, probably by a crash or a full disk); the lines before it are intact", e.File, e.Line)
	}
	return fmt.Sprintf("%s:%d: %v; fix or remove that line (every line must be one JSON object)", e.File, e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// ReadJSONL decodes a JSON Lines stream of T, one value per non-empty line.
// file names the stream in errors. Unknown fields are errors, so that a
// typo in a hand-edited file is not silently dropped. On a bad line it
// returns the values before it and a *LineError.
//
// Codings and turns ([]Coding, []corpus.Turn) are read by a parser for the
// layout grounded writes, with the same results and errors (see
// fastjsonl.go).
func ReadJSONL[T any](file string, r io.Reader) ([]T, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return DecodeJSONL[T](file, data)
}

// DecodeJSONL is ReadJSONL of data already read (which it does not keep),
// without copying it again.
func DecodeJSONL[T any](file string, data []byte) ([]T, error) {
	switch any((*T)(nil)).(type) {
	case *Coding:
		cs, err := readCodings(file, data)
		return any(cs).([]T), err
	case *corpus.Turn:
		ts, err := readTurns(file, data)
		return any(ts).([]T), err
	}
	return readJSONLSlow[T](file, data)
}

// readJSONLSlow is ReadJSONL by encoding/json, for any T.
func readJSONLSlow[T any](file string, data []byte) ([]T, error) {
	// One decoder over the whole stream is several times faster than one
	// per line; line numbers are recovered from the offsets.
	var out []T
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	line, pos := 1, 0 // line number at data[pos]
	for {
		// Skip white space to the start of the next value, counting lines.
		newline := pos == 0
		for pos < len(data) && isSpace(data[pos]) {
			if data[pos] == '\n' {
				line++
				newline = true
			}
			pos++
		}
		if pos == len(data) {
			return out, nil
		}
		lineEnd := bytes.IndexByte(data[pos:], '\n')
		complete := lineEnd >= 0
		bad := func(err error) ([]T, error) {
			return out, &LineError{File: file, Line: line, Torn: !complete, Err: err}
		}
		if !newline {
			return bad(errors.New("more than one JSON value on the line"))
		}
		var v T
		if err := dec.Decode(&v); err != nil {
			return bad(err)
		}
		end := int(dec.InputOffset())
		if complete && end > pos+lineEnd {
			return bad(errors.New("a JSON value spans several lines; write one value per line"))
		}
		out = append(out, v)
		pos = end
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// AppendJSONL appends v as one JSON line to b.
func AppendJSONL(b []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only plain data types are encoded
	}
	return append(b, buf.Bytes()...)
}

// EncodeJSONL sorts the codings and encodes them one per line.
func EncodeJSONL(cs []Coding) []byte {
	cs = slices.Clone(cs)
	Sort(cs)
	if len(cs) == 0 {
		return nil
	}
	b := make([]byte, 0, len(cs)*256)
	var ok bool
	for _, c := range cs {
		c.Created = c.Created.UTC()
		if b, ok = appendCodingLine(b, c); !ok {
			b = AppendJSONL(b, c)
		}
	}
	return b
}
