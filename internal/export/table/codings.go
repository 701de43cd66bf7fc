// Package table writes a project's codings as flat tables for
// spreadsheets and statistics software.
//
// # Codings
//
// WriteCodingsCSV and WriteCodingsJSONL write one row per coding, ordered
// by source (natural id order, P2 before P10), turn, start, end, code,
// coder and id, with the columns
//
//	id, code, category_path, source, participant, ref, turn, start, end,
//	quote, coder, created, memo, attr_<name> ...
//
// category_path is the chain from the core category through the stage and
// the categories down to the code's own category ("Creating Connection /
// Building Trust / Self-disclosure"): the core appears only above a stage,
// and a code in no category has an empty path. start and end are code
// points inside the turn's text (end exclusive; for turn 0, inside the
// source's plain text), and quote is that text. created is RFC 3339 UTC.
// One attr_<name> column follows for each participant attribute, in the
// order of participants.yaml, holding the value for the coding's
// participant. In JSON Lines each row is one object with the same keys in
// the same order; category_path is an array of names and turn, start and
// end are numbers.
//
// # Matrices
//
// BuildMatrix counts codings by participant (a source's participant; the
// columns are the participants that have sources, in natural id order, P2
// before P10) at one of three levels:
//
//   - code: one row per code in codebook order, then codes that codings use
//     but the codebook lacks (sorted);
//   - category: one row per category in hierarchy order (the stages in the
//     core's order, each followed by its sub-categories depth first, then
//     the categories outside the core), counting the codings of every code
//     in the category or below it, so a parent's row includes its
//     children's; then "(no category)" for codes without one;
//   - stage: one row per stage in order, counting the codings of the codes
//     under it, then "(no stage)".
//
// The "(no …)" row appears only when it counts something. WriteCSV writes
// the counts with a header "code|category|stage, <participants>..., total";
// WriteXLSX writes a workbook with two sheets of that layout, "Codings"
// (counts) and "Presence" (1 where the count is above zero, else 0; total
// is the number of participants).
package table

import (
	"encoding/csv"
	"encoding/json"
	"github.com/grounded-qda/grounded/internal/csvsafe"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// Input is what the tables are made from.
type Input struct {
	Codebook     *codebook.Codebook
	Sources      []*corpus.Source
	Codings      []coding.Coding
	Participants *project.Participants
}

// PathSep joins the names of a category path in CSV.
const PathSep = " / "

// CategoryPath returns the chain of names from the core category (when the
// chain reaches a stage) down to category.
func CategoryPath(cb *codebook.Codebook, category string) []string {
	if category == "" || cb.Category(category) == nil {
		if category == "" {
			return []string{}
		}
		return []string{category}
	}
	anc := cb.Ancestors(category)
	path := make([]string, 0, len(anc)+2)
	for i := len(anc) - 1; i >= 0; i-- {
		path = append(path, anc[i])
	}
	path = append(path, cb.Category(category).Name)
	if cb.Core != nil && cb.IsStage(path[0]) {
		path = append([]string{cb.Core.Name}, path...)
	}
	return path
}

// codingColumns are the fixed columns, before the attributes.
var codingColumns = []string{"id", "code", "category_path", "source", "participant", "ref", "turn", "start", "end", "quote", "coder", "created", "memo"}

type codingRow struct {
	c           coding.Coding
	path        []string
	participant string
	attrs       []string
}

func codingRows(in *Input) (header []string, rows []codingRow) {
	cb := in.Codebook
	if cb == nil {
		cb = codebook.New()
	}
	ps := in.Participants
	if ps == nil {
		ps = &project.Participants{}
	}
	part := map[string]string{}
	for _, s := range in.Sources {
		part[s.ID] = s.Participant
	}
	header = slices.Clone(codingColumns)
	for _, a := range ps.Attributes {
		header = append(header, "attr_"+a)
	}
	cs := slices.Clone(in.Codings)
	slices.SortFunc(cs, func(a, b coding.Coding) int {
		if c := project.CompareIDs(a.Source, b.Source); c != 0 {
			return c
		}
		return coding.Compare(a, b)
	})
	for _, c := range cs {
		r := codingRow{c: c, participant: part[c.Source]}
		if r.participant == "" {
			r.participant = c.Source
		}
		if code := cb.Code(c.Code); code != nil {
			r.path = CategoryPath(cb, code.Category)
		} else {
			r.path = []string{}
		}
		pt := ps.Get(r.participant)
		for _, a := range ps.Attributes {
			v := ""
			if pt != nil {
				v = pt.Attributes[a]
			}
			r.attrs = append(r.attrs, v)
		}
		rows = append(rows, r)
	}
	return header, rows
}

func created(c coding.Coding) string { return c.Created.UTC().Format("2006-01-02T15:04:05Z") }

// WriteCodingsCSV writes the codings table as CSV (RFC 4180, UTF-8, no
// byte order mark). Cells a spreadsheet would run as formulas are
// prefixed with a single quote (see package csvsafe).
func WriteCodingsCSV(w io.Writer, in *Input) error {
	header, rows := codingRows(in)
	cw := csv.NewWriter(w)
	if err := cw.Write(csvsafe.Row(header)); err != nil {
		return err
	}
	for _, r := range rows {
		c := r.c
		rec := []string{c.ID, c.Code, strings.Join(r.path, PathSep), c.Source, r.participant, c.Ref().String(),
			strconv.Itoa(c.Turn), strconv.Itoa(c.Start), strconv.Itoa(c.End), c.Quote, c.Coder, created(c), c.Memo}
		if err := cw.Write(csvsafe.Row(append(rec, r.attrs...))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCodingsJSONL writes the codings table as JSON Lines.
func WriteCodingsJSONL(w io.Writer, in *Input) error {
	header, rows := codingRows(in)
	var b []byte
	for _, r := range rows {
		c := r.c
		vals := []any{c.ID, c.Code, r.path, c.Source, r.participant, c.Ref().String(), c.Turn, c.Start, c.End, c.Quote, c.Coder, created(c), c.Memo}
		for _, a := range r.attrs {
			vals = append(vals, a)
		}
		b = append(b[:0], '{')
		for i, k := range header {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, k)
			b = append(b, ':')
			b = appendJSON(b, vals[i])
		}
		b = append(b, '}', '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func appendJSON(b []byte, v any) []byte {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings, ints and string slices only
	return append(b, strings.TrimSuffix(sb.String(), "\n")...)
}
