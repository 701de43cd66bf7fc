package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/csvsafe"
	"github.com/grounded-qda/grounded/internal/export"
	qtable "github.com/grounded-qda/grounded/internal/export/table"
	"github.com/grounded-qda/grounded/internal/project"
)

// ExportCodebookOptions are the options of 'grounded export codebook'.
type ExportCodebookOptions struct {
	F      *Factory
	Format string
	Output string
	Excel  bool
	// The appendix formats (export_appendix.go).
	DescribeWith  []string
	ExemplarChars int
}

// excelFlagUsage is the help of --excel on the CSV exports.
const excelFlagUsage = "start the CSV with a UTF-8 byte order mark, so that Excel shows accented letters right"

// excelBOM writes the byte order mark when --excel is given.
func excelBOM(buf *bytes.Buffer, excel bool) {
	if excel {
		buf.WriteString(csvsafe.BOM)
	}
}

// NewCmdExportCodebook builds 'grounded export codebook'.
func NewCmdExportCodebook(f *Factory, runF func(*ExportCodebookOptions) error) *cobra.Command {
	opts := &ExportCodebookOptions{F: f}
	cmd := &cobra.Command{
		Use:   "codebook [--format csv|taguette-csv|markdown|docx|xlsx|appendix-csv] [-o FILE]",
		Short: "Export the codebook as a table (for spreadsheets, Taguette, or a paper's appendix)",
		Long: `Write the codebook as a table.

  csv           path (category path and code, joined by " / "), name,
                description (with when to use, when not to use and an
                example), colour, category, stage
  taguette-csv  the codebook table Taguette imports: tag, description,
                number of highlights; the tag is the category path and the
                code joined by "." (Taguette shows dots as a hierarchy)
  markdown, docx, xlsx, appendix-csv
                the appendix table of a paper: one row per core, stage,
                category and code, with its level, path (stage › category ›
                code), name, definition, when to use, when not to use, an
                example quote (the code's first exemplar: a distinct passage,
                the sentence around a short span, at most --exemplar-chars
                characters, with the participant described by
                --describe-with), codings, sources and participants

Taguette cannot read a REFI-QDA codebook (.qdc); use 'export qdc' for
NVivo, ATLAS.ti, MAXQDA and QualCoder. Cells that a spreadsheet would run
as a formula start with a single quote. Without -o the table goes to
standard output; docx and xlsx need -o.`,
		Example: `  grounded export codebook -o codebook.csv
  grounded export codebook --format taguette-csv -o taguette-codebook.csv
  grounded export codebook --format docx --describe-with setting,years_in_recovery -o appendix.docx`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			formats := append(append([]string{}, qtable.CodebookFormats...), appendixFormats...)
			if !contains(formats, opts.Format) {
				return usageErrorf("--format is one of %s, not %q", strings.Join(formats, ", "), opts.Format)
			}
			if appendixBinary(opts.Format) && (opts.Output == "" || opts.Output == "-") {
				return usageErrorf("a .%s file is binary: give the file with -o FILE.%s", opts.Format, opts.Format)
			}
			if opts.ExemplarChars < 0 {
				return usageErrorf("--exemplar-chars must be 0 or more, got %d", opts.ExemplarChars)
			}
			if runF != nil {
				return runF(opts)
			}
			if contains(appendixFormats, opts.Format) {
				return exportAppendixRun(opts) // export_appendix.go
			}
			return exportCodebookRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", qtable.CodebookCSV, strings.Join(append(append([]string{}, qtable.CodebookFormats...), appendixFormats...), ", "))
	cmd.Flags().StringSliceVar(&opts.DescribeWith, "describe-with", nil, "appendix: participant attributes shown beside each example quote (e.g. role,setting)")
	cmd.Flags().IntVar(&opts.ExemplarChars, "exemplar-chars", export.DefaultExemplarChars, "appendix: the longest example quote, in characters")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (default: standard output)")
	cmd.Flags().BoolVar(&opts.Excel, "excel", false, excelFlagUsage)
	return cmd
}

func exportCodebookRun(opts *ExportCodebookOptions) error {
	f := opts.F
	var buf bytes.Buffer
	n := 0
	err := readLocked(f, func(p *project.Project) error {
		in, err := tableInput(p)
		if err != nil {
			return err
		}
		n = len(in.Codebook.Codes)
		excelBOM(&buf, opts.Excel)
		return qtable.WriteCodebookCSV(&buf, in, opts.Format)
	})
	if err != nil {
		return err
	}
	if err := writeOutput(f, opts.Output, buf.Bytes()); err != nil {
		return err
	}
	if opts.Output != "" && opts.Output != "-" {
		fmt.Fprintf(f.IO.Out, "Wrote %s: %d codes (%s).\n", opts.Output, n, opts.Format)
	}
	return nil
}
