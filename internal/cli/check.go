package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// CheckOptions are the options of 'grounded check'.
type CheckOptions struct {
	F      *Factory
	Repair bool
	JSON   bool
}

// NewCmdCheck builds 'grounded check'.
func NewCmdCheck(f *Factory, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{F: f}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Verify the whole project",
		Long: `Verify the project: the codebook, participants, each transcript against its
checksum, each coding against its transcript (the stored quote must be the
text at its span) and the codebook, memos and their targets, and the history.
Orphaned codings (quotes lost when a transcript was replaced) are listed.

Exits 0 when there is no error, 3 when there are errors (warnings alone do
not fail). --repair fixes what it can without guessing: it moves torn or
unreadable lines of codings and history files to FILE.rejected, and removes
temporary files left by interrupted commands.`,
		Example: `  grounded check
  grounded check --repair`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Repair, "repair", false, "fix what can be fixed without guessing")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {sources, codings, memos, problems: [{severity, file, line, message, fixed}]}")
	return cmd
}

func checkRun(opts *CheckOptions) error {
	f := opts.F
	p, err := f.Project()
	if err != nil {
		return err
	}
	var lock *project.Lock
	if opts.Repair {
		lock, err = p.Lock()
	} else {
		lock, err = p.RLock()
	}
	if err != nil {
		return err
	}
	defer lock.Unlock()
	r, err := p.Check(opts.Repair)
	if err != nil {
		return err
	}
	for i := range r.Problems {
		r.Problems[i].Message = problemMessage(r.Problems[i])
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, r); err != nil {
			return err
		}
	} else {
		for _, pr := range r.Problems {
			pos := pr.File
			if pr.Line > 0 {
				pos = fmt.Sprintf("%s:%d", pr.File, pr.Line)
			}
			sev := pr.Severity
			switch {
			case pr.Fixed:
				sev = f.IO.Style(ansiGreen, "fixed")
			case sev == "error":
				sev = f.IO.Style(ansiRed, sev)
			default:
				sev = f.IO.Style(ansiYellow, sev)
			}
			fmt.Fprintf(f.IO.Out, "%s: %s: %s\n", pos, sev, pr.Message)
		}
		fmt.Fprintf(f.IO.Out, "Checked %d sources, %d codings, %d memos: %d error(s), %d problem(s) in all.\n", r.Sources, r.Codings, r.Memos, r.Errors(), len(r.Problems))
	}
	if missing := unregisteredMergeDrivers(p.Root); len(missing) > 0 { // gitmerge.go
		fmt.Fprintf(f.IO.ErrOut, "grounded: warning: this git clone does not define grounded's merge drivers (%s): a git merge would fall back to merging lines, which can bring back removed codings; run 'grounded git setup' once in this clone\n", strings.Join(missing, ", "))
	}
	if r.Errors() > 0 {
		return errProblems
	}
	return nil
}

// problemMessage is a check problem's message with what to do about it in
// the CLI's words, before what the repair did.
func problemMessage(pr project.Problem) string {
	base := strings.TrimSuffix(pr.Message, pr.Note)
	h := ""
	switch {
	case pr.Action != "":
		h = problemHint(pr.Action, pr.Args)
	case pr.Err != nil:
		h = hint(pr.Err)
	}
	return base + h + pr.Note
}

func problemHint(action string, args []string) string {
	arg := ""
	if len(args) > 0 {
		arg = args[0]
	}
	switch action {
	case errs.ActionFinishChange:
		return "; run any command that writes (e.g. 'grounded check --repair') to finish it"
	case errs.ActionRepair:
		if arg == "torn" {
			return ": 'grounded check --repair' moves it aside"
		}
		return "; fix it by hand, or 'grounded check --repair' moves it aside"
	case errs.ActionDescribeCode:
		return fmt.Sprintf("; add it with 'grounded code describe %q --description ...'", arg)
	case errs.ActionUncode:
		return fmt.Sprintf("; remove it with 'grounded uncode %s' if it should be gone, or recode it", arg)
	case errs.ActionRecodeRenamed:
		return fmt.Sprintf("; recode it with the new name ('grounded code add %q %s') and remove it ('grounded uncode %s')", arg, args[1], args[2])
	case errs.ActionRecodeOrphan:
		return fmt.Sprintf("; recode it ('grounded code add') and remove it ('grounded uncode %s')", arg)
	case errs.ActionUncite:
		rel := fmt.Sprintf("%q %q", args[0], args[1])
		if args[2] != "" {
			rel += fmt.Sprintf(" --as %q", args[2])
		}
		return fmt.Sprintf("; remove it with 'grounded relate uncite %s %s', or cite the passage again with 'grounded relate %s --evidence REF'", rel, args[3], rel)
	}
	return ""
}
