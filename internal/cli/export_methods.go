package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/project"
)

// methodsSaturationK is the k of the saturation sentence: the default of
// 'report saturation --k'.
const methodsSaturationK = 3

// ExportMethodsOptions are the options of 'grounded export methods'.
type ExportMethodsOptions struct {
	F *Factory
	docOutput
	NoCommands bool
}

// NewCmdExportMethods builds 'grounded export methods'.
func NewCmdExportMethods(f *Factory, runF func(*ExportMethodsOptions) error) *cobra.Command {
	opts := &ExportMethodsOptions{F: f}
	cmd := &cobra.Command{
		Use:   "methods [--format markdown|docx] [-o FILE]",
		Short: "Write the methods paragraph of a paper from the project's figures",
		Long: `Write a methods paragraph with the figures of the project, each sentence
followed by the command that reproduces it:

  interviews and participants   the sources and their distinct participants
  coders                        every coder with codings
  codebook size                 open codes, categories (stages not counted),
                                the core category and its stages
  agreement                     Krippendorff's alpha pooled over all codes,
                                each turn a unit, between every coder with
                                codings (only when at least two coded and
                                alpha is defined), as 'grounded agreement'
  saturation                    k = 3 transcripts in a row without a new
                                code, in ingest order, as 'grounded report
                                saturation --order ingest --k 3'
  model check                   stages coded for at least the threshold of
                                participants, as 'grounded model check'

A figure the project cannot give (no core category, fewer than two coders,
an undefined alpha, nothing coded) leaves its sentence out; nothing is
guessed. The paragraph judges no value. The mean Kendall's tau-b of stage
order over whole interviews is not stated: 'model check' gives an order
figure only within episodes, as the order of mention follows the interview
guide. --no-commands leaves the commands out. A .docx needs -o.`,
		Example: `  grounded export methods
  grounded export methods --no-commands -o methods.md
  grounded export methods --format docx -o methods.docx`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return exportMethodsRun(opts)
		},
	}
	opts.addFlags(cmd)
	cmd.Flags().BoolVar(&opts.NoCommands, "no-commands", false, "leave out the command after each sentence")
	return cmd
}

func exportMethodsRun(opts *ExportMethodsOptions) error {
	f := opts.F
	var fig export.MethodsFigures
	var left []string
	err := readLocked(f, func(p *project.Project) error {
		var err error
		fig, left, err = methodsFigures(p)
		return err
	})
	if err != nil {
		return err
	}
	ss, err := export.Methods(fig)
	if err != nil {
		return err
	}
	doc := export.MethodsMarkdown(ss, !opts.NoCommands)
	if err := opts.write(f, doc); err != nil {
		return err
	}
	for _, l := range left {
		fmt.Fprintf(f.IO.ErrOut, "Left out: %s.\n", l)
	}
	if !opts.toStdout() {
		fmt.Fprintf(f.IO.Out, "Wrote %s: %d sentence(s) (%s).\n", opts.Output, len(ss), opts.Format)
	}
	return nil
}

// methodsFigures computes the figures with the functions of the commands
// the sentences name, and says which were left out and why.
func methodsFigures(p *project.Project) (export.MethodsFigures, []string, error) {
	var fig export.MethodsFigures
	var left []string
	// The agreement's data: every coder, as 'grounded agreement' reads it.
	d, err := loadAnalysisParts(p, project.WithAllCoders)
	if err != nil {
		return fig, nil, err
	}
	interviews := len(d.sources)
	fig.Interviews = &interviews
	participant := participantOf(d.sources)
	seen := map[string]bool{}
	for _, s := range d.sources {
		seen[participant(s.ID)] = true
	}
	participants := len(seen)
	fig.Participants = &participants
	fig.Coders = coderagree.Coders(d.codings)

	cb := d.cb
	size := &export.CodebookSize{Codes: len(cb.Codes)}
	for _, c := range cb.Categories {
		if !cb.IsStage(c.Name) {
			size.Categories++
		}
	}
	if cb.Core != nil {
		size.Core, size.Stages = cb.Core.Name, len(cb.Core.Stages)
	}
	fig.Codebook = size

	if len(fig.Coders) >= 2 {
		r, err := computeAgreement(d, &AgreementOptions{level: report.LevelCode, unit: coderagree.UnitTurn})
		switch {
		case err != nil:
			left = append(left, fmt.Sprintf("agreement (%v)", err))
		case r.Overall.Alpha == nil || r.Overall.Alpha.Value == nil:
			left = append(left, "agreement (Krippendorff's alpha is not defined for these codings; see 'grounded agreement')")
		default:
			fig.Agreement = &export.AgreementFigure{Measure: "Krippendorff's alpha", Value: *r.Overall.Alpha.Value,
				Unit: r.Unit, Level: r.Level.String(), Coders: r.Coders}
		}
	} else {
		left = append(left, "agreement (fewer than two coders have codings)")
	}

	// Saturation as 'report saturation --order ingest --k 3' computes it.
	in, err := d.reportInput(nil)
	if err != nil {
		return fig, nil, err
	}
	if in.Codings, err = countedCodings(in.Codings, nil, ""); err != nil {
		return fig, nil, err
	}
	sat, err := report.SaturationOf(in, "ingest", methodsSaturationK)
	switch {
	case err != nil:
		left = append(left, fmt.Sprintf("saturation (%v)", err))
	case len(sat.Steps) == 0:
		left = append(left, "saturation (no transcript is coded yet)")
	default:
		fig.Saturation = &export.SaturationFigure{K: sat.K, Order: sat.Order, Transcript: len(sat.Steps)}
		if sat.Reached {
			fig.Saturation.Point, fig.Saturation.PointID = sat.Point, sat.After
		}
	}

	// The model check with the defaults of 'grounded model check'.
	mc, err := computeModelCheck(p, &ModelCheckOptions{Count: "codings", Permutations: model.DefaultPermutations, Seed: 1})
	switch {
	case errors.Is(err, model.ErrNoCore):
		left = append(left, "the model check (no core category with stages)")
	case err != nil:
		left = append(left, fmt.Sprintf("the model check (%v)", err))
	case mc.Participants == 0 || len(mc.Stages) == 0:
		left = append(left, "the model check (no participant has coded transcripts)")
	default:
		m := &export.ModelCheckFigure{Stages: len(mc.Stages), Threshold: mc.MinParticipants, Participants: mc.Participants}
		for _, s := range mc.Stages {
			if s.MeetsThreshold {
				m.StagesMeeting++
			}
		}
		fig.ModelCheck = m
	}
	return fig, left, nil
}
