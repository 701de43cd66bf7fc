package cli

import (
	"bytes"
	"fmt"

	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// The appendix formats of 'grounded export codebook': the table a paper's
// appendix shows (export.BuildAppendix), beside the CSV tables of
// export/table. codebookFormats is the one list --format is checked against.
const (
	appendixMarkdown = "markdown"
	appendixDocx     = "docx"
	appendixXLSX     = "xlsx"
	appendixCSV      = "appendix-csv"
)

var appendixFormats = []string{appendixMarkdown, appendixDocx, appendixXLSX, appendixCSV}

// appendixBinary reports whether a format needs -o.
func appendixBinary(format string) bool { return format == appendixDocx || format == appendixXLSX }

// exportAppendixRun writes the codebook appendix in opts.Format.
func exportAppendixRun(opts *ExportCodebookOptions) error {
	f := opts.F
	var buf bytes.Buffer
	var problems []string
	rows := 0
	err := readLocked(f, func(p *project.Project) error {
		s, err := p.ReadSnapshot(project.WithMemos | project.WithTurns | project.WithParticipants)
		if err != nil {
			return err
		}
		h := export.Build(export.Input{Codebook: s.Codebook, Codings: s.Codings, Sources: s.Sources, Memos: s.Memos}, export.Options{})
		in, err := export.ExemplarInputOf(p, s, s.Codings)
		if err != nil {
			return err
		}
		quotes, probs, err := export.SelectExemplars(in, export.ExemplarOptions{PerCode: 1, MaxChars: opts.ExemplarChars, DescribeWith: opts.DescribeWith})
		if err != nil {
			return err
		}
		problems = probs
		ar := export.BuildAppendix(h, s.Codebook, quotes)
		rows = len(ar)
		title := "Codebook"
		if p.Config.Name != "" {
			title = "Codebook: " + p.Config.Name
		}
		switch opts.Format {
		case appendixMarkdown:
			buf.Write(export.AppendixMarkdown(title, ar))
			return nil
		case appendixDocx:
			return export.AppendixDocx(&buf, title, ar)
		case appendixXLSX:
			return export.AppendixXLSX(&buf, ar)
		}
		excelBOM(&buf, opts.Excel)
		return export.AppendixCSV(&buf, ar)
	})
	if err != nil {
		return err
	}
	if err := writeOutput(f, opts.Output, buf.Bytes()); err != nil {
		return err
	}
	for _, pr := range problems {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s\n", termSafe(pr))
	}
	if opts.Output != "" && opts.Output != "-" {
		fmt.Fprintf(f.IO.Out, "Wrote %s: the codebook appendix, %d row(s) (%s).\n", opts.Output, rows, opts.Format)
	}
	return nil
}
