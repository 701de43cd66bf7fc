package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdNegative builds 'grounded negative'.
func NewCmdNegative(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "negative",
		Aliases: []string{"negatives"},
		Short:   "Record negative cases: passages that challenge a stage or category",
		Long: `A negative case is a passage or an interview that does not fit the model: a
later stage without the earlier one, trust that is never "finished". It is
kept as a memo of type negative-case and shown by 'grounded model check'
beside the stage it challenges. A code can also be marked as disconfirming a
stage with 'grounded code describe CODE --disconfirms STAGE'.`,
		Example: `  grounded negative add P04#12 --against "Building Trust" -m "Trust is rebuilt after every crisis."
  grounded negative list
  grounded negative rm 2026-11-27-3fa9c1`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(NewCmdNegativeAdd(f, nil), NewCmdNegativeList(f, nil), NewCmdNegativeRemove(f, nil))
	return cmd
}

// NegativeAddOptions are the options of 'grounded negative add'.
type NegativeAddOptions struct {
	F                 *Factory
	Ref, Against, Why string
}

// NewCmdNegativeAdd builds 'grounded negative add'.
func NewCmdNegativeAdd(f *Factory, runF func(*NegativeAddOptions) error) *cobra.Command {
	opts := &NegativeAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add REF --against STAGE|CATEGORY -m WHY",
		Short: "Record that a passage or interview challenges a stage or category",
		Long: `REF is a passage (SRC#N or SRC#N:START-END) or a whole source (SRC).
--against names a stage of the core or a category; -m says why.`,
		Example: `  grounded negative add P04#12 --against "Building Trust" -m "Trust is rebuilt after every crisis."
  grounded negative add P09 --against "Reciprocity" -m "No reciprocity in the whole interview."`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if opts.Against == "" {
				return usageErrorf("give the stage or category it challenges with --against")
			}
			if opts.Why == "" {
				return usageErrorf("say why with -m WHY")
			}
			if runF != nil {
				return runF(opts)
			}
			var res coding.NegativeResult
			_, err := change(f, "", "negative add", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.AddNegativeCase(f.ctx(), e, coding.NegativeRequest{Ref: opts.Ref, Against: opts.Against, Why: opts.Why})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			_, against, _ := coding.NegativeCaseOf(res.Memo)
			fmt.Fprintf(f.IO.Out, "Negative case %s: %s against %q (memo %s).\n", res.Memo.ID, res.Memo.Target.Name, against, project.MemoRel(res.Memo.ID))
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Against, "against", "", "the stage or category the passage challenges")
	cmd.Flags().StringVarP(&opts.Why, "message", "m", "", "why it challenges it")
	_ = cmd.RegisterFlagCompletionFunc("against", completeCategories(f))
	return cmd
}

// NegativeListOptions are the options of 'grounded negative list'.
type NegativeListOptions struct {
	F    *Factory
	JSON bool
}

// negativeRow is a negative case as listed.
type negativeRow struct {
	ID string `json:"id"`
	model.NegativeCase
}

// NewCmdNegativeList builds 'grounded negative list'.
func NewCmdNegativeList(f *Factory, runF func(*NegativeListOptions) error) *cobra.Command {
	opts := &NegativeListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list [--json]",
		Aliases: []string{"ls"},
		Short:   "List the negative cases",
		Example: `  grounded negative list
  grounded negative list --json | jq '.[] | select(.against == "Building Trust")'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			var rows []negativeRow
			err := readLocked(f, func(p *project.Project) error {
				ms, err := p.ListMemos()
				if err != nil {
					return err
				}
				rows = negativeRows(ms)
				return nil
			})
			if err != nil {
				return err
			}
			if opts.JSON {
				return writeJSON(f.IO.Out, rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(f.IO.ErrOut, "No negative cases yet: 'grounded negative add REF --against STAGE -m WHY' records one.")
				return nil
			}
			t := newTable(f.IO, "ID", "REF", "AGAINST", "AUTHOR", "WHY")
			for _, r := range rows {
				t.add(r.ID, r.Ref, r.Against, r.Author, firstLine(r.Why))
			}
			return t.render(f.IO.Out)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, ref, against, why, author}]")
	return cmd
}

func negativeRows(ms []coding.Memo) []negativeRow {
	rows := []negativeRow{}
	for _, m := range coding.NegativeCases(ms) {
		ref, against, _ := coding.NegativeCaseOf(m)
		rows = append(rows, negativeRow{ID: m.ID, NegativeCase: model.NegativeCase{Ref: ref, Against: against, Why: m.Body, Author: m.Author}})
	}
	return rows
}

// NegativeRemoveOptions are the options of 'grounded negative rm'.
type NegativeRemoveOptions struct {
	F  *Factory
	ID string
}

// NewCmdNegativeRemove builds 'grounded negative rm'.
func NewCmdNegativeRemove(f *Factory, runF func(*NegativeRemoveOptions) error) *cobra.Command {
	opts := &NegativeRemoveOptions{F: f}
	cmd := &cobra.Command{
		Use:     "rm ID",
		Aliases: []string{"remove"},
		Short:   "Remove a negative case (by its memo id)",
		Example: `  grounded negative rm 2026-11-27-3fa9c1
  grounded undo    # puts it back`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			var res coding.NegativeResult
			_, err := change(f, "", "negative rm", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.RemoveNegativeCase(f.ctx(), e, opts.ID)
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Negative case %s removed ('grounded undo' puts it back).\n", res.Memo.ID)
			return nil
		},
	}
	return cmd
}

// firstLine is the first line of s, for a table cell.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}
