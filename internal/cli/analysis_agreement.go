package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/project"
)

// ---- agreement ----

// AgreementOptions are the options of 'grounded agreement'.
type AgreementOptions struct {
	F       *Factory
	Coders  string
	Level   string
	Unit    string
	JSON    bool
	Summary bool
	level   report.Level
	unit    string
	// Role ("participant" leaves interviewer turns out) and Overlap (unit
	// segment) are read by agreement_units.go.
	Role    string
	Overlap float64
}

// NewCmdAgreement builds 'grounded agreement'.
func NewCmdAgreement(f *Factory, runF func(*AgreementOptions) error) *cobra.Command {
	opts := &AgreementOptions{F: f}
	cmd := &cobra.Command{
		Use:   "agreement [flags] | agreement compute | agreement disagreements",
		Short: "Inter-coder agreement: percent, Cohen's and Fleiss' kappa, Krippendorff's alpha",
		Long: `Measure how far coders who coded the same transcripts independently agree.
Only sources coded by at least two of the chosen coders count; the output
says which were left out.

With --unit turn (the default) every turn of those sources is a unit and
each coder marks each code present or absent in it. For every code
(category, stage) and pooled over all of them, it reports percent agreement,
Cohen's kappa (exactly two coders), Fleiss' kappa and Krippendorff's alpha
(nominal). With --unit span it compares where the coders put each code,
character by character (a character-level Krippendorff's alpha). A
coefficient that is undefined for the data (for example kappa when the
coders marked every turn alike) shows as n/a with the reason.

'agreement compute' computes the same statistics on a reliability table from
elsewhere; 'agreement disagreements' lists the turns to talk over.
docs/analysis.md gives the formulas and references.`,
		Example: `  grounded agreement
  grounded agreement --coders alice,bob --level stage
  grounded agreement --unit span --json
  grounded agreement disagreements --coders alice,bob
  grounded agreement compute --input reliability.csv --metric alpha --scale ordinal`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommandError(cmd, args[0]) // unknown_command.go
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := report.ParseLevel(opts.Level)
			if err != nil {
				return usageErrorf("--level: %v", err)
			}
			u, err := parseAgreementUnit(opts.Unit, opts.Role, opts.Overlap, cmd.Flags().Changed("overlap")) // agreement_units.go
			if err != nil {
				return err
			}
			opts.level, opts.unit = l, u
			if cmd.Flags().Changed("coders") && len(splitList(opts.Coders)) < 2 {
				return usageErrorf("--coders needs at least two coders, e.g. --coders alice,bob")
			}
			if runF != nil {
				return runF(opts)
			}
			return agreementRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "the coders to compare, comma-separated (default: every coder with codings)")
	cmd.Flags().StringVar(&opts.Level, "level", "code", "agreement on codes, categories or stages: code|category|stage")
	cmd.Flags().StringVar(&opts.Unit, "unit", "turn", "unit of analysis: turn (present/absent per turn), source (present/absent per document), segment (codings matched by --overlap) or span (character by character)")
	cmd.Flags().StringVar(&opts.Role, "role", "", "participant: leave interviewer turns out")
	cmd.Flags().Float64Var(&opts.Overlap, "overlap", coderagree.DefaultOverlap, "with --unit segment: the share of their union two codings must overlap by to agree")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {coders, level, unit, sources, skipped, rows: [{name, units, coded, percent, cohen, fleiss, alpha}], overall}")
	cmd.Flags().BoolVar(&opts.Summary, "summary", false, "print only the overall figures and the items whose alpha is below 0.800")
	cmd.AddCommand(NewCmdAgreementCompute(f, nil), NewCmdAgreementDisagreements(f, nil), NewCmdAgreementConfusion(f, nil), NewCmdAgreementResolve(f, nil))
	return cmd
}

func agreementRun(opts *AgreementOptions) error {
	f := opts.F
	var r *coderagree.Report
	err := readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysisParts(p, project.WithAllCoders)
		if err != nil {
			return err
		}
		r, err = computeAgreement(d, opts) // agreement_units.go
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, r)
	}
	w := f.IO.Out
	fmt.Fprintf(w, "Agreement of %s on %s, unit %s.\n", joinAnd(r.Coders), levelNoun(r.Level), r.Unit)
	fmt.Fprintln(w, coderagree.UnitStatement(r.Unit, r.Level, opts.Overlap, opts.Role != ""))
	need := "at least two of them"
	if len(r.Coders) == 2 {
		need = "both"
	}
	if r.Unit == coderagree.UnitSpan && len(r.Coders) > 2 {
		need = "all of them"
	}
	fmt.Fprintf(w, "Sources coded by %s: %s.\n", need, strings.Join(r.Sources, ", "))
	if len(r.Skipped) > 0 {
		fmt.Fprintf(w, "Left out: %s.\n", skippedText(r.Skipped))
	}
	fmt.Fprintln(w)
	var notes []string
	noteIndex := func(n string) int {
		i := slices.Index(notes, n)
		if i < 0 {
			notes = append(notes, n)
			i = len(notes) - 1
		}
		return i + 1
	}
	cell := func(s *coderagree.Stat, percent bool) string {
		if s == nil {
			return "-"
		}
		if s.Value == nil {
			return fmt.Sprintf("n/a [%d]", noteIndex("n/a: "+strings.TrimSuffix(s.Note, ".")))
		}
		v := fmt.Sprintf("%.3f", *s.Value)
		if percent {
			v = fmt.Sprintf("%.1f%%", 100**s.Value)
		}
		if s.Note != "" {
			// A value computed on fewer units than the row counts (e.g.
			// Fleiss' kappa, which needs every coder on every unit) says
			// so: the reader must not take the row's n for its n.
			n := strings.TrimSuffix(s.Note, ".")
			if s.Units > 0 {
				n = fmt.Sprintf("computed on %d units: %s", s.Units, n)
			}
			v += fmt.Sprintf(" [%d]", noteIndex(n))
		}
		return v
	}
	unitHead := map[string]string{coderagree.UnitSpan: "CHARS", coderagree.UnitSource: "SOURCES", coderagree.UnitSegment: "SEGMENTS"}[r.Unit]
	if unitHead == "" {
		unitHead = "TURNS"
	}
	head := []string{strings.ToUpper(r.Level.String())}
	head = append(head, r.Coders...)
	head = append(head, unitHead)
	if r.Unit != coderagree.UnitSpan {
		head = append(head, "AGREEMENT", "COHEN κ", "FLEISS κ", "ALPHA")
	} else {
		head = append(head, "ALPHA (CHAR)")
	}
	t := newTable(f.IO, head...)
	for i := 1; i < len(head); i++ {
		t.alignRight(i)
	}
	rows := append(slices.Clone(r.Rows), r.Overall)
	if opts.Summary {
		rows = []coderagree.Row{r.Overall}
	}
	for _, row := range rows {
		cells := []any{row.Name}
		for _, n := range row.Coded {
			cells = append(cells, n)
		}
		cells = append(cells, row.Units)
		if r.Unit != coderagree.UnitSpan {
			cells = append(cells, cell(row.Percent, true), cell(row.Cohen, false), cell(row.Fleiss, false))
		}
		cells = append(cells, cell(row.Alpha, false))
		t.add(cells...)
	}
	if err := t.render(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe columns %s count the %s each coder marked.\n", joinAnd(r.Coders), strings.ToLower(unitHead))
	for i, n := range notes {
		fmt.Fprintf(w, "[%d] %s.\n", i+1, n)
	}
	if opts.Summary {
		fmt.Fprintln(w, lowAgreement(r))
		if len(r.Coders) == 2 && r.Unit == coderagree.UnitTurn {
			fmt.Fprintf(w, "'grounded agreement disagreements --coders %s' lists the turns where they differ.\n", shellJoin([]string{r.Coders[0] + "," + r.Coders[1]}))
		}
	}
	fmt.Fprint(w, interpretation(r))
	return nil
}

// lowAgreement lists the items whose alpha is below 0.800 (or undefined),
// lowest first: the ones to talk over.
func lowAgreement(r *coderagree.Report) string {
	type low struct {
		name string
		v    float64
		na   bool
	}
	var lows []low
	for _, row := range r.Rows {
		switch a := row.Alpha; {
		case a == nil || a.Value == nil:
			lows = append(lows, low{name: row.Name, v: math.Inf(-1), na: true})
		case *a.Value < 0.8:
			lows = append(lows, low{name: row.Name, v: *a.Value})
		}
	}
	if len(lows) == 0 {
		return fmt.Sprintf("Every one of the %d %s reaches α 0.800.", len(r.Rows), levelNoun(r.Level))
	}
	slices.SortStableFunc(lows, func(a, b low) int { return cmp.Compare(a.v, b.v) })
	var parts []string
	for _, l := range lows {
		if l.na {
			parts = append(parts, l.name+" (n/a)")
		} else {
			parts = append(parts, fmt.Sprintf("%s (%.3f)", l.name, l.v))
		}
	}
	return fmt.Sprintf("Below α 0.800 (%d of %d %s): %s.", len(lows), len(r.Rows), levelNoun(r.Level), strings.Join(parts, ", "))
}

// interpretation reads the overall coefficients against the customary
// benchmarks.
func interpretation(r *coderagree.Report) string {
	var b strings.Builder
	o := r.Overall
	if o.Cohen != nil && o.Cohen.Value != nil {
		fmt.Fprintf(&b, "Overall Cohen's κ = %.3f: %s agreement on the Landis & Koch (1977) scale.\n", *o.Cohen.Value, landisKoch(*o.Cohen.Value))
	}
	if o.Alpha != nil && o.Alpha.Value != nil {
		a := *o.Alpha.Value
		verdict := "below 0.667, too low to draw conclusions from the coding"
		switch {
		case a >= 0.8:
			verdict = "at least 0.800, the customary standard for reliable coding"
		case a >= 0.667:
			verdict = "between 0.667 and 0.800: tentative conclusions only"
		}
		fmt.Fprintf(&b, "Overall Krippendorff's α = %.3f: %s (Krippendorff, Content Analysis, 2004).\n", a, verdict)
	}
	return b.String()
}

// landisKoch names the band of a kappa value (Landis & Koch 1977).
func landisKoch(k float64) string {
	switch {
	case k < 0:
		return "poor"
	case k <= 0.20:
		return "slight"
	case k <= 0.40:
		return "fair"
	case k <= 0.60:
		return "moderate"
	case k <= 0.80:
		return "substantial"
	}
	return "almost perfect"
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// skippedText groups the left-out sources by who coded them.
func skippedText(sk []coderagree.Skipped) string {
	var groups []string
	bySet := map[string][]string{}
	for _, s := range sk {
		who := "not coded by any of them"
		if len(s.Coders) > 0 {
			who = "coded by " + joinAnd(s.Coders) + " only"
		}
		if _, ok := bySet[who]; !ok {
			groups = append(groups, who)
		}
		bySet[who] = append(bySet[who], s.Source)
	}
	var parts []string
	for _, g := range groups {
		parts = append(parts, strings.Join(bySet[g], ", ")+" ("+g+")")
	}
	return strings.Join(parts, "; ")
}

// AgreementComputeOptions are the options of 'grounded agreement compute'.
type AgreementComputeOptions struct {
	F      *Factory
	Input  string
	Metric string
	Scale  string
	JSON   bool
	scale  agreement.Scale
}

// NewCmdAgreementCompute builds 'grounded agreement compute'.
func NewCmdAgreementCompute(f *Factory, runF func(*AgreementComputeOptions) error) *cobra.Command {
	opts := &AgreementComputeOptions{F: f}
	cmd := &cobra.Command{
		Use:   "compute --input FILE.csv",
		Short: "Agreement statistics on a reliability table brought from elsewhere",
		Long: `Compute an agreement coefficient on a reliability data table in CSV: a header
row naming the coders (with a first "unit" column, optional), then one row
per unit with each coder's value; an empty cell is a missing value. It needs
no project. --input - reads standard input.

Metrics: alpha (Krippendorff's alpha, the default, at the --scale given),
cohen (Cohen's kappa, exactly two coders), fleiss (Fleiss' kappa, the units
every coder rated), percent (pairwise percent agreement).`,
		Example: `  grounded agreement compute --input reliability.csv
  grounded agreement compute --input ratings.csv --metric alpha --scale ordinal
  grounded agreement compute --input two-coders.csv --metric cohen --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Input == "" {
				return usageErrorf("agreement compute needs --input FILE.csv")
			}
			m, ok := agreement.LookupMetric(opts.Metric)
			if !ok {
				return usageErrorf("--metric %q: use %s", opts.Metric, orList(agreement.MetricNames()))
			}
			s, err := agreement.ParseScale(opts.Scale)
			if err != nil {
				return usageErrorf("--scale %q: use nominal, ordinal, interval or ratio", opts.Scale)
			}
			if s != agreement.Nominal && !m.Scaled {
				return usageErrorf("--scale %s applies to --metric alpha only; %s treats values as nominal categories", s, opts.Metric)
			}
			opts.scale = s
			if runF != nil {
				return runF(opts)
			}
			return agreementComputeRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Input, "input", "i", "", "the CSV file (- for standard input)")
	cmd.Flags().StringVar(&opts.Metric, "metric", agreement.Metrics[0].Name, strings.Join(agreement.MetricNames(), "|"))
	cmd.Flags().StringVar(&opts.Scale, "scale", "nominal", "level of measurement for alpha: nominal|ordinal|interval|ratio")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {metric, scale, value, observed, expected, units, pairable, note}")
	return cmd
}

// orList joins names as "a, b, c or d".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func agreementComputeRun(opts *AgreementComputeOptions) error {
	f := opts.F
	var in io.Reader = f.IO.In
	name := "standard input"
	if opts.Input != "-" {
		path := opts.Input
		if !filepath.IsAbs(path) {
			if wd, err := f.Getwd(); err == nil {
				path = filepath.Join(wd, path)
			}
		}
		file, err := project.OpenInputFile(path)
		if err != nil {
			if isNotExist(err) {
				return fmt.Errorf("%s: no such file", opts.Input)
			}
			return err
		}
		defer file.Close()
		in, name = file, opts.Input
	}
	d, err := agreement.ReadCSV(in)
	if err != nil {
		var pe *agreement.ParseError
		if errors.As(err, &pe) {
			where := fmt.Sprintf("%s: line %d", name, pe.Line)
			if pe.Column > 0 {
				where += fmt.Sprintf(", column %d", pe.Column)
			}
			return fmt.Errorf("%s: %v", where, pe.Err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	m, ok := agreement.LookupMetric(opts.Metric)
	if !ok {
		return usageErrorf("--metric %q: use %s", opts.Metric, orList(agreement.MetricNames()))
	}
	res, err := m.Compute(d, opts.scale)
	undefined := errors.Is(err, agreement.ErrUndefined)
	if err != nil && !undefined {
		return fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "agreement: "))
	}
	title := m.Title
	if m.Scaled {
		title += " (" + opts.scale.String() + ")"
	}
	if opts.JSON {
		out := map[string]any{"metric": opts.Metric, "scale": opts.scale.String(), "coders": len(d.Coders), "rows": len(d.Values), "value": nil}
		if undefined {
			out["note"] = strings.TrimPrefix(err.Error(), "agreement: ")
		} else {
			out["value"], out["observed"], out["expected"] = res.Value, res.Observed, res.Expected
			out["units"], out["pairable"] = res.Units, res.Pairable
			if res.Note != "" {
				out["note"] = res.Note
			}
		}
		return writeJSON(f.IO.Out, out)
	}
	w := f.IO.Out
	if undefined {
		fmt.Fprintf(w, "%s: n/a (%s)\n", title, strings.TrimPrefix(err.Error(), "agreement: "))
		return nil
	}
	if m.Percent {
		fmt.Fprintf(w, "%s: %.1f%% (%s)\n", title, 100*res.Value, strconv.FormatFloat(res.Value, 'f', 4, 64))
	} else {
		fmt.Fprintf(w, "%s: %.3f\n", title, res.Value)
	}
	fmt.Fprintf(w, "  %d coders, %d units used of %d, %d values\n", len(d.Coders), res.Units, len(d.Values), res.Pairable)
	switch m.Components {
	case "disagreement":
		fmt.Fprintf(w, "  observed disagreement D_o = %s, expected D_e = %s\n", num(res.Observed), num(res.Expected))
	case "agreement":
		fmt.Fprintf(w, "  observed agreement %s, chance agreement %s\n", num(res.Observed), num(res.Expected))
	}
	if res.Note != "" {
		fmt.Fprintf(w, "  note: %s\n", res.Note)
	}
	return nil
}

// num prints a statistic's component compactly.
func num(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// AgreementDisagreementsOptions are the options of 'grounded agreement
// disagreements'.
type AgreementDisagreementsOptions struct {
	F      *Factory
	Coders string
	Code   string
	JSON   bool
}

// NewCmdAgreementDisagreements builds 'grounded agreement disagreements'.
func NewCmdAgreementDisagreements(f *Factory, runF func(*AgreementDisagreementsOptions) error) *cobra.Command {
	opts := &AgreementDisagreementsOptions{F: f}
	cmd := &cobra.Command{
		Use:     "disagreements --coders A,B",
		Aliases: []string{"diff"},
		Short:   "List the turns where two coders differ, for a consensus meeting",
		Long: `List every turn of a source both coders coded where one applied a code and
the other did not: the code, who coded it, the words they coded and the
turn's text, in transcript order. Settle each one, then record the outcome
with 'grounded code add' or 'grounded code remove'.`,
		Example: `  grounded agreement disagreements --coders alice,bob
  grounded agreement disagreements --coders alice,bob --code "Making warm handoffs"`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(splitList(opts.Coders)) != 2 {
				return usageErrorf("disagreements compares two coders: --coders A,B")
			}
			if runF != nil {
				return runF(opts)
			}
			return agreementDisagreementsRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "the two coders, comma-separated")
	cmd.Flags().StringVar(&opts.Code, "code", "", "only this code")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {coders, sources, skipped, disagreements: [{ref, code, coded_by, not_by, quotes, speaker, text}]}")
	_ = cmd.RegisterFlagCompletionFunc("code", completeCodes(f))
	return cmd
}

func agreementDisagreementsRun(opts *AgreementDisagreementsOptions) error {
	f := opts.F
	var dl *coderagree.DisagreementList
	err := readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysisParts(p, project.WithAllCoders)
		if err != nil {
			return err
		}
		code := ""
		if opts.Code != "" {
			c := d.cb.Code(opts.Code)
			if c == nil {
				return noCodeError(d.cb, opts.Code)
			}
			code = c.Name
		}
		cs := splitList(opts.Coders)
		dl, err = coderagree.Disagreements(d.agreeInput(), cs[0], cs[1], code)
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, dl)
	}
	w := f.IO.Out
	a, b := dl.Coders[0], dl.Coders[1]
	fmt.Fprintf(w, "%d disagreement(s) between %s and %s in %s.\n", len(dl.Disagreements), a, b, strings.Join(dl.Sources, ", "))
	if len(dl.Skipped) > 0 {
		fmt.Fprintf(w, "Left out: %s.\n", skippedText(dl.Skipped))
	}
	for _, d := range dl.Disagreements {
		fmt.Fprintf(w, "\n%s  %s: coded by %s, not by %s\n", f.IO.Style(ansiCyan, d.Ref), f.IO.Style(ansiBold, d.Code), d.CodedBy, d.NotBy)
		for _, q := range d.Quotes {
			fmt.Fprintf(w, "  %s coded: %q\n", d.CodedBy, shorten(q, 100))
		}
		speaker := d.Speaker
		if speaker == "" {
			speaker = "turn"
		}
		fmt.Fprintf(w, "  %s: %s\n", speaker, shorten(d.Text, 160))
	}
	return nil
}
