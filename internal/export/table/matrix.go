package table

import (
	"encoding/csv"
	"fmt"
	"github.com/grounded-qda/grounded/internal/csvsafe"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/export/xlsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// Matrix levels.
const (
	LevelCode     = "code"
	LevelCategory = "category"
	LevelStage    = "stage"
)

// Levels lists the levels BuildMatrix accepts.
var Levels = []string{LevelCode, LevelCategory, LevelStage}

// Rows of codings outside any category or stage.
const (
	NoCategory = "(no category)"
	NoStage    = "(no stage)"
)

// Matrix is a count of codings by row (code, category or stage) and
// participant.
type Matrix struct {
	Level  string
	Rows   []string
	Cols   []string // participant ids
	Counts [][]int  // [row][col]
}

// BuildMatrix counts codings at a level (see the package comment).
func BuildMatrix(in *Input, level string) (*Matrix, error) {
	cb := in.Codebook
	if cb == nil {
		cb = codebook.New()
	}
	m := &Matrix{Level: level}
	part := map[string]string{}
	for _, s := range in.Sources {
		part[s.ID] = s.Participant
		if !slices.Contains(m.Cols, s.Participant) {
			m.Cols = append(m.Cols, s.Participant)
		}
	}
	for _, c := range in.Codings { // codings of sources that are gone
		if _, ok := part[c.Source]; !ok {
			part[c.Source] = c.Source
			if !slices.Contains(m.Cols, c.Source) {
				m.Cols = append(m.Cols, c.Source)
			}
		}
	}
	slices.SortFunc(m.Cols, project.CompareIDs)
	col := map[string]int{}
	for i, p := range m.Cols {
		col[p] = i
	}
	// rowsOf returns the rows a coding of code counts in.
	var rowsOf func(code string) []string
	switch level {
	case LevelCode:
		for _, c := range cb.Codes {
			m.Rows = append(m.Rows, c.Name)
		}
		var extra []string
		for _, c := range in.Codings {
			if cb.Code(c.Code) == nil && !slices.ContainsFunc(extra, func(e string) bool { return codebook.Key(e) == codebook.Key(c.Code) }) {
				extra = append(extra, c.Code)
			}
		}
		slices.Sort(extra)
		m.Rows = append(m.Rows, extra...)
		rowsOf = func(code string) []string {
			if c := cb.Code(code); c != nil {
				return []string{c.Name}
			}
			for _, e := range extra {
				if codebook.Key(e) == codebook.Key(code) {
					return []string{e}
				}
			}
			return nil
		}
	case LevelCategory:
		m.Rows = categoryOrder(cb)
		rowsOf = func(code string) []string {
			c := cb.Code(code)
			if c == nil || c.Category == "" || cb.Category(c.Category) == nil {
				return []string{NoCategory}
			}
			return append([]string{cb.Category(c.Category).Name}, cb.Ancestors(c.Category)...)
		}
	case LevelStage:
		if cb.Core != nil {
			for _, s := range cb.Core.Stages {
				if c := cb.Category(s); c != nil {
					m.Rows = append(m.Rows, c.Name)
				}
			}
		}
		rowsOf = func(code string) []string {
			c := cb.Code(code)
			if c == nil {
				return []string{NoStage}
			}
			if s := cb.StageOf(c.Category); s != "" {
				return []string{cb.Category(s).Name}
			}
			return []string{NoStage}
		}
	default:
		return nil, fmt.Errorf("unknown level %q (want %s)", level, strings.Join(Levels, ", "))
	}
	index := map[string]int{}
	for i, r := range m.Rows {
		index[r] = i
	}
	m.Counts = make([][]int, len(m.Rows))
	for i := range m.Counts {
		m.Counts[i] = make([]int, len(m.Cols))
	}
	for _, c := range in.Codings {
		for _, r := range rowsOf(c.Code) {
			i, ok := index[r]
			if !ok {
				i = len(m.Rows)
				index[r] = i
				m.Rows = append(m.Rows, r)
				m.Counts = append(m.Counts, make([]int, len(m.Cols)))
			}
			m.Counts[i][col[part[c.Source]]]++
		}
	}
	return m, nil
}

// categoryOrder lists the categories depth first: the stages in order,
// then the other top-level categories in file order, each followed by its
// sub-categories.
func categoryOrder(cb *codebook.Codebook) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		c := cb.Category(name)
		if c == nil || seen[codebook.Key(c.Name)] {
			return
		}
		seen[codebook.Key(c.Name)] = true
		out = append(out, c.Name)
		for _, ch := range cb.Children(c.Name) {
			walk(ch.Name)
		}
	}
	if cb.Core != nil {
		for _, s := range cb.Core.Stages {
			walk(s)
		}
	}
	for _, c := range cb.Categories {
		if c.Parent == "" || cb.Category(c.Parent) == nil {
			walk(c.Name)
		}
	}
	for _, c := range cb.Categories {
		walk(c.Name)
	}
	return out
}

// Presence returns the matrix with every count above zero made 1.
func (m *Matrix) Presence() *Matrix {
	p := &Matrix{Level: m.Level, Rows: m.Rows, Cols: m.Cols, Counts: make([][]int, len(m.Counts))}
	for i, row := range m.Counts {
		p.Counts[i] = make([]int, len(row))
		for j, n := range row {
			if n > 0 {
				p.Counts[i][j] = 1
			}
		}
	}
	return p
}

// records renders the matrix as rows of cells, the header first.
func (m *Matrix) records() [][]any {
	header := []any{m.Level}
	for _, c := range m.Cols {
		header = append(header, c)
	}
	header = append(header, "total")
	out := [][]any{header}
	for i, r := range m.Rows {
		row := []any{r}
		total := 0
		for _, n := range m.Counts[i] {
			row = append(row, n)
			total += n
		}
		out = append(out, append(row, total))
	}
	return out
}

// WriteCSV writes the matrix as CSV; names a spreadsheet would run as
// formulas are prefixed with a single quote (see package csvsafe).
func (m *Matrix) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	for _, rec := range m.records() {
		cells := make([]string, len(rec))
		for i, v := range rec {
			switch v := v.(type) {
			case int:
				cells[i] = strconv.Itoa(v)
			default:
				cells[i] = csvsafe.Cell(fmt.Sprint(v))
			}
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Sheet names of the workbook.
const (
	SheetCodings  = "Codings"
	SheetPresence = "Presence"
)

// WriteXLSX writes a workbook with the sheets Codings (counts) and
// Presence (0/1), Codings active. Each has a bold header row, a wide
// first column, and the header row and first column frozen. Names go in
// as text cells, which a spreadsheet never runs as formulas, so they keep
// their exact text (no quote prefix); counts are numbers.
func (m *Matrix) WriteXLSX(w io.Writer) error {
	var wb xlsx.Workbook
	for _, s := range []struct {
		name string
		m    *Matrix
	}{{SheetCodings, m}, {SheetPresence, m.Presence()}} {
		sh, err := wb.AddSheet(s.name)
		if err != nil {
			return err
		}
		for i, rec := range s.m.records() {
			row := make([]xlsx.Cell, len(rec))
			for j, v := range rec {
				switch v := v.(type) {
				case int:
					row[j] = xlsx.Number(v)
				default:
					row[j] = xlsx.Text(fmt.Sprint(v))
				}
				if i == 0 {
					row[j] = row[j].With(xlsx.Bold)
				}
			}
			sh.AddRow(row...)
		}
		sh.SetColWidth(0, 40)
		sh.Freeze(1, 1)
	}
	_, err := wb.WriteTo(w)
	return err
}
