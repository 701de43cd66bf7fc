package cli

import "github.com/spf13/cobra"

// analysisCommands are the report and agreement commands.
func analysisCommands(f *Factory) []*cobra.Command { return nil }

// analysisDemoSteps are shown by 'grounded demo' after coding.
var analysisDemoSteps []demoStep
