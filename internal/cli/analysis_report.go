package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

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
	// Count is codings or passages (every report, countedCodings).
	Count string
}

func (o *reportFormat) flags(cmd *cobra.Command, jsonHelp string) {
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON: "+jsonHelp)
	cmd.Flags().BoolVar(&o.CSV, "csv", false, "print CSV (one header row) for a spreadsheet")
	cmd.Flags().StringVar(&o.Count, "count", "codings", "count codings or passages (a passage coded by several coders counts once)")
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
func withReport(f *Factory, coders, count string, fn func(p *project.Project, in *report.Input) error) error {
	return readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysis(p)
		if err != nil {
			return err
		}
		in, err := d.reportInput(splitList(coders))
		if err != nil {
			return err
		}
		if in.Codings, err = countedCodings(in.Codings, nil, count); err != nil {
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
	return withReport(f, opts.Coders, opts.Count, func(_ *project.Project, in *report.Input) error {
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
	return withReport(f, opts.Coders, opts.Count, func(_ *project.Project, in *report.Input) error {
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
	// Guest, Namey & Chen (2020) in analysis or interview order
	// (report_saturation_guest.go).
	Base, Run, Permutations, Thin int
	Threshold                     float64
	Seed                          uint64
}

// NewCmdReportSaturation builds 'grounded report saturation'.
func NewCmdReportSaturation(f *Factory, runF func(*ReportSaturationOptions) error) *cobra.Command {
	opts := &ReportSaturationOptions{F: f}
	cmd := &cobra.Command{
		Use:   "saturation",
		Short: "New codes and categories per transcript, and the saturation point",
		Long: `Saturation by Guest, Namey & Chen (2020), in analysis order (the default
when the project has history): transcripts in the order their coding began,
and each code at its first appearance in the history, following renames and
merges, so that recoding early interviews with a later idea does not make
saturation look earlier. --order interview uses the ingest order and the
codes as coded now. The base is the first --base transcripts; a run of
--run transcripts reaches saturation when it adds at most --threshold of
the base's codes. The sentence printed says when new codes still came after
the point, and where. --permutations N assesses the point over N random
interview orders (median and 95% interval, --seed printed). New categories
and new properties (new codes under a category already seen) are counted
per transcript; --thin N lists categories supported by fewer than N
participants with the attribute values not yet represented.

--order ingest or attr:KEY shows the older per-transcript view: new codes
and categories per transcript with running totals, and the first transcript
after which --k consecutive transcripts brought no new code. --svg draws
its curves as a standalone SVG image. See docs/method.md.`,
		Example: `  grounded report saturation
  grounded report saturation --base 4 --run 2 --threshold 0.05 --permutations 999 --seed 7 --thin 3
  grounded report saturation --order interview
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
			if o := strings.ToLower(strings.TrimSpace(opts.Order)); !isGuestOrder(o) && o != "ingest" && (!strings.HasPrefix(o, "attr:") || strings.TrimSpace(o[5:]) == "") {
				return usageErrorf("--order %q: use analysis, interview, ingest or attr:KEY", opts.Order)
			}
			if opts.Permutations < 0 || opts.Thin < 0 {
				return usageErrorf("--permutations and --thin must not be negative")
			}
			if runF != nil {
				return runF(opts)
			}
			if isGuestOrder(opts.Order) {
				if opts.SVG != "" {
					return usageErrorf("--svg draws the per-transcript curve of --order ingest or attr:KEY")
				}
				return reportGuestRun(opts)
			}
			return reportSaturationRun(opts)
		},
	}
	opts.flags(cmd, "{order, k, steps: [{n, source, participant, new_codes, codes, ...}], reached, point, after, uncoded}")
	cmd.Flags().StringVar(&opts.Order, "order", "", "analysis|interview (Guest et al.; default analysis when there is history) or ingest|attr:KEY (per-transcript view)")
	cmd.Flags().IntVar(&opts.K, "k", 3, "with --order ingest|attr:KEY: consecutive transcripts without a new code that mark saturation")
	cmd.Flags().IntVar(&opts.Base, "base", 4, "Guest et al.: transcripts in the base")
	cmd.Flags().IntVar(&opts.Run, "run", 2, "Guest et al.: transcripts in a run")
	cmd.Flags().Float64Var(&opts.Threshold, "threshold", 0.05, "Guest et al.: new-information threshold, a share of the base's codes")
	cmd.Flags().IntVar(&opts.Permutations, "permutations", 0, "Guest et al.: also assess the point over N random interview orders")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "seed of the random orders (printed with the result)")
	cmd.Flags().IntVar(&opts.Thin, "thin", 0, "also list categories supported by fewer than N participants")
	cmd.Flags().StringVar(&opts.SVG, "svg", "", "also write the saturation curve to this SVG file")
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "count only these coders' codings, comma-separated (default: all)")
	return cmd
}

func reportSaturationRun(opts *ReportSaturationOptions) error {
	f := opts.F
	var r *report.SaturationReport
	var name string
	err := withReport(f, opts.Coders, opts.Count, func(p *project.Project, in *report.Input) error {
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
		if err := refuseProjectFile(f, path); err != nil { // outputguard.go
			return err
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
		fmt.Fprintln(w, r.Sentence()) // names the transcripts with new codes after the point
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
	return withReport(f, opts.Coders, opts.Count, func(_ *project.Project, in *report.Input) error {
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
