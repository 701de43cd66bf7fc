package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdSources builds 'grounded sources'.
func NewCmdSources(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sources",
		Short: "List the transcripts in the project",
		Args:  exactArgs(0),
	}
	cmd.AddCommand(NewCmdSourcesList(f, nil), NewCmdSourcesRm(f, nil), NewCmdSourcesRename(f), NewCmdSourcesSet(f))
	return cmd
}

// SourcesListOptions are the options of 'grounded sources list'.
type SourcesListOptions struct {
	F    *Factory
	JSON bool
}

// NewCmdSourcesList builds 'grounded sources list'.
func NewCmdSourcesList(f *Factory, runF func(*SourcesListOptions) error) *cobra.Command {
	opts := &SourcesListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List sources with their participants, turns and speakers",
		Example: `  grounded sources list
  grounded sources list --json | jq '.[] | select(.turns > 30) | .id'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return sourcesListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{id, participant, format, turns, chars, speakers, attributes}]")
	return cmd
}

type sourceJSON struct {
	ID          string            `json:"id"`
	Participant string            `json:"participant"`
	Format      string            `json:"format"`
	Encoding    string            `json:"encoding"`
	Turns       int               `json:"turns"`
	Chars       int               `json:"chars"`
	Speakers    []string          `json:"speakers"`
	Attributes  map[string]string `json:"attributes"`
	Ingested    string            `json:"ingested"`
}

// readLocked runs fn with the project's read lock held.
func readLocked(f *Factory, fn func(p *project.Project) error) error {
	p, err := f.Project()
	if err != nil {
		return err
	}
	lock, err := p.RLock()
	if err != nil {
		return err
	}
	defer lock.Unlock()
	return fn(p)
}

func sourcesListRun(opts *SourcesListOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		srcs, err := p.ListSources()
		if err != nil {
			return err
		}
		parts, err := p.ReadParticipants()
		if err != nil {
			return err
		}
		out := []sourceJSON{}
		for _, s := range srcs {
			attrs := map[string]string{}
			if pt := parts.Get(s.Participant); pt != nil {
				attrs = pt.Attributes
			}
			out = append(out, sourceJSON{
				ID: s.ID, Participant: s.Participant, Format: s.Format, Encoding: s.Encoding,
				Turns: s.Turns, Chars: s.Chars, Speakers: s.Speakers, Attributes: attrs,
				Ingested: s.Ingested.UTC().Format("2006-01-02T15:04:05Z"),
			})
		}
		if opts.JSON {
			return writeJSON(f.IO.Out, out)
		}
		if len(out) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "No sources yet: add transcripts with 'grounded ingest FILE...'.")
			return nil
		}
		t := newTable(f.IO, "ID", "PARTICIPANT", "FORMAT", "TURNS", "CHARS", "SPEAKERS").alignRight(3, 4)
		for _, s := range out {
			t.add(s.ID, s.Participant, s.Format, s.Turns, s.Chars, strings.Join(s.Speakers, ", "))
		}
		return t.render(f.IO.Out)
	})
}

// ShowOptions are the options of 'grounded show'.
type ShowOptions struct {
	F      *Factory
	Source string
	JSON   bool
	// Turn, when not 0, is the one turn to show (SRC#N), with Context
	// turns before and after it.
	Turn    int
	Context int
}

// NewCmdShow builds 'grounded show'.
func NewCmdShow(f *Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{F: f}
	cmd := &cobra.Command{
		Use:   "show SOURCE | SOURCE#N",
		Short: "Print a transcript's turns with their references",
		Long: `Print the turns of a source, each with the reference that codes and
searches use: SRC#N is turn N; SRC#N:S-E is the span of code points S
(counted from 0) to E (exclusive) inside that turn's text.

Given SRC#N, print that turn only, or with --context K the K turns before and
after it too. With --json each turn has its speaker's role (speakers.yaml;
"" when none is known).`,
		Example: `  grounded show P21
  grounded show P21#14 --context 2
  grounded show P21 --json | jq '.turns[3].text'`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := parseShowArg(opts, args[0], cmd.Flags().Changed("context")); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
		ValidArgsFunction: completeSources(f),
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: {id, participant, attributes, turns: [{ref, n, speaker, text, start, end, role}]}")
	cmd.Flags().IntVar(&opts.Context, "context", 0, "with SRC#N: also show K turns before and after it")
	return cmd
}

func showRun(opts *ShowOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		s, err := p.ReadSource(opts.Source)
		if err != nil {
			return err
		}
		turns, err := p.ReadTurns(s)
		if err != nil {
			return err
		}
		parts, err := p.ReadParticipants()
		if err != nil {
			return err
		}
		attrs := map[string]string{}
		if pt := parts.Get(s.Participant); pt != nil {
			attrs = pt.Attributes
		}
		eps, err := sourceEpisodes(p, s.ID) // episode.go
		if err != nil {
			return err
		}
		roles, err := p.ReadSpeakerRoles()
		if err != nil {
			return err
		}
		all := len(turns)
		if turns, err = showWindow(s, turns, opts); err != nil {
			return err
		}
		if opts.JSON {
			type turnJSON struct {
				Ref string `json:"ref"`
				corpus.Turn
				Role corpus.Role `json:"role"`
			}
			ts := []turnJSON{}
			for _, t := range turns {
				ts = append(ts, turnJSON{Ref: fmt.Sprintf("%s#%d", s.ID, t.N), Turn: t, Role: roles.Role(s.ID, t.Speaker)})
			}
			out := map[string]any{"id": s.ID, "participant": s.Participant, "attributes": attrs, "turns": ts}
			if len(eps) > 0 {
				out["episodes"] = eps // present only when the source has episodes
			}
			return writeJSON(f.IO.Out, out)
		}
		fmt.Fprintf(f.IO.Out, "%s  participant %s  %d turns  (%s, %s)\n", f.IO.Style(ansiBold, s.ID), s.Participant, all, s.Format, s.OriginalName)
		for _, k := range sortedAttrKeys(attrs) {
			fmt.Fprintf(f.IO.Out, "  %s: %s\n", k, attrs[k])
		}
		printEpisodesLine(f, eps)
		fmt.Fprintln(f.IO.Out)
		for _, t := range turns {
			ref := fmt.Sprintf("%s#%d", s.ID, t.N)
			head := f.IO.Style(ansiCyan, ref)
			if opts.Turn != 0 && opts.Context > 0 && t.N == opts.Turn {
				head = f.IO.Style(ansiBold, "> ") + head
			}
			if t.Speaker != "" {
				head += " " + f.IO.Style(ansiBold, t.Speaker)
			}
			if t.Start != "" {
				head += " " + f.IO.Style(ansiDim, "["+t.Start+"]")
			}
			fmt.Fprintln(f.IO.Out, head)
			for _, line := range strings.Split(termSafe(t.Text), "\n") {
				fmt.Fprintln(f.IO.Out, "  "+line)
			}
		}
		return nil
	})
}

// completeSources completes source ids.
func completeSources(f *Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		p, err := f.Project()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		srcs, _ := p.ListSources()
		var ids []string
		for _, s := range srcs {
			ids = append(ids, s.ID)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
}
