package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// ExportAuditOptions are the options of 'grounded export audit'.
type ExportAuditOptions struct {
	F *Factory
	docOutput
}

// NewCmdExportAudit builds 'grounded export audit'.
func NewCmdExportAudit(f *Factory, runF func(*ExportAuditOptions) error) *cobra.Command {
	opts := &ExportAuditOptions{F: f}
	cmd := &cobra.Command{
		Use:   "audit [--format markdown|docx] [-o FILE]",
		Short: "Export the audit trail a reviewer can follow (Lincoln & Guba)",
		Long: `Write the audit trail of the study, in Lincoln and Guba's categories:
intentions, raw data (every source with its original file's SHA-256 and
ingest date), data reduction (the codebook's tags with what changed between
them and why, then every change to the codebook with its reason or "no
reason recorded"), reconstruction (core, categories, relations in words
with the passages and codings they cite, quoted),
process notes (methodological and reflexive memos) and negative cases
(negative-case memos with their passages quoted). What is absent is said
to be absent. Changes to the codebook without a reason, and passages that
cannot be quoted, are also reported on standard error. A .docx needs -o.`,
		Example: `  grounded export audit -o audit.md
  grounded export audit --format docx -o audit-trail.docx`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return exportAuditRun(opts)
		},
	}
	opts.addFlags(cmd)
	return cmd
}

func exportAuditRun(opts *ExportAuditOptions) error {
	f := opts.F
	var doc []byte
	var problems []string
	err := readLocked(f, func(p *project.Project) error {
		s, err := p.ReadSnapshot(project.WithMemos | project.WithTurns)
		if err != nil {
			return err
		}
		hist, err := p.ReadHistory("")
		if err != nil {
			return err
		}
		tags, err := p.Tags()
		if err != nil {
			return err
		}
		in := export.AuditInput{Name: p.Config.Name, Description: p.Config.Description, Sources: s.Sources, Codebook: s.Codebook,
			Memos: s.Memos, Passages: export.PassagesFrom(s.Turns),
			Evidence: ops.AuditEvidence(s.Codebook), Codings: s.Codings}
		for _, h := range hist {
			in.History = append(in.History, export.FromProjectEntry(h))
		}
		for _, t := range tags {
			tag := export.CodebookTag{Name: t.Name, Time: t.Time, Message: t.Message}
			if i := tagEntry(t.Name, hist); i >= 0 { // codebook_versions.go
				tag.Entry = hist[i].ID
			}
			in.Tags = append(in.Tags, tag)
		}
		doc, problems = export.Audit(in)
		return nil
	})
	if err != nil {
		return err
	}
	if err := opts.write(f, doc); err != nil {
		return err
	}
	for _, pr := range problems {
		fmt.Fprintf(f.IO.ErrOut, "note: %s\n", termSafe(pr))
	}
	if !opts.toStdout() {
		fmt.Fprintf(f.IO.Out, "Wrote %s: the audit trail (%s).\n", opts.Output, opts.Format)
	}
	return nil
}
