package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdSourcesRename builds 'grounded sources rename'.
func NewCmdSourcesRename(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "rename OLD NEW",
		Short: "Change a source's id, keeping its codings and memo links",
		Long: `Give a source a new id. Its files move, and every coding of it (by every
coder), every memo about it and its speakers' roles follow. 'grounded undo'
reverts it.`,
		Example: `  grounded sources rename zoom_0412 P21`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var res ops.RenameSourceResult
			_, err := change(f, "", "sources rename", func(e *project.Edit) (string, error) {
				var err error
				res, err = ops.RenameSource(f.ctx(), e, ops.RenameSourceRequest{Old: args[0], New: args[1]})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			if p, err := f.Project(); err == nil {
				os.Remove(p.Path(project.SourcesDir, args[0])) // the emptied directory
			}
			fmt.Fprintf(f.IO.Out, "Renamed source %s to %s: %d codings and %d memos follow.\n", args[0], args[1], res.Codings, res.Memos)
			return nil
		},
		ValidArgsFunction: completeSources(f),
	}
}

// NewCmdSourcesSet builds 'grounded sources set'.
func NewCmdSourcesSet(f *Factory) *cobra.Command {
	var participant string
	cmd := &cobra.Command{
		Use:   "set SOURCE --participant P",
		Short: "Change a source's participant",
		Long: `Change the participant a source belongs to (whose attributes filter
searches and reports). Codings do not change. 'grounded undo' reverts it.`,
		Example: `  grounded sources set P21-followup --participant P21`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if participant == "" {
				return usageErrorf("give --participant P")
			}
			var res ops.SetSourceResult
			_, err := change(f, "", "sources set", func(e *project.Edit) (string, error) {
				var err error
				res, err = ops.SetSource(f.ctx(), e, ops.SetSourceRequest{Source: args[0], Participant: participant})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, res.Summary+".")
			return nil
		},
		ValidArgsFunction: completeSources(f),
	}
	cmd.Flags().StringVar(&participant, "participant", "", "the participant id")
	return cmd
}
