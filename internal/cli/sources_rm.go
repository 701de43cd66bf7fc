package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// SourcesRmOptions are the options of 'grounded sources rm'.
type SourcesRmOptions struct {
	F     *Factory
	IDs   []string
	Yes   bool
	Purge bool
	// Ask asks the question on a terminal and reports the answer; nil
	// when there is no terminal to ask on.
	Ask func(question string) (bool, error)
}

// NewCmdSourcesRm builds 'grounded sources rm'.
func NewCmdSourcesRm(f *Factory, runF func(*SourcesRmOptions) error) *cobra.Command {
	opts := &SourcesRmOptions{F: f}
	cmd := &cobra.Command{
		Use:     "rm SOURCE...",
		Aliases: []string{"remove"},
		Short:   "Remove transcripts with their codings, memo links and attributes",
		Long: `Remove transcripts and everything that depends on them, in one change: every
coding of them by every coder, their links from memos (the memos stay), the
attributes of participants no other source has, and their speakers' roles.
Without --yes it lists what will go and asks, on a terminal; elsewhere it
refuses. 'grounded undo' brings it all back: the history keeps what undo needs.

--purge is for a participant who withdrew consent: it removes every trace,
irreversibly. The memos linked to the transcripts are deleted, every history
entry that mentions them keeps only when it was made and by whom, the original
file copy goes, and the search index (.grounded/) is deleted (it is rebuilt
from the project files). Copies outside the project (git commits, backups,
exports) are not touched: remove those yourself.`,
		Example: `  grounded sources rm P07
  grounded sources rm P07 P08 --yes
  grounded sources rm P07 --purge --yes`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IDs = args
			if opts.Ask == nil && stdinTerminal(f.IO) && f.IO.StderrTerminal() {
				opts.Ask = func(q string) (bool, error) {
					fmt.Fprint(f.IO.ErrOut, q+" [y/N] ")
					line, err := bufio.NewReader(f.IO.In).ReadString('\n')
					if err != nil && line == "" {
						return false, nil
					}
					a := strings.ToLower(strings.TrimSpace(line))
					return a == "y" || a == "yes", nil
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return sourcesRmRun(opts)
		},
		ValidArgsFunction: completeSources(f),
	}
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask")
	cmd.Flags().BoolVar(&opts.Purge, "purge", false, "remove every trace irreversibly, history and index included (withdrawn consent)")
	return cmd
}

// stdinTerminal reports whether the command's standard input is a terminal.
func stdinTerminal(io *IOStreams) bool {
	f, ok := io.In.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func sourcesRmRun(opts *SourcesRmOptions) error {
	f := opts.F
	req := ops.RemoveSourcesRequest{IDs: opts.IDs, Purge: opts.Purge}
	if !opts.Yes {
		var plan ops.RemoveSourcesResult
		err := readLocked(f, func(p *project.Project) error {
			var err error
			plan, err = ops.PlanRemoveSources(f.ctx(), p, req)
			return err
		})
		if err != nil {
			return err
		}
		describeRemoval(f, plan, opts.Purge)
		if opts.Ask == nil {
			return usageErrorf("not removing anything without --yes: there is no terminal to ask on")
		}
		ok, err := opts.Ask("Remove?")
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(f.IO.ErrOut, "Nothing was removed.")
			return nil
		}
	}
	var res ops.RemoveSourcesResult
	_, err := change(f, "", "sources rm", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.RemoveSources(f.ctx(), e, req)
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	p, err := f.Project()
	if err != nil {
		return err
	}
	if err := ops.AfterRemoveSources(p, res, opts.Purge); err != nil {
		return fmt.Errorf("the sources were removed, but %w", err)
	}
	if opts.Purge {
		fmt.Fprintf(f.IO.Out, "Purged %s: %d codings, %d memos, the attributes of %d participants, %d history entries scrubbed, the original files and the search index deleted. This cannot be undone.\n",
			strings.Join(res.Sources, ", "), res.Codings, len(res.Memos), len(res.Participants), res.History)
		fmt.Fprintln(f.IO.ErrOut, "note: copies outside the project are not touched: earlier git commits, backups and exports may still hold the transcript")
		fmt.Fprintln(f.IO.ErrOut, "note: memos not linked to it and the codebook were kept as written; check them for its words")
		if len(res.Unused) > 0 {
			fmt.Fprintf(f.IO.ErrOut, "note: only its codings used these codes, which stay in the codebook (an in-vivo code is named with the participant's words): %s\n", strings.Join(quoted(res.Unused), ", "))
		}
		return nil
	}
	fmt.Fprintf(f.IO.Out, "Removed %s: %d codings, %d memo links, the attributes of %d participants. 'grounded undo' brings them back.\n",
		strings.Join(res.Sources, ", "), res.Codings, len(res.Memos), len(res.Participants))
	return nil
}

// describeRemoval lists what a removal takes, on stderr.
func describeRemoval(f *Factory, plan ops.RemoveSourcesResult, purge bool) {
	w := f.IO.ErrOut
	verb := "will be removed"
	if purge {
		verb = "will be purged, irreversibly"
	}
	fmt.Fprintf(w, "These %s:\n", verb)
	fmt.Fprintf(w, "  sources: %s\n", strings.Join(plan.Sources, ", "))
	fmt.Fprintf(w, "  codings: %d (every coder's)\n", plan.Codings)
	if len(plan.Memos) > 0 {
		what := "memo links"
		if purge {
			what = "memos"
		}
		fmt.Fprintf(w, "  %s: %s\n", what, strings.Join(plan.Memos, ", "))
	}
	if len(plan.Participants) > 0 {
		fmt.Fprintf(w, "  attributes of participants: %s\n", strings.Join(plan.Participants, ", "))
	}
	if purge {
		fmt.Fprintln(w, "  every history entry that mentions them, the original files and the search index")
	}
}
