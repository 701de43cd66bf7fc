package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxIDLen is the longest source id (and participant id) accepted.
const MaxIDLen = 64

// ValidateID reports whether s can name a source or a participant. An id
// starts with an ASCII letter or digit and continues with ASCII letters,
// digits, '.', '_' or '-', at most MaxIDLen bytes. Ids become file names, so
// anything else (slashes, "..", spaces, NUL) is refused.
func ValidateID(s string) error {
	if s == "" {
		return errors.New("id is empty")
	}
	if len(s) > MaxIDLen {
		return fmt.Errorf("id %.20q… is longer than %d characters", s, MaxIDLen)
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return fmt.Errorf("id %q: character %q at position %d is not allowed (use ASCII letters, digits, '.', '_' and '-', starting with a letter or digit)", s, c, utf8.RuneCountInString(s[:i])+1)
		}
	}
	if strings.Contains(s, "..") {
		return fmt.Errorf("id %q must not contain \"..\"", s)
	}
	return nil
}

// Ref is a reference to a turn, a span inside a turn, or a span of a
// source's plain text. See the package comment for the textual forms.
type Ref struct {
	Source string
	// Turn is the turn number (from 1); 0 means a source-level span over
	// the plain text.
	Turn int
	// HasSpan is false for a whole turn.
	HasSpan    bool
	Start, End int
}

// String formats r in the form ParseRef reads: SRC:START-END when Turn is
// 0, SRC#TURN:START-END with a span, SRC#TURN without.
func (r Ref) String() string {
	b := make([]byte, 0, len(r.Source)+24)
	b = append(b, r.Source...)
	if r.Turn != 0 {
		b = append(b, '#')
		b = strconv.AppendInt(b, int64(r.Turn), 10)
		if !r.HasSpan {
			return string(b)
		}
	}
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(r.Start), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(r.End), 10)
	return string(b)
}

// RefError describes a reference that could not be parsed.
type RefError struct {
	Input  string
	Column int // 1-based position in Input (in bytes, Input is mostly ASCII) where the problem is
	Err    error
}

func (e *RefError) Error() string {
	return fmt.Sprintf("reference %q, column %d: %v (write SRC#TURN, SRC#TURN:START-END or SRC:START-END, e.g. P21#4:10-42)", e.Input, e.Column, e.Err)
}

func (e *RefError) Unwrap() error { return e.Err }

// ParseRef parses a reference in one of the forms SRC#N, SRC#N:S-E and
// SRC:S-E. It checks the syntax and S <= E, not that the reference exists.
func ParseRef(s string) (Ref, error) {
	fail := func(col int, format string, args ...any) (Ref, error) {
		return Ref{}, &RefError{Input: s, Column: col, Err: fmt.Errorf(format, args...)}
	}
	cut := strings.IndexAny(s, "#:")
	if cut < 0 {
		return fail(len(s)+1, "missing '#TURN' or ':START-END'")
	}
	var r Ref
	r.Source = s[:cut]
	if err := ValidateID(r.Source); err != nil {
		return fail(1, "source %v", err)
	}
	rest := s[cut+1:]
	col := cut + 2
	if s[cut] == '#' {
		num, span, hasSpan := strings.Cut(rest, ":")
		n, err := parseNonNeg(num)
		if err != nil {
			return fail(col, "turn %q: %v", num, err)
		}
		if n == 0 {
			return fail(col, "turns are numbered from 1")
		}
		r.Turn = n
		if !hasSpan {
			return r, nil
		}
		rest = span
		col += len(num) + 1
	}
	a, b, ok := strings.Cut(rest, "-")
	if !ok {
		return fail(col, "span %q: want START-END", rest)
	}
	start, err := parseNonNeg(a)
	if err != nil {
		return fail(col, "span start %q: %v", a, err)
	}
	end, err := parseNonNeg(b)
	if err != nil {
		return fail(col+len(a)+1, "span end %q: %v", b, err)
	}
	if start > end {
		return fail(col, "span start %d is after its end %d", start, end)
	}
	r.HasSpan, r.Start, r.End = true, start, end
	return r, nil
}

func parseNonNeg(s string) (int, error) {
	if s == "" {
		return 0, errors.New("empty number")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("not a whole number")
		}
	}
	if len(s) > 9 {
		return 0, errors.New("number too large")
	}
	n, err := strconv.Atoi(s)
	return n, err
}
