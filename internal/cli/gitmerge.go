package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// gitCommands are 'grounded git' and the hidden 'grounded merge-driver'
// that git runs (docs/format.md, "Merging with git").
func gitCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdGit(f), NewCmdMergeDriver(f)}
}

// NewCmdMergeDriver builds the hidden 'grounded merge-driver KIND BASE OURS
// THEIRS', git's merge driver for codings and history files.
func NewCmdMergeDriver(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "merge-driver codings|history BASE OURS THEIRS",
		Short:  "Merge two versions of a codings or history file (run by git)",
		Hidden: true,
		Args:   exactArgs(4),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := project.ParseMergeKind(args[0])
			if err != nil {
				return usageErrorf("%v", err)
			}
			conflicts, err := project.MergeFiles(kind, args[1], args[2], args[3])
			if err != nil {
				return err
			}
			if len(conflicts) > 0 {
				fmt.Fprintf(f.IO.ErrOut, "grounded: %d record(s) of this %s file were changed differently on both sides (%s); both versions are kept between <<<<<<< and >>>>>>> lines: keep one line of each pair, delete the markers, then run 'grounded check'\n", len(conflicts), kind, strings.Join(conflicts, ", "))
				return &silentError{code: ExitError}
			}
			return nil
		},
	}
}

// NewCmdGit builds 'grounded git'.
func NewCmdGit(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "git",
		Short: "Set up a git repository for the project",
	}
	cmd.GroupID = "project"
	cmd.AddCommand(&cobra.Command{
		Use:   "setup",
		Short: "Register grounded's merge drivers in this clone",
		Long: `Register grounded's merge drivers for codings, history and the codebook in
the local git configuration (merge.grounded-codings.driver,
merge.grounded-history.driver, merge.grounded-codebook.driver) and bring .gitattributes up to date (earlier versions merged those files by
line union, which brings back removed codings, and merged codebook.yaml as
text). git does not copy its configuration with a clone: run this once in
every clone. Without it, git merges these files as plain text and reports
conflicts instead.`,
		Example: `  git clone https://example.org/study.git && cd study
  grounded git setup`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := f.Project()
			if err != nil {
				return err
			}
			if err := writeGitattributes(p.Root); err != nil {
				return err
			}
			if err := registerMergeDrivers(p.Root); err != nil {
				return err
			}
			fmt.Fprintln(f.IO.Out, "Registered grounded's merge drivers for codings, history and the codebook in this clone.")
			return nil
		},
	})
	return cmd
}

func writeGitattributes(root string) error {
	path := filepath.Join(root, ".gitattributes")
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if data := project.GitAttributes(old); string(data) != string(old) {
		return fsx.WriteFile(path, data, 0o644)
	}
	return nil
}

// registerMergeDrivers writes the merge drivers into the local git
// configuration of the repository holding root.
func registerMergeDrivers(root string) error {
	names := make([]string, 0, len(project.MergeDrivers))
	for name := range project.MergeDrivers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		kind := project.MergeDrivers[name]
		for _, kv := range [][2]string{
			{"merge." + name + ".name", "grounded " + string(kind) + " merge (by id)"},
			{"merge." + name + ".driver", project.MergeDriverCommand(kind)},
		} {
			out, err := exec.Command("git", "-C", root, "config", "--local", kv[0], kv[1]).CombinedOutput()
			if err != nil {
				return fmt.Errorf("git config %s: %v: %s", kv[0], err, strings.TrimSpace(string(out)))
			}
		}
	}
	return nil
}

// registerMergeDriversIfGit registers the merge drivers when root is in a
// git work tree (init calls it; elsewhere 'grounded git setup' does it).
func registerMergeDriversIfGit(io *IOStreams, root string) {
	if err := exec.Command("git", "-C", root, "rev-parse", "--is-inside-work-tree").Run(); err == nil {
		if err := registerMergeDrivers(root); err != nil {
			fmt.Fprintf(io.ErrOut, "warning: %v; run 'grounded git setup' in the project\n", err)
		}
	}
}

// unregisteredMergeDrivers lists the merge drivers that .gitattributes
// names but the git configuration of the clone holding root does not
// define (a clone made before 'grounded git setup' was run in it); nil
// outside a git work tree or when git is not installed. Git falls back to
// its line merge for them, which can bring back removed codings.
func unregisteredMergeDrivers(root string) []string {
	if exec.Command("git", "-C", root, "rev-parse", "--is-inside-work-tree").Run() != nil {
		return nil
	}
	var missing []string
	for name := range project.MergeDrivers {
		if out, err := exec.Command("git", "-C", root, "config", "--get", "merge."+name+".driver").Output(); err != nil || strings.TrimSpace(string(out)) == "" {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	return missing
}
