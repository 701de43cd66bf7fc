package cli

import (
	"github.com/spf13/cobra"
)

// NewCmdExport builds 'grounded export'. Its subcommands come from the
// files that implement each kind of export.
func NewCmdExport(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the hierarchy, codebook, codings and whole projects",
		Args:  exactArgs(0),
	}
	cmd.AddCommand(hierarchyExportCommands(f)...)
	cmd.AddCommand(exchangeExportCommands(f)...)
	cmd.AddCommand(NewCmdExportCodebook(f, nil))
	cmd.AddCommand(NewCmdExportMemos(f, nil)) // export_memos.go
	cmd.AddCommand(NewCmdExportAudit(f, nil)) // export_audit.go
	cmd.AddCommand(NewCmdExportMethods(f, nil))
	return cmd
}

// demoStep is one command the demo runs and shows, with a heading.
type demoStep struct {
	title string
	args  []string
}
