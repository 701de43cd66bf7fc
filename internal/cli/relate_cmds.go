package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// RelateOptions are the options of 'grounded relate'.
type RelateOptions struct {
	F                  *Factory
	From, To, As, Note string
	Evidence           []string
}

func relateRun(opts *RelateOptions) error {
	f := opts.F
	var res coding.RelateResult
	_, err := change(f, "", "relate", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Relate(f.ctx(), e, coding.RelateRequest{From: opts.From, To: opts.To, As: opts.As, Note: opts.Note, Evidence: opts.Evidence})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	r := res.Relation
	switch {
	case res.New:
		fmt.Fprintf(f.IO.Out, "%s —%s→ %s\n", termSafe(r.From), termSafe(r.As), termSafe(r.To))
	case len(res.Added) == 0 && len(opts.Evidence) > 0:
		fmt.Fprintln(f.IO.Out, "That relation exists already and cites all of that; nothing changed.")
		return nil
	case len(res.Added) == 0:
		fmt.Fprintln(f.IO.Out, "That relation exists already; nothing changed.")
		return nil
	}
	if len(res.Added) > 0 {
		fmt.Fprintf(f.IO.Out, "Cited %d for %s: %s ('grounded relate list' quotes them).\n",
			len(res.Added), termSafe(coding.RelationSentence(r)), termSafe(strings.Join(res.Added, ", ")))
	}
	return nil
}

// relateSubcommands are 'grounded relate list', 'relate rm' and 'relate
// uncite'.
func relateSubcommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdRelateList(f), NewCmdRelateRm(f), NewCmdRelateUncite(f)}
}

// NewCmdRelateList builds 'grounded relate list'.
func NewCmdRelateList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the relations between categories, in words, with the evidence they cite",
		Long: `List every relation in words ("B is a consequence of A") with its note and
the evidence it cites: each passage or coding quoted as the transcript has
it now, with its reference. A citation that no longer resolves (its coding
was removed, its source renamed) is listed with the reason, and counted in
a warning on standard error.`,
		Example: `  grounded relate list
  grounded relate list --json | jq -r '.[].sentence'
  grounded relate list --json | jq -r '.[].evidence[].quote'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return readLocked(f, func(p *project.Project) error {
				s, err := p.ReadSnapshot(0)
				if err != nil {
					return err
				}
				rows := ops.Relations(p, s)
				if asJSON {
					return writeJSON(f.IO.Out, rows)
				}
				if len(rows) == 0 {
					fmt.Fprintln(f.IO.ErrOut, "No relations yet: 'grounded relate A B --as LABEL' records one.")
					return nil
				}
				printRelations(f, rows)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: [{from, to, as, note, sentence, evidence: [{cite, coding, code, ref, quote, problem}]}]")
	return cmd
}

// NewCmdRelateRm builds 'grounded relate rm A B [--as LABEL]'.
func NewCmdRelateRm(f *Factory) *cobra.Command {
	var as string
	cmd := &cobra.Command{
		Use:     "rm A B [--as LABEL]",
		Aliases: []string{"remove"},
		Short:   "Remove a relation between two categories (undoable)",
		Long: `Remove the relation from A to B. When A and B have several relations, --as
names the one to remove. 'grounded undo' brings it back.`,
		Example: `  grounded relate rm "Building Trust" "Fostering the Relationship"
  grounded relate rm "Building Trust" "Fostering the Relationship" --as condition --reason "not supported by P04-P08"`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var res coding.UnrelateResult
			_, err := change(f, "", "relate rm", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.Unrelate(f.ctx(), e, coding.UnrelateRequest{From: args[0], To: args[1], As: as})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Removed: %s ('grounded undo' brings it back).\n", coding.RelationSentence(res.Relation))
			return nil
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "the label of the relation to remove, when there are several")
	return cmd
}

// printRelations prints each relation in words, then its citations
// quoted, and warns about citations that do not resolve.
func printRelations(f *Factory, rows []ops.RelationRow) {
	bad := 0
	for i, r := range rows {
		if i > 0 {
			fmt.Fprintln(f.IO.Out)
		}
		fmt.Fprintf(f.IO.Out, "%s (%s → %s, %s)\n", termSafe(r.Sentence), termSafe(r.From), termSafe(r.To), termSafe(r.As))
		if r.Note != "" {
			fmt.Fprintf(f.IO.Out, "  note: %s\n", termSafe(r.Note))
		}
		if len(r.Evidence) == 0 {
			fmt.Fprintln(f.IO.Out, "  no evidence cited")
		}
		for _, ev := range r.Evidence {
			where := ev.Ref
			if ev.Coding != "" {
				where = "coding " + ev.Coding
				if ev.Ref != "" {
					where += " at " + ev.Ref
				}
				if ev.Code != "" {
					where += ", " + ev.Code
				}
			}
			if ev.Problem != "" {
				bad++
				fmt.Fprintf(f.IO.Out, "  - %s: cannot be quoted: %s\n", termSafe(ev.Cite), termSafe(ev.Problem))
				continue
			}
			fmt.Fprintf(f.IO.Out, "  - “%s” (%s)\n", termSafe(ev.Quote), termSafe(where))
		}
	}
	if bad > 0 {
		fmt.Fprintf(f.IO.ErrOut, "warning: %d citation(s) cannot be quoted (listed above); remove it with 'grounded relate uncite A B REF'\n", bad)
	}
}

// NewCmdRelateUncite builds 'grounded relate uncite A B REF... [--as LABEL]'.
func NewCmdRelateUncite(f *Factory) *cobra.Command {
	var as string
	cmd := &cobra.Command{
		Use:   "uncite A B REF... [--as LABEL]",
		Short: "Remove citations from a relation's evidence (undoable)",
		Long: `Remove coding ids or passages from the evidence the relation from A to B
cites, as 'grounded relate list' shows them. When A and B have several
relations, --as names the one. 'grounded undo' puts them back.`,
		Example: `  grounded relate uncite "Building Trust" "Fostering the Relationship" 9f2c4a1b7e30 --as condition
  grounded relate uncite "Building Trust" "Fostering the Relationship" P03#12:40-96 --reason "P03 speaks of another program"`,
		Args: minArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			var res coding.UnciteResult
			_, err := change(f, "", "relate uncite", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.Uncite(f.ctx(), e, coding.UnciteRequest{From: args[0], To: args[1], As: as, Cites: args[2:]})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Removed %s from the evidence of: %s; %d citation(s) left ('grounded undo' puts them back).\n",
				termSafe(strings.Join(res.Removed, ", ")), termSafe(coding.RelationSentence(res.Relation)), len(res.Relation.Evidence))
			return nil
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "the label of the relation, when A and B have several")
	return cmd
}
