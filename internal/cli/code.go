package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
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

type codingJSON struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Ref      string `json:"ref"`
	Source   string `json:"source"`
	Turn     int    `json:"turn"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Quote    string `json:"quote"`
	Coder    string `json:"coder"`
	Created  string `json:"created"`
	Memo     string `json:"memo,omitempty"`
	Orphaned bool   `json:"orphaned,omitempty"`
}

func toJSON(c coding.Coding) codingJSON {
	return codingJSON{ID: c.ID, Code: c.Code, Ref: c.Ref().String(), Source: c.Source, Turn: c.Turn, Start: c.Start, End: c.End,
		Quote: c.Quote, Coder: c.Coder, Created: c.Created.UTC().Format("2006-01-02T15:04:05Z"), Memo: c.Memo, Orphaned: c.Orphaned}
}

func codeAddRun(opts *CodeAddOptions) error {
	f := opts.F
	var made []coding.Coding
	var dups int
	var created, coder string
	_, err := change(f, opts.Coder, "code add", func(e *project.Edit) (string, error) {
		tc := newTurnCache(e.Project())
		var spans []coding.Span
		for _, arg := range opts.Refs {
			sp, err := tc.resolveArg(arg, opts.Quote)
			if err != nil {
				return "", err
			}
			if sp.Start == sp.End {
				return "", fmt.Errorf("%s is an empty span; a coding covers at least one character", sp.Ref())
			}
			spans = append(spans, sp)
		}
		name := opts.Code
		if opts.InVivo {
			// A span (SRC#N:S-E or SRC:S-E) has a colon; a whole turn
			// (SRC#N) has none, and source ids cannot contain one.
			if opts.Quote == "" && !slices.ContainsFunc(opts.Refs, func(r string) bool { return strings.Contains(r, ":") }) {
				return "", usageErrorf("--in-vivo takes the code's name from the coded words: add --quote TEXT or give a span (SRC#N:S-E)")
			}
			name = shorten(spans[0].Quote, 80)
		}
		n, err := codebook.CheckName(name)
		if err != nil {
			return "", err
		}
		code := e.Codebook.Code(n)
		if code == nil {
			code, err = e.Codebook.AddCode(n, opts.Category)
			if err != nil {
				return "", err
			}
			created = code.Name
		} else if opts.Category != "" && codebook.Key(code.Category) != codebook.Key(opts.Category) {
			return "", usageErrorf("code %q already exists in category %q; move it with 'grounded category assign'", code.Name, code.Category)
		}
		coder = e.Coder
		now := project.Now()
		for _, sp := range spans {
			c := coding.Coding{ID: coding.NewID(), Code: code.Name, Source: sp.Source, Turn: sp.Turn, Start: sp.Start, End: sp.End,
				Quote: sp.Quote, Coder: e.Coder, Created: now, Memo: opts.Memo}
			ok, err := e.AddCoding(c)
			if err != nil {
				return "", err
			}
			if ok {
				made = append(made, c)
			} else {
				dups++
			}
		}
		return fmt.Sprintf("coded %d span(s) as %q", len(made), code.Name), nil
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		out := []codingJSON{}
		for _, c := range made {
			out = append(out, toJSON(c))
		}
		return writeJSON(f.IO.Out, out)
	}
	w := f.IO.Out
	if created != "" {
		fmt.Fprintf(w, "New code %s added to the codebook.\n", f.IO.Style(ansiGreen, fmt.Sprintf("%q", created)))
	}
	for _, c := range made {
		fmt.Fprintf(w, "Coded %s as %q (%s): %q\n", f.IO.Style(ansiCyan, c.Ref().String()), c.Code, c.ID, shorten(c.Quote, 70))
	}
	if dups > 0 {
		fmt.Fprintf(w, "%d span(s) were already coded with this code by %s; nothing changed for them.\n", dups, coder)
	}
	return nil
}

// ---- list and show ----

// CodeListOptions are the options of 'grounded code list'.
type CodeListOptions struct {
	F    *Factory
	JSON bool
}

// NewCmdCodeList builds 'grounded code list'.
func NewCmdCodeList(f *Factory, runF func(*CodeListOptions) error) *cobra.Command {
	opts := &CodeListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List codes with their categories and counts",
		Example: `  grounded code list
  grounded code list --json | jq '.[] | select(.participants < 2)'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return codeListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{name, category, stage, codings, sources, participants}]")
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
		cs, err := p.ReadCodings("")
		if err != nil {
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
		cs, err := p.ReadCodings("")
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
			fmt.Fprintf(w, "\nMemo %s (%s):\n%s\n", m.ID, m.Author, indent(m.Body, "  "))
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

func noCodeError(cb *codebook.Codebook, name string) error {
	var near []string
	k := codebook.Key(name)
	for _, c := range cb.Codes {
		if strings.Contains(codebook.Key(c.Name), k) || strings.Contains(k, codebook.Key(c.Name)) {
			near = append(near, fmt.Sprintf("%q", c.Name))
		}
	}
	if len(near) > 0 && len(near) <= 5 {
		return fmt.Errorf("no code %q in the codebook; did you mean %s?", name, strings.Join(near, " or "))
	}
	return fmt.Errorf("no code %q in the codebook ('grounded code list' shows the codes)", name)
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

// recodeAll moves every coding of code from (any coder) to code to,
// collapsing codings that then duplicate one another. It returns how many
// moved and how many collapsed.
func recodeAll(e *project.Edit, from, to string) (moved, collapsed int, err error) {
	all, err := e.Project().ReadCodings("")
	if err != nil {
		return 0, 0, err
	}
	bySource := map[string]bool{}
	for _, c := range all {
		if codebook.Key(c.Code) == codebook.Key(from) {
			bySource[c.Source] = true
		}
	}
	for src := range bySource {
		cs, err := e.Codings(src)
		if err != nil {
			return 0, 0, err
		}
		for _, c := range cs {
			if codebook.Key(c.Code) != codebook.Key(from) {
				continue
			}
			nc := c
			nc.Code = to
			dup := slices.ContainsFunc(cs, func(x coding.Coding) bool { return x.ID != c.ID && coding.SameSpan(x, nc) })
			if dup {
				if err := e.RemoveCoding(c); err != nil {
					return 0, 0, err
				}
				collapsed++
				// Keep cs in step so a third duplicate is seen too.
				cs, _ = e.Codings(src)
				continue
			}
			if err := e.ReplaceCoding(c, nc); err != nil {
				return 0, 0, err
			}
			moved++
			cs, _ = e.Codings(src)
		}
	}
	return moved, collapsed, nil
}

// retargetMemos points memos about code from at code to.
func retargetMemos(e *project.Edit, kind, from, to string) error {
	memos, err := e.Project().ListMemos()
	if err != nil {
		return err
	}
	for _, m := range memos {
		if m.Target.Kind == kind && codebook.Key(m.Target.Name) == codebook.Key(from) {
			e.RemoveMemo(m)
			m.Target.Name = to
			e.AddMemo(m)
		}
	}
	return nil
}

func codeRenameRun(opts *CodeRenameOptions) error {
	f := opts.F
	var moved int
	var newName string
	_, err := change(f, "", "code rename", func(e *project.Edit) (string, error) {
		old := e.Codebook.Code(opts.Old)
		if old == nil {
			return "", noCodeError(e.Codebook, opts.Old)
		}
		oldName := old.Name
		c, err := e.Codebook.RenameCode(oldName, opts.New)
		if err != nil {
			return "", err
		}
		newName = c.Name
		if newName == oldName {
			return "", nil
		}
		moved, _, err = recodeAll(e, oldName, newName)
		if err != nil {
			return "", err
		}
		if err := retargetMemos(e, coding.TargetCode, oldName, newName); err != nil {
			return "", err
		}
		return fmt.Sprintf("renamed code %q to %q (%d codings)", oldName, newName, moved), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Renamed %q to %q; %d coding(s) follow.\n", opts.Old, newName, moved)
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
	var moved, collapsed int
	var target string
	_, err := change(f, "", "code merge", func(e *project.Edit) (string, error) {
		cb := e.Codebook
		var from []*codebook.Code
		for _, n := range opts.Codes {
			c := cb.Code(n)
			if c == nil {
				return "", noCodeError(cb, n)
			}
			if codebook.Key(c.Name) == codebook.Key(opts.Into) {
				continue // merging a code into itself
			}
			if !slices.Contains(from, c) {
				from = append(from, c)
			}
		}
		if len(from) == 0 {
			return "", usageErrorf("nothing to merge: the codes are the target itself")
		}
		into := cb.Code(opts.Into)
		if into == nil {
			var err error
			into, err = cb.AddCode(opts.Into, from[0].Category)
			if err != nil {
				return "", err
			}
		}
		target = into.Name
		var defs strings.Builder
		fmt.Fprintf(&defs, "# Merged into %s\n", into.Name)
		var names []string
		for _, c := range from {
			names = append(names, c.Name)
			fmt.Fprintf(&defs, "\n## %s\n", c.Name)
			for _, kv := range [][2]string{{"Category", c.Category}, {"Description", c.Description}, {"When to use", c.WhenToUse}, {"When not to use", c.WhenNotToUse}, {"Example", c.Example}} {
				if kv[1] != "" {
					fmt.Fprintf(&defs, "- %s: %s\n", kv[0], kv[1])
				}
			}
		}
		for _, c := range from {
			m, k, err := recodeAll(e, c.Name, into.Name)
			if err != nil {
				return "", err
			}
			moved += m
			collapsed += k
			if err := retargetMemos(e, coding.TargetCode, c.Name, into.Name); err != nil {
				return "", err
			}
			if err := cb.RemoveCode(c.Name); err != nil {
				return "", err
			}
		}
		now := project.Now()
		e.AddMemo(coding.Memo{ID: e.NewMemoID(now), Target: coding.Target{Kind: coding.TargetCode, Name: into.Name}, Author: e.Coder, Created: now, Body: defs.String()})
		return fmt.Sprintf("merged %s into %q", quoteList(names), into.Name), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Merged into %q: %d coding(s) moved, %d duplicate(s) collapsed; the merged definitions are in a memo on %q.\n", target, moved, collapsed, target)
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
	var removed int
	var name string
	_, err := change(f, "", "code rm", func(e *project.Edit) (string, error) {
		c := e.Codebook.Code(opts.Code)
		if c == nil {
			return "", noCodeError(e.Codebook, opts.Code)
		}
		name = c.Name
		all, err := e.Project().ReadCodings("")
		if err != nil {
			return "", err
		}
		var mine []coding.Coding
		for _, x := range all {
			if codebook.Key(x.Code) == codebook.Key(name) {
				mine = append(mine, x)
			}
		}
		if len(mine) > 0 && !opts.Force {
			return "", fmt.Errorf("code %q has %d coding(s); remove them first, merge the code into another ('grounded code merge'), or pass --force to delete them with it", name, len(mine))
		}
		for _, x := range mine {
			if err := e.RemoveCoding(x); err != nil {
				return "", err
			}
		}
		removed = len(mine)
		return fmt.Sprintf("deleted code %q and %d coding(s)", name, removed), e.Codebook.RemoveCode(name)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Deleted code %q", name)
	if removed > 0 {
		fmt.Fprintf(f.IO.Out, " and its %d coding(s)", removed)
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
	} {
		opts.Fields[fl.name] = cmd.Flags().String(fl.name, "", fl.help)
	}
	return cmd
}

func codeDescribeRun(opts *CodeDescribeOptions) error {
	f := opts.F
	var name string
	_, err := change(f, "", "code describe", func(e *project.Edit) (string, error) {
		c := e.Codebook.Code(opts.Code)
		if c == nil {
			var err error
			if c, err = e.Codebook.AddCode(opts.Code, ""); err != nil {
				return "", err
			}
		}
		name = c.Name
		targets := map[string]*string{"description": &c.Description, "when-to-use": &c.WhenToUse, "when-not-to-use": &c.WhenNotToUse, "example": &c.Example, "color": &c.Color}
		n := 0
		for k, dst := range targets {
			if opts.set(k) {
				*dst = *opts.Fields[k]
				n++
			}
		}
		if n == 0 {
			return "", usageErrorf("give at least one of --description, --when-to-use, --when-not-to-use, --example, --color")
		}
		return fmt.Sprintf("described code %q", name), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Updated the definition of %q.\n", name)
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
	var removed []coding.Coding
	_, err := change(f, "", "code remove", func(e *project.Edit) (string, error) {
		code := e.Codebook.Code(opts.Code)
		if code == nil {
			return "", noCodeError(e.Codebook, opts.Code)
		}
		tc := newTurnCache(e.Project())
		sp, err := tc.resolveArg(opts.Ref, opts.Quote)
		if err != nil {
			return "", err
		}
		wholeTurn := !strings.Contains(opts.Ref, ":") && opts.Quote == ""
		cs, err := e.Codings(sp.Source)
		if err != nil {
			return "", err
		}
		others := 0
		for _, c := range cs {
			if codebook.Key(c.Code) != codebook.Key(code.Name) || c.Turn != sp.Turn {
				continue
			}
			if !wholeTurn && (c.Start != sp.Start || c.End != sp.End) {
				continue
			}
			if !strings.EqualFold(c.Coder, e.Coder) {
				others++
				continue
			}
			if err := e.RemoveCoding(c); err != nil {
				return "", err
			}
			removed = append(removed, c)
		}
		if len(removed) == 0 {
			if others > 0 {
				return "", fmt.Errorf("%s has %d coding(s) of %q by other coders, none by %s; pass --coder NAME, or 'grounded uncode ID'", opts.Ref, others, code.Name, e.Coder)
			}
			return "", fmt.Errorf("%s is not coded with %q ('grounded codings list --source %s' shows its codings)", opts.Ref, code.Name, sp.Source)
		}
		return fmt.Sprintf("removed %d coding(s) of %q at %s", len(removed), code.Name, opts.Ref), nil
	})
	if err != nil {
		return err
	}
	for _, c := range removed {
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
