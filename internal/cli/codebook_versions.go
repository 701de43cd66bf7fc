package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// codebookVersionCommands are 'grounded codebook tag' and 'codebook diff'.
func codebookVersionCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdCodebookTag(f), NewCmdCodebookDiff(f)}
}

// NewCmdCodebookTag builds 'grounded codebook tag NAME [-m TEXT]' and
// 'codebook tag list'.
func NewCmdCodebookTag(f *Factory) *cobra.Command {
	var message string
	cmd := &cobra.Command{
		Use:   "tag NAME [-m TEXT]",
		Short: "Record the codebook as it stands under a name (a version)",
		Long: `Record the codebook as it stands now under NAME (letters, digits, - _ .),
with an optional message, so that reviewers can follow its versions:
'grounded codebook diff' compares tags, and the audit trail lists them. A
copy of codebook.yaml is kept in tags/codebook/NAME.yaml. A name is used
once and a tag is never changed ('grounded undo' does not remove it).`,
		Example: `  grounded codebook tag round-1 -m "after open coding of P01-P10"
  grounded codebook tag list`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var t project.Tag
			_, err := change(f, "", "codebook tag", func(e *project.Edit) (string, error) {
				var err error
				t, err = e.TagCodebook(args[0], message)
				return codebookTagSummary(args[0]), err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Tagged the codebook %q (%s, sha256 %s).\n", t.Name, project.CodebookTagRel(t.Name), t.SHA256[:12])
			return nil
		},
	}
	cmd.Flags().StringVarP(&message, "message", "m", "", "what this version is (e.g. the round of coding it closes)")
	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the codebook's tags, oldest first",
		Example: `  grounded codebook tag list --json`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return readLocked(f, func(p *project.Project) error {
				tags, err := p.Tags()
				if err != nil {
					return err
				}
				if asJSON {
					if tags == nil {
						tags = []project.Tag{}
					}
					return writeJSON(f.IO.Out, tags)
				}
				if len(tags) == 0 {
					fmt.Fprintln(f.IO.ErrOut, "No codebook tags yet: 'grounded codebook tag NAME' records one.")
					return nil
				}
				t := newTable(f.IO, "TAG", "TIME", "CODER", "MESSAGE")
				for _, tg := range tags {
					t.add(tg.Name, tg.Time.UTC().Format("2006-01-02 15:04"), tg.Coder, tg.Message)
				}
				return t.render(f.IO.Out)
			})
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON: [{name, time, coder, message, sha256}]")
	cmd.AddCommand(list)
	return cmd
}

// NewCmdCodebookDiff builds 'grounded codebook diff [FROM] [TO]'.
func NewCmdCodebookDiff(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff [TAG|DATE] [TAG|DATE]",
		Short: "Show how the codebook changed between two tags or dates",
		Long: `Show the codes and categories added, removed, renamed, merged, moved and
redefined between two points, and the relations added, removed and
redefined (their note or evidence changed), with the reasons given
(--reason), computed
from the history, not from a text diff. A point is a tag ('codebook tag
list') or a date (2026-11-20, the start of that day in UTC, or an RFC 3339
time). Without arguments: since the newest tag (or the beginning); with
one: from it to now.`,
		Example: `  grounded codebook diff round-1 round-2
  grounded codebook diff 2026-11-01
  grounded codebook diff round-1 --json`,
		Args: rangeArgs(0, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return readLocked(f, func(p *project.Project) error {
				tags, err := p.Tags()
				if err != nil {
					return err
				}
				hist, err := p.ReadHistory("")
				if err != nil {
					return err
				}
				from, to := 0, len(hist)
				fromName, toName := "the beginning", "now"
				if len(args) == 0 && len(tags) > 0 {
					last := tags[len(tags)-1].Name
					from, fromName, err = diffPoint(last, tags, hist)
					if err != nil {
						return err
					}
				}
				if len(args) > 0 {
					if from, fromName, err = diffPoint(args[0], tags, hist); err != nil {
						return err
					}
				}
				if len(args) > 1 {
					if to, toName, err = diffPoint(args[1], tags, hist); err != nil {
						return err
					}
				}
				var es []export.HistoryEntry
				for i := from; i < to; i++ {
					es = append(es, export.FromProjectEntry(hist[i]))
				}
				d := export.CodebookChanges(es)
				if asJSON {
					return writeJSON(f.IO.Out, d)
				}
				fmt.Fprintf(f.IO.Out, "Codebook changes from %s to %s:\n", fromName, toName)
				if d.Empty() {
					fmt.Fprintln(f.IO.Out, "  none")
					return nil
				}
				printItemChanges(f, "added", d.Added)
				printItemChanges(f, "removed", d.Removed)
				printItemChanges(f, "renamed", d.Renamed)
				printItemChanges(f, "merged", d.Merged)
				printItemChanges(f, "moved", d.Moved)
				printItemChanges(f, "redefined", d.Redefined)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: {added, removed, renamed, merged, moved, redefined: [{kind, name, from, to, fields, reasons}]}")
	return cmd
}

// diffPoint reads a tag name or a date as a position in the history (in
// time order): the entries before it are before the point. A tag is the
// position just after its own history entry, so that entries made in the
// same second (or under a fixed clock) are still on the right side.
func diffPoint(arg string, tags []project.Tag, hist []project.Entry) (int, string, error) {
	for _, t := range tags {
		if t.Name == arg {
			if i := tagEntry(t.Name, hist); i >= 0 {
				return i + 1, "tag " + t.Name, nil
			}
			return 0, "", fmt.Errorf("tag %q has no entry in the history (%q), so the changes after it cannot be told; compare %s with codebook.yaml by hand", t.Name, codebookTagSummary(t.Name), project.CodebookTagRel(t.Name))
		}
	}
	var at time.Time
	if t, err := time.Parse(time.RFC3339, arg); err == nil {
		at = t
	} else if t, err := time.Parse("2006-01-02", arg); err == nil {
		at = t
	} else {
		names := make([]string, len(tags))
		for i, t := range tags {
			names[i] = t.Name
		}
		known := "there are no tags yet"
		if len(names) > 0 {
			known = "tags: " + strings.Join(names, ", ")
		}
		return 0, "", usageErrorf("%q is neither a codebook tag nor a date (2026-11-20 or an RFC 3339 time); %s", arg, known)
	}
	for i, h := range hist {
		if h.Time.After(at) {
			return i, arg, nil
		}
	}
	return len(hist), arg, nil
}

// tagEntry returns the position in hist of the entry that made the tag
// name, or -1.
func tagEntry(name string, hist []project.Entry) int {
	summary := codebookTagSummary(name)
	for i, h := range hist {
		if h.Command == "codebook tag" && h.Summary == summary {
			return i
		}
	}
	return -1
}

// codebookTagSummary is the history summary of 'codebook tag NAME', by
// which diff finds the tag's place in the history.
func codebookTagSummary(name string) string { return fmt.Sprintf("tagged the codebook %q", name) }

func printItemChanges(f *Factory, what string, cs []export.ItemChange) {
	for _, c := range cs {
		line := fmt.Sprintf("  %-9s %s %q", what, c.Kind, c.Name)
		switch {
		case c.From != "" || c.To != "":
			line += fmt.Sprintf(": %q → %q", c.From, c.To)
		case len(c.Fields) > 0:
			line += ": " + strings.Join(c.Fields, ", ")
		}
		if len(c.Reasons) > 0 {
			line += " (because: " + strings.Join(c.Reasons, "; ") + ")"
		}
		fmt.Fprintln(f.IO.Out, termSafe(line))
	}
}
