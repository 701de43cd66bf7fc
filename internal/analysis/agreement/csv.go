package agreement

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A ParseError is returned by [ReadCSV] for malformed input. Line is the
// 1-based line of the input on which the offending record starts. Column is
// the 1-based column (field) of the table holding the offending cell, or 0
// if the error concerns the record as a whole or comes from the CSV syntax
// itself.
type ParseError struct {
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("agreement: csv line %d, column %d: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("agreement: csv line %d: %v", e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errors wrapped in a [ParseError] by [ReadCSV]. Syntax errors of the CSV
// encoding itself wrap the errors of package encoding/csv, such as
// csv.ErrQuote, and a record with the wrong number of fields wraps
// csv.ErrFieldCount.
var (
	ErrNoHeader      = errors.New("missing header row")
	ErrNoCoders      = errors.New("header names no coders")
	ErrEmptyName     = errors.New("empty name")
	ErrDuplicateName = errors.New("duplicate name")
)

// ReadCSV reads a reliability data matrix from comma-separated values
// (RFC 4180, as read by encoding/csv with TrimLeadingSpace set).
//
// The first record is the header. If its first cell is empty or equal,
// ignoring case, to "unit" or "id", the first column holds unit identifiers
// and the remaining header cells name the coders; otherwise every header
// cell names a coder and units are identified by their 1-based position
// among the data records ("1", "2", ...). Each following record is one
// unit and must have as many fields as the header; its cells are that
// unit's values, in coder order.
//
// A UTF-8 byte order mark at the start of the input is skipped. Line breaks
// within quoted cells ("\r\n" or "\r") become "\n", and every cell is
// trimmed of leading and trailing white space; an empty cell is a missing
// value. Records in which every cell is empty are skipped, so that trailing
// blank rows exported by spreadsheets are harmless. Coder names and unit
// identifiers must be non-empty and distinct. A header without data records
// yields a Data with no units.
//
// Malformed input is reported as a *[ParseError]; errors from r are
// returned as they are.
func ReadCSV(r io.Reader) (*Data, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{Line: 1, Err: ErrNoHeader}
	}
	if err != nil {
		return nil, csvError(err)
	}
	line, _ := cr.FieldPos(0)
	for i := range header {
		header[i] = cleanCell(header[i])
	}

	hasID := false
	switch strings.ToLower(header[0]) {
	case "", "unit", "id":
		hasID = true
	}
	first := 0
	if hasID {
		first = 1
	}
	if len(header) == first {
		return nil, &ParseError{Line: line, Err: ErrNoCoders}
	}
	d := &Data{Coders: header[first:], Units: []string{}, Values: [][]*string{}}
	seen := make(map[string]int, len(d.Coders))
	for i, name := range d.Coders {
		col := first + i + 1
		if name == "" {
			return nil, &ParseError{Line: line, Column: col, Err: fmt.Errorf("%w: coder name", ErrEmptyName)}
		}
		if prev, ok := seen[name]; ok {
			return nil, &ParseError{Line: line, Column: col, Err: fmt.Errorf("%w: coder %q also names column %d", ErrDuplicateName, name, prev)}
		}
		seen[name] = col
	}

	units := make(map[string]int)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for i := range rec {
			rec[i] = cleanCell(rec[i])
			if rec[i] != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if len(rec) != len(header) {
			return nil, &ParseError{Line: line, Err: fmt.Errorf("%w: record has %d fields, header has %d", csv.ErrFieldCount, len(rec), len(header))}
		}
		id := strconv.Itoa(len(d.Units) + 1)
		if hasID {
			id = rec[0]
			if id == "" {
				return nil, &ParseError{Line: line, Column: 1, Err: fmt.Errorf("%w: unit id", ErrEmptyName)}
			}
			if prev, ok := units[id]; ok {
				return nil, &ParseError{Line: line, Column: 1, Err: fmt.Errorf("%w: unit %q also on line %d", ErrDuplicateName, id, prev)}
			}
			units[id] = line
		}
		row := make([]*string, len(d.Coders))
		for i, v := range rec[first:] {
			if v != "" {
				row[i] = Value(v)
			}
		}
		d.Units = append(d.Units, id)
		d.Values = append(d.Values, row)
	}
	return d, nil
}

// lineBreaks normalizes the line breaks "\r\n" and "\r" to "\n".
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// cleanCell normalizes line breaks within a cell to "\n" and trims white
// space from both ends.
func cleanCell(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = lineBreaks.Replace(s)
	}
	return strings.TrimSpace(s)
}

// csvError converts an error from encoding/csv into a *ParseError.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Err: pe.Err}
	}
	return err
}

// WriteCSV writes d to w in the format read by [ReadCSV]: a header whose
// first cell is "unit" followed by the coder names, then one record per
// unit holding its identifier and its values, with an empty field for a
// missing value. If d.Units is nil, units are numbered from 1.
//
// ReadCSV(WriteCSV(d)) reproduces d provided that coder names and unit
// identifiers are non-empty and distinct and no name or value has leading
// or trailing white space, contains a carriage return or is an empty
// non-missing string; every Data returned by ReadCSV satisfies these
// conditions.
func WriteCSV(w io.Writer, d *Data) error {
	if err := d.Validate(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	rec := make([]string, 1+len(d.Coders))
	rec[0] = "unit"
	copy(rec[1:], d.Coders)
	if err := cw.Write(rec); err != nil {
		return err
	}
	for u, row := range d.Values {
		if d.Units != nil {
			rec[0] = d.Units[u]
		} else {
			rec[0] = strconv.Itoa(u + 1)
		}
		for c, v := range row {
			rec[1+c] = ""
			if v != nil {
				rec[1+c] = *v
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
