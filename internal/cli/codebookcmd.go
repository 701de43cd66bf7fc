package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdCodebook builds 'grounded codebook'.
func NewCmdCodebook(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "codebook",
		Short: "Codebook templates, versions and merging",
		Args:  exactArgs(0),
	}
	var asJSON bool
	templates := &cobra.Command{
		Use:     "templates",
		Short:   "List the bundled codebook templates",
		Example: `  grounded codebook templates`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON {
				type row struct {
					Name  string `json:"name"`
					Title string `json:"title"`
				}
				rows := []row{}
				for _, tp := range codebook.Templates() {
					rows = append(rows, row{tp.Name, tp.Title})
				}
				return writeJSON(f.IO.Out, rows)
			}
			t := newTable(f.IO, "TEMPLATE", "TITLE")
			for _, tp := range codebook.Templates() {
				t.add(tp.Name, tp.Title)
			}
			return t.render(f.IO.Out)
		},
	}
	templates.Flags().BoolVar(&asJSON, "json", false, "print JSON: [{name, title}]")
	apply := &cobra.Command{
		Use:   "apply-template NAME",
		Short: "Add a template's core category, stages, categories and relations to the codebook",
		Long: `Add what a template defines and the codebook lacks: its core category and
stages, categories, codes and relations. Existing items are left as they are;
a different core category is refused.`,
		Example:           `  grounded codebook apply-template creating-connection`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeTemplates,
		RunE: func(cmd *cobra.Command, args []string) error {
			tp, err := codebook.Template(args[0])
			if err != nil {
				return usageErrorf("%v", err)
			}
			tcb, err := codebook.Decode(tp.Name+".yaml", tp.Data)
			if err != nil {
				return err
			}
			var res coding.TemplateResult
			_, err = change(f, "", "codebook apply-template", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.ApplyTemplate(f.ctx(), e, coding.TemplateRequest{Name: tp.Name, Template: tcb})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			added := res.Added
			if len(added) == 0 {
				fmt.Fprintf(f.IO.Out, "The codebook already has everything in %q; nothing changed.\n", tp.Name)
				return nil
			}
			fmt.Fprintf(f.IO.Out, "Applied template %q: added %d item(s).\n", tp.Name, len(added))
			for _, a := range added {
				fmt.Fprintf(f.IO.Out, "  %s\n", a)
			}
			return nil
		},
	}
	cmd.AddCommand(templates, apply)
	cmd.AddCommand(NewCmdCodebookMerge(f, nil))   // codebook_merge.go
	cmd.AddCommand(codebookVersionCommands(f)...) // codebook_versions.go
	return cmd
}
