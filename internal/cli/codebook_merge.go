package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/project"
)

// CodebookMergeOptions are the inputs of 'grounded codebook merge'.
type CodebookMergeOptions struct {
	IO                 *IOStreams
	Base, Ours, Theirs string
}

// NewCmdCodebookMerge builds 'grounded codebook merge BASE OURS THEIRS',
// git's merge driver for codebook.yaml (docs/format.md, "Merging with git").
func NewCmdCodebookMerge(f *Factory, runF func(*CodebookMergeOptions) error) *cobra.Command {
	opts := &CodebookMergeOptions{IO: f.IO}
	return &cobra.Command{
		Use:   "merge BASE OURS THEIRS",
		Short: "Merge two versions of codebook.yaml item by item (git's merge driver)",
		Long: `Merge OURS and THEIRS, two versions of a codebook descending from BASE,
code by code, category by category, core and relations by identity, and
write the result to OURS (git's %O %A %B). Both sides' new codes are kept;
a field changed on one side takes that side's value; a rename on one side
and a description edit on the other both arrive.

Where both sides changed the same field of the same item differently, ours
is kept and the conflict is listed in a comment block at the top of the
merged codebook (and on standard error); the exit status is then 1, so git
reports the file as conflicted. Settle each conflict, delete the block, and
run 'grounded check'. When no valid codebook can be made (two items would
end up with one name, or a relation would end at another item than the one
its side meant), OURS is left as it was, the error names the line of the
merged text, and the exit status is 1.

'grounded init' and 'grounded git setup' register this driver in
.gitattributes and the local git configuration; you do not normally run it
yourself.`,
		Example: `  # what git runs during a merge (merge.grounded-codebook.driver):
  grounded codebook merge %O %A %B
  # by hand, from three saved versions:
  git show :1:codebook.yaml > base.yaml; git show :3:codebook.yaml > theirs.yaml
  git show :2:codebook.yaml > codebook.yaml
  grounded codebook merge base.yaml codebook.yaml theirs.yaml`,
		Args: exactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Base, opts.Ours, opts.Theirs = args[0], args[1], args[2]
			if runF != nil {
				return runF(opts)
			}
			return codebookMergeRun(opts)
		},
	}
}

func codebookMergeRun(opts *CodebookMergeOptions) error {
	conflicts, err := project.MergeCodebookFiles(opts.Base, opts.Ours, opts.Theirs)
	if err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "grounded: the codebooks could not be merged item by item: %v\n", err)
		for _, c := range conflicts {
			fmt.Fprintf(opts.IO.ErrOut, "  %s\n", termSafe(c.String()))
		}
		fmt.Fprintln(opts.IO.ErrOut, "ours is left as it was: compare it with theirs ('git show :3:codebook.yaml'), settle the codebook by hand, then run 'grounded check'")
		return &silentError{code: ExitError}
	}
	if len(conflicts) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "grounded: %d conflict(s) in the codebook: both sides changed these; ours was kept:\n", len(conflicts))
		for _, c := range conflicts {
			fmt.Fprintf(opts.IO.ErrOut, "  %s\n", termSafe(c.String()))
		}
		fmt.Fprintln(opts.IO.ErrOut, "They are also listed at the top of codebook.yaml: settle each, delete the block, then run 'grounded check'")
		return &silentError{code: ExitError}
	}
	return nil
}
