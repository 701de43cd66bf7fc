package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// codePinCommands are 'grounded code pin' and 'code unpin'.
func codePinCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdCodePin(f, false), NewCmdCodePin(f, true)}
}

// NewCmdCodePin builds 'grounded code pin CODING_ID' (or, with unpin,
// 'code unpin CODING_ID').
func NewCmdCodePin(f *Factory, unpin bool) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pin CODING_ID",
		Short: "Pin a coding as an exemplar of its code (shown first in exports)",
		Long: `Pin the coding CODING_ID ('grounded codings list' shows the ids) as an
exemplar of its code: pinned codings come first, in pin order, as the
example quotes of the codebook appendix (export codebook --format
markdown|docx|xlsx|appendix-csv). Pins are kept in pins.jsonl; a pinned
coding that was removed or no longer matches its transcript is reported by
the export, never dropped in silence. 'grounded code unpin' removes a pin
(undo does not: pins are not kept in the history).`,
		Example: `  grounded code pin f409753988df
  grounded code unpin f409753988df`,
		Args: exactArgs(1),
	}
	if unpin {
		cmd.Use = "unpin CODING_ID"
		cmd.Short = "Remove the pin of a coding"
		cmd.Long = `Remove the pin of the coding CODING_ID (see 'grounded code pin'). A pin
whose coding no longer exists can be removed too.`
		cmd.Example = `  grounded code unpin f409753988df`
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		var res ops.PinResult
		command := "code pin"
		if unpin {
			command = "code unpin"
		}
		_, err := change(f, "", command, func(e *project.Edit) (string, error) {
			var err error
			res, err = ops.Pin(f.ctx(), e, ops.PinRequest{CodingID: args[0], Unpin: unpin})
			return res.Summary, err
		})
		if err != nil {
			return err
		}
		switch {
		case !res.Changed && unpin:
			fmt.Fprintf(f.IO.Out, "Coding %s is not pinned; nothing changed.\n", args[0])
		case !res.Changed:
			fmt.Fprintf(f.IO.Out, "Coding %s is pinned already; nothing changed.\n", args[0])
		case unpin:
			fmt.Fprintf(f.IO.Out, "Unpinned coding %s (%s).\n", args[0], termSafe(res.Code))
		default:
			fmt.Fprintf(f.IO.Out, "Pinned coding %s as an exemplar of %q.\n", args[0], termSafe(res.Code))
		}
		return nil
	}
	return cmd
}
