package cli

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdAttributes builds 'grounded attributes'.
func NewCmdAttributes(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "attributes",
		Aliases: []string{"attrs", "participants"},
		Short:   "Import and list participant attributes",
		Args:    exactArgs(0),
	}
	cmd.AddCommand(NewCmdAttributesImport(f, nil), NewCmdAttributesList(f, nil))
	return cmd
}

// AttributesImportOptions are the options of 'grounded attributes import'.
type AttributesImportOptions struct {
	F    *Factory
	File string
}

// NewCmdAttributesImport builds 'grounded attributes import'.
func NewCmdAttributesImport(f *Factory, runF func(*AttributesImportOptions) error) *cobra.Command {
	opts := &AttributesImportOptions{F: f}
	return &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import participant attributes from a CSV file",
		Long: `Import participant attributes from CSV. The first column is the participant id;
the header row names the attributes (for example role, setting,
years_in_recovery, gender). Values are stored as text. Importing again
updates values and adds new participants and attributes; an empty cell leaves
a value unrecorded. Participants without a transcript yet are kept (cases
often arrive before their interviews) and reported.`,
		Example: `  grounded attributes import participants.csv`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return attributesImportRun(opts)
		},
	}
}

func attributesImportRun(opts *AttributesImportOptions) error {
	f := opts.F
	data, err := project.ReadInputFile(opts.File, corpus.MaxFileSize)
	if err != nil {
		return err
	}
	table, err := corpus.ParseAttributesCSV(opts.File, data)
	if err != nil {
		return err
	}
	var res ops.AttributesResult
	_, err = change(f, "", "attributes import", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.ImportAttributes(f.ctx(), e, ops.AttributesRequest{File: opts.File, Table: table})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	added, updated, without := res.Added, res.Updated, res.Without
	fmt.Fprintf(f.IO.Out, "Imported %d participants from %s: %d added, %d updated; attributes: %v\n", len(table.Rows), opts.File, added, updated, table.Attributes)
	if len(without) > 0 {
		fmt.Fprintf(f.IO.Out, "No transcript yet for: %v (kept; they will be linked when ingested)\n", without)
	}
	return nil
}

// AttributesListOptions are the options of 'grounded attributes list'.
type AttributesListOptions struct {
	F    *Factory
	JSON bool
}

// NewCmdAttributesList builds 'grounded attributes list'.
func NewCmdAttributesList(f *Factory, runF func(*AttributesListOptions) error) *cobra.Command {
	opts := &AttributesListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List participants and their attributes",
		Example: `  grounded attributes list
  grounded attributes list --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return attributesListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, attributes, sources}]")
	return cmd
}

func attributesListRun(opts *AttributesListOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		ps, err := p.ReadParticipants()
		if err != nil {
			return err
		}
		srcs, err := p.ListSources()
		if err != nil {
			return err
		}
		bySrc := map[string][]string{}
		for _, s := range srcs {
			bySrc[s.Participant] = append(bySrc[s.Participant], s.ID)
		}
		// Participants with transcripts but no attributes are listed too.
		list := slices.Clone(ps.List)
		for id := range bySrc {
			if ps.Get(id) == nil {
				list = append(list, corpus.Participant{ID: id, Attributes: map[string]string{}})
			}
		}
		slices.SortFunc(list, func(a, b corpus.Participant) int { return project.CompareIDs(a.ID, b.ID) })
		type row struct {
			ID         string            `json:"id"`
			Attributes map[string]string `json:"attributes"`
			Sources    []string          `json:"sources"`
		}
		var rows []row
		for _, pt := range list {
			s := bySrc[pt.ID]
			if s == nil {
				s = []string{}
			}
			rows = append(rows, row{pt.ID, pt.Attributes, s})
		}
		if opts.JSON {
			if rows == nil {
				rows = []row{}
			}
			return writeJSON(f.IO.Out, rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "No participants yet: 'grounded attributes import FILE.csv' adds them.")
			return nil
		}
		header := append([]string{"PARTICIPANT"}, upper(ps.Attributes)...)
		header = append(header, "SOURCES")
		t := newTable(f.IO, header...)
		for _, r := range rows {
			cells := []any{r.ID}
			for _, a := range ps.Attributes {
				cells = append(cells, r.Attributes[a])
			}
			cells = append(cells, fmt.Sprint(len(r.Sources)))
			t.add(cells...)
		}
		return t.render(f.IO.Out)
	})
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}

func sortedAttrKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
