package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// analysisCommands are the report and agreement commands.
func analysisCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdReport(f), NewCmdAgreement(f, nil)}
}

// analysisDemoSteps are shown by 'grounded demo' after coding.
var analysisDemoSteps = []demoStep{
	{"9. Saturation: did later interviews still bring new codes?", []string{"report", "saturation"}},
	{"10. Inter-coder agreement of alice and bob, who both coded P01-P04", []string{"agreement", "--coders", "alice,bob", "--summary"}},
}

// ---- loading ----

// analysisData is everything the reports and agreement read.
type analysisData struct {
	cb      *codebook.Codebook
	codings []coding.Coding
	sources []*corpus.Source
	parts   *project.Participants
	texts   *report.Texts
}

func loadAnalysis(p *project.Project) (*analysisData, error) {
	d := &analysisData{}
	var err error
	if d.cb, err = p.ReadCodebook(); err != nil {
		return nil, err
	}
	if d.codings, err = p.ReadCodings(""); err != nil {
		return nil, err
	}
	if d.sources, err = p.ListSources(); err != nil {
		return nil, err
	}
	if d.parts, err = p.ReadParticipants(); err != nil {
		return nil, err
	}
	turns := map[string][]corpus.Turn{}
	for _, s := range d.sources {
		if turns[s.ID], err = p.ReadTurns(s); err != nil {
			return nil, err
		}
	}
	d.texts = report.NewTexts(turns)
	return d, nil
}

// reportInput returns the input of the reports, with only the codings of
// the given coders (all when none are given).
func (d *analysisData) reportInput(coders []string) (*report.Input, error) {
	cs := d.codings
	if len(coders) > 0 {
		all := coderagree.Coders(d.codings)
		keep := map[string]bool{}
		for _, c := range coders {
			if !slices.ContainsFunc(all, func(a string) bool { return strings.EqualFold(a, c) }) {
				return nil, fmt.Errorf("no codings by %q; the coders with codings are %s", c, orNone(all))
			}
			keep[strings.ToLower(c)] = true
		}
		cs = nil
		for _, c := range d.codings {
			if keep[strings.ToLower(strings.TrimSpace(c.Coder))] {
				cs = append(cs, c)
			}
		}
	}
	return &report.Input{Codebook: d.cb, Codings: cs, Sources: d.sources, Participants: d.parts.List,
		Attributes: d.parts.Attributes, Texts: d.texts}, nil
}

func (d *analysisData) agreeInput() *coderagree.Input {
	return &coderagree.Input{Codebook: d.cb, Codings: d.codings, Sources: d.sources, Texts: d.texts}
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none (nothing is coded yet)"
	}
	return strings.Join(list, ", ")
}

// splitList splits "a,b, c" into names.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// levelNoun names the items of a level in the plural.
func levelNoun(l report.Level) string {
	return map[report.Level]string{report.LevelCode: "codes", report.LevelCategory: "categories", report.LevelStage: "stages"}[l]
}

// ---- report ----

// NewCmdReport builds 'grounded report'.
func NewCmdReport(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Frequencies, co-occurrence, saturation and comparison across cases",
		Long: `Descriptive reports on the coding so far. Each prints an aligned table, or
with --json or --csv the same numbers for other tools. --level counts codes,
categories (a code counts toward its category and every category above it)
or the stages of the core category. docs/analysis.md says exactly what each
report computes.`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(
		NewCmdReportFrequencies(f, nil),
		NewCmdReportCooccurrence(f, nil),
		NewCmdReportSaturation(f, nil),
		NewCmdReportCompare(f, nil),
	)
	return cmd
}

// reportFormat holds the --json and --csv flags.
type reportFormat struct {
	JSON, CSV bool
}

func (o *reportFormat) flags(cmd *cobra.Command, jsonHelp string) {
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON: "+jsonHelp)
	cmd.Flags().BoolVar(&o.CSV, "csv", false, "print CSV (one header row) for a spreadsheet")
}

func (o *reportFormat) check() error {
	if o.JSON && o.CSV {
		return usageErrorf("choose --json or --csv, not both")
	}
	return nil
}

// reportCommon are the flags every report has.
type reportCommon struct {
	reportFormat
	Level  string
	Coders string
	level  report.Level
}

func (o *reportCommon) flags(cmd *cobra.Command, jsonHelp string) {
	o.reportFormat.flags(cmd, jsonHelp)
	cmd.Flags().StringVar(&o.Level, "level", "code", "count codes, categories or stages: code|category|stage")
	cmd.Flags().StringVar(&o.Coders, "coders", "", "count only these coders' codings, comma-separated (default: all)")
}

func (o *reportCommon) check() error {
	if err := o.reportFormat.check(); err != nil {
		return err
	}
	l, err := report.ParseLevel(o.Level)
	if err != nil {
		return usageErrorf("--level: %v", err)
	}
	o.level = l
	return nil
}

// withReport loads the project and runs fn on the report input.
func withReport(f *Factory, coders string, fn func(p *project.Project, in *report.Input) error) error {
	return readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysis(p)
		if err != nil {
			return err
		}
		in, err := d.reportInput(splitList(coders))
		if err != nil {
			return err
		}
		return fn(p, in)
	})
}

// label shortens a column heading for the terminal table.
func label(s string) string { return shorten(s, 22) }

// uncountedNote tells how many codings counted toward nothing.
func uncountedNote(w io.Writer, n int, l report.Level) {
	if n == 0 || l == report.LevelCode {
		return
	}
	what := "a category"
	if l == report.LevelStage {
		what = "a stage"
	}
	fmt.Fprintf(w, "\n%d coding(s) of codes without %s are not counted ('grounded category assign' places codes).\n", n, what)
}

// ReportFrequenciesOptions are the options of 'grounded report frequencies'.
type ReportFrequenciesOptions struct {
	F *Factory
	reportCommon
	By string
}

// NewCmdReportFrequencies builds 'grounded report frequencies'.
func NewCmdReportFrequencies(f *Factory, runF func(*ReportFrequenciesOptions) error) *cobra.Command {
	opts := &ReportFrequenciesOptions{F: f}
	cmd := &cobra.Command{
		Use:     "frequencies",
		Aliases: []string{"freq"},
		Short:   "Count codings per code and participant, source or attribute value",
		Long: `A table of coding counts: one row per code (category, stage) in codebook
order, one column per participant, source or value of a participant
attribute in natural order, then each row's total codings and the number of
distinct participants who said it. Orphaned codings are not counted.`,
		Example: `  grounded report frequencies
  grounded report frequencies --level stage --by attr:setting
  grounded report frequencies --csv > frequencies.csv`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			if _, err := report.ParseBy(opts.By); err != nil {
				return usageErrorf("--by: %v", err)
			}
			if runF != nil {
				return runF(opts)
			}
			return reportFrequenciesRun(opts)
		},
	}
	opts.flags(cmd, "{level, by, columns, rows: [{name, counts, codings, participants}], uncounted}")
	cmd.Flags().StringVar(&opts.By, "by", "participant", "columns: participant|source|attr:KEY")
	return cmd
}

func reportFrequenciesRun(opts *ReportFrequenciesOptions) error {
	f := opts.F
	by, _ := report.ParseBy(opts.By)
	return withReport(f, opts.Coders, func(_ *project.Project, in *report.Input) error {
		ft, err := report.Frequencies(in, opts.level, by)
		if err != nil {
			return err
		}
		switch {
		case opts.JSON:
			return writeJSON(f.IO.Out, ft)
		case opts.CSV:
			return ft.WriteCSV(f.IO.Out)
		}
		if len(ft.Rows) == 0 {
			fmt.Fprintf(f.IO.ErrOut, "No %s in the codebook yet.\n", levelNoun(opts.level))
			return nil
		}
		head := []string{strings.ToUpper(opts.level.String())}
		for _, c := range ft.Columns {
			head = append(head, label(c))
		}
		head = append(head, "CODINGS", "PARTICIPANTS")
		t := newTable(f.IO, head...)
		for i := 1; i < len(head); i++ {
			t.alignRight(i)
		}
		for _, r := range ft.Rows {
			cells := []any{r.Name}
			for _, n := range r.Counts {
				cells = append(cells, n)
			}
			t.add(append(cells, r.Codings, r.Participants)...)
		}
		if err := t.render(f.IO.Out); err != nil {
			return err
		}
		uncountedNote(f.IO.Out, ft.Uncounted, opts.level)
		return nil
	})
}

// ReportCooccurrenceOptions are the options of 'grounded report cooccurrence'.
type ReportCooccurrenceOptions struct {
	F *Factory
	reportCommon
	Scope string
	scope string
}

// NewCmdReportCooccurrence builds 'grounded report cooccurrence'.
func NewCmdReportCooccurrence(f *Factory, runF func(*ReportCooccurrenceOptions) error) *cobra.Command {
	opts := &ReportCooccurrenceOptions{F: f}
	cmd := &cobra.Command{
		Use:     "cooccurrence",
		Aliases: []string{"cooc"},
		Short:   "Which codes occur together in a turn or a source",
		Long: `For every pair of codes (categories, stages): the number of turns (or, with
--scope source, of sources) that hold both, the number holding each, and the
Jaccard index both / (either). At scope turn it also counts overlapping
spans: pairs of codings, one of each, that share words. A category is not
paired with the categories above it. Only pairs that co-occur are listed,
most frequent first.`,
		Example: `  grounded report cooccurrence
  grounded report cooccurrence --level category --scope source --csv`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			s, err := report.ParseScope(opts.Scope)
			if err != nil {
				return usageErrorf("--scope: %v", err)
			}
			opts.scope = s
			if runF != nil {
				return runF(opts)
			}
			return reportCooccurrenceRun(opts)
		},
	}
	opts.flags(cmd, "{level, scope, units, pairs: [{a, b, both, units_a, units_b, jaccard, overlaps}]}")
	cmd.Flags().StringVar(&opts.Scope, "scope", "turn", "the unit in which codes co-occur: turn|source")
	return cmd
}

func reportCooccurrenceRun(opts *ReportCooccurrenceOptions) error {
	f := opts.F
	return withReport(f, opts.Coders, func(_ *project.Project, in *report.Input) error {
		ct, err := report.Cooccurrences(in, opts.level, opts.scope)
		if err != nil {
			return err
		}
		switch {
		case opts.JSON:
			return writeJSON(f.IO.Out, ct)
		case opts.CSV:
			return ct.WriteCSV(f.IO.Out)
		}
		units := strings.ToUpper(opts.scope) + "S"
		fmt.Fprintf(f.IO.Out, "Co-occurrence of %s in the same %s (%d %ss hold codings).\n\n", levelNoun(opts.level), opts.scope, ct.Units, opts.scope)
		if len(ct.Pairs) == 0 {
			fmt.Fprintf(f.IO.Out, "No two %s share a %s yet.\n", levelNoun(opts.level), opts.scope)
			return nil
		}
		lv := strings.ToUpper(opts.level.String())
		head := []string{lv + " A", lv + " B", "BOTH", units + " A", units + " B", "JACCARD"}
		if opts.scope == report.ScopeTurn {
			head = append(head, "OVERLAPPING")
		}
		t := newTable(f.IO, head...).alignRight(2, 3, 4, 5, 6)
		for _, p := range ct.Pairs {
			cells := []any{p.A, p.B, p.Both, p.UnitsA, p.UnitsB, fmt.Sprintf("%.3f", p.Jaccard)}
			if p.Overlaps != nil {
				cells = append(cells, *p.Overlaps)
			}
			t.add(cells...)
		}
		if err := t.render(f.IO.Out); err != nil {
			return err
		}
		if opts.scope == report.ScopeTurn {
			fmt.Fprintln(f.IO.Out, "\nOVERLAPPING counts pairs of codings, one of each, whose spans share characters.")
		}
		return nil
	})
}

// ReportSaturationOptions are the options of 'grounded report saturation'.
type ReportSaturationOptions struct {
	F *Factory
	reportFormat
	Order  string
	K      int
	SVG    string
	Coders string
}

// NewCmdReportSaturation builds 'grounded report saturation'.
func NewCmdReportSaturation(f *Factory, runF func(*ReportSaturationOptions) error) *cobra.Command {
	opts := &ReportSaturationOptions{F: f}
	cmd := &cobra.Command{
		Use:   "saturation",
		Short: "New codes and categories per transcript, and the saturation point",
		Long: `Walk the coded transcripts in ingest order (or ordered by a participant
attribute) and show how many codes, and categories, each brought for the
first time, with running totals. The saturation point is the first
transcript after which --k consecutive transcripts brought no new code.
Transcripts nobody has coded yet are left out. --svg also draws the curves
of cumulative codes and categories as a standalone SVG image.`,
		Example: `  grounded report saturation
  grounded report saturation --order attr:years_as_psw --k 2
  grounded report saturation --svg saturation.svg`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			if opts.K < 1 {
				return usageErrorf("--k must be at least 1, got %d", opts.K)
			}
			if o := strings.ToLower(strings.TrimSpace(opts.Order)); o != "ingest" && (!strings.HasPrefix(o, "attr:") || strings.TrimSpace(o[5:]) == "") {
				return usageErrorf("--order %q: use ingest or attr:KEY", opts.Order)
			}
			if runF != nil {
				return runF(opts)
			}
			return reportSaturationRun(opts)
		},
	}
	opts.flags(cmd, "{order, k, steps: [{n, source, participant, new_codes, codes, ...}], reached, point, after, uncoded}")
	cmd.Flags().StringVar(&opts.Order, "order", "ingest", "order of the transcripts: ingest|attr:KEY")
	cmd.Flags().IntVar(&opts.K, "k", 3, "consecutive transcripts without a new code that mark saturation")
	cmd.Flags().StringVar(&opts.SVG, "svg", "", "also write the saturation curve to this SVG file")
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "count only these coders' codings, comma-separated (default: all)")
	return cmd
}

func reportSaturationRun(opts *ReportSaturationOptions) error {
	f := opts.F
	var r *report.SaturationReport
	var name string
	err := withReport(f, opts.Coders, func(p *project.Project, in *report.Input) error {
		var err error
		r, err = report.SaturationOf(in, opts.Order, opts.K)
		name = p.Config.Name
		return err
	})
	if err != nil {
		return err
	}
	if opts.SVG != "" {
		path := opts.SVG
		if !filepath.IsAbs(path) {
			if wd, err := f.Getwd(); err == nil {
				path = filepath.Join(wd, path)
			}
		}
		title := "Saturation"
		if name != "" {
			title += ": " + name
		}
		if err := fsx.WriteFile(path, report.SaturationSVG(r, title), 0o644); err != nil {
			return fmt.Errorf("writing the SVG: %w", err)
		}
		fmt.Fprintf(f.IO.ErrOut, "Wrote the saturation curve to %s.\n", f.relPath(path))
	}
	switch {
	case opts.JSON:
		return writeJSON(f.IO.Out, r)
	case opts.CSV:
		return r.WriteCSV(f.IO.Out)
	}
	w := f.IO.Out
	if len(r.Steps) == 0 {
		fmt.Fprintln(w, "No transcript is coded yet, so there is nothing to saturate.")
		return nil
	}
	byAttr := strings.HasPrefix(r.Order, "attr:")
	head := []string{"#", "SOURCE", "PARTICIPANT"}
	if byAttr {
		head = append(head, strings.ToUpper(strings.TrimPrefix(r.Order, "attr:")))
	}
	head = append(head, "NEW CODES", "CODES", "NEW CATEGORIES", "CATEGORIES", "FIRST SEEN")
	t := newTable(f.IO, head...)
	off := len(head) - 5
	t.alignRight(0, off, off+1, off+2, off+3)
	for _, s := range r.Steps {
		cells := []any{s.N, s.Source, s.Participant}
		if byAttr {
			cells = append(cells, s.Value)
		}
		cells = append(cells, len(s.NewCodes), s.Codes, len(s.NewCategories), s.Categories, strings.Join(s.NewCodes, ", "))
		t.add(cells...)
	}
	if err := t.render(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if r.Reached {
		fmt.Fprintf(w, "Saturation reached after %s (transcript %d of %d): the next %d transcript(s) brought no new code.\n", r.After, r.Point, len(r.Steps), r.K)
	} else {
		last := ""
		for _, s := range r.Steps {
			if len(s.NewCodes) > 0 {
				last = s.Source
			}
		}
		fmt.Fprintf(w, "Saturation not reached: no run of %d transcript(s) without a new code followed a coded transcript (the last new code came with %s).\n", r.K, last)
	}
	if len(r.Uncoded) > 0 {
		fmt.Fprintf(w, "Not coded yet, left out: %s.\n", strings.Join(r.Uncoded, ", "))
	}
	return nil
}

// ReportCompareOptions are the options of 'grounded report compare'.
type ReportCompareOptions struct {
	F *Factory
	reportCommon
	Attr string
}

// NewCmdReportCompare builds 'grounded report compare'.
func NewCmdReportCompare(f *Factory, runF func(*ReportCompareOptions) error) *cobra.Command {
	opts := &ReportCompareOptions{F: f}
	cmd := &cobra.Command{
		Use:   "compare --attr KEY",
		Short: "Compare cases: codings and participants per attribute value",
		Long: `Constant comparison across cases: split the participants by the value of an
attribute (setting, role, years in recovery, ...) and show, for every code
(category, stage) and value, the number of codings and how many of the
participants with that value have the code, out of how many there are:
"3 (2/4)" reads 3 codings by 2 of the 4 participants with that value.`,
		Example: `  grounded report compare --attr setting
  grounded report compare --attr gender --level stage --json`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.check(); err != nil {
				return err
			}
			if strings.TrimSpace(opts.Attr) == "" {
				return usageErrorf("report compare needs --attr KEY, e.g. --attr setting ('grounded attributes list' shows them)")
			}
			if runF != nil {
				return runF(opts)
			}
			return reportCompareRun(opts)
		},
	}
	opts.flags(cmd, "{attribute, level, values: [{value, participants}], rows: [{name, cells: [{codings, participants, share}]}]}")
	cmd.Flags().StringVar(&opts.Attr, "attr", "", "the participant attribute to compare by")
	return cmd
}

func reportCompareRun(opts *ReportCompareOptions) error {
	f := opts.F
	return withReport(f, opts.Coders, func(_ *project.Project, in *report.Input) error {
		c, err := report.Compare(in, opts.Attr, opts.level)
		if err != nil {
			return err
		}
		switch {
		case opts.JSON:
			return writeJSON(f.IO.Out, c)
		case opts.CSV:
			return c.WriteCSV(f.IO.Out)
		}
		if len(c.Rows) == 0 {
			fmt.Fprintf(f.IO.ErrOut, "No %s in the codebook yet.\n", levelNoun(opts.level))
			return nil
		}
		head := []string{strings.ToUpper(opts.level.String())}
		for _, v := range c.Values {
			head = append(head, fmt.Sprintf("%s (n=%d)", label(v.Value), v.Participants))
		}
		t := newTable(f.IO, head...)
		for i := 1; i < len(head); i++ {
			t.alignRight(i)
		}
		for _, r := range c.Rows {
			cells := []any{r.Name}
			for i, cell := range r.Cells {
				cells = append(cells, fmt.Sprintf("%d (%d/%d)", cell.Codings, cell.Participants, c.Values[i].Participants))
			}
			t.add(cells...)
		}
		fmt.Fprintf(f.IO.Out, "%s by %s: codings (participants with it / participants with the value).\n\n", capitalize(levelNoun(opts.level)), c.Attribute)
		if err := t.render(f.IO.Out); err != nil {
			return err
		}
		uncountedNote(f.IO.Out, c.Uncounted, opts.level)
		return nil
	})
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

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
				return usageErrorf("unknown command %q for %s: the subcommands are compute and disagreements", args[0], cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := report.ParseLevel(opts.Level)
			if err != nil {
				return usageErrorf("--level: %v", err)
			}
			u, err := coderagree.ParseUnit(opts.Unit)
			if err != nil {
				return usageErrorf("--unit: %v", err)
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
	cmd.Flags().StringVar(&opts.Unit, "unit", "turn", "unit of analysis: turn (present/absent per turn) or span (character by character)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {coders, level, unit, sources, skipped, rows: [{name, units, coded, percent, cohen, fleiss, alpha}], overall}")
	cmd.Flags().BoolVar(&opts.Summary, "summary", false, "print only the overall figures and the items whose alpha is below 0.800")
	cmd.AddCommand(NewCmdAgreementCompute(f, nil), NewCmdAgreementDisagreements(f, nil))
	return cmd
}

func agreementRun(opts *AgreementOptions) error {
	f := opts.F
	var r *coderagree.Report
	err := readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysis(p)
		if err != nil {
			return err
		}
		r, err = coderagree.Compute(d.agreeInput(), coderagree.Options{Coders: splitList(opts.Coders), Level: opts.level, Unit: opts.unit})
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, r)
	}
	w := f.IO.Out
	unitText := "every turn of a jointly coded source is a unit; a code is present or absent in it"
	if r.Unit == coderagree.UnitSpan {
		unitText = "character by character, every source a continuum"
	}
	fmt.Fprintf(w, "Agreement of %s on %s, unit %s (%s).\n", joinAnd(r.Coders), levelNoun(r.Level), r.Unit, unitText)
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
	cell := func(s *coderagree.Stat, percent bool) string {
		if s == nil {
			return "-"
		}
		if s.Value == nil {
			i := slices.Index(notes, s.Note)
			if i < 0 {
				notes = append(notes, s.Note)
				i = len(notes) - 1
			}
			return fmt.Sprintf("n/a [%d]", i+1)
		}
		if percent {
			return fmt.Sprintf("%.1f%%", 100**s.Value)
		}
		return fmt.Sprintf("%.3f", *s.Value)
	}
	unitHead := "TURNS"
	if r.Unit == coderagree.UnitSpan {
		unitHead = "CHARS"
	}
	head := []string{strings.ToUpper(r.Level.String())}
	head = append(head, r.Coders...)
	head = append(head, unitHead)
	if r.Unit == coderagree.UnitTurn {
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
		if r.Unit == coderagree.UnitTurn {
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
		fmt.Fprintf(w, "[%d] n/a: %s.\n", i+1, strings.TrimSuffix(n, "."))
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
			switch opts.Metric {
			case agreement.MetricAlpha, agreement.MetricCohen, agreement.MetricFleiss, agreement.MetricPercent:
			default:
				return usageErrorf("--metric %q: use alpha, cohen, fleiss or percent", opts.Metric)
			}
			s, err := agreement.ParseScale(opts.Scale)
			if err != nil {
				return usageErrorf("--scale %q: use nominal, ordinal, interval or ratio", opts.Scale)
			}
			if s != agreement.Nominal && opts.Metric != agreement.MetricAlpha {
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
	cmd.Flags().StringVar(&opts.Metric, "metric", "alpha", "alpha|cohen|fleiss|percent")
	cmd.Flags().StringVar(&opts.Scale, "scale", "nominal", "level of measurement for alpha: nominal|ordinal|interval|ratio")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {metric, scale, value, observed, expected, units, pairable, note}")
	return cmd
}

var metricNames = map[string]string{
	agreement.MetricAlpha:   "Krippendorff's alpha",
	agreement.MetricCohen:   "Cohen's kappa",
	agreement.MetricFleiss:  "Fleiss' kappa",
	agreement.MetricPercent: "Percent agreement",
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
		file, err := os.Open(path)
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
	var res agreement.Result
	switch opts.Metric {
	case agreement.MetricAlpha:
		res, err = agreement.KrippendorffAlpha(d, opts.scale)
	case agreement.MetricCohen:
		res, err = agreement.CohenKappa(d)
	case agreement.MetricFleiss:
		res, err = agreement.FleissKappa(d)
	case agreement.MetricPercent:
		res, err = agreement.PercentAgreement(d)
	}
	undefined := errors.Is(err, agreement.ErrUndefined)
	if err != nil && !undefined {
		return fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "agreement: "))
	}
	title := metricNames[opts.Metric]
	if opts.Metric == agreement.MetricAlpha {
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
	if opts.Metric == agreement.MetricPercent {
		fmt.Fprintf(w, "%s: %.1f%% (%s)\n", title, 100*res.Value, strconv.FormatFloat(res.Value, 'f', 4, 64))
	} else {
		fmt.Fprintf(w, "%s: %.3f\n", title, res.Value)
	}
	fmt.Fprintf(w, "  %d coders, %d units used of %d, %d values\n", len(d.Coders), res.Units, len(d.Values), res.Pairable)
	switch opts.Metric {
	case agreement.MetricAlpha:
		fmt.Fprintf(w, "  observed disagreement D_o = %s, expected D_e = %s\n", num(res.Observed), num(res.Expected))
	case agreement.MetricCohen, agreement.MetricFleiss:
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
		d, err := loadAnalysis(p)
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
