package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/deid"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// DeidentifyOptions are the options of 'grounded deidentify'.
type DeidentifyOptions struct {
	F          *Factory
	Sources    []string
	NamesFile  string
	KeyFile    string
	DryRun     bool
	Suggest    bool
	Speakers   bool
	Attributes []string
	NoPatterns bool
	JSON       bool
}

// NewCmdDeidentify builds 'grounded deidentify'.
func NewCmdDeidentify(f *Factory, runF func(*DeidentifyOptions) error) *cobra.Command {
	opts := &DeidentifyOptions{F: f}
	cmd := &cobra.Command{
		Use:   "deidentify [SOURCE...] --names FILE.csv [--key KEY.csv] [--dry-run] | --suggest [--names FILE.csv] [--key KEY.csv]",
		Short: "Replace names with consistent pseudonyms, keeping every coding",
		Long: `Pseudonymise the transcripts (all, or the SOURCEs given): the names listed
in FILE.csv (a column "name" and an optional "pseudonym"; a name without one
becomes "Person N"), the speaker names with --speakers, the values of the
participant attributes marked with --attr, and e-mail addresses, phone numbers
and street addresses. Names match whole words, case-insensitively; the same
name gets the same pseudonym everywhere. Every coding stays on its words and
its quote becomes the new text. One change, 'grounded undo' reverts it.

--key writes the reversible key (name, pseudonym, kind) to a CSV file, which
must be outside the project and not tracked by git. --dry-run lists every
replacement with its context and writes nothing.

--suggest lists capitalised words in mid-sentence that look like names, to
put in the list, and writes nothing. --names is optional with it; the names
in FILE.csv, its pseudonyms and, with --key, the names and pseudonyms of an
earlier key (read, not written) are not suggested, nor are generated
pseudonyms ("Person 3"), words at a sentence start (also after a closing
quote: “... she said.” And) and common capitalised fillers and function
words (I, I'm, And, But, So, The, OK, Yeah, weekdays, months ...).

The original files under sources/ and the project's history still hold the
names (undo needs them): share exports, not the project directory.`,
		Example: `  grounded deidentify --suggest
  grounded deidentify --names names.csv --suggest --key ../private/key.csv
  grounded deidentify --names names.csv --speakers --dry-run
  grounded deidentify --names names.csv --speakers --attr workplace --key ../private/key.csv`,
		Args: minArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Sources = args
			if opts.NamesFile == "" && !opts.Suggest {
				return usageErrorf("--names FILE.csv is required")
			}
			if runF != nil {
				return runF(opts)
			}
			return deidentifyRun(opts)
		},
		ValidArgsFunction: completeSources(f),
	}
	cmd.Flags().StringVar(&opts.NamesFile, "names", "", "CSV file with a column \"name\" and an optional \"pseudonym\"")
	cmd.Flags().StringVar(&opts.KeyFile, "key", "", "write the reversible key to this CSV file (outside the project, not tracked by git)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "list every replacement with its context; write nothing")
	cmd.Flags().BoolVar(&opts.Suggest, "suggest", false, "list capitalised mid-sentence words not in the list; write nothing")
	cmd.Flags().BoolVar(&opts.Speakers, "speakers", false, "replace the speaker names too")
	cmd.Flags().StringArrayVar(&opts.Attributes, "attr", nil, "a participant attribute whose values identify people (repeat)")
	cmd.Flags().BoolVar(&opts.NoPatterns, "no-patterns", false, "leave e-mail addresses, phone numbers and street addresses alone")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "with --dry-run or --suggest, print JSON: the replacements [{source, turn, speaker, start, end, original, pseudonym, kind, context}] or the suggestions [{word, count, ref, context}]")
	return cmd
}

func deidentifyRun(opts *DeidentifyOptions) error {
	f := opts.F
	names, err := readNamesCSV(opts.NamesFile)
	if err != nil {
		return err
	}
	req := ops.DeidentifyRequest{Sources: opts.Sources, Names: names, Speakers: opts.Speakers, Attributes: opts.Attributes, Patterns: !opts.NoPatterns}
	if opts.Suggest {
		// An earlier key's names and pseudonyms are known too.
		key, err := readNamesCSV(opts.KeyFile)
		if err != nil {
			return err
		}
		return readLocked(f, func(p *project.Project) error {
			sug, err := ops.SuggestNames(f.ctx(), p, opts.Sources, append(names, key...))
			if err != nil {
				return err
			}
			if opts.JSON {
				return writeJSON(f.IO.Out, sug)
			}
			if len(sug) == 0 {
				fmt.Fprintln(f.IO.ErrOut, "No capitalised mid-sentence words outside the list.")
				return nil
			}
			t := newTable(f.IO, "WORD", "COUNT", "FIRST", "CONTEXT").alignRight(1)
			for _, s := range sug {
				t.add(termSafe(s.Word), s.Count, s.Ref, termSafe(s.Context))
			}
			return t.render(f.IO.Out)
		})
	}
	if opts.DryRun {
		return readLocked(f, func(p *project.Project) error {
			res, err := ops.PlanDeidentify(f.ctx(), p, req)
			if err != nil {
				return err
			}
			if opts.JSON {
				if res.Replacements == nil {
					res.Replacements = []deid.Replacement{}
				}
				return writeJSON(f.IO.Out, res.Replacements)
			}
			for _, r := range res.Replacements {
				where := fmt.Sprintf("%s#%d", r.Source, r.Turn)
				if r.Speaker {
					where += " (speaker)"
				}
				fmt.Fprintf(f.IO.Out, "%s %s -> %s (%s): %s\n", where, termSafe(r.Original), termSafe(r.Pseudonym), r.Kind, termSafe(r.Context))
			}
			fmt.Fprintf(f.IO.ErrOut, "%s would be made; nothing was written\n", res.Summary)
			warnNotRewritten(f, res.NotRewritten)
			return nil
		})
	}
	if opts.KeyFile != "" {
		p, err := f.Project()
		if err != nil {
			return err
		}
		if err := ops.CheckKeyPlace(p.Root, opts.KeyFile); err != nil {
			return err
		}
	}
	var res ops.DeidentifyResult
	_, err = change(f, "", "deidentify", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.Deidentify(f.ctx(), e, req)
		if err != nil {
			return "", err
		}
		if opts.KeyFile != "" {
			// Written before the change commits: a failed commit leaves a
			// key for nothing, never a change without its key.
			if err := os.WriteFile(opts.KeyFile, ops.EncodeKey(res.Key), 0o600); err != nil {
				return "", fmt.Errorf("writing the key: %w; nothing was changed", err)
			}
		}
		return res.Summary, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "%d replacement(s) in %d source(s); %d coding(s) re-anchored", len(res.Replacements), len(res.Sources), res.Codings)
	if res.Citations > 0 {
		fmt.Fprintf(f.IO.Out, "; %d cited passage(s) (relation evidence, memo targets) re-anchored", res.Citations)
	}
	fmt.Fprintln(f.IO.Out)
	if opts.KeyFile != "" {
		fmt.Fprintf(f.IO.Out, "key written to %s: keep it apart from the project\n", opts.KeyFile)
	} else {
		fmt.Fprintln(f.IO.ErrOut, "note: no --key given, so the pseudonyms cannot be reversed except by 'grounded undo'")
	}
	warnNotRewritten(f, res.NotRewritten)
	if len(opts.Attributes) > 0 {
		fmt.Fprintln(f.IO.ErrOut, "note: participants.yaml still holds the attribute values; change them with 'grounded attributes import'")
	}
	fmt.Fprintln(f.IO.ErrOut, "note: the original files under sources/ and the project's history still hold the names; share exports, not the project directory")
	return nil
}

// readNamesCSV reads a names file (or a key, which has the same columns);
// no file gives no names.
func readNamesCSV(file string) ([]deid.Entry, error) {
	if file == "" {
		return nil, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return ops.ParseNamesCSV(file, data)
}

// warnNotRewritten names the memos and coding memos that still hold
// replaced words, which deidentify does not rewrite.
func warnNotRewritten(f *Factory, ms []ops.Mention) {
	for _, m := range ms {
		fmt.Fprintf(f.IO.ErrOut, "warning: %s holds %d of the words replaced in the transcripts and is not rewritten; edit it by hand\n", m.Where, m.Count)
	}
}
