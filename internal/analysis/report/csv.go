package report

import (
	"encoding/csv"
	"github.com/grounded-qda/grounded/internal/csvsafe"
	"io"
	"strconv"
	"strings"
)

// The CSV forms of the reports: one header row, then one row per table
// row, for spreadsheets and R. Proportions are written with four decimals.
// Cells a spreadsheet would run as formulas (a code or participant named
// "=…") are prefixed with a single quote (see package csvsafe).

func writeCSV(w io.Writer, rows [][]string) error {
	for _, r := range rows {
		csvsafe.Row(r)
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func ratio(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

// WriteCSV writes the table: the item, one column per participant, source
// or value, then codings and participants.
func (ft *FrequencyTable) WriteCSV(w io.Writer) error {
	head := append([]string{ft.Level.String()}, ft.Columns...)
	rows := [][]string{append(head, "codings", "participants")}
	for _, r := range ft.Rows {
		row := []string{r.Name}
		for _, n := range r.Counts {
			row = append(row, strconv.Itoa(n))
		}
		rows = append(rows, append(row, strconv.Itoa(r.Codings), strconv.Itoa(r.Participants)))
	}
	return writeCSV(w, rows)
}

// WriteCSV writes one row per pair: a, b, both, units_a, units_b, jaccard
// and, at scope turn, overlaps.
func (ct *CooccurrenceTable) WriteCSV(w io.Writer) error {
	head := []string{"a", "b", "both", "units_a", "units_b", "jaccard"}
	if ct.Scope == ScopeTurn {
		head = append(head, "overlaps")
	}
	rows := [][]string{head}
	for _, p := range ct.Pairs {
		row := []string{p.A, p.B, strconv.Itoa(p.Both), strconv.Itoa(p.UnitsA), strconv.Itoa(p.UnitsB), ratio(p.Jaccard)}
		if p.Overlaps != nil {
			row = append(row, strconv.Itoa(*p.Overlaps))
		}
		rows = append(rows, row)
	}
	return writeCSV(w, rows)
}

// WriteCSV writes one row per transcript: n, source, participant, the
// attribute value when ordering by one, the numbers of new and of all
// codes and categories, and the names of the new ones separated by "; ".
func (r *SaturationReport) WriteCSV(w io.Writer) error {
	byAttr := strings.HasPrefix(r.Order, "attr:")
	head := []string{"n", "source", "participant"}
	if byAttr {
		head = append(head, strings.TrimPrefix(r.Order, "attr:"))
	}
	head = append(head, "new_codes", "codes", "new_categories", "categories", "saturation_point", "new_code_names", "new_category_names")
	rows := [][]string{head}
	for _, s := range r.Steps {
		row := []string{strconv.Itoa(s.N), s.Source, s.Participant}
		if byAttr {
			row = append(row, s.Value)
		}
		point := ""
		if r.Reached && s.N == r.Point {
			point = "yes"
		}
		row = append(row, strconv.Itoa(len(s.NewCodes)), strconv.Itoa(s.Codes), strconv.Itoa(len(s.NewCategories)), strconv.Itoa(s.Categories),
			point, strings.Join(s.NewCodes, "; "), strings.Join(s.NewCategories, "; "))
		rows = append(rows, row)
	}
	return writeCSV(w, rows)
}

// WriteCSV writes the comparison in long form: one row per item and value
// with the value's participants, the codings, the participants with the
// item and their share.
func (c *Comparison) WriteCSV(w io.Writer) error {
	rows := [][]string{{c.Level.String(), c.Attribute, "value_participants", "codings", "participants", "share"}}
	for _, r := range c.Rows {
		for i, cell := range r.Cells {
			v := c.Values[i]
			rows = append(rows, []string{r.Name, v.Value, strconv.Itoa(v.Participants), strconv.Itoa(cell.Codings), strconv.Itoa(cell.Participants), ratio(cell.Share)})
		}
	}
	return writeCSV(w, rows)
}
