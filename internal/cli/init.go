package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/project"
)

// InitOptions are the options of 'grounded init'.
type InitOptions struct {
	IO   *IOStreams
	Dir  string
	Name string
	// Description is the study's intentions (grounded.yaml description).
	Description string
	Template    string
	Coder       string
	// Now stamps the project's creation.
	Now func() time.Time
}

// NewCmdInit builds 'grounded init'.
func NewCmdInit(f *Factory, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{IO: f.IO, Now: f.now}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a project",
		Long: `Create a grounded project in DIR (default: the working directory).

A project is a directory of plain, versioned text files: grounded.yaml (the
format version and settings), codebook.yaml, participants.yaml, sources/,
codings/, memos/ and history/. The search index lives in .grounded/, a cache
that init lists in .gitignore. init refuses a directory that already holds a
project and changes nothing there.

--coder NAME is remembered for you alone, in grounded.local.yaml (listed in
.gitignore, so each collaborator codes under their own name), not in the
shared grounded.yaml.`,
		Example: `  grounded init study
  grounded init study --template creating-connection --coder alice`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			opts.Coder = f.Coder
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Name, "name", "", "project name (default: the directory's name)")
	cmd.Flags().StringVar(&opts.Description, "description", "", "the study's intentions (aims, questions), which the audit trail opens with")
	cmd.Flags().StringVar(&opts.Template, "template", "", "start the codebook from a template ('grounded codebook templates' lists them)")
	_ = cmd.RegisterFlagCompletionFunc("template", completeTemplates)
	return cmd
}

func initRun(opts *InitOptions) error {
	var cb []byte
	if opts.Template != "" {
		t, err := codebook.Template(opts.Template)
		if err != nil {
			return usageErrorf("%v", err)
		}
		cb = t.Data
	}
	p, err := project.Init(opts.Dir, project.InitOptions{Name: opts.Name, Description: opts.Description, Coder: opts.Coder, Now: opts.Now(), Codebook: cb})
	if err != nil {
		return err
	}
	registerMergeDriversIfGit(opts.IO, p.Root) // gitmerge.go
	fmt.Fprintf(opts.IO.Out, "Created project %q in %s\n", p.Config.Name, p.Root)
	if opts.Template != "" {
		fmt.Fprintf(opts.IO.Out, "Codebook from template %q.\n", opts.Template)
	}
	if opts.Coder != "" {
		fmt.Fprintf(opts.IO.Out, "You code as %s in this project (kept in %s, which git ignores: each collaborator sets their own).\n", opts.Coder, project.LocalFile)
	}
	fmt.Fprintln(opts.IO.Out, "Next: grounded ingest FILE... (transcripts: .vtt .srt .docx .txt .md)")
	return nil
}

func completeTemplates(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var names []string
	for _, t := range codebook.Templates() {
		names = append(names, t.Name+"\t"+t.Title)
	}
	return names, cobra.ShellCompDirectiveNoFileComp
}
