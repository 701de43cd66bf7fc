package corpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// AttributeTable is a table of participant attributes read from CSV.
type AttributeTable struct {
	// Attributes are the attribute names, from the header row after its
	// first cell.
	Attributes []string
	// Rows are the participants in file order.
	Rows []Participant
}

// ParseAttributesCSV reads a CSV of participant attributes: a header row
// whose first cell names the id column (any name) and whose other cells
// name the attributes, then one row per participant with its id first.
// Cells are trimmed; an empty cell means the attribute is not recorded.
// The text may be in any encoding DecodeText understands (Excel writes
// Windows-1252 or UTF-8 with a BOM), and commas or semicolons may separate
// cells. Errors are *ParseError with the line (and column) of the problem.
func ParseAttributesCSV(name string, data []byte) (*AttributeTable, error) {
	text, _, err := DecodeText(data)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &ParseError{File: name, Err: errors.New("the file is empty; it needs a header row (participant,attribute,...) and one row per participant")}
	}
	r := csv.NewReader(strings.NewReader(text))
	first, _, _ := strings.Cut(text, "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	r.FieldsPerRecord = 0
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	if len(header) < 1 {
		return nil, &ParseError{File: name, Line: 1, Err: errors.New("empty header row")}
	}
	t := &AttributeTable{}
	seen := map[string]int{}
	for i, h := range header[1:] {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, &ParseError{File: name, Line: 1, Column: i + 2, Err: errors.New("an attribute has no name in the header row")}
		}
		if strings.EqualFold(h, "id") {
			return nil, &ParseError{File: name, Line: 1, Column: i + 2, Err: errors.New("\"id\" cannot be an attribute name: the first column holds the participant id")}
		}
		if prev, ok := seen[strings.ToLower(h)]; ok {
			return nil, &ParseError{File: name, Line: 1, Column: i + 2, Err: fmt.Errorf("attribute %q appears twice (columns %d and %d)", h, prev, i+2)}
		}
		seen[strings.ToLower(h)] = i + 2
		t.Attributes = append(t.Attributes, h)
	}
	ids := map[string]int{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		id := strings.TrimSpace(rec[0])
		if err := ValidateID(id); err != nil {
			return nil, &ParseError{File: name, Line: line, Column: 1, Err: fmt.Errorf("participant %v", err)}
		}
		if prev, ok := ids[id]; ok {
			return nil, &ParseError{File: name, Line: line, Column: 1, Err: fmt.Errorf("participant %q appears twice (lines %d and %d)", id, prev, line)}
		}
		ids[id] = line
		p := Participant{ID: id, Attributes: map[string]string{}}
		for i, v := range rec[1:] {
			v = strings.TrimSpace(v)
			if v != "" {
				p.Attributes[t.Attributes[i]] = v
			}
		}
		t.Rows = append(t.Rows, p)
	}
	return t, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = errors.New("this row has a different number of cells than the header row")
		}
		return &ParseError{File: name, Line: pe.Line, Column: pe.Column, Err: msg}
	}
	return &ParseError{File: name, Err: err}
}
