package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasHelp walks the command tree: every command has a short
// description, and every command that runs something shows examples.
func TestEveryCommandHasHelp(t *testing.T) {
	io, _, _, _ := TestIO()
	f := &Factory{IO: io, Getenv: os.Getenv, Getwd: os.Getwd, Version: "test"}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" || strings.HasPrefix(c.CommandPath(), "grounded completion") {
			return
		}
		if c.Short == "" {
			t.Errorf("%q has no short description", c.CommandPath())
		}
		if c.Runnable() && !c.HasSubCommands() && c.Example == "" { // a group's RunE only refuses unknown subcommands
			t.Errorf("%q has no examples in its --help", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewCmdRoot(f))
}

// TestListingsHaveJSON checks that every listing command offers --json.
func TestListingsHaveJSON(t *testing.T) {
	io, _, _, _ := TestIO()
	f := &Factory{IO: io, Getenv: os.Getenv, Getwd: os.Getwd, Version: "test"}
	root := NewCmdRoot(f)
	for _, path := range [][]string{
		{"sources", "list"}, {"speakers", "list"}, {"show"}, {"attributes", "list"}, {"search"},
		{"code", "list"}, {"code", "show"}, {"codings", "list"}, {"category", "list"},
		{"core", "show"}, {"memo", "list"}, {"memo", "show"}, {"log"}, {"check"},
		{"codebook", "templates"}, {"model", "check"}, {"agreement"},
		{"report", "frequencies"}, {"report", "cooccurrence"}, {"report", "saturation"}, {"report", "compare"},
	} {
		c, _, err := root.Find(path)
		if err != nil || c == root {
			t.Errorf("grounded %s: no such command", strings.Join(path, " "))
			continue
		}
		if c.Flags().Lookup("json") == nil {
			t.Errorf("%q has no --json", c.CommandPath())
		}
	}
}
