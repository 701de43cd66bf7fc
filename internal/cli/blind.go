package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdBlind builds 'grounded blind'.
func NewCmdBlind(f *Factory, runF func(state string) error) *cobra.Command {
	return &cobra.Command{
		Use:   "blind [on|off]",
		Short: "Blind coding: show each coder only their own codings",
		Long: `With blind coding on (a setting in grounded.yaml), codings list, code list,
code show, category list, the reports, model check and the exports show the
coder running them (--coder, GROUNDED_CODER or coder: in grounded.yaml)
only their own codings, so that coders who code the same transcripts do not
see each other's work. 'grounded agreement' and its subcommands always read
every coder's codings. Without an argument it says whether it is on. The
change is logged and undoable.`,
		Example: `  grounded blind on
  GROUNDED_CODER=alice grounded code list    # alice's codings only
  grounded agreement --coders alice,bob      # both, as always
  grounded blind off`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"on", "off"},
		RunE: func(cmd *cobra.Command, args []string) error {
			state := ""
			if len(args) == 1 {
				state = args[0]
				if state != "on" && state != "off" {
					return usageErrorf("grounded blind takes on or off, got %q", state)
				}
			}
			if runF != nil {
				return runF(state)
			}
			if state == "" {
				return readLocked(f, func(p *project.Project) error {
					on, who := p.Blinded()
					if on {
						fmt.Fprintf(f.IO.Out, "Blind coding is on: %s sees only their own codings ('grounded blind off' ends it).\n", who)
					} else {
						fmt.Fprintln(f.IO.Out, "Blind coding is off: every coder's codings are shown.")
					}
					return nil
				})
			}
			var res ops.BlindResult
			_, err := change(f, "", "blind", func(e *project.Edit) (string, error) {
				var err error
				res, err = ops.SetBlind(f.ctx(), e, state == "on")
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			switch {
			case !res.Changed:
				fmt.Fprintf(f.IO.Out, "Blind coding was already %s.\n", state)
			case res.On:
				fmt.Fprintln(f.IO.Out, "Blind coding is on: each coder now sees only their own codings; agreement still compares everyone's.")
			default:
				fmt.Fprintln(f.IO.Out, "Blind coding is off: every coder's codings are shown.")
			}
			return nil
		},
	}
}
