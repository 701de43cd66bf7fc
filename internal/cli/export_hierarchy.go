package cli

import "github.com/spf13/cobra"

// hierarchyExportCommands are the 'grounded export' subcommands for the
// category hierarchy (issue: the four-stage model).
func hierarchyExportCommands(f *Factory) []*cobra.Command { return nil }

// modelCommands are the top-level commands of the model check.
func modelCommands(f *Factory) []*cobra.Command { return nil }

// hierarchyDemoSteps are shown by 'grounded demo' after coding.
var hierarchyDemoSteps []demoStep
