package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// LogOptions are the options of 'grounded log'.
type LogOptions struct {
	F     *Factory
	JSON  bool
	Limit int
	All   bool
}

// NewCmdLog builds 'grounded log'.
func NewCmdLog(f *Factory, runF func(*LogOptions) error) *cobra.Command {
	opts := &LogOptions{F: f}
	cmd := &cobra.Command{
		Use:   "log",
		Short: "List the changes made to the project, newest first",
		Long: `List changes: when, by which coder, which command and what it did. Every
coder's history is kept in history/CODER.jsonl.`,
		Example: `  grounded log
  grounded log --coder alice --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return readLocked(f, func(p *project.Project) error {
				hist, err := p.ReadHistory(f.Coder)
				if err != nil {
					return err
				}
				type row struct {
					ID      string `json:"id"`
					Time    string `json:"time"`
					Coder   string `json:"coder"`
					Command string `json:"command"`
					Summary string `json:"summary"`
					Reason  string `json:"reason,omitempty"`
					Undoes  string `json:"undoes,omitempty"`
				}
				rows := []row{}
				for i := len(hist) - 1; i >= 0; i-- {
					h := hist[i]
					rows = append(rows, row{h.ID, h.Time.UTC().Format("2006-01-02T15:04:05Z"), h.Coder, h.Command, h.Summary, h.Reason, h.Undoes})
					if !opts.All && opts.Limit > 0 && len(rows) == opts.Limit {
						break
					}
				}
				if opts.JSON {
					return writeJSON(f.IO.Out, rows)
				}
				if len(rows) == 0 {
					fmt.Fprintln(f.IO.ErrOut, "No changes yet.")
					return nil
				}
				t := newTable(f.IO, "TIME", "CODER", "COMMAND", "SUMMARY")
				for _, r := range rows {
					summary := r.Summary
					if r.Reason != "" {
						summary += " (reason: " + r.Reason + ")"
					}
					t.add(r.Time, r.Coder, r.Command, summary)
				}
				return t.render(f.IO.Out)
			})
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, time, coder, command, summary, reason (when given), undoes}]")
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 50, "show at most this many changes")
	cmd.Flags().BoolVar(&opts.All, "all", false, "show every change")
	return cmd
}

// NewCmdUndo builds 'grounded undo'.
func NewCmdUndo(f *Factory, runF func() error) *cobra.Command {
	return &cobra.Command{
		Use:   "undo",
		Short: "Undo your last change",
		Long: `Undo the last change made by the current coder (--coder, GROUNDED_CODER, ...)
that has not been undone yet: codings added or removed, renames, merges,
codebook edits, memos, ingests of new transcripts. Run it again to go further
back. Changes by other coders are left alone; if one of them has since touched
what the undo would restore, the undo is refused and says what to do.`,
		Example: `  grounded undo
  grounded undo --coder bob`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF()
			}
			p, err := f.Project()
			if err != nil {
				return err
			}
			coder, err := f.CoderName(p, "")
			if err != nil {
				return err
			}
			lock, err := p.Lock()
			if err != nil {
				return err
			}
			defer lock.Unlock()
			res, err := ops.Undo(f.ctx(), p, lock, ops.UndoRequest{Coder: coder})
			if err != nil {
				return err
			}
			if res.Nothing {
				fmt.Fprintf(f.IO.Out, "Nothing to undo for %s.\n", coder)
				return nil
			}
			e := res.Undone
			fmt.Fprintf(f.IO.Out, "Undid %s by %s at %s: %s\n", e.Command, e.Coder, e.Time.Format("2006-01-02 15:04:05"), e.Summary)
			return nil
		},
	}
}
