package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
	"github.com/grounded-qda/grounded/internal/serve"
)

// NewCmdCode builds 'grounded code'.
func NewCmdCode(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "code",
		Short: "Apply, list, rename, merge and describe open codes",
		Long: `Open coding: attach codes to exact spans of what participants said, and keep
the codebook of codes with their definitions.`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(
		NewCmdCodeAdd(f, nil),
		NewCmdCodeList(f, nil),
		NewCmdCodeShow(f, nil),
		NewCmdCodeRename(f, nil),
		NewCmdCodeMerge(f, nil),
		NewCmdCodeRm(f, nil),
		NewCmdCodeDescribe(f, nil),
		NewCmdCodeRemove(f, nil),
	)
	cmd.AddCommand(codePinCommands(f)...) // code_pin.go
	return cmd
}

// CodeAddOptions are the options of 'grounded code add'.
type CodeAddOptions struct {
	F        *Factory
	Code     string
	Refs     []string
	Quote    string
	Memo     string
	Coder    string
	InVivo   bool
	Category string
	JSON     bool
}

// NewCmdCodeAdd builds 'grounded code add'.
func NewCmdCodeAdd(f *Factory, runF func(*CodeAddOptions) error) *cobra.Command {
	opts := &CodeAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add CODE REF... | add --in-vivo REF... --quote TEXT",
		Short: "Code turns or spans",
		Long: `Apply CODE to each reference: SRC#N codes turn N whole, SRC#N:S-E the code
points S to E of its text. With --quote, the exact words are looked up inside
the referenced turn (or, with a bare source id such as P21, inside the whole
source) and that span is coded; an absent or ambiguous quote is an error that
lists the candidates. Typographic and straight quote marks, dashes and runs
of white space are treated alike when the exact text is not found.

A code that is not yet in the codebook is created (open coding is emergent),
and the output says so. Coding the same span with the same code by the same
coder again changes nothing. --in-vivo names the code after the quoted words
themselves. Every reference is checked before anything is written.`,
		Example: `  grounded code add "Sharing lived experience" P01#4
  grounded code add "Showing up" P01#12:0-48 P03#7:10-80
  grounded code add "Showing up" P01 --quote "I just kept showing up"
  grounded code add --in-vivo P05#9 --quote "meet them where they're at"`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.InVivo {
				opts.Refs = args
			} else {
				if len(args) < 2 {
					return usageErrorf("code add needs a code and at least one reference, e.g. grounded code add \"Trust\" P01#4")
				}
				opts.Code, opts.Refs = args[0], args[1:]
			}
			if runF != nil {
				return runF(opts)
			}
			return codeAddRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Quote, "quote", "q", "", "code the span where these exact words occur")
	cmd.Flags().StringVarP(&opts.Memo, "memo", "m", "", "a note kept with each coding")
	cmd.Flags().BoolVar(&opts.InVivo, "in-vivo", false, "name the code after the quoted words (all arguments are references)")
	cmd.Flags().StringVar(&opts.Category, "category", "", "put a new code in this category")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the codings made as JSON")
	return cmd
}

// codingJSON is one coding as every --json listing and the workbench's API
// show it: one shape, defined once (serve.Coding).
type codingJSON = serve.Coding

func toJSON(c coding.Coding) codingJSON { return serve.ToCoding(c) }

func codeAddRun(opts *CodeAddOptions) error {
	f := opts.F
	var res coding.ApplyResult
	_, err := change(f, opts.Coder, "code add", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Apply(f.ctx(), e, coding.ApplyRequest{Code: opts.Code, Refs: opts.Refs, Quote: opts.Quote,
			InVivo: opts.InVivo, Category: opts.Category, Memo: opts.Memo})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		out := []codingJSON{}
		for _, c := range res.Made {
			out = append(out, toJSON(c))
		}
		return writeJSON(f.IO.Out, out)
	}
	w := f.IO.Out
	if res.Created {
		fmt.Fprintf(w, "New code %s added to the codebook.\n", f.IO.Style(ansiGreen, fmt.Sprintf("%q", res.Code)))
	}
	for _, c := range res.Made {
		fmt.Fprintf(w, "Coded %s as %q (%s): %q\n", f.IO.Style(ansiCyan, c.Ref().String()), c.Code, c.ID, shorten(c.Quote, 70))
	}
	if len(res.Made) > 0 {
		fmt.Fprintf(w, "(coded as %s)\n", res.Coder)
	}
	if res.Duplicates > 0 {
		fmt.Fprintf(w, "%d span(s) were already coded with this code by %s; nothing changed for them.\n", res.Duplicates, res.Coder)
	}
	return nil
}

// ---- list and show ----

// CodeListOptions are the options of 'grounded code list'.
type CodeListOptions struct {
	F    *Factory
	JSON bool
	// Coders and Count choose whose codings count and how (model_process.go).
	Coders, Count string
}

// NewCmdCodeList builds 'grounded code list'.
func NewCmdCodeList(f *Factory, runF func(*CodeListOptions) error) *cobra.Command {
	opts := &CodeListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List codes with their categories and counts",
		Example: `  grounded code list
  grounded code list --json | jq '.[] | select(.participants < 2)'
  grounded code list --coders alice,bob --count passages`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return codeListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{name, category, stage, codings, sources, participants}]")
	cmd.Flags().StringVar(&opts.Coders, "coders", "", "count only these coders' codings (comma-separated; default: all)")
	cmd.Flags().StringVar(&opts.Count, "count", "codings", "count codings or passages (a passage coded by several coders counts once)")
	return cmd
}

// codeStats counts codings, sources and participants per code key.
type codeStats struct {
	codings      int
	sources      map[string]bool
	participants map[string]bool
}

func countByCode(p *project.Project, cs []coding.Coding) (map[string]*codeStats, error) {
	srcs, err := p.ListSources()
	if err != nil {
		return nil, err
	}
	part := map[string]string{}
	for _, s := range srcs {
		part[s.ID] = s.Participant
	}
	out := map[string]*codeStats{}
	for _, c := range cs {
		k := codebook.Key(c.Code)
		st := out[k]
		if st == nil {
			st = &codeStats{sources: map[string]bool{}, participants: map[string]bool{}}
			out[k] = st
		}
		st.codings++
		st.sources[c.Source] = true
		if pt := part[c.Source]; pt != "" {
			st.participants[pt] = true
		}
	}
	return out, nil
}

func codeListRun(opts *CodeListOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		cb, err := p.ReadCodebook()
		if err != nil {
			return err
		}
		cs, err := p.VisibleCodings("")
		if err != nil {
			return err
		}
		if cs, err = countedCodings(cs, splitList(opts.Coders), opts.Count); err != nil {
			return err
		}
		stats, err := countByCode(p, cs)
		if err != nil {
			return err
		}
		type row struct {
			Name         string `json:"name"`
			Category     string `json:"category"`
			Stage        string `json:"stage"`
			Codings      int    `json:"codings"`
			Sources      int    `json:"sources"`
			Participants int    `json:"participants"`
		}
		rows := []row{}
		for _, c := range cb.Codes {
			r := row{Name: c.Name, Category: c.Category, Stage: cb.StageOf(c.Category)}
			if st := stats[codebook.Key(c.Name)]; st != nil {
				r.Codings, r.Sources, r.Participants = st.codings, len(st.sources), len(st.participants)
			}
			rows = append(rows, r)
		}
		if opts.JSON {
			return writeJSON(f.IO.Out, rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "No codes yet: 'grounded code add CODE REF' creates one.")
			return nil
		}
		t := newTable(f.IO, "CODE", "CATEGORY", "CODINGS", "SOURCES", "PARTICIPANTS").alignRight(2, 3, 4)
		for _, r := range rows {
			t.add(r.Name, r.Category, r.Codings, r.Sources, r.Participants)
		}
		return t.render(f.IO.Out)
	})
}

// CodeShowOptions are the options of 'grounded code show'.
type CodeShowOptions struct {
	F    *Factory
	Code string
	JSON bool
}

// NewCmdCodeShow builds 'grounded code show'.
func NewCmdCodeShow(f *Factory, runF func(*CodeShowOptions) error) *cobra.Command {
	opts := &CodeShowOptions{F: f}
	cmd := &cobra.Command{
		Use:               "show CODE",
		Short:             "Show a code's definition and every quote coded with it",
		Example:           `  grounded code show "Sharing lived experience"`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Code = args[0]
			if runF != nil {
				return runF(opts)
			}
			return codeShowRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {name, description, ..., codings: [...]}")
	return cmd
}

func codeShowRun(opts *CodeShowOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		cb, err := p.ReadCodebook()
		if err != nil {
			return err
		}
		code := cb.Code(opts.Code)
		if code == nil {
			return noCodeError(cb, opts.Code)
		}
		cs, err := p.VisibleCodings("")
		if err != nil {
			return err
		}
		var mine []codingJSON
		for _, c := range cs {
			if codebook.Key(c.Code) == codebook.Key(code.Name) {
				mine = append(mine, toJSON(c))
			}
		}
		memos, err := p.ListMemos()
		if err != nil {
			return err
		}
		var notes []coding.Memo
		for _, m := range memos {
			if m.Target.Kind == coding.TargetCode && codebook.Key(m.Target.Name) == codebook.Key(code.Name) {
				notes = append(notes, m)
			}
		}
		if opts.JSON {
			if mine == nil {
				mine = []codingJSON{}
			}
			if notes == nil {
				notes = []coding.Memo{}
			}
			return writeJSON(f.IO.Out, map[string]any{
				"name": code.Name, "description": code.Description, "when_to_use": code.WhenToUse,
				"when_not_to_use": code.WhenNotToUse, "example": code.Example, "color": code.Color,
				"category": code.Category, "stage": cb.StageOf(code.Category), "codings": mine, "memos": notes,
			})
		}
		w := f.IO.Out
		fmt.Fprintln(w, f.IO.Style(ansiBold, code.Name))
		field := func(label, v string) {
			if v != "" {
				fmt.Fprintf(w, "  %-16s %s\n", label+":", v)
			}
		}
		field("category", code.Category)
		field("stage", cb.StageOf(code.Category))
		field("description", code.Description)
		field("when to use", code.WhenToUse)
		field("when not to use", code.WhenNotToUse)
		field("example", code.Example)
		fmt.Fprintf(w, "\n%d coding(s):\n", len(mine))
		for _, c := range mine {
			orphan := ""
			if c.Orphaned {
				orphan = f.IO.Style(ansiRed, " [orphaned]")
			}
			fmt.Fprintf(w, "  %s (%s, %s)%s\n    %q\n", f.IO.Style(ansiCyan, c.Ref), c.Coder, c.ID, orphan, c.Quote)
		}
		for _, m := range notes {
			fmt.Fprintf(w, "\nMemo %s (%s):\n%s\n", m.ID, m.Author, indent(termSafe(m.Body), "  "))
		}
		return nil
	})
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// noCodeError is the error for a code missing from cb, in the CLI's words.
func noCodeError(cb *codebook.Codebook, name string) error {
	return explain(coding.CodeNotFound(cb, name))
}

func completeCodes(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return completeFromCodebook(f, func(cb *codebook.Codebook) (names []string) {
		for _, c := range cb.Codes {
			names = append(names, c.Name)
		}
		return names
	})
}

// completeFromCodebook completes with names read from the project's
// codebook.
func completeFromCodebook(f *Factory, names func(*codebook.Codebook) []string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		p, err := f.Project()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		cb, err := p.ReadCodebook()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return names(cb), cobra.ShellCompDirectiveNoFileComp
	}
}

// ---- rename, merge, rm, describe, remove ----

// CodeRenameOptions are the options of 'grounded code rename'.
type CodeRenameOptions struct {
	F        *Factory
	Old, New string
}

// NewCmdCodeRename builds 'grounded code rename'.
func NewCmdCodeRename(f *Factory, runF func(*CodeRenameOptions) error) *cobra.Command {
	opts := &CodeRenameOptions{F: f}
	return &cobra.Command{
		Use:   "rename OLD NEW",
		Short: "Rename a code everywhere (codebook, codings, memos)",
		Long: `Rename a code. Its definition, colour and category stay; every coding and
memo that uses it, by any coder, follows. To combine two codes use 'grounded
code merge'. 'grounded undo' reverts a rename.`,
		Example:           `  grounded code rename "Showing up" "Showing up consistently"`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return codeRenameRun(opts)
		},
	}
}

func codeRenameRun(opts *CodeRenameOptions) error {
	f := opts.F
	var res coding.RenameResult
	_, err := change(f, "", "code rename", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Rename(f.ctx(), e, coding.RenameRequest{Old: opts.Old, New: opts.New})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Renamed %q to %q; %d coding(s) follow.\n", opts.Old, res.New, res.Moved)
	return nil
}

// CodeMergeOptions are the options of 'grounded code merge'.
type CodeMergeOptions struct {
	F     *Factory
	Codes []string
	Into  string
}

// NewCmdCodeMerge builds 'grounded code merge'.
func NewCmdCodeMerge(f *Factory, runF func(*CodeMergeOptions) error) *cobra.Command {
	opts := &CodeMergeOptions{F: f}
	cmd := &cobra.Command{
		Use:   "merge CODE... --into TARGET",
		Short: "Merge codes into one",
		Long: `Merge one or more codes into TARGET (created when it does not exist). Their
codings, by every coder, move to TARGET; a coding that would then repeat one
already there (same coder, same span) is collapsed into it. The merged codes'
definitions are kept in a memo on TARGET, and their memos follow. 'grounded
undo' reverts a merge.`,
		Example:           `  grounded code merge "Being there" "Showing up" --into "Showing up consistently"`,
		Args:              minArgs(1),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Codes = args
			if opts.Into == "" {
				return usageErrorf("code merge needs --into TARGET")
			}
			if runF != nil {
				return runF(opts)
			}
			return codeMergeRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Into, "into", "", "the code to merge into (required)")
	return cmd
}

func codeMergeRun(opts *CodeMergeOptions) error {
	f := opts.F
	var res coding.MergeResult
	_, err := change(f, "", "code merge", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Merge(f.ctx(), e, coding.MergeRequest{Codes: opts.Codes, Into: opts.Into})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Merged into %q: %d coding(s) moved, %d duplicate(s) collapsed; the merged definitions are in a memo on %q.\n", res.Into, res.Moved, res.Collapsed, res.Into)
	return nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// CodeRmOptions are the options of 'grounded code rm'.
type CodeRmOptions struct {
	F     *Factory
	Code  string
	Force bool
}

// NewCmdCodeRm builds 'grounded code rm'.
func NewCmdCodeRm(f *Factory, runF func(*CodeRmOptions) error) *cobra.Command {
	opts := &CodeRmOptions{F: f}
	cmd := &cobra.Command{
		Use:               "rm CODE",
		Aliases:           []string{"delete"},
		Short:             "Delete a code from the codebook",
		Long:              `Delete a code. It is refused while codings use it, unless --force, which deletes those codings too ('grounded undo' brings them back).`,
		Example:           `  grounded code rm "Misc"`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Code = args[0]
			if runF != nil {
				return runF(opts)
			}
			return codeRmRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "also delete the code's codings")
	return cmd
}

func codeRmRun(opts *CodeRmOptions) error {
	f := opts.F
	var res coding.DeleteCodeResult
	_, err := change(f, "", "code rm", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.DeleteCode(f.ctx(), e, coding.DeleteCodeRequest{Code: opts.Code, Force: opts.Force})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Deleted code %q", res.Code)
	if res.Removed > 0 {
		fmt.Fprintf(f.IO.Out, " and its %d coding(s)", res.Removed)
	}
	fmt.Fprintln(f.IO.Out, ".")
	return nil
}

// CodeDescribeOptions are the options of 'grounded code describe'.
type CodeDescribeOptions struct {
	F      *Factory
	Code   string
	Fields map[string]*string
	set    func(name string) bool
}

// NewCmdCodeDescribe builds 'grounded code describe'.
func NewCmdCodeDescribe(f *Factory, runF func(*CodeDescribeOptions) error) *cobra.Command {
	opts := &CodeDescribeOptions{F: f, Fields: map[string]*string{}}
	cmd := &cobra.Command{
		Use:   "describe CODE",
		Short: "Set a code's definition, rules and example",
		Long: `Set the parts of a code's definition: its description, when to use it, when
not to use it, an example, and its colour. Flags that are not given leave
their field as it is; an empty value clears it. The code is created when it
does not exist.`,
		Example: `  grounded code describe "Showing up" --description "The PSW is reliably present" \
      --when-to-use "Talk of keeping appointments, being there at odd hours" \
      --when-not-to-use "Presence of other staff"`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Code = args[0]
			opts.set = func(name string) bool { return cmd.Flags().Changed(name) }
			if runF != nil {
				return runF(opts)
			}
			return codeDescribeRun(opts)
		},
	}
	for _, fl := range []struct{ name, help string }{
		{"description", "what the code means"},
		{"when-to-use", "when to apply it"},
		{"when-not-to-use", "when not to apply it"},
		{"example", "an example of its use"},
		{"color", "its colour, as #RRGGBB"},
		{"disconfirms", "a stage of the core the code speaks against (\"\" clears it; see 'grounded model check')"},
	} {
		opts.Fields[fl.name] = cmd.Flags().String(fl.name, "", fl.help)
	}
	return cmd
}

func codeDescribeRun(opts *CodeDescribeOptions) error {
	f := opts.F
	field := func(flag string) *string {
		if opts.set(flag) {
			return opts.Fields[flag]
		}
		return nil
	}
	req := coding.DescribeRequest{Code: opts.Code, Description: field("description"), WhenToUse: field("when-to-use"),
		WhenNotToUse: field("when-not-to-use"), Example: field("example"), Color: field("color"), Disconfirms: field("disconfirms")}
	var res coding.DescribeResult
	_, err := change(f, "", "code describe", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Describe(f.ctx(), e, req)
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Updated the definition of %q.\n", res.Code)
	return nil
}

// CodeRemoveOptions are the options of 'grounded code remove'.
type CodeRemoveOptions struct {
	F     *Factory
	Code  string
	Ref   string
	Quote string
}

// NewCmdCodeRemove builds 'grounded code remove'.
func NewCmdCodeRemove(f *Factory, runF func(*CodeRemoveOptions) error) *cobra.Command {
	opts := &CodeRemoveOptions{F: f}
	cmd := &cobra.Command{
		Use:   "remove CODE REF",
		Short: "Remove the coding of CODE at REF by the current coder",
		Long: `Remove your coding of CODE at REF. REF is a span (SRC#N:S-E) to remove
exactly that coding, or a turn (SRC#N) to remove every coding of CODE in the
turn. Only the current coder's codings are removed (choose with --coder);
'grounded uncode ID' removes any one coding by its id.`,
		Example: `  grounded code remove "Showing up" P01#12:0-48
  grounded code remove "Showing up" P01#12`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeCodes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Code, opts.Ref = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return codeRemoveRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Quote, "quote", "q", "", "remove the coding of the span where these words occur")
	return cmd
}

func codeRemoveRun(opts *CodeRemoveOptions) error {
	f := opts.F
	var res coding.UncodeResult
	_, err := change(f, "", "code remove", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.Uncode(f.ctx(), e, coding.UncodeRequest{Code: opts.Code, Ref: opts.Ref, Quote: opts.Quote})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	for _, c := range res.Removed {
		fmt.Fprintf(f.IO.Out, "Removed %s %q at %s.\n", c.ID, c.Code, c.Ref())
	}
	return nil
}

// readText reads -m TEXT or --file F (- for stdin).
func readText(in io.Reader, text, file string) (string, error) {
	switch {
	case text != "" && file != "":
		return "", usageErrorf("give the text with -m or --file, not both")
	case file == "-":
		b, err := io.ReadAll(in)
		return string(b), err
	case file != "":
		b, err := project.ReadInputFile(file, project.MaxTranscriptSize)
		return string(b), err
	}
	return text, nil
}
