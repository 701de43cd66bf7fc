package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/analysis/whose"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// isGuestOrder reports whether --order asks for saturation by Guest,
// Namey & Chen (2020): analysis, interview or the default.
func isGuestOrder(order string) bool {
	switch strings.ToLower(strings.TrimSpace(order)) {
	case "", report.OrderAnalysis, report.OrderInterview:
		return true
	}
	return false
}

// guestSaturationJSON is the JSON of 'report saturation' in analysis or
// interview order (ops.GuestSaturation, shared with the workbench).
type guestSaturationJSON = ops.GuestSaturationResult

func reportGuestRun(opts *ReportSaturationOptions) error {
	f := opts.F
	mode, err := whose.ParseMode(opts.Count)
	if err != nil {
		return usageErrorf("--count: %v", err)
	}
	var out *guestSaturationJSON
	err = readLocked(f, func(p *project.Project) error {
		var err error
		out, err = ops.GuestSaturation(f.ctx(), p, ops.GuestSaturationRequest{Order: opts.Order, Coders: splitList(opts.Coders), Count: mode,
			Params:       report.GuestParams{Base: opts.Base, Run: opts.Run, Threshold: opts.Threshold},
			Permutations: opts.Permutations, Seed: opts.Seed, Thin: opts.Thin})
		if errors.Is(err, report.ErrNoHistory) {
			return fmt.Errorf("%w: nothing has been coded through grounded yet; use --order interview", err)
		}
		var se *ops.SaturationError
		if errors.As(err, &se) {
			return fmt.Errorf("%w; lower --base or --run, or see the per-transcript table with --order ingest", err)
		}
		return err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, out)
	}
	if opts.CSV {
		return usageErrorf("--csv is available with --order ingest or attr:KEY; use --json in %s order", out.Order)
	}
	return printGuestSaturation(f, out)
}

func printGuestSaturation(f *Factory, g *guestSaturationJSON) error {
	w := f.IO.Out
	r := g.Result
	how := "the order the transcripts were first coded in, codes at their first appearance in the history (following renames and merges)"
	if g.Order == report.OrderInterview {
		how = "interview (ingest) order, codes as coded now"
	}
	fmt.Fprintf(w, "Saturation in %s order: %s.\n\n", g.Order, how)
	cats := map[int]report.CategoryStep{}
	for _, c := range g.Categories {
		cats[c.N] = c
	}
	t := newTable(f.IO, "#", "SOURCE", "NEW CODES", "NEW CATEGORIES", "NEW PROPERTIES", "FIRST SEEN").alignRight(0, 2, 3, 4)
	for _, st := range g.Steps {
		c := cats[st.N]
		t.add(st.N, st.Source, len(st.New), len(c.NewCategories), len(c.NewProperties), strings.Join(st.New, ", "))
	}
	if err := t.render(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nBase: the first %d transcript(s), %d code(s). Runs of %d transcript(s):\n", r.Params.Base, r.BaseCodes, r.Params.Run)
	t = newTable(f.IO, "RUN", "NEW CODES", "SHARE OF BASE").alignRight(1, 2)
	for _, run := range r.Runs {
		t.add(fmt.Sprintf("%d-%d", run.From, run.To), run.New, fmt.Sprintf("%.1f%%", 100*run.Share))
	}
	if err := t.render(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s\n", r.Summary)
	if rb := g.Robustness; rb != nil {
		fmt.Fprintf(w, "Over %d random interview orders (seed %d): saturation reached in %d; point median %s, 95%% interval %s-%s (- : not reached within the transcripts).\n",
			rb.Permutations, rb.Seed, rb.Reached, fmtIntPtr(rb.Median), fmtIntPtr(rb.Low), fmtIntPtr(rb.High))
	}
	if g.ThinMin > 0 {
		if len(g.Thin) == 0 {
			fmt.Fprintf(w, "\nNo category is supported by fewer than %d participant(s).\n", g.ThinMin)
		} else {
			fmt.Fprintf(w, "\nThin categories (fewer than %d participant(s)), with attribute values not yet represented:\n", g.ThinMin)
			t := newTable(f.IO, "CATEGORY", "PARTICIPANTS", "NOT YET REPRESENTED").alignRight(1)
			for _, tc := range g.Thin {
				var miss []string
				for _, m := range tc.Missing {
					miss = append(miss, m.Attribute+": "+strings.Join(m.Values, ", "))
				}
				t.add(tc.Category, tc.Participants, orDash(strings.Join(miss, "; ")))
			}
			if err := t.render(w); err != nil {
				return err
			}
		}
	}
	return nil
}

func fmtIntPtr(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}
