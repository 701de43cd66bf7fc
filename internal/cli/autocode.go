package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/project"
)

// AutocodeOptions are the options of 'grounded autocode'.
type AutocodeOptions struct {
	F     *Factory
	Code  string
	Query string
	turnFilters
	DryRun bool
}

// NewCmdAutocode builds 'grounded autocode'.
func NewCmdAutocode(f *Factory, runF func(*AutocodeOptions) error) *cobra.Command {
	opts := &AutocodeOptions{F: f}
	cmd := &cobra.Command{
		Use:   "autocode CODE --query QUERY",
		Short: "Code every turn that a search matches",
		Long: `Apply CODE to every whole turn that QUERY matches (the query syntax of

'grounded search', filtered as search filters: --participant, --speaker,
--attr KEY=VALUE and --role). Use --dry-run first to see the turns, with the
matched words in context. Turns already coded with CODE by you are left
alone. 'grounded undo' reverts it.`,
		Example: `  grounded autocode "Warm handoff" --query '"warm handoff" handoff' --speaker "Jordan Lee" --dry-run
  grounded autocode "Warm handoff" --query '"warm handoff"' --participant P01
  grounded autocode "Trust" --query trust --role participant --attr setting=Hospital --dry-run`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Code = args[0]
			if opts.Query == "" {
				return usageErrorf("autocode needs --query QUERY")
			}
			if err := checkTurnFilters(opts.Attrs, opts.Roles); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return autocodeRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Query, "query", "", "the search query (required)")
	addTurnFilterFlags(cmd, &opts.turnFilters)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "list the turns that would be coded, change nothing")
	return cmd
}

func autocodeRun(opts *AutocodeOptions) error {
	f := opts.F
	p, err := f.Project()
	if err != nil {
		return err
	}
	search := func() ([]index.Hit, error) {
		q := index.Query{Text: opts.Query}
		none, err := resolveTurnFilters(p, opts.turnFilters, &q)
		if err != nil || none {
			return nil, err
		}
		ix, err := f.openIndex(p)
		if err != nil {
			return nil, err
		}
		defer ix.Close()
		res, err := ix.Search(q)
		if err != nil {
			return nil, err
		}
		return res.Hits, nil
	}
	if opts.DryRun {
		lock, err := p.RLock()
		if err != nil {
			return err
		}
		defer lock.Unlock()
		hits, err := search()
		if err != nil {
			return err
		}
		for _, h := range hits {
			head := f.IO.Style(ansiCyan, h.Ref)
			if h.Speaker != "" {
				head += " " + f.IO.Style(ansiBold, termSafe(h.Speaker))
			}
			fmt.Fprintln(f.IO.Out, head)
			fmt.Fprintln(f.IO.Out, "  "+kwic(f.IO, h.Text, h.Highlights))
		}
		fmt.Fprintf(f.IO.Out, "%d turn(s) would be coded %q (dry run: nothing changed).\n", len(hits), opts.Code)
		return nil
	}
	var res coding.ApplyResult
	_, err = change(f, "", "autocode", func(e *project.Edit) (string, error) {
		hits, err := search()
		if err != nil {
			return "", err
		}
		// Autocode is code add with the turns the search found.
		refs := make([]string, len(hits))
		for i, h := range hits {
			refs[i] = corpus.Ref{Source: h.Source, Turn: h.Turn}.String()
		}
		res, err = coding.Apply(f.ctx(), e, coding.ApplyRequest{Code: opts.Code, Refs: refs, Memo: "autocode: " + opts.Query})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("autocoded %d turn(s) matching %q as %q", len(res.Made), opts.Query, res.Code), nil
	})
	if err != nil {
		return err
	}
	made, dups, name := len(res.Made), res.Duplicates, res.Code
	fmt.Fprintf(f.IO.Out, "Coded %d turn(s) as %q", made, name)
	if dups > 0 {
		fmt.Fprintf(f.IO.Out, " (%d already coded)", dups)
	}
	fmt.Fprintln(f.IO.Out, ".")
	return nil
}
