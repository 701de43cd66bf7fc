package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdMemo builds 'grounded memo'.
func NewCmdMemo(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "memo",
		Aliases: []string{"memos"},
		Short:   "Write and read memos",
		Long: `Memos are the researcher's analytic notes, the other half of grounded theory.
Each is a Markdown file in memos/ with YAML front matter (target, author,
created), readable on GitHub and in any editor.`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(NewCmdMemoAdd(f, nil), NewCmdMemoList(f, nil), NewCmdMemoShow(f, nil))
	return cmd
}

// MemoAddOptions are the options of 'grounded memo add'.
type MemoAddOptions struct {
	F                           *Factory
	Code, Category, Source, Ref string
	Text, File                  string
}

// NewCmdMemoAdd builds 'grounded memo add'.
func NewCmdMemoAdd(f *Factory, runF func(*MemoAddOptions) error) *cobra.Command {
	opts := &MemoAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add [--code C | --category C | --source S | --ref R] (-m TEXT | --file F)",
		Short: "Write a memo about a code, category, source, passage or the project",
		Example: `  grounded memo add --code "Showing up" -m "Reliability seems to come before disclosure here."
  grounded memo add --category "Building Trust" --file notes/trust.md
  grounded memo add -m "Saturation of stage 1 after P06?"`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			for _, v := range []string{opts.Code, opts.Category, opts.Source, opts.Ref} {
				if v != "" {
					n++
				}
			}
			if n > 1 {
				return usageErrorf("a memo has one target: give one of --code, --category, --source, --ref")
			}
			if opts.Text == "" && opts.File == "" {
				return usageErrorf("give the memo's text with -m TEXT or --file F (- for standard input)")
			}
			if runF != nil {
				return runF(opts)
			}
			return memoAddRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Code, "code", "", "the code the memo is about")
	cmd.Flags().StringVar(&opts.Category, "category", "", "the category the memo is about")
	cmd.Flags().StringVar(&opts.Source, "source", "", "the source the memo is about")
	cmd.Flags().StringVar(&opts.Ref, "ref", "", "the passage the memo is about (SRC#N or SRC#N:S-E)")
	cmd.Flags().StringVarP(&opts.Text, "message", "m", "", "the memo's text (Markdown)")
	cmd.Flags().StringVar(&opts.File, "file", "", "read the memo's text from a file (- for standard input)")
	_ = cmd.RegisterFlagCompletionFunc("code", completeCodes(f))
	_ = cmd.RegisterFlagCompletionFunc("category", completeCategories(f))
	return cmd
}

func memoAddRun(opts *MemoAddOptions) error {
	f := opts.F
	body, err := readText(f.IO.In, opts.Text, opts.File)
	if err != nil {
		return err
	}
	if strings.TrimSpace(body) == "" {
		return usageErrorf("the memo is empty")
	}
	var res coding.MemoResult
	_, err = change(f, "", "memo add", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.AddMemo(f.ctx(), e, coding.MemoRequest{Code: opts.Code, Category: opts.Category, Source: opts.Source, Ref: opts.Ref, Body: body})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	m := res.Memo
	fmt.Fprintf(f.IO.Out, "Memo %s on %s saved in %s.\n", m.ID, m.Target, project.MemoRel(m.ID))
	return nil
}

// MemoListOptions are the options of 'grounded memo list'.
type MemoListOptions struct {
	F    *Factory
	JSON bool
}

// NewCmdMemoList builds 'grounded memo list'.
func NewCmdMemoList(f *Factory, runF func(*MemoListOptions) error) *cobra.Command {
	opts := &MemoListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List memos",
		Example: `  grounded memo list
  grounded memo list --json | jq '.[] | select(.target.kind == "code")'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return readLocked(f, func(p *project.Project) error {
				memos, err := p.ListMemos()
				if err != nil {
					return err
				}
				if opts.JSON {
					if memos == nil {
						memos = []coding.Memo{}
					}
					return writeJSON(f.IO.Out, memos)
				}
				if len(memos) == 0 {
					fmt.Fprintln(f.IO.ErrOut, "No memos yet: 'grounded memo add -m TEXT' writes one.")
					return nil
				}
				t := newTable(f.IO, "ID", "TARGET", "AUTHOR", "CREATED", "TITLE")
				for _, m := range memos {
					t.add(m.ID, m.Target.String(), m.Author, m.Created.Format("2006-01-02 15:04"), m.Title())
				}
				return t.render(f.IO.Out)
			})
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, target: {kind, name}, author, created, body}]")
	return cmd
}

// NewCmdMemoShow builds 'grounded memo show'.
func NewCmdMemoShow(f *Factory, runF func(id string, asJSON bool) error) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show ID",
		Short:   "Print a memo",
		Example: `  grounded memo show 2026-11-25-3fa9c1`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(args[0], asJSON)
			}
			return readLocked(f, func(p *project.Project) error {
				m, err := p.ReadMemo(args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(f.IO.Out, m)
				}
				fmt.Fprintf(f.IO.Out, "%s  on %s  by %s  %s\n\n%s\n", f.IO.Style(ansiBold, m.ID), m.Target, m.Author, m.Created.Format("2006-01-02 15:04"), termSafe(m.Body))
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
