package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// openIndex opens the project's search index and brings it up to date,
// saying on stderr when it had to be rebuilt because it was missing or
// damaged.
func (f *Factory) openIndex(p *project.Project) (*index.Index, error) {
	return f.openIndexQuiet(p, false)
}

// openIndexQuiet is openIndex; with quietMissing it does not remark on a
// missing index (as after the first ingest, which creates it).
func (f *Factory) openIndexQuiet(p *project.Project, quietMissing bool) (*index.Index, error) {
	ix, missing, err := f.openIndexUnsynced(p)
	if err != nil {
		return nil, err
	}
	st, err := ix.Sync(p)
	if err != nil {
		ix.Close()
		return nil, err
	}
	f.reportSync(p, st, missing && !quietMissing)
	return ix, nil
}

// openIndexUnsynced opens the project's search index without bringing it
// up to date, and reports whether it was missing.
func (f *Factory) openIndexUnsynced(p *project.Project) (ix *index.Index, missing bool, err error) {
	dir := p.IndexDir()
	_, statErr := os.Stat(filepath.Join(dir, index.ManifestFile))
	ix, err = index.Open(dir, index.Options{
		Timeout:  f.lockTimeout(),
		Progress: f.progress("indexing sources"),
	})
	return ix, statErr != nil, err
}

// reportSync says on stderr what a Sync of the index did that the user
// should know: a rebuild (with missing, because the index was missing),
// and the sources left out.
func (f *Factory) reportSync(p *project.Project, st index.SyncStats, missing bool) {
	dir := p.IndexDir()
	switch {
	case st.Notice != "":
		fmt.Fprintln(f.IO.ErrOut, "grounded:", st.Notice)
	case missing && st.Added > 0:
		fmt.Fprintf(f.IO.ErrOut, "grounded: the search index (%s) was missing; rebuilt it from the project files (%d sources, %d turns)\n", f.relPath(dir), st.Added, st.Docs)
	}
	for _, s := range st.Skipped {
		fmt.Fprintln(f.IO.ErrOut, "grounded: not searchable until fixed:", s)
	}
}

// NewCmdIndex builds 'grounded index'.
func NewCmdIndex(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Manage the search index (a cache under .grounded/)",
		Args:  exactArgs(0),
	}
	rebuild := &cobra.Command{
		Use:   "rebuild",
		Short: "Rebuild the search index from the project files",
		Long: `Drop the search index and build it again from the project's files. The index
is only a cache: every command brings it up to date by itself, and deleting
.grounded/ loses nothing. Use this after hand-editing many files, or to be
sure.`,
		Example: `  grounded index rebuild`,
		Args:    exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			bulkGC(f.gcDeferred) // gc.go
			return readLocked(f, func(p *project.Project) error {
				ix, err := index.Open(p.IndexDir(), index.Options{Timeout: f.lockTimeout(), Progress: f.progress("indexing sources")})
				if err != nil {
					return err
				}
				defer ix.Close()
				st, err := ix.Rebuild(p)
				if err != nil {
					return err
				}
				for _, s := range st.Skipped {
					fmt.Fprintln(f.IO.ErrOut, "grounded: not searchable until fixed:", s)
				}
				fmt.Fprintf(f.IO.Out, "Rebuilt the search index: %d sources, %d turns.\n", st.Added+st.Updated, st.Docs)
				return nil
			})
		},
	}
	cmd.AddCommand(rebuild)
	return cmd
}

// SearchOptions are the options of 'grounded search'.
type SearchOptions struct {
	F            *Factory
	Query        string
	Participants []string
	Speakers     []string
	Attrs        []string
	Roles        []string
	Codes        []string
	Limit        int
	JSON         bool
	Memos        memoSearchFlags // search_memos.go
}

// NewCmdSearch builds 'grounded search'.
func NewCmdSearch(f *Factory, runF func(*SearchOptions) error) *cobra.Command {
	opts := &SearchOptions{F: f}
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search the transcripts, with keyword-in-context hits",
		Long: `Search every turn of every transcript. Words are matched by their English
stem (trusting finds trust). The query uses bleve's query-string syntax:

  trust judge          either word (turns with both rank higher)
  +trust -judge        must have trust, must not have judge
  "warm handoff"       the phrase
  speaker:Interviewer  a field; quote values with spaces: speaker:"Jordan Lee"
  +turn:<=10 trust     turns 1 to 10 only (also turn:17, turn:>30); the turn
                       number chooses turns, it does not change their order
  trust*  tru~1        prefix, fuzzy

A turn is one hit, however long. A turn longer than ` + fmt.Sprint(index.ChunkBytes/1024) + ` KB is indexed in
overlapping pieces that hold any phrase of up to ` + fmt.Sprint(index.PhraseWords) + ` words whole; a longer
phrase is checked against the turn's text (found as well, only more slowly).

Filters are exact and combine: --participant, --speaker, --code, --attr
KEY=VALUE (participant attributes) and --role (interviewer, participant or
other, as 'grounded speakers list' shows) can each be repeated (any of the
values).
An empty query with filters lists every matching turn. Hits are ordered by
score, then source, then turn.

--memos searches the memos' text instead, with the same syntax, stems and
phrases; --type, --author and --target select memos as 'memo list' does.
Hits are ordered by score, then date.`,
		Example: `  grounded search trust
  grounded search '+trust -judge' --speaker "Jordan Lee"
  grounded search '"warm handoff"' --attr setting="Hospital emergency department" --json
  grounded search "" --code "Showing up"
  grounded search trust --role participant
  grounded search --memos '"warm handoff"' --type analytic`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = args[0]
			if opts.Limit < 0 {
				return usageErrorf("--limit must be 0 (no limit) or more")
			}
			if err := checkMemoSearch(opts); err != nil {
				return err
			}
			if err := checkTurnFilters(opts.Attrs, opts.Roles); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.Memos.On {
				return searchMemosRun(opts)
			}
			return searchRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Participants, "participant", nil, "only these participants (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Speakers, "speaker", nil, "only turns by these speakers (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Attrs, "attr", nil, "only participants with attribute KEY=VALUE (repeatable)")
	addRoleFlag(cmd, &opts.Roles)
	cmd.Flags().StringArrayVar(&opts.Codes, "code", nil, "only turns coded with these codes (repeatable)")
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 20, "show at most N hits (0: all)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {query, total, hits: [{ref, source, turn, speaker, participant, score, text, highlights: [{start, end}]}]}")
	addMemoSearchFlags(cmd, &opts.Memos)
	_ = cmd.RegisterFlagCompletionFunc("code", completeCodes(f))
	return cmd
}

// participantsWithAttrs resolves attribute filters (ops.ParticipantsWithAttrs),
// reading the participants through the index's cache of participants.yaml
// (index.Participants), keyed by its content.
func participantsWithAttrs(p *project.Project, attrs []string) ([]string, error) {
	ps, err := index.Participants(p)
	if err != nil {
		return nil, err
	}
	return ops.ParticipantsWithAttrsIn(ps, attrs)
}

func searchRun(opts *SearchOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		// The freshness check's stats run from now on, while the filters
		// are resolved, the index opened and searched (SyncWith).
		scan := index.StartScan(p)
		defer scan.Wait()
		q := index.Query{Text: opts.Query, Speakers: opts.Speakers, Participants: opts.Participants, Limit: opts.Limit}
		if len(opts.Codes) > 0 {
			cb, err := p.ReadCodebook()
			if err != nil {
				return err
			}
			for _, c := range opts.Codes {
				code := cb.Code(c)
				if code == nil {
					return noCodeError(cb, c)
				}
				q.Codes = append(q.Codes, code.Name)
			}
		}
		none, err := resolveTurnFilters(p, turnFilters{opts.Participants, opts.Speakers, opts.Attrs, opts.Roles}, &q)
		if err != nil {
			return err
		}
		if none {
			// No participant or speaker qualifies: no turn can match.
			return writeSearchResult(f, opts, &index.Result{Query: opts.Query})
		}
		ix, missing, err := f.openIndexUnsynced(p)
		if err != nil {
			return err
		}
		defer ix.Close()
		// The search runs while the index is brought up to date, and
		// again if that changed the index (SyncWith).
		var res *index.Result
		var serr error
		st, fresh, err := ix.SyncWith(scan, func() { res, serr = ix.Search(q) })
		if err != nil {
			return err
		}
		f.reportSync(p, st, missing)
		search := func() (*index.Result, error) {
			if fresh { // the first call: what SyncWith's search found
				fresh = false
				return res, serr
			}
			return ix.Search(q) // after a rebuild, or when Sync changed the index
		}
		res, notice, err := ix.SearchHealing(p, search)
		if notice != "" {
			fmt.Fprintln(f.IO.ErrOut, "grounded:", notice)
		}
		if err != nil {
			return err
		}
		return writeSearchResult(f, opts, res)
	})
}

// writeSearchResult prints a search's hits as JSON or keyword in context.
func writeSearchResult(f *Factory, opts *SearchOptions, res *index.Result) error {
	if opts.JSON {
		type span struct {
			Start int `json:"start"`
			End   int `json:"end"`
		}
		type hit struct {
			Ref         string  `json:"ref"`
			Source      string  `json:"source"`
			Turn        int     `json:"turn"`
			Speaker     string  `json:"speaker"`
			Participant string  `json:"participant"`
			Score       float64 `json:"score"`
			Text        string  `json:"text"`
			Highlights  []span  `json:"highlights"`
		}
		out := struct {
			Query string `json:"query"`
			Total uint64 `json:"total"`
			Hits  []hit  `json:"hits"`
		}{Query: opts.Query, Total: res.Total, Hits: []hit{}}
		for _, h := range res.Hits {
			hs := []span{}
			for _, s := range h.Highlights {
				hs = append(hs, span{s.Start, s.End})
			}
			out.Hits = append(out.Hits, hit{h.Ref, h.Source, h.Turn, h.Speaker, h.Participant, h.Score, h.Text, hs})
		}
		return writeJSON(f.IO.Out, out)
	}
	if res.Total == 0 {
		fmt.Fprintf(f.IO.ErrOut, "No turns match %q.\n", opts.Query)
		return nil
	}
	for _, h := range res.Hits {
		head := f.IO.Style(ansiCyan, h.Ref)
		if h.Speaker != "" {
			head += " " + f.IO.Style(ansiBold, h.Speaker)
		}
		fmt.Fprintln(f.IO.Out, head)
		fmt.Fprintln(f.IO.Out, "  "+kwic(f.IO, h.Text, h.Highlights))
	}
	shown := len(res.Hits)
	fmt.Fprintf(f.IO.ErrOut, "%d of %d matching turn(s)", shown, res.Total)
	if uint64(shown) < res.Total {
		fmt.Fprint(f.IO.ErrOut, "; --limit 0 shows all")
	}
	fmt.Fprintln(f.IO.ErrOut, ".")
	return nil
}

// kwic renders a turn as keyword in context: the text around the
// highlights, with the hits highlighted on a terminal and marked [[like
// this]] otherwise. Long stretches between hits are elided, and the line
// ends with … after about maxKWIC bytes.
func kwic(io *IOStreams, text string, hs []index.Span) string {
	orig := []rune(termSafe(text)) // termsafe.go
	if len(hs) == 0 {
		return shorten(text, 160)
	}
	const ctx = 60
	// maxKWIC bounds the line of one hit, however long the turn and
	// however many its matches (bytes, checked before each match).
	const maxKWIC = 1000
	var b strings.Builder
	pos := 0
	for i, h := range hs {
		if h.Start < pos || h.End > len(orig) || h.Start > h.End {
			continue
		}
		if b.Len() > maxKWIC {
			b.WriteString(" …")
			return strings.Join(strings.Fields(b.String()), " ")
		}
		gap := orig[pos:h.Start]
		switch {
		case i == 0 && len(gap) > ctx:
			b.WriteString("…" + string(gap[len(gap)-ctx:]))
		case i > 0 && len(gap) > 2*ctx:
			b.WriteString(string(gap[:ctx]) + " … " + string(gap[len(gap)-ctx:]))
		default:
			b.WriteString(string(gap))
		}
		word := string(orig[h.Start:h.End])
		if io.Color() {
			b.WriteString(io.Style(ansiHL, word))
		} else {
			b.WriteString("[[" + word + "]]")
		}
		pos = h.End
	}
	rest := orig[pos:]
	if len(rest) > ctx {
		b.WriteString(string(rest[:ctx]) + "…")
	} else {
		b.WriteString(string(rest))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
