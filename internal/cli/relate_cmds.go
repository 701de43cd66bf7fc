package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// relateSubcommands are 'grounded relate list' and 'relate rm'.
func relateSubcommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdRelateList(f), NewCmdRelateRm(f)}
}

// NewCmdRelateList builds 'grounded relate list'.
func NewCmdRelateList(f *Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the relations between categories, in words",
		Example: `  grounded relate list
  grounded relate list --json | jq -r '.[].sentence'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return readLocked(f, func(p *project.Project) error {
				cb, err := p.ReadCodebook()
				if err != nil {
					return err
				}
				type row struct {
					From     string `json:"from"`
					To       string `json:"to"`
					As       string `json:"as"`
					Note     string `json:"note,omitempty"`
					Sentence string `json:"sentence"`
				}
				rows := []row{}
				for _, r := range cb.Relations {
					rows = append(rows, row{r.From, r.To, r.As, r.Note, coding.RelationSentence(*r)})
				}
				if asJSON {
					return writeJSON(f.IO.Out, rows)
				}
				if len(rows) == 0 {
					fmt.Fprintln(f.IO.ErrOut, "No relations yet: 'grounded relate A B --as LABEL' records one.")
					return nil
				}
				t := newTable(f.IO, "FROM", "AS", "TO", "IN WORDS")
				for _, r := range rows {
					t.add(r.From, r.As, r.To, r.Sentence)
				}
				return t.render(f.IO.Out)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: [{from, to, as, note, sentence}]")
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
