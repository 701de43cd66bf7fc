package cli

import (
	"fmt"
	"slices"
	"strings"
	"time"

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
	cmd.AddCommand(NewCmdMemoEdit(f, nil), NewCmdMemoRm(f, nil)) // memo_edit.go
	return cmd
}

// MemoAddOptions are the options of 'grounded memo add'.
type MemoAddOptions struct {
	F                                *Factory
	Codes, Categories, Sources, Refs []string
	Type                             string
	Links                            []string
	Text, File                       string
	JSON                             bool
}

// NewCmdMemoAdd builds 'grounded memo add'.
func NewCmdMemoAdd(f *Factory, runF func(*MemoAddOptions) error) *cobra.Command {
	opts := &MemoAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add [--code C]... [--category C]... [--source S]... [--ref R]... [--type T] [--link ID]... (-m TEXT | --file F)",
		Short: "Write a memo about codes, categories, sources, passages or the project",
		Long: `Write a memo. A memo may be about any number of codes, categories, sources
and passages (repeat --code, --category, --source, --ref), or about the
project when none is given; every one must exist. --type is one of
` + strings.Join(coding.MemoTypes, ", ") + `.
--link names another memo this one builds on (repeatable; it must exist).`,
		Example: `  grounded memo add --code "Showing up" -m "Reliability seems to come before disclosure here."
  grounded memo add --category "Building Trust" --file notes/trust.md
  grounded memo add --type negative-case --ref 'P03#12' --ref 'P05#4:0-80' --code "Showing up" \
      --link 2026-11-25-3fa9c1 -m "Two who never felt judged, yet did not come back."
  grounded memo add --type reflexive -m "My own years in services colour how I hear P02." --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Text == "" && opts.File == "" {
				return usageErrorf("give the memo's text with -m TEXT or --file F (- for standard input)")
			}
			if runF != nil {
				return runF(opts)
			}
			return memoAddRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Codes, "code", nil, "a code the memo is about (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Categories, "category", nil, "a category the memo is about (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Sources, "source", nil, "a source the memo is about (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Refs, "ref", nil, "a passage the memo is about, SRC#N or SRC#N:S-E (repeatable)")
	cmd.Flags().StringVar(&opts.Type, "type", "", "the memo's type: "+strings.Join(coding.MemoTypes, ", "))
	cmd.Flags().StringArrayVar(&opts.Links, "link", nil, "the id of a memo this one builds on (repeatable)")
	cmd.Flags().StringVarP(&opts.Text, "message", "m", "", "the memo's text (Markdown)")
	cmd.Flags().StringVar(&opts.File, "file", "", "read the memo's text from a file (- for standard input)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the memo made as JSON: {id, type, targets, links, author, created}")
	_ = cmd.RegisterFlagCompletionFunc("code", completeCodes(f))
	_ = cmd.RegisterFlagCompletionFunc("category", completeCategories(f))
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions(coding.MemoTypes, cobra.ShellCompDirectiveNoFileComp))
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
		res, err = coding.AddMemo(f.ctx(), e, coding.MemoRequest{Codes: opts.Codes, Categories: opts.Categories,
			Sources: opts.Sources, Refs: opts.Refs, Type: opts.Type, Links: opts.Links, Body: body})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	m := res.Memo
	if opts.JSON {
		return writeJSON(f.IO.Out, memoMade(m))
	}
	fmt.Fprintf(f.IO.Out, "Memo %s on %s saved in %s.\n", m.ID, memoTargets(m), project.MemoRel(m.ID))
	return nil
}

// memoJSON is a memo as 'memo add --json' prints it.
type memoJSON struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Targets []coding.Target `json:"targets"`
	Links   []string        `json:"links"`
	Author  string          `json:"author"`
	Created time.Time       `json:"created"`
}

func memoMade(m coding.Memo) memoJSON {
	links := m.Links
	if links == nil {
		links = []string{}
	}
	return memoJSON{ID: m.ID, Type: m.Type, Targets: m.AllTargets(), Links: links, Author: m.Author, Created: m.Created.UTC()}
}

// memoTargets lists what a memo is about.
func memoTargets(m coding.Memo) string {
	var ts []string
	for _, t := range m.AllTargets() {
		ts = append(ts, t.String())
	}
	return strings.Join(ts, ", ")
}

// MemoListOptions are the options of 'grounded memo list'.
type MemoListOptions struct {
	F                    *Factory
	Target, Type, Author string
	JSON                 bool
}

// NewCmdMemoList builds 'grounded memo list'.
func NewCmdMemoList(f *Factory, runF func(*MemoListOptions) error) *cobra.Command {
	opts := &MemoListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list [--target X] [--type T] [--author A]",
		Aliases: []string{"ls"},
		Short:   "List memos",
		Long: `List memos, oldest first. --target selects memos about X among their targets:
project, code:NAME, category:NAME, source:ID, ref:REF, a passage (P01#4), or
a bare name (a code, category or source of that name). --type selects a type
(untyped: memos without one); --author a coder.`,
		Example: `  grounded memo list
  grounded memo list --target "Showing up" --type negative-case
  grounded memo list --target 'ref:P03#12' --author alice --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Type != "" && opts.Type != "untyped" && !slices.Contains(coding.MemoTypes, opts.Type) {
				return usageErrorf("--type %q is not one of %s, untyped", opts.Type, strings.Join(coding.MemoTypes, ", "))
			}
			if runF != nil {
				return runF(opts)
			}
			return readLocked(f, func(p *project.Project) error {
				memos, err := p.ListMemos()
				if err != nil {
					return err
				}
				memos = coding.FilterMemosAbout(memos, opts.Target, coding.MemoFilter{Type: opts.Type, Author: opts.Author})
				if opts.JSON {
					if memos == nil {
						memos = []coding.Memo{}
					}
					return writeJSON(f.IO.Out, memos)
				}
				if len(memos) == 0 {
					if opts.Target != "" || opts.Type != "" || opts.Author != "" {
						fmt.Fprintln(f.IO.ErrOut, "No memos match.")
						return nil
					}
					fmt.Fprintln(f.IO.ErrOut, "No memos yet: 'grounded memo add -m TEXT' writes one.")
					return nil
				}
				t := newTable(f.IO, "ID", "TYPE", "TARGET", "AUTHOR", "CREATED", "TITLE")
				for _, m := range memos {
					t.add(m.ID, m.Type, memoTargets(m), m.Author, m.Created.Format("2006-01-02 15:04"), m.Title())
				}
				return t.render(f.IO.Out)
			})
		},
	}
	cmd.Flags().StringVar(&opts.Target, "target", "", "only memos about this (project, code:NAME, category:NAME, source:ID, ref:REF, or a name)")
	cmd.Flags().StringVar(&opts.Type, "type", "", "only memos of this type ("+strings.Join(coding.MemoTypes, ", ")+", untyped)")
	cmd.Flags().StringVar(&opts.Author, "author", "", "only memos by this coder")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, target: {kind, name}, author, created, type, targets, links, body}]")
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
				typ := ""
				if m.Type != "" {
					typ = "  (" + m.Type + ")"
				}
				fmt.Fprintf(f.IO.Out, "%s%s  on %s  by %s  %s\n", f.IO.Style(ansiBold, m.ID), typ, termSafe(memoTargets(m)), termSafe(m.Author), m.Created.Format("2006-01-02 15:04"))
				if len(m.Links) > 0 {
					fmt.Fprintf(f.IO.Out, "builds on: %s\n", strings.Join(m.Links, ", "))
				}
				fmt.Fprintf(f.IO.Out, "\n%s\n", termSafe(m.Body))
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
