package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdCategory builds 'grounded category'.
func NewCmdCategory(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "category",
		Aliases: []string{"categories"},
		Short:   "Axial coding: group codes into categories",
		Args:    exactArgs(0),
	}
	cmd.AddCommand(NewCmdCategoryAdd(f, nil), NewCmdCategoryAssign(f, nil), NewCmdCategoryList(f, nil), NewCmdCategoryMove(f, nil), NewCmdCategoryRm(f, nil))
	return cmd
}

// CategoryAddOptions are the options of 'grounded category add'.
type CategoryAddOptions struct {
	F                         *Factory
	Name, Parent, Description string
}

// NewCmdCategoryAdd builds 'grounded category add'.
func NewCmdCategoryAdd(f *Factory, runF func(*CategoryAddOptions) error) *cobra.Command {
	opts := &CategoryAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a category, optionally under a parent category or stage",
		Example: `  grounded category add "Self-disclosure" --parent "Building Trust"
  grounded category add "Caring for the helper" --description "The PSW's own wellbeing"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			var res coding.CategoryResult
			_, err := change(f, "", "category add", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.AddCategory(f.ctx(), e, coding.CategoryRequest{Name: opts.Name, Parent: opts.Parent, Description: opts.Description})
				return res.Summary, err
			})
			name := res.Name
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Added category %q", name)
			if opts.Parent != "" {
				fmt.Fprintf(f.IO.Out, " under %q", opts.Parent)
			}
			fmt.Fprintln(f.IO.Out, ".")
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Parent, "parent", "", "parent category (or stage)")
	cmd.Flags().StringVar(&opts.Description, "description", "", "what the category means")
	_ = cmd.RegisterFlagCompletionFunc("parent", completeCategories(f))
	return cmd
}

// CategoryAssignOptions are the options of 'grounded category assign'.
type CategoryAssignOptions struct {
	F     *Factory
	Codes []string
	To    string
}

// NewCmdCategoryAssign builds 'grounded category assign'.
func NewCmdCategoryAssign(f *Factory, runF func(*CategoryAssignOptions) error) *cobra.Command {
	opts := &CategoryAssignOptions{F: f}
	cmd := &cobra.Command{
		Use:               "assign CODE... --to CATEGORY",
		Short:             "Put codes into a category",
		Long:              `Put codes into a category (a code is in at most one). --to "" takes them out of any category.`,
		Example:           `  grounded category assign "Sharing lived experience" "Being honest about limits" --to "Self-disclosure"`,
		Args:              minArgs(1),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Codes = args
			if !cmd.Flags().Changed("to") {
				return usageErrorf("category assign needs --to CATEGORY")
			}
			if runF != nil {
				return runF(opts)
			}
			var res coding.CategoryResult
			_, err := change(f, "", "category assign", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.AssignCategory(f.ctx(), e, coding.AssignRequest{Codes: opts.Codes, To: opts.To})
				return res.Summary, err
			})
			to := res.Name
			if err != nil {
				return err
			}
			if to == "" {
				fmt.Fprintf(f.IO.Out, "Took %d code(s) out of their categories.\n", len(opts.Codes))
			} else {
				fmt.Fprintf(f.IO.Out, "Assigned %d code(s) to %q.\n", len(opts.Codes), to)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.To, "to", "", "the category")
	_ = cmd.RegisterFlagCompletionFunc("to", completeCategories(f))
	return cmd
}

// NewCmdCategoryMove builds 'grounded category move'.
func NewCmdCategoryMove(f *Factory, runF func(name, parent string) error) *cobra.Command {
	var parent string
	cmd := &cobra.Command{
		Use:     "move CATEGORY --parent PARENT",
		Short:   "Move a category under another (or to the top with --parent \"\")",
		Example: `  grounded category move "Warm handoffs" --parent "Bridging to Services"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("parent") {
				return usageErrorf("category move needs --parent PARENT (\"\" for the top level)")
			}
			if runF != nil {
				return runF(args[0], parent)
			}
			where := fmt.Sprintf("under %q", parent)
			if parent == "" {
				where = "to the top level"
			}
			_, err := change(f, "", "category move", func(e *project.Edit) (string, error) {
				res, err := coding.MoveCategory(f.ctx(), e, coding.CategoryRequest{Name: args[0], Parent: parent})
				return res.Summary, err
			})
			if err == nil {
				fmt.Fprintf(f.IO.Out, "Moved %q %s.\n", args[0], where)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&parent, "parent", "", "the new parent")
	return cmd
}

// NewCmdCategoryRm builds 'grounded category rm'.
func NewCmdCategoryRm(f *Factory, runF func(name string) error) *cobra.Command {
	return &cobra.Command{
		Use:     "rm CATEGORY",
		Short:   "Delete a category; its codes and sub-categories move up to its parent",
		Example: `  grounded category rm "Misc"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(args[0])
			}
			_, err := change(f, "", "category rm", func(e *project.Edit) (string, error) {
				res, err := coding.DeleteCategory(f.ctx(), e, coding.CategoryRequest{Name: args[0]})
				return res.Summary, err
			})
			if err == nil {
				fmt.Fprintf(f.IO.Out, "Deleted category %q.\n", args[0])
			}
			return err
		},
	}
}

// CategoryListOptions are the options of 'grounded category list'.
type CategoryListOptions struct {
	F    *Factory
	JSON bool
	// Coders and Count choose whose codings count and how (model_process.go).
	Coders, Count string
}

// NewCmdCategoryList builds 'grounded category list'.
func NewCmdCategoryList(f *Factory, runF func(*CategoryListOptions) error) *cobra.Command {
	opts := &CategoryListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List categories with their parents, stages and codes",
		Long: `List the categories with their parent, stage, codes (directly in them) and
codings. CODINGS counts the codings of the codes in the category and in
every category below it, as the hierarchy does, so a stage counts all of
its categories. --coders LIST counts only those coders' codings; --count
passages counts a passage coded by several coders once.`,
		Example: `  grounded category list
  grounded category list --coders consensus --count passages
  grounded category list --json | jq '.[] | select(.stage == "Building Trust") | .name'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return categoryListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{name, parent, stage, level, description, provisional, codes, codings}]")
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "count only these coders' codings (comma-separated; default: all)")
	cmd.Flags().StringVar(&opts.Count, "count", "codings", "count codings or passages (a passage coded by several coders counts once)")
	return cmd
}

func categoryListRun(opts *CategoryListOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		cb, err := p.ReadCodebook()
		if err != nil {
			return err
		}
		cs, err := p.VisibleCodings("")
		if err != nil {
			return err
		}
		if cs, err = countedCodings(cs, splitList(opts.Coders), opts.Count); err != nil {
			return err
		}
		rolled := rolledUpCodings(cb, cs) // model_process.go
		type row struct {
			Name        string   `json:"name"`
			Parent      string   `json:"parent"`
			Stage       string   `json:"stage"`
			StageOrder  int      `json:"stage_order,omitempty"`
			Description string   `json:"description"`
			Provisional bool     `json:"provisional"`
			Codes       []string `json:"codes"`
			Codings     int      `json:"codings"`
		}
		rows := []row{}
		for _, c := range cb.Categories {
			r := row{Name: c.Name, Parent: c.Parent, Stage: cb.StageOf(c.Name), Description: c.Description, Provisional: c.Provisional, Codes: []string{}}
			if i := cb.StageIndex(c.Name); i >= 0 {
				r.StageOrder = i + 1
			}
			for _, code := range cb.CodesIn(c.Name) {
				r.Codes = append(r.Codes, code.Name)
			}
			r.Codings = rolled[codebook.Key(c.Name)]
			rows = append(rows, r)
		}
		if opts.JSON {
			return writeJSON(f.IO.Out, rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "No categories yet: 'grounded category add NAME' creates one.")
			return nil
		}
		if cb.Core != nil {
			fmt.Fprintf(f.IO.Out, "Core category: %s (stages: %s)\n\n", f.IO.Style(ansiBold, cb.Core.Name), strings.Join(cb.Core.Stages, " → "))
		}
		t := newTable(f.IO, "CATEGORY", "PARENT", "STAGE", "CODES", "CODINGS").alignRight(3, 4)
		for _, r := range rows {
			name := r.Name
			if r.Provisional {
				name += " (provisional)"
			}
			stage := r.Stage
			if r.StageOrder > 0 {
				stage = fmt.Sprintf("%d. %s", r.StageOrder, r.Stage)
			}
			t.add(name, r.Parent, stage, len(r.Codes), r.Codings)
		}
		return t.render(f.IO.Out)
	})
}

func completeCategories(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return completeFromCodebook(f, func(cb *codebook.Codebook) (names []string) {
		for _, c := range cb.Categories {
			names = append(names, c.Name)
		}
		return names
	})
}

// NewCmdCore builds 'grounded core'.
func NewCmdCore(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "core",
		Short: "Selective coding: the core category and its ordered stages",
		Args:  exactArgs(0),
	}
	var stages, desc string
	set := &cobra.Command{
		Use:   "set NAME --stages \"A,B,C,D\"",
		Short: "Set the core category and its stages, in order",
		Long: `Set the core category and its ordered stages. Stages are categories; those
that do not exist yet are created. Categories under a stage name it as their
parent.`,
		Example: `  grounded core set "Creating Connection" --stages "Building Trust,Fostering the Relationship,Bridging to Services,Launching Toward Independence"`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var list []string
			for _, s := range strings.Split(stages, ",") {
				if s = strings.TrimSpace(s); s != "" {
					list = append(list, s)
				}
			}
			req := coding.CoreRequest{Name: args[0], Stages: list, KeepStages: !cmd.Flags().Changed("stages")}
			if cmd.Flags().Changed("description") {
				req.Description = &desc
			}
			var res coding.CoreResult
			_, err := change(f, "", "core set", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.SetCore(f.ctx(), e, req)
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			list, created := res.Stages, res.Created
			fmt.Fprintf(f.IO.Out, "Core category %q with stages: %s\n", codebook.CleanName(args[0]), strings.Join(list, " → "))
			if len(created) > 0 {
				fmt.Fprintf(f.IO.Out, "Created stage categories: %s\n", quoteList(created))
			}
			return nil
		},
	}
	set.Flags().StringVar(&stages, "stages", "", "the stages in order, separated by commas")
	set.Flags().StringVar(&desc, "description", "", "what the core category means")
	var asJSON bool
	show := &cobra.Command{
		Use:     "show",
		Short:   "Show the core category and its stages",
		Example: `  grounded core show --json`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return readLocked(f, func(p *project.Project) error {
				cb, err := p.ReadCodebook()
				if err != nil {
					return err
				}
				if cb.Core == nil {
					return fmt.Errorf("no core category yet: 'grounded core set NAME --stages ...' sets it")
				}
				if asJSON {
					stages := cb.Core.Stages
					if stages == nil {
						stages = []string{}
					}
					return writeJSON(f.IO.Out, map[string]any{"name": cb.Core.Name, "description": cb.Core.Description, "stages": stages})
				}
				fmt.Fprintln(f.IO.Out, f.IO.Style(ansiBold, cb.Core.Name))
				if cb.Core.Description != "" {
					fmt.Fprintln(f.IO.Out, indent(cb.Core.Description, "  "))
				}
				for i, s := range cb.Core.Stages {
					fmt.Fprintf(f.IO.Out, "  %d. %s\n", i+1, s)
				}
				return nil
			})
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON: {name, description, stages}")
	cmd.AddCommand(set, show)
	return cmd
}

// NewCmdRelate builds 'grounded relate' (relate_cmds.go has its run and
// subcommands).
func NewCmdRelate(f *Factory, runF func(*RelateOptions) error) *cobra.Command {
	opts := &RelateOptions{F: f}
	cmd := &cobra.Command{
		Use:   "relate A B --as condition|context|action|consequence|strategy|LABEL [--evidence REF]...",
		Short: "Relate two categories in the paradigm model",
		Long: `Record that category A relates to category B, with the paradigm-model label
(condition, context, action, consequence, strategy) or one of your own. The
relations label the edges of the process diagrams.

--evidence cites what grounds the relation: a coding id ('grounded codings
list' shows them) or a passage (SRC#N, SRC#N:S-E, SRC:S-E); repeat it to
cite several. Each must exist. On a relation that exists already, the new
citations are added to it ('grounded undo' takes them back).
'grounded relate list' quotes them.`,
		Example: `  grounded relate "Building Trust" "Fostering the Relationship" --as condition
  grounded relate "Building Trust" "Fostering the Relationship" --as condition --evidence P03#12:40-96 --evidence 9f2c4a1b7e30`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.From, opts.To = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return relateRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.As, "as", "", "the relation's label (required)")
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note on the relation")
	cmd.Flags().StringArrayVar(&opts.Evidence, "evidence", nil, "a coding id or passage (SRC#N[:S-E]) that grounds the relation (repeatable)")
	cmd.AddCommand(relateSubcommands(f)...) // relate_cmds.go
	return cmd
}
