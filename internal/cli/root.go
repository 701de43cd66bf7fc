package cli

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X .../internal/cli.version=v1.2.3".
var version = ""

// Version returns the program's version: the one set at build time, else
// the module version and VCS revision from the build information (see
// versionFrom).
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel) (no build information)"
	}
	return versionFrom(bi)
}

// Main runs the grounded command with the process's arguments and streams
// and returns the exit code.
func Main() int {
	// bleve's storage layer reports some conditions through the standard
	// logger; grounded reports them itself, so keep the terminal clean.
	log.SetOutput(io.Discard)
	f := &Factory{IO: SystemIO(), Getenv: os.Getenv, Getwd: os.Getwd, Version: Version()}
	f.gcDeferred = deferGC(os.Getenv) // gc.go
	return Run(f, os.Args[1:])
}

// Run runs the command line args with f and returns the exit code. Errors
// are printed on f.IO.ErrOut.
func Run(f *Factory, args []string) int {
	root := NewCmdRoot(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := explain(root.Execute())
	if err == nil && strings.TrimSpace(f.Reason) != "" && !f.reasonRecorded {
		fmt.Fprintln(f.IO.ErrOut, "warning: --reason was not recorded: this command recorded no change in the history (only changes to the codebook, codings and memos keep a reason)")
	}
	if err != nil {
		var se *silentError
		if !errors.As(err, &se) && !errors.Is(err, errProblems) {
			fmt.Fprintln(f.IO.ErrOut, f.IO.Style(ansiRed, "grounded:"), err)
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintln(f.IO.ErrOut, "Run 'grounded --help' for usage.")
		}
	}
	return exitCode(err)
}

const rootLong = `grounded helps qualitative researchers build grounded theory from interview
transcripts: ingest transcripts as they arrive (Zoom .vtt, .srt, .docx, .txt,
.md), search them, code exact spans with open codes, group codes into axial
categories under a selective core category with ordered stages, write memos,
export the hierarchy and exchange projects with other QDA tools.

A project is a directory of plain text files (grounded.yaml at its root) that
you can diff and commit with git. Commands find it by walking up from the
working directory, or take --project DIR (or GROUNDED_PROJECT).

Exit codes: 0 success; 1 error (nothing was written); 2 wrong usage;
3 a check ran and found errors; 4 the change was made but finishing it
failed afterwards (do not repeat it; the next command finishes it).

Environment: GROUNDED_PROJECT (project directory), GROUNDED_CODER (who is
coding), GROUNDED_LOCK_TIMEOUT (how long to wait for another command, e.g.
"30s"), NO_COLOR (no colour).`

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "grounded <command> [flags]",
		Short: "Grounded theory coding of interview transcripts",
		Long:  rootLong,
		Example: `  grounded demo                       # see the whole job on bundled fictional interviews
  grounded init study && cd study
  grounded ingest ~/interviews/*.vtt
  grounded search 'trust -judge' --speaker "Jordan Lee"
  grounded code add "Showing up" P01#4 --quote "I kept showing up"`,
		Version:       f.Version,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	cmd.SetVersionTemplate("grounded {{.Version}}\n")
	cmd.PersistentFlags().StringVarP(&f.ProjectDir, "project", "C", "", "project directory (default: nearest grounded.yaml above the working directory, or $GROUNDED_PROJECT)")
	cmd.PersistentFlags().StringVar(&f.Reason, "reason", "", "why you make this change: kept in the history, shown by 'grounded log' and the audit trail")
	cmd.PersistentFlags().StringVar(&f.Coder, "coder", "", "who makes the change (default: $GROUNDED_CODER, coder: in grounded.local.yaml, the OS user)")
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{Err: err}
	})
	cmd.AddGroup(
		&cobra.Group{ID: "project", Title: "Project and transcripts:"},
		&cobra.Group{ID: "coding", Title: "Coding:"},
		&cobra.Group{ID: "output", Title: "Export and analysis:"},
	)
	for _, c := range []*cobra.Command{
		NewCmdInit(f, nil),
		NewCmdIngest(f, nil),
		NewCmdSources(f),
		NewCmdSpeakers(f),
		NewCmdDeidentify(f, nil),
		NewCmdShow(f, nil),
		NewCmdAttributes(f),
		NewCmdSearch(f, nil),
		NewCmdIndex(f),
		NewCmdDemo(f, nil),
		NewCmdCheck(f, nil),
		NewCmdServe(f, nil),
	} {
		if c.GroupID == "" {
			c.GroupID = "project"
		}
		cmd.AddCommand(c)
	}
	for _, c := range []*cobra.Command{
		NewCmdCode(f),
		NewCmdCodings(f),
		NewCmdUncode(f, nil),
		NewCmdAutocode(f, nil),
		NewCmdCategory(f),
		NewCmdCore(f),
		NewCmdRelate(f, nil),
		NewCmdMemo(f), NewCmdEpisode(f), NewCmdNegative(f), NewCmdBlind(f, nil), // episode.go, negative.go, blind.go
		NewCmdLog(f, nil),
		NewCmdUndo(f, nil),
		NewCmdCodebook(f),
	} {
		c.GroupID = "coding"
		cmd.AddCommand(c)
	}
	for _, c := range outputCommands(f) {
		c.GroupID = "output"
		cmd.AddCommand(c)
	}
	cmd.AddCommand(gitCommands(f)...) // gitmerge.go
	cmd.SetHelpCommandGroupID("project")
	cmd.SetCompletionCommandGroupID("project")
	// cobra adds the completion command when it runs; add it now so that
	// an unknown shell ('grounded completion tcsh') is refused like every
	// other unknown subcommand.
	cmd.InitDefaultCompletionCmd()
	rejectUnknownSubcommands(cmd) // unknown_command.go
	return cmd
}

// outputCommands are the export and analysis commands.
func outputCommands(f *Factory) []*cobra.Command {
	cmds := []*cobra.Command{NewCmdExport(f)}
	cmds = append(cmds, importCommands(f)...)
	cmds = append(cmds, modelCommands(f)...)
	return append(cmds, analysisCommands(f)...)
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d: %s", cmd.CommandPath(), n, len(args), strings.Join(args, " "))
		}
		return nil
	}
}

// minArgs is cobra.MinimumNArgs with a usage error.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErrorf("%s needs at least %d argument(s); see '%s --help'", cmd.CommandPath(), n, cmd.CommandPath())
		}
		return nil
	}
}

// rangeArgs is cobra.RangeArgs with a usage error.
func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return usageErrorf("%s takes %d to %d arguments, got %d; see '%s --help'", cmd.CommandPath(), lo, hi, len(args), cmd.CommandPath())
		}
		return nil
	}
}
