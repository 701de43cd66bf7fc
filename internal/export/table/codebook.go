package table

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/csvsafe"
)

// Codebook table formats.
const (
	// CodebookCSV has one row per code: path (category path and code,
	// joined by PathSep), name, description, colour, category, stage.
	CodebookCSV = "csv"
	// CodebookTaguette is the codebook CSV Taguette reads and writes: tag,
	// description, number of highlights. Taguette shows a tag's
	// hierarchy by dots in its name, so tag is the category path and the
	// code joined by ".".
	CodebookTaguette = "taguette-csv"
)

// CodebookFormats lists the codebook table formats.
var CodebookFormats = []string{CodebookCSV, CodebookTaguette}

// CodebookColumns are the header rows of the formats.
var CodebookColumns = map[string][]string{
	CodebookCSV:      {"path", "name", "description", "colour", "category", "stage"},
	CodebookTaguette: {"tag", "description", "number of highlights"},
}

// WriteCodebookCSV writes the codebook's codes, in file order, in format
// (CodebookCSV or CodebookTaguette). Cells a spreadsheet would run as
// formulas are prefixed with a single quote (see package csvsafe).
func WriteCodebookCSV(w io.Writer, in *Input, format string) error {
	cb := in.Codebook
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string(nil), CodebookColumns[format]...)); err != nil {
		return err
	}
	counts := map[string]int{}
	for _, c := range in.Codings {
		counts[codebook.Key(c.Code)]++
	}
	for _, code := range cb.Codes {
		path := CategoryPath(cb, code.Category)
		var rec []string
		switch format {
		case CodebookTaguette:
			rec = []string{strings.Join(append(path, code.Name), "."), describeCode(code), strconv.Itoa(counts[codebook.Key(code.Name)])}
		default:
			rec = []string{strings.Join(append(path, code.Name), PathSep), code.Name, describeCode(code), code.Color, code.Category, stageOf(cb, code.Category)}
		}
		if err := cw.Write(csvsafe.Row(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// describeCode joins a code's description and its usage notes.
func describeCode(c *codebook.Code) string {
	parts := []string{strings.TrimSpace(c.Description)}
	for _, p := range []struct{ label, text string }{{"When to use: ", c.WhenToUse}, {"When not to use: ", c.WhenNotToUse}, {"Example: ", c.Example}} {
		if t := strings.TrimSpace(p.text); t != "" {
			parts = append(parts, p.label+t)
		}
	}
	return strings.TrimSpace(strings.Join(parts, "\n\n"))
}

// stageOf returns the stage of the core a category lies under, or "".
func stageOf(cb *codebook.Codebook, category string) string {
	if category == "" || cb.Category(category) == nil {
		return ""
	}
	chain := append([]string{cb.Category(category).Name}, cb.Ancestors(category)...)
	for _, name := range chain {
		if cb.IsStage(name) {
			return name
		}
	}
	return ""
}
