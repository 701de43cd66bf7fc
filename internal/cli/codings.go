package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdCodings builds 'grounded codings'.
func NewCmdCodings(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "codings",
		Short: "List codings (which code, where, by whom)",
		Args:  exactArgs(0),
	}
	cmd.AddCommand(NewCmdCodingsList(f, nil))
	return cmd
}

// CodingsListOptions are the options of 'grounded codings list'.
type CodingsListOptions struct {
	F           *Factory
	Code        string
	Source      string
	Participant string
	CoderFilter string
	Orphaned    bool
	JSON        bool
}

// NewCmdCodingsList builds 'grounded codings list'.
func NewCmdCodingsList(f *Factory, runF func(*CodingsListOptions) error) *cobra.Command {
	opts := &CodingsListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List codings, filtered by code, source, participant or coder",
		Long: `List codings. start and end are code points inside the turn's text (end
exclusive) and quote is exactly that slice of it.`,
		Example: `  grounded codings list --code "Showing up"
  grounded codings list --source P01 --by alice --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return codingsListRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Code, "code", "", "only this code")
	cmd.Flags().StringVar(&opts.Source, "source", "", "only this source")
	cmd.Flags().StringVar(&opts.Participant, "participant", "", "only this participant's sources")
	cmd.Flags().StringVar(&opts.CoderFilter, "by", "", "only this coder's codings (--coder also works when no change is made)")
	cmd.Flags().BoolVar(&opts.Orphaned, "orphaned", false, "only codings whose quote was lost when their transcript was replaced")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, code, ref, source, turn, start, end, quote, coder, created}]")
	return cmd
}

func codingsListRun(opts *CodingsListOptions) error {
	f := opts.F
	by := opts.CoderFilter
	if by == "" {
		by = f.Coder
	}
	return readLocked(f, func(p *project.Project) error {
		cs, err := p.VisibleCodings(opts.Source)
		if err != nil {
			return err
		}
		var partSrc map[string]bool
		if opts.Participant != "" {
			srcs, err := p.ListSources()
			if err != nil {
				return err
			}
			partSrc = map[string]bool{}
			for _, s := range srcs {
				if s.Participant == opts.Participant {
					partSrc[s.ID] = true
				}
			}
		}
		keep := func(c coding.Coding) bool {
			return !(opts.Code != "" && codebook.Key(c.Code) != codebook.Key(opts.Code) ||
				partSrc != nil && !partSrc[c.Source] ||
				by != "" && !strings.EqualFold(c.Coder, by) ||
				opts.Orphaned && !c.Orphaned)
		}
		if opts.JSON {
			j := newCodingsJSONWriter(f.IO.Out) // codings_json.go
			for _, c := range cs {
				if keep(c) {
					j.add(toJSON(c))
				}
			}
			return j.close()
		}
		t := newTable(f.IO, "ID", "CODE", "REF", "CODER", "QUOTE")
		t.grow(len(cs))
		for _, c := range cs {
			if !keep(c) {
				continue
			}
			ref := c.Ref().String()
			if c.Orphaned {
				ref += " (orphaned)"
			}
			t.addStrings(c.ID, c.Code, ref, c.Coder, shorten(c.Quote, 60))
		}
		if len(t.rows) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "No codings match.")
			return nil
		}
		return t.render(f.IO.Out)
	})
}

// UncodeOptions are the options of 'grounded uncode'.
type UncodeOptions struct {
	F   *Factory
	IDs []string
}

// NewCmdUncode builds 'grounded uncode'.
func NewCmdUncode(f *Factory, runF func(*UncodeOptions) error) *cobra.Command {
	opts := &UncodeOptions{F: f}
	return &cobra.Command{
		Use:     "uncode CODING-ID...",
		Short:   "Remove codings by their ids",
		Long:    `Remove codings by id ('grounded codings list' shows ids), whoever made them. 'grounded undo' brings them back.`,
		Example: `  grounded uncode 3fa9c1d2e4b7`,
		Args:    minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IDs = args
			if runF != nil {
				return runF(opts)
			}
			return uncodeRun(opts)
		},
	}
}

func uncodeRun(opts *UncodeOptions) error {
	f := opts.F
	var res coding.UncodeResult
	_, err := change(f, "", "uncode", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.UncodeIDs(f.ctx(), e, coding.UncodeIDsRequest{IDs: opts.IDs})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	removed := res.Removed
	for _, c := range removed {
		fmt.Fprintf(f.IO.Out, "Removed %s: %q at %s by %s.\n", c.ID, c.Code, c.Ref(), c.Coder)
	}
	return nil
}
