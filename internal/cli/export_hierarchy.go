package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/fsx"
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
of its whole subtree; codes carry up to --exemplars quotes, different
participants first.

Formats:
  yaml      the tree as YAML (the default)
  json      the same shape as JSON (documented in docs/hierarchy.md)
  markdown  a report for a paper's supplement, with quotes and memos
  mermaid   the process diagram as a Mermaid flowchart
  dot       the process diagram for Graphviz (dot -Tsvg)
  csv       one row per code with its path, stage and counts

Without --format, the extension of -o picks the format (.yaml, .json, .md,
.mmd, .dot or .gv, .csv). -o replaces FILE atomically.`,
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
			if runF != nil {
				return runF(opts)
			}
			return exportHierarchyRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", export.Formats[0], "output format: "+strings.Join(export.Formats, ", "))
	cmd.Flags().IntVar(&opts.Exemplars, "exemplars", export.DefaultExemplars, "exemplar quotes per code")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}

func exportHierarchyRun(opts *ExportHierarchyOptions) error {
	f := opts.F
	var buf bytes.Buffer
	err := readLocked(f, func(p *project.Project) error {
		in, err := hierarchyInput(p)
		if err != nil {
			return err
		}
		h := export.Build(in, export.Options{Exemplars: opts.Exemplars})
		return export.Render(&buf, h, opts.Format)
	})
	if err != nil {
		return err
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
	if err := fsx.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "Wrote the hierarchy (%s) to %s.\n", opts.Format, f.relPath(path))
	return nil
}

// hierarchyInput reads what export.Build needs.
func hierarchyInput(p *project.Project) (export.Input, error) {
	s, err := p.ReadSnapshot(project.WithMemos)
	if err != nil {
		return export.Input{}, err
	}
	return export.Input{Codebook: s.Codebook, Codings: s.Codings, Sources: s.Sources, Memos: s.Memos}, nil
}

// ModelCheckOptions are the options of 'grounded model check'.
type ModelCheckOptions struct {
	F               *Factory
	JSON            bool
	Strict          bool
	MinParticipants int
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

Order: each coding's relative position in its interview is (turn-1)/(turns-1),
0 for the first turn and 1 for the last. For each participant, each stage
present gets the mean position of its codings, and Kendall's tau-b compares
the stages' model order with the order of those means (1: the model's order,
-1: reversed; it needs two stages). Shown per participant (S1, S2, ... are the
stages' means), with the mean tau-b and the share of stage pairs in the
model's order (concordant) over all participants.

Drift: codes not under any stage, categories outside the core, stages with
no codes, provisional categories with no codes, and emergent categories (not
provisional, outside the stages, with codings).

--strict exits with code 3 when a stage falls under the threshold.`,
		Example: `  grounded model check
  grounded model check --strict --min-participants 6
  grounded model check --json | jq '.stages[] | select(.meets_threshold | not)'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("min-participants") && opts.MinParticipants < 1 {
				return usageErrorf("--min-participants must be at least 1, got %d", opts.MinParticipants)
			}
			if runF != nil {
				return runF(opts)
			}
			return modelCheckRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {core, participants, min_participants, stages, order, drift}")
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "exit with code 3 when a stage is under the threshold")
	cmd.Flags().IntVar(&opts.MinParticipants, "min-participants", 0, "participants a stage needs (default: ceil(N/2), N = participants with coded transcripts)")
	return cmd
}

func modelCheckRun(opts *ModelCheckOptions) error {
	f := opts.F
	var r *model.Report
	err := readLocked(f, func(p *project.Project) error {
		s, err := p.ReadSnapshot(0)
		if err != nil {
			return err
		}
		cb, cs, srcs := s.Codebook, s.Codings, s.Sources
		if cs, err = resolveSourceLevel(p, cs); err != nil {
			return err
		}
		r, err = model.Check(model.Input{Codebook: cb, Codings: cs, Sources: srcs, MinParticipants: opts.MinParticipants})
		if errors.Is(err, model.ErrNoCore) {
			return fmt.Errorf("%w: the model check needs the core category and its ordered stages; start from the four-stage model with 'grounded codebook apply-template creating-connection', or set your own with 'grounded core set NAME --stages \"A,B,C\"'", err)
		}
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, r); err != nil {
			return err
		}
	} else if err := printModelReport(f, r); err != nil {
		return err
	}
	if opts.Strict {
		var under []string
		for _, s := range r.Stages {
			if !s.MeetsThreshold {
				under = append(under, fmt.Sprintf("%d. %s (%d/%d)", s.Order, s.Name, s.Participants, r.Participants))
			}
		}
		if len(under) > 0 {
			fmt.Fprintf(f.IO.ErrOut, "grounded: %d stage(s) under the threshold of %d participant(s): %s\n", len(under), r.MinParticipants, strings.Join(under, "; "))
			return errProblems
		}
	}
	return nil
}

// resolveSourceLevel gives codings made on a source's plain text (Turn 0)
// the turn that holds their start, for the order check.
func resolveSourceLevel(p *project.Project, cs []coding.Coding) ([]coding.Coding, error) {
	var out []coding.Coding
	turns := map[string][]corpus.Turn{}
	for i, c := range cs {
		if c.Turn != 0 || c.Orphaned {
			continue
		}
		if out == nil {
			out = append([]coding.Coding(nil), cs...)
		}
		ts, ok := turns[c.Source]
		if !ok {
			s, err := p.ReadSource(c.Source)
			if err == nil {
				ts, err = p.ReadTurns(s)
			}
			if err != nil && !isNotExist(err) {
				return nil, err
			}
			turns[c.Source] = ts
		}
		out[i].Turn = model.TurnAt(ts, c.Start)
	}
	if out == nil {
		return cs, nil
	}
	return out, nil
}

func printModelReport(f *Factory, r *model.Report) error {
	w := f.IO.Out
	how := fmt.Sprintf("at least %d", r.MinParticipants)
	if r.DefaultThreshold {
		how = fmt.Sprintf("at least %d, half of %d rounded up", r.MinParticipants, r.Participants)
	}
	fmt.Fprintf(w, "Core category: %s. %d participant(s) with coded transcripts; a stage needs %s.\n\n",
		f.IO.Style(ansiBold, r.Core), r.Participants, how)

	t := newTable(f.IO, "STAGE", "CODES", "CODINGS", "PARTICIPANTS", "THRESHOLD").alignRight(1, 2, 3)
	for _, s := range r.Stages {
		ok := "met"
		if !s.MeetsThreshold {
			ok = f.IO.Style(ansiRed, "under")
		}
		t.add(fmt.Sprintf("%d. %s", s.Order, s.Name), s.Codes, s.Codings, fmt.Sprintf("%d/%d", s.Participants, r.Participants), ok)
	}
	if err := t.render(w); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nStage order: mean position of each stage's codings in the interview (0 = first turn, 1 = last).")
	if len(r.Order.Participants) == 0 {
		fmt.Fprintln(w, "No codings under the stages yet.")
	} else {
		header := []string{"PARTICIPANT"}
		for _, s := range r.Stages {
			header = append(header, fmt.Sprintf("S%d", s.Order))
		}
		header = append(header, "TAU-B", "CONCORDANT")
		t := newTable(f.IO, header...)
		for i := 1; i < len(header); i++ {
			t.alignRight(i)
		}
		for _, po := range r.Order.Participants {
			row := []any{po.Participant}
			means := make([]string, len(r.Stages))
			for i := range means {
				means[i] = "-"
			}
			for _, sp := range po.Stages {
				means[sp.Order-1] = fmt.Sprintf("%.2f", sp.Mean)
			}
			for _, m := range means {
				row = append(row, m)
			}
			row = append(row, fmtFloat(po.TauB, "%.2f"), fmt.Sprintf("%d/%d", po.Concordant, po.Pairs))
			t.add(row...)
		}
		if err := t.render(w); err != nil {
			return err
		}
		fmt.Fprintf(w, "Mean tau-b %s over %d participant(s); %d of %d stage pairs in the model's order (%s).\n",
			fmtFloat(r.Order.MeanTauB, "%.2f"), r.Order.TauBParticipants, r.Order.Concordant, r.Order.Pairs, fmtPercent(r.Order.ConcordantShare))
	}

	fmt.Fprintln(w, "\nDrift: what lies outside the model.")
	if r.Drift.Empty() {
		fmt.Fprintln(w, "None: every code and category sits under a stage, and every stage has codes.")
		return nil
	}
	t = newTable(f.IO, "KIND", "NAME", "IN", "CODES", "CODINGS").alignRight(3, 4)
	for _, sec := range []struct {
		kind  string
		items []model.Item
	}{
		{"code outside the stages", r.Drift.CodesOutsideStages},
		{"category outside the core", r.Drift.CategoriesOutsideCore},
		{"stage with no codes", r.Drift.StagesWithoutCodes},
		{"provisional, no codes", r.Drift.ProvisionalWithoutCodes},
		{"emergent category", r.Drift.EmergentCategories},
	} {
		for _, it := range sec.items {
			t.add(sec.kind, it.Name, it.Category, it.Codes, it.Codings)
		}
	}
	return t.render(w)
}

func fmtFloat(v *float64, format string) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf(format, *v)
}

func fmtPercent(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", *v*100)
}
