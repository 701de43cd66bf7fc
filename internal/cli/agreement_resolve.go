package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// AgreementResolveOptions are the options of 'grounded agreement resolve'.
type AgreementResolveOptions struct {
	F         *Factory
	Coders    string
	As        string
	Decisions string
}

// NewCmdAgreementResolve builds 'grounded agreement resolve'.
func NewCmdAgreementResolve(f *Factory, runF func(*AgreementResolveOptions) error) *cobra.Command {
	opts := &AgreementResolveOptions{F: f}
	cmd := &cobra.Command{
		Use:   "resolve --coders A,B [--as consensus] [--decisions FILE.csv]",
		Short: "Record a consensus of two coders, with a reason for every decision",
		Long: `Walk the disagreements of two coders (turns of the sources both coded where
only one applied a code) and record each decision as codings of a consensus
coder (--as, default consensus): keep A's coding, keep B's, both, or
neither, with the reason. Where both coders applied a code, A's codings are
copied. The change is the consensus coder's: 'grounded log' shows it and
'GROUNDED_CODER=consensus grounded undo' takes it back. Afterwards every
output can count the consensus alone with --coders consensus.

On a terminal it asks for each disagreement. For scripts, --decisions
FILE.csv gives them, one row per disagreement, with the header
ref,code,decision,reason (decision: a, b, both or neither; ref: SRC#TURN;
- reads standard input). Nothing is written unless every disagreement has
a decision.`,
		Example: `  grounded agreement resolve --coders alice,bob
  grounded agreement resolve --coders alice,bob --as consensus --decisions decisions.csv
  grounded code list --coders consensus`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(splitList(opts.Coders)) != 2 {
				return usageErrorf("--coders needs exactly two coders, e.g. --coders alice,bob")
			}
			if strings.TrimSpace(opts.As) == "" {
				return usageErrorf("--as needs a coder name, e.g. --as consensus")
			}
			if opts.Decisions == "" && !f.IO.IsTerminal() {
				return usageErrorf("not on a terminal: give the decisions with --decisions FILE.csv (header ref,code,decision,reason)")
			}
			if runF != nil {
				return runF(opts)
			}
			return agreementResolveRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "the two coders, comma-separated")
	cmd.Flags().StringVar(&opts.As, "as", "consensus", "the consensus coder who receives the codings")
	cmd.Flags().StringVar(&opts.Decisions, "decisions", "", "a CSV file of decisions (ref,code,decision,reason; - for standard input)")
	return cmd
}

func agreementResolveRun(opts *AgreementResolveOptions) error {
	f := opts.F
	cs := splitList(opts.Coders)
	var dl *coderagree.DisagreementList
	err := readLocked(f, func(p *project.Project) error {
		d, err := loadAnalysisParts(p, project.WithAllCoders)
		if err != nil {
			return err
		}
		dl, err = coderagree.Disagreements(d.agreeInput(), cs[0], cs[1], "")
		return err
	})
	if err != nil {
		return err
	}
	var decisions []coderagree.Decision
	if opts.Decisions != "" {
		decisions, err = readDecisions(f, opts.Decisions)
	} else {
		decisions, err = askDecisions(f, dl)
	}
	if err != nil {
		return err
	}
	var res ops.ResolveResult
	_, err = change(f, opts.As, "agreement resolve", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.Resolve(f.ctx(), e, ops.ResolveRequest{A: dl.Coders[0], B: dl.Coders[1], As: opts.As, Decisions: decisions})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Recorded the consensus of %s and %s as coder %s: %d coding(s); %d disagreement(s) decided.\n",
		dl.Coders[0], dl.Coders[1], opts.As, res.Added, len(decisions))
	return nil
}

// readDecisions reads a decisions CSV: header ref,code,decision,reason.
func readDecisions(f *Factory, file string) ([]coderagree.Decision, error) {
	var r io.Reader
	name := file
	if file == "-" {
		r, name = f.IO.In, "standard input"
	} else {
		path := file
		if !filepath.IsAbs(path) {
			if wd, err := f.Getwd(); err == nil {
				path = filepath.Join(wd, path)
			}
		}
		fh, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		r = fh
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, csvErr(err))
	}
	if strings.Join(head, ",") != "ref,code,decision,reason" {
		return nil, fmt.Errorf("%s:1: the header must be ref,code,decision,reason, got %s", name, strings.Join(head, ","))
	}
	var out []coderagree.Decision
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, csvErr(err))
		}
		ref, err := corpus.ParseRef(strings.TrimSpace(rec[0]))
		if err != nil || ref.Turn < 1 {
			return nil, fmt.Errorf("%s:%d: ref %q: want SRC#TURN", name, line, rec[0])
		}
		ch, err := coderagree.ParseChoice(rec[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if strings.TrimSpace(rec[3]) == "" {
			return nil, fmt.Errorf("%s:%d: a decision needs its reason", name, line)
		}
		out = append(out, coderagree.Decision{Unit: coderagree.UnitKey{Source: ref.Source, Turn: ref.Turn, Code: strings.TrimSpace(rec[1])},
			Choice: ch, Reason: strings.TrimSpace(rec[3])})
	}
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}

// askDecisions walks the disagreements on the terminal.
func askDecisions(f *Factory, dl *coderagree.DisagreementList) ([]coderagree.Decision, error) {
	in := bufio.NewScanner(f.IO.In)
	w := f.IO.Out
	a, b := dl.Coders[0], dl.Coders[1]
	var out []coderagree.Decision
	for i, d := range dl.Disagreements {
		fmt.Fprintf(w, "\n[%d/%d] %s %s: coded by %s, not by %s\n", i+1, len(dl.Disagreements), d.Ref, d.Code, d.CodedBy, d.NotBy)
		fmt.Fprintf(w, "  %s: %s\n", termSafe(d.Speaker), termSafe(d.Text))
		for _, q := range d.Quotes {
			fmt.Fprintf(w, "  quote: %q\n", termSafe(q))
		}
		var ch coderagree.Choice
		for {
			fmt.Fprintf(w, "Keep [a] %s's, [b] %s's, both or neither? ", a, b)
			if !in.Scan() {
				return nil, errors.New("input ended before every disagreement was decided; nothing was written")
			}
			var err error
			if ch, err = coderagree.ParseChoice(in.Text()); err == nil {
				break
			}
			fmt.Fprintln(w, err)
		}
		reason := ""
		for reason == "" {
			fmt.Fprint(w, "Reason: ")
			if !in.Scan() {
				return nil, errors.New("input ended before every disagreement was decided; nothing was written")
			}
			reason = strings.TrimSpace(in.Text())
		}
		out = append(out, coderagree.Decision{Unit: coderagree.UnitKey{Source: d.Source, Turn: d.Turn, Code: d.Code}, Choice: ch, Reason: reason})
	}
	return out, nil
}
