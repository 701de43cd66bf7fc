package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/project"
)

// parseAgreementUnit checks --unit, --role and --overlap together.
func parseAgreementUnit(unit, role string, overlap float64, overlapSet bool) (string, error) {
	u := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(unit)), "s")
	switch u {
	case coderagree.UnitTurn, coderagree.UnitSpan, coderagree.UnitSource, coderagree.UnitSegment:
	default:
		return "", usageErrorf("--unit %q: use turn, source, segment or span", unit)
	}
	if overlapSet && u != coderagree.UnitSegment {
		return "", usageErrorf("--overlap applies to --unit segment only")
	}
	if overlap <= 0 || overlap > 1 {
		return "", usageErrorf("--overlap must be a share in (0, 1], e.g. 0.8, got %v", overlap)
	}
	if r := strings.ToLower(strings.TrimSpace(role)); r != "" && r != "participant" {
		return "", usageErrorf("--role %q: the only role is participant (leave interviewer turns out)", role)
	}
	return u, nil
}

// computeAgreement computes agreement at the chosen unit, over
// participant turns only with --role participant, and names the pooled
// row by its units (code × turn units, ...).
func computeAgreement(d *analysisData, opts *AgreementOptions) (*coderagree.Report, error) {
	in := d.agreeInput()
	if opts.Role != "" {
		role := rolesFor(&project.Snapshot{Turns: d.turns, Speakers: d.roles})
		in.Include = coderagree.ParticipantTurns(func(s string, t int) bool { return role(s, t) == model.RoleInterviewer })
	}
	r, err := coderagree.ComputeUnit(in, coderagree.Options{Coders: splitList(opts.Coders), Level: opts.level, Unit: opts.unit}, opts.Overlap)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// AgreementConfusionOptions are the options of 'grounded agreement confusion'.
type AgreementConfusionOptions struct {
	F      *Factory
	Coders string
	Level  string
	Role   string
	JSON   bool
}

// NewCmdAgreementConfusion builds 'grounded agreement confusion'.
func NewCmdAgreementConfusion(f *Factory, runF func(*AgreementConfusionOptions) error) *cobra.Command {
	opts := &AgreementConfusionOptions{F: f}
	cmd := &cobra.Command{
		Use:   "confusion --coders A,B [--level code|category|stage]",
		Short: "Which code one coder used where the other used another",
		Long: `For two coders, over the sources both coded: each row is a code of the first
coder, each column a code of the second, and a cell counts the first coder's
codings of the row's code that overlap the second coder's codings of the
column's code. "(none)" counts codings the other coder did not overlap at
all. Large off-diagonal cells show codes the coders tell apart differently:
talk them over and sharpen the codebook's when-to-use rules.`,
		Example: `  grounded agreement confusion --coders alice,bob
  grounded agreement confusion --coders alice,bob --level stage --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(splitList(opts.Coders)) != 2 {
				return usageErrorf("--coders needs exactly two coders, e.g. --coders alice,bob")
			}
			if _, err := parseAgreementUnit("turn", opts.Role, coderagree.DefaultOverlap, false); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return agreementConfusionRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "the two coders, comma-separated")
	cmd.Flags().StringVar(&opts.Level, "level", "code", "code|category|stage")
	cmd.Flags().StringVar(&opts.Role, "role", "", "participant: leave interviewer turns out")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {coders, codes, counts}")
	return cmd
}

func agreementConfusionRun(opts *AgreementConfusionOptions) error {
	f := opts.F
	level, err := report.ParseLevel(opts.Level)
	if err != nil {
		return usageErrorf("--level: %v", err)
	}
	var c *coderagree.Confusion
	err = readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysisParts(p, project.WithAllCoders)
		if err != nil {
			return err
		}
		in := d.agreeInput()
		if opts.Role != "" {
			role := rolesFor(&project.Snapshot{Turns: d.turns, Speakers: d.roles})
			in.Include = coderagree.ParticipantTurns(func(s string, t int) bool { return role(s, t) == model.RoleInterviewer })
		}
		cs := splitList(opts.Coders)
		c, err = coderagree.ConfusionOf(in, cs[0], cs[1], level)
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, c)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Rows: %s's %s; columns: %s's. A cell counts %s's codings of the row overlapping %s's codings of the column.\n\n",
		c.Coders[0], levelNoun(level), c.Coders[1], c.Coders[0], c.Coders[1])
	head := append([]string{strings.ToUpper(c.Coders[0]) + " \\ " + strings.ToUpper(c.Coders[1])}, c.Codes...)
	t := newTable(f.IO, head...)
	for i := 1; i < len(head); i++ {
		t.alignRight(i)
	}
	for i, code := range c.Codes {
		row := []any{code}
		for _, n := range c.Counts[i] {
			row = append(row, n)
		}
		t.add(row...)
	}
	return t.render(w)
}
