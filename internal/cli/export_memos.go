package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// ExportMemosOptions are the options of 'grounded export memos'.
type ExportMemosOptions struct {
	F *Factory
	docOutput
	By                   string
	Target, Type, Author string
}

// NewCmdExportMemos builds 'grounded export memos'.
func NewCmdExportMemos(f *Factory, runF func(*ExportMemosOptions) error) *cobra.Command {
	opts := &ExportMemosOptions{F: f}
	cmd := &cobra.Command{
		Use:   "memos [--format markdown|docx] [--by time|target] [-o FILE]",
		Short: "Export the memo trail as a Markdown or Word document",
		Long: `Write every memo as one document, the written half of the study: oldest
first (--by time) or grouped by what they are about (--by target). Each memo
shows its id, type, author and date, its targets, the quoted words of every
passage it points to, the memos it builds on and those that build on it,
then its text. A link to a memo that does not exist, or a passage that no
longer resolves, is written as such in the document and reported on
standard error; nothing is dropped. --target, --type and --author select
memos as in 'grounded memo list'. A .docx needs -o; Markdown goes to
standard output without it.`,
		Example: `  grounded export memos -o memos.md
  grounded export memos --format docx --by target -o memo-trail.docx
  grounded export memos --type methodological -o process-notes.md`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			if opts.By != export.TrailByTime && opts.By != export.TrailByTarget {
				return usageErrorf("--by is %s or %s, not %q", export.TrailByTime, export.TrailByTarget, opts.By)
			}
			if runF != nil {
				return runF(opts)
			}
			return exportMemosRun(opts)
		},
	}
	opts.addFlags(cmd)
	cmd.Flags().StringVar(&opts.By, "by", export.TrailByTime, "order: time (oldest first) or target (grouped by what they are about)")
	cmd.Flags().StringVar(&opts.Target, "target", "", "only memos about this (as in 'memo list --target')")
	cmd.Flags().StringVar(&opts.Type, "type", "", "only memos of this type")
	cmd.Flags().StringVar(&opts.Author, "author", "", "only memos by this coder")
	return cmd
}

func exportMemosRun(opts *ExportMemosOptions) error {
	f := opts.F
	var doc []byte
	var problems []string
	n := 0
	err := readLocked(f, func(p *project.Project) error {
		s, err := p.ReadSnapshot(project.WithMemos | project.WithTurns)
		if err != nil {
			return err
		}
		ms := coding.FilterMemosAbout(s.Memos, opts.Target, coding.MemoFilter{Type: opts.Type, Author: opts.Author})
		n = len(ms)
		doc, problems, err = export.MemoTrail(ms, export.MemoTrailOptions{Order: opts.By, Passages: export.PassagesFrom(s.Turns)})
		return err
	})
	if err != nil {
		return err
	}
	if err := opts.write(f, doc); err != nil {
		return err
	}
	for _, pr := range problems {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s\n", termSafe(pr))
	}
	if !opts.toStdout() {
		fmt.Fprintf(f.IO.Out, "Wrote %s: %d memo(s), %s (%s).\n", opts.Output, n, opts.By, opts.Format)
	}
	return nil
}
