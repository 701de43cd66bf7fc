package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// hierarchyExportCommands are the 'grounded export' subcommands for the
// category hierarchy (issue: the four-stage model).
func hierarchyExportCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdExportHierarchy(f, nil)}
}

// modelCommands are the top-level commands of the model check.
func modelCommands(f *Factory) []*cobra.Command {
	cmd := &cobra.Command{
		Use:   "model",
		Short: "Check the coded data against the core category's ordered stages",
		Args:  exactArgs(0),
	}
	cmd.AddCommand(NewCmdModelCheck(f, nil))
	return []*cobra.Command{cmd}
}

// hierarchyDemoSteps are shown by 'grounded demo' after coding.
var hierarchyDemoSteps = []demoStep{
	{"7. The hierarchy as a report for a paper's supplement (one exemplar quote per code)", []string{"export", "hierarchy", "--format", "markdown", "--exemplars", "1"}},
	{"8. How well do the interviews fit the four-stage model?", []string{"model", "check"}},
}

// ExportHierarchyOptions are the options of 'grounded export hierarchy'.
type ExportHierarchyOptions struct {
	F         *Factory
	Format    string
	Exemplars int
	Output    string
	// Coders and Count choose whose codings count and how.
	Coders, Count string
	// ExemplarChars and DescribeWith tune the exemplars (export.SelectExemplars);
	// problems are the pins it cannot show, warned about on standard error.
	ExemplarChars int
	DescribeWith  []string
	problems      []string
}

// NewCmdExportHierarchy builds 'grounded export hierarchy'.
func NewCmdExportHierarchy(f *Factory, runF func(*ExportHierarchyOptions) error) *cobra.Command {
	opts := &ExportHierarchyOptions{F: f}
	cmd := &cobra.Command{
		Use:   "hierarchy [--format FORMAT] [--exemplars N] [-o FILE]",
		Short: "Export the core category, stages, categories and codes with counts and quotes",
		Long: `Export the hierarchy of the theory: the core category, its stages in order,
their categories and sub-categories, and the codes under them, then what is
not yet integrated (categories outside the stages, codes in no category).
Every node counts the codings, distinct sources and distinct participants
of its whole subtree; codes carry up to --exemplars quotes: pinned codings
first ('grounded code pin'), then passages no other code shows, different
participants first, each the whole sentence around the coded words (marked
in bold in Markdown), at most --exemplar-chars characters, the participant
described by --describe-with.

Formats:
  yaml      the tree as YAML (the default)
  json      the same shape as JSON (documented in docs/hierarchy.md)
  markdown  a report for a paper's supplement, with quotes and memos
  mermaid   the process diagram as a Mermaid flowchart
  dot       the process diagram for Graphviz (dot -Tsvg)
  csv       one row per code with its path, stage and counts

Without --format, the extension of -o picks the format (.yaml, .json, .md,
.mmd, .dot or .gv, .csv). -o replaces FILE atomically.

When episodes are marked ('grounded episode add'), the diagrams draw the
transitions between stages observed in episodes, with their counts, instead
of the fixed chain of stages. --coders LIST counts only those coders'
codings; --count passages counts a passage coded by several coders once
(and never shows it twice as an exemplar).`,
		Example: `  grounded export hierarchy --format markdown -o supplement.md
  grounded export hierarchy --format json | jq '.core.children[] | {name, participants}'
  grounded export hierarchy -o model.dot && dot -Tsvg model.dot -o model.svg`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				if ff := export.FormatForFile(opts.Output); ff != "" {
					opts.Format = ff
				}
			}
			if !export.IsFormat(opts.Format) {
				return usageErrorf("--format %q is not one of %s", opts.Format, strings.Join(export.Formats, ", "))
			}
			if opts.Exemplars < 0 {
				return usageErrorf("--exemplars must be 0 or more, got %d", opts.Exemplars)
			}
			if opts.ExemplarChars < 0 {
				return usageErrorf("--exemplar-chars must be 0 or more, got %d", opts.ExemplarChars)
			}
			if runF != nil {
				return runF(opts)
			}
			return exportHierarchyRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", export.Formats[0], "output format: "+strings.Join(export.Formats, ", "))
	cmd.Flags().IntVar(&opts.Exemplars, "exemplars", export.DefaultExemplars, "exemplar quotes per code")
	cmd.Flags().IntVar(&opts.ExemplarChars, "exemplar-chars", export.DefaultExemplarChars, "the longest exemplar quote, in characters")
	cmd.Flags().StringSliceVar(&opts.DescribeWith, "describe-with", nil, "participant attributes shown beside each quote (e.g. role,setting)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to FILE instead of standard output")
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "count only these coders' codings (comma-separated; default: all)")
	cmd.Flags().StringVar(&opts.Count, "count", "codings", "count codings or passages (a passage coded by several coders counts once)")
	return cmd
}

func exportHierarchyRun(opts *ExportHierarchyOptions) error {
	f := opts.F
	var buf bytes.Buffer
	err := readLocked(f, func(p *project.Project) error {
		h, err := buildHierarchy(p, opts) // hierarchy_process.go
		if err != nil {
			return err
		}
		return export.Render(&buf, h, opts.Format)
	})
	if err != nil {
		return err
	}
	for _, pr := range opts.problems {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s\n", termSafe(pr))
	}
	if opts.Output == "" {
		_, err := f.IO.Out.Write(buf.Bytes())
		return err
	}
	path := opts.Output
	if !filepath.IsAbs(path) {
		wd, err := f.Getwd()
		if err != nil {
			return err
		}
		path = filepath.Join(wd, path)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return fmt.Errorf("cannot write %s: directory %s does not exist", opts.Output, filepath.Dir(opts.Output))
	}
	if err := refuseProjectFile(f, path); err != nil { // outputguard.go
		return err
	}
	if err := fsx.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote the hierarchy (%s) to %s.\n", opts.Format, f.relPath(path))
	return nil
}

// ModelCheckOptions are the options of 'grounded model check'.
type ModelCheckOptions struct {
	F               *Factory
	JSON            bool
	Strict          bool
	MinParticipants int
	// Coders and Count choose whose codings count and how (model_process.go).
	Coders, Count string
	Permutations  int
	Seed          uint64
}

// NewCmdModelCheck builds 'grounded model check'.
func NewCmdModelCheck(f *Factory, runF func(*ModelCheckOptions) error) *cobra.Command {
	opts := &ModelCheckOptions{F: f}
	cmd := &cobra.Command{
		Use:   "check [--strict] [--min-participants N]",
		Short: "Stage coverage, stage order and drift against the model",
		Long: `Check the coded data against the core category's ordered stages.

Coverage: for each stage, its codes and codings, and n/N: the participants
with at least one coding under the stage out of the participants with coded
transcripts. A stage meets the threshold when n >= --min-participants
(default: half of N rounded up, at least 1).

Order in narrated time: inside each episode ('grounded episode add'), the
order in which the stages first appear in the participant's telling, from
volunteered codings only (a participant's coding is prompted when the
interviewer turn just before it is coded with the same stage). The share
of stage pairs in the model's order is compared with a permutation baseline
that keeps each episode's stage mentions and shuffles their order
(--permutations N, --seed S). Without episodes no order figure is given:
the order of mention across a whole interview follows the interview guide
(it is kept in --json as order_of_mention, with that note).

Conditions: for each later stage, the 2x2 table of the first stage coded
in an episode (yes/no) by the later stage coded (yes/no), with Fisher's
exact p and the episodes with the later stage but not the first (candidate
negative cases). Transitions count consecutive stage mentions in episodes.

Negative cases ('grounded negative add') and codes marked as disconfirming
a stage ('grounded code describe CODE --disconfirms STAGE') are shown
beside the stage they challenge. docs/method.md says what each figure
means and what it cannot show.

--coders LIST counts only those coders' codings; --count passages counts a
passage coded by several coders once.

Drift: codes not under any stage, categories outside the core, stages with
no codes, provisional categories with no codes, and emergent categories (not
provisional, outside the stages, with codings).

--strict exits with code 3 when a stage falls under the threshold.`,
		Example: `  grounded model check
  grounded model check --strict --min-participants 6
  grounded model check --json | jq '.stages[] | select(.meets_threshold | not)'
  grounded model check --permutations 99999 --seed 7 --coders consensus`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("min-participants") && opts.MinParticipants < 1 {
				return usageErrorf("--min-participants must be at least 1, got %d", opts.MinParticipants)
			}
			if opts.Permutations < 0 {
				return usageErrorf("--permutations must be at least 1, got %d", opts.Permutations)
			}
			if runF != nil {
				return runF(opts)
			}
			return modelProcessRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {core, participants, min_participants, stages, order, order_of_mention, conditions, transitions, challenges, drift}")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "exit with code 3 when a stage is under the threshold")
	cmd.Flags().IntVar(&opts.MinParticipants, "min-participants", 0, "participants a stage needs (default: ceil(N/2), N = participants with coded transcripts)")
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "count only these coders' codings (comma-separated; default: all)")
	cmd.Flags().StringVar(&opts.Count, "count", "codings", "count codings or passages (a passage coded by several coders counts once)")
	cmd.Flags().IntVar(&opts.Permutations, "permutations", model.DefaultPermutations, "random orders of the permutation baseline")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "seed of the permutation baseline (printed with the result)")
	return cmd
}

// resolveSourceLevel gives codings made on a source's plain text (Turn 0)
// the turn that holds their start (ops.ResolveSourceLevel).
func resolveSourceLevel(p *project.Project, cs []coding.Coding) ([]coding.Coding, error) {
	return ops.ResolveSourceLevel(p, cs)
}

func fmtFloat(v *float64, format string) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf(format, *v)
}
