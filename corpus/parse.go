package corpus

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Sentinel errors of the parsers. Parse and ParseText return them wrapped in
// a *ParseError, usually with more detail; test for them with errors.Is.
var (
	// ErrEmpty: the file has no bytes, or only white space.
	ErrEmpty = errors.New("the file is empty: check that the transcript was saved or exported completely")
	// ErrBinary: the file contains NUL bytes or many control characters.
	ErrBinary = errors.New("the file is not text (it contains NUL bytes or many control characters): export the transcript as .txt, .vtt, .srt or .docx")
	// ErrUnknownFormat: the file name's extension is not one Parse reads.
	ErrUnknownFormat = errors.New("unknown format")
	// ErrNoText: the file is well formed but holds no transcript text.
	ErrNoText = errors.New("no transcript text found")
	// ErrNotZip: a .docx file that is not a zip archive.
	ErrNotZip = errors.New("not a Word .docx file (a .docx is a zip archive and this is not one)")
)

// ParseError describes a transcript that could not be parsed. Line is the
// 1-based line of the decoded text (for .docx, the 1-based paragraph of the
// document body) and Column the 1-based column in code points; either is 0
// when unknown.
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

// Error formats the error as "FILE:LINE:COLUMN: message", leaving out the
// parts that are unknown. For .docx files the position reads
// "FILE: paragraph N: message".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		switch {
		case strings.EqualFold(filepath.Ext(e.File), ".docx"):
			b.WriteString(": paragraph ")
			b.WriteString(strconv.Itoa(e.Line))
		case e.File == "":
			b.WriteString("line ")
			b.WriteString(strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteString(", column ")
				b.WriteString(strconv.Itoa(e.Column))
			}
		default:
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
			if e.Column > 0 {
				b.WriteByte(':')
				b.WriteString(strconv.Itoa(e.Column))
			}
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Err == nil {
		b.WriteString("parse error")
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// withFile returns err with its ParseError's File set to name.
func withFile(err error, name string) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		c := *pe
		c.File = name
		return &c
	}
	return &ParseError{File: name, Err: err}
}

// Parse reads one transcript file. name is the file name: its extension
// (see Formats) picks the format, and it appears in errors. Errors are
// *ParseError values wrapping ErrEmpty, ErrBinary, ErrUnknownFormat,
// ErrNoText, ErrNotZip or a description of the problem.
func Parse(name string, data []byte) (*Transcript, error) {
	ext := strings.ToLower(filepath.Ext(name))
	format, ok := formats[ext]
	if !ok {
		if ext == "" {
			return nil, &ParseError{File: name, Err: fmt.Errorf("%w: the file name has no extension; grounded reads %s, so rename or convert the file", ErrUnknownFormat, readList())}
		}
		return nil, &ParseError{File: name, Err: fmt.Errorf("%w %q: grounded reads %s; convert the file to one of these", ErrUnknownFormat, ext, readList())}
	}
	if len(data) > MaxFileSize {
		return nil, withFile(fileTooLarge(len(data)), name)
	}
	if f, _ := lookupFormat(format); f.Binary != nil {
		var d diagSink
		turns, err := f.Binary(data, &d)
		if err != nil {
			return nil, withFile(err, name)
		}
		return &Transcript{Format: f.Name, Encoding: "zip", Turns: turns, Diagnostics: diagnose(turns, &d)}, nil
	}
	text, enc, err := DecodeText(data)
	if err != nil {
		return nil, withFile(err, name)
	}
	turns, dg, err := ParseTextDiagnostics(format, text)
	if err != nil {
		return nil, withFile(err, name)
	}
	return &Transcript{Format: format, Encoding: enc, Turns: turns, Diagnostics: dg}, nil
}

// ParseText parses text that is already decoded (see DecodeText) as the
// given format: "txt", "md" (or "markdown"), "vtt" or "srt"; a leading dot
// and upper case are accepted. Errors are *ParseError values without a File.
func ParseText(format, text string) ([]Turn, error) {
	turns, _, err := ParseTextDiagnostics(format, text)
	return turns, err
}

// ParseTextDiagnostics is ParseText that also reports what it found and
// where it was unsure (see Diagnostics).
func ParseTextDiagnostics(format, text string) ([]Turn, Diagnostics, error) {
	var d diagSink
	turns, err := parseText(format, text, &d)
	if err != nil {
		return nil, Diagnostics{}, err
	}
	return turns, diagnose(turns, &d), nil
}

func parseText(format, text string, d *diagSink) (turns []Turn, err error) {
	defer catchTurnLimit(&err)
	f, known := lookupFormat(strings.ToLower(strings.TrimPrefix(format, ".")))
	if strings.TrimFunc(text, isBlankRune) == "" {
		return nil, &ParseError{Err: ErrEmpty}
	}
	switch {
	case known && f.Binary != nil:
		return nil, &ParseError{Err: fmt.Errorf("%w %q for ParseText: a %s file is binary, read it with Parse", ErrUnknownFormat, f.Name, f.Exts[0])}
	case !known:
		return nil, &ParseError{Err: fmt.Errorf("%w %q: the formats are %s", ErrUnknownFormat, format, textFormatList())}
	}
	turns, err = f.Text(text, d)
	if err != nil {
		return nil, err
	}
	if len(turns) == 0 {
		return nil, &ParseError{Err: noTextError(f.Name)}
	}
	return splitLongTurns(turns, d), nil
}

func noTextError(format string) error {
	if f, _ := lookupFormat(format); f.NoText != "" {
		return fmt.Errorf("%w: %s", ErrNoText, f.NoText)
	}
	return fmt.Errorf("%w: the file holds only white space and markup", ErrNoText)
}

// isBlankRune reports whether r is white space or an invisible format
// character that text normalisation removes.
func isBlankRune(r rune) bool {
	return r == ' ' || r == '\n' || r == '\r' || isHSpace(r) || isDropped(r) || r == 0x85 || r == 0x2028 || r == 0x2029
}

// turnBuf accumulates one turn while parsing. A turn of one line keeps a
// substring of the input; only a turn of several lines is copied.
type turnBuf struct {
	speaker    string
	start, end string
	first      string
	b          strings.Builder
	multi      bool
}

func (t *turnBuf) add(sep, s string) {
	switch {
	case s == "":
	case t.first == "":
		t.first = s
	case !t.multi:
		t.b.Grow(len(t.first) + len(sep) + len(s))
		t.b.WriteString(t.first)
		t.multi = true
		fallthrough
	default:
		t.b.WriteString(sep)
		t.b.WriteString(s)
	}
}

func (t *turnBuf) text() string {
	if t.multi {
		return t.b.String()
	}
	return t.first
}

// finish turns buffers into numbered turns: empty turns are dropped,
// adjacent turns of the same (non-empty) speaker are merged with sep
// between their texts, and texts and speakers are put in NFC.
func finish(bufs []*turnBuf, sep string) []Turn {
	var (
		out     = make([]Turn, 0, len(bufs))
		merged  strings.Builder
		merging bool
	)
	flush := func() {
		if merging {
			out[len(out)-1].Text = merged.String()
			merged.Reset()
			merging = false
		}
	}
	for _, tb := range bufs {
		text := tb.text()
		if text == "" {
			continue
		}
		if n := len(out); n > 0 && tb.speaker != "" && out[n-1].Speaker == tb.speaker {
			last := &out[n-1]
			if !merging {
				merged.WriteString(last.Text)
				merging = true
			}
			merged.WriteString(sep)
			merged.WriteString(text)
			if tb.end != "" {
				last.End = tb.end
			}
			if last.Start == "" {
				last.Start = tb.start
			}
			continue
		}
		flush()
		out = append(out, Turn{Speaker: tb.speaker, Text: text, Start: tb.start, End: tb.end})
	}
	flush()
	for i := range out {
		out[i].N = i + 1
		out[i].Text = nfc(out[i].Text)
		out[i].Speaker = nfc(out[i].Speaker)
	}
	return out
}

func nfc(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(s)
}
