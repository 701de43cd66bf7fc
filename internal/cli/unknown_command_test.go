package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestUnknownSubcommands runs every command that groups others (the root
// included) with an argument that is none of its subcommands: each must
// exit 2 naming the command, write nothing on stdout, and suggest the
// subcommand a typo was meant to be.
func TestUnknownSubcommands(t *testing.T) {
	io, _, _, _ := TestIO()
	f := &Factory{IO: io, Getenv: os.Getenv, Getwd: os.Getwd, Version: "test"}
	var parents [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		if !c.HasSubCommands() || c.Name() == "help" {
			return
		}
		// A command that runs with arguments of its own and also has
		// subcommands ('codebook tag NAME' and 'codebook tag list', 'relate
		// FROM TO' and 'relate list') takes an unknown word as its argument,
		// so only the pure parents are checked here.
		switch strings.Join(path, " ") {
		case "codebook tag", "relate":
		default:
			parents = append(parents, path)
		}
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	root := NewCmdRoot(f)
	walk(root, nil)
	if len(parents) < 10 {
		t.Fatalf("only %d parent commands found: %v", len(parents), parents)
	}
	for _, path := range parents {
		t.Run("grounded "+strings.Join(path, " "), func(t *testing.T) {
			io, _, out, errOut := TestIO()
			f := &Factory{IO: io, Getenv: func(string) string { return "" }, Getwd: os.Getwd, Version: "test"}
			code := Run(f, append(append([]string{}, path...), "frobnicate"))
			want := "unknown command \"frobnicate\" for " + strings.TrimSpace("grounded "+strings.Join(path, " "))
			if code != ExitUsage || !strings.Contains(errOut.String(), want) || out.Len() != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, ExitUsage, want)
			}
			// A typo of the first subcommand is suggested.
			c, _, _ := NewCmdRoot(f).Find(path)
			var first string
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() && len(sub.Name()) >= 4 {
					first = sub.Name()
					break
				}
			}
			if first == "" {
				return
			}
			typo := first[:len(first)-1]
			io, _, _, errOut = TestIO()
			f.IO = io
			if code := Run(f, append(append([]string{}, path...), typo)); code != ExitUsage || !regexp.MustCompile(`did you mean [^?]*"`+first+`"`).MatchString(errOut.String()) {
				t.Errorf("%s: exit %d, stderr %q; want a suggestion of %q", typo, code, errOut, first)
			}
		})
	}
}
