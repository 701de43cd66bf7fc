package cli

import "github.com/spf13/cobra"

// exchangeExportCommands are the 'grounded export' subcommands for other
// tools: REFI-QDA .qdc and .qdpx, codings tables and matrices.
func exchangeExportCommands(f *Factory) []*cobra.Command { return nil }

// importCommands are the top-level import commands.
func importCommands(f *Factory) []*cobra.Command { return nil }
