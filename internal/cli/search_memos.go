package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/project"
)

// memoSearchFlags are the flags of 'grounded search --memos'.
type memoSearchFlags struct {
	On                   bool
	Type, Author, Target string
}

func addMemoSearchFlags(cmd *cobra.Command, m *memoSearchFlags) {
	cmd.Flags().BoolVar(&m.On, "memos", false, "search the memos instead of the transcripts")
	cmd.Flags().StringVar(&m.Type, "type", "", "with --memos: only memos of this type ("+strings.Join(coding.MemoTypes, ", ")+", untyped)")
	cmd.Flags().StringVar(&m.Author, "author", "", "with --memos: only memos by this coder")
	cmd.Flags().StringVar(&m.Target, "target", "", "with --memos: only memos about this (as 'memo list --target')")
}

// checkMemoSearch refuses the turn filters with --memos, and the memo
// filters without it.
func checkMemoSearch(opts *SearchOptions) error {
	m := opts.Memos
	if !m.On {
		for _, fl := range []struct{ flag, v string }{{"--type", m.Type}, {"--author", m.Author}, {"--target", m.Target}} {
			if fl.v != "" {
				return usageErrorf("%s selects memos: add --memos to search them", fl.flag)
			}
		}
		return nil
	}
	for _, fl := range []struct {
		flag string
		n    int
	}{{"--participant", len(opts.Participants)}, {"--speaker", len(opts.Speakers)}, {"--attr", len(opts.Attrs)},
		{"--role", len(opts.Roles)}, {"--code", len(opts.Codes)}} {
		if fl.n > 0 {
			return usageErrorf("%s selects turns, not memos; with --memos use --type, --author or --target", fl.flag)
		}
	}
	if m.Type != "" && m.Type != "untyped" && !slices.Contains(coding.MemoTypes, m.Type) {
		return usageErrorf("--type %q is not one of %s, untyped", m.Type, strings.Join(coding.MemoTypes, ", "))
	}
	return nil
}

// searchMemosRun is 'grounded search --memos': the memos' text searched
// with the transcripts' query syntax, stems and phrases
// (index.SearchMemos).
func searchMemosRun(opts *SearchOptions) error {
	f := opts.F
	var res *index.MemoResult
	err := readLocked(f, func(p *project.Project) error {
		memos, err := p.ListMemos()
		if err != nil {
			return err
		}
		memos = coding.FilterMemosAbout(memos, opts.Memos.Target, coding.MemoFilter{Type: opts.Memos.Type, Author: opts.Memos.Author})
		res, err = index.SearchMemos(memos, index.MemoQuery{Text: opts.Query, Limit: opts.Limit})
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, res)
	}
	if res.Total == 0 {
		fmt.Fprintf(f.IO.ErrOut, "No memos match %q.\n", opts.Query)
		return nil
	}
	plain := &IOStreams{} // the table marks hits [[like this]], never with colours
	t := newTable(f.IO, "MEMO", "TYPE", "AUTHOR", "TARGETS", "IN CONTEXT")
	for _, h := range res.Hits {
		t.add(h.Memo, h.Type, h.Author, strings.Join(h.Targets, ", "), kwic(plain, h.Text, h.Highlights))
	}
	if err := t.render(f.IO.Out); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "%d of %d matching memo(s)", len(res.Hits), res.Total)
	if uint64(len(res.Hits)) < res.Total {
		fmt.Fprint(f.IO.ErrOut, "; --limit 0 shows all")
	}
	fmt.Fprintln(f.IO.ErrOut, ".")
	return nil
}
