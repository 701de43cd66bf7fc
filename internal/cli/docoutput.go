package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/export"
)

// docFormats are the formats of the documents written for a paper (memo
// trail, audit trail, methods paragraph): Markdown, or Word made from it.
var docFormats = []string{"markdown", "docx"}

// docOutput is the --format and -o of a document export.
type docOutput struct {
	Format, Output string
}

// addFlags adds --format and -o to cmd.
func (d *docOutput) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&d.Format, "format", "markdown", strings.Join(docFormats, " or "))
	cmd.Flags().StringVarP(&d.Output, "output", "o", "", "write to this file (required for docx; default: standard output)")
}

// check refuses an unknown format, and a .docx without a file.
func (d *docOutput) check() error {
	if !contains(docFormats, d.Format) {
		return usageErrorf("--format is one of %s, not %q", strings.Join(docFormats, ", "), d.Format)
	}
	if d.Format == "docx" && d.toStdout() {
		return usageErrorf("a .docx document is binary: give the file with -o FILE.docx")
	}
	return nil
}

func (d *docOutput) toStdout() bool { return d.Output == "" || d.Output == "-" }

// write writes the Markdown document md, as Word when --format docx.
func (d *docOutput) write(f *Factory, md []byte) error {
	if d.Format == "docx" {
		md = export.MarkdownDocx(md)
	}
	return writeOutput(f, d.Output, md)
}
