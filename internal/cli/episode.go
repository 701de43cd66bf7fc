package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdEpisode builds 'grounded episode'.
func NewCmdEpisode(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "episode",
		Aliases: []string{"episodes"},
		Short:   "Mark client stories and other episodes inside interviews",
		Long: `An episode is a stretch of turns of one interview that tells one story: a
client's story, an incident, a relationship from its beginning. The codings
inside an episode belong to it. 'grounded model check' reads the order in
which stages appear inside episodes (narrated time), which the order of the
interview guide does not decide; see docs/method.md.

Episodes are kept in episodes.yaml; every change is logged and undoable.`,
		Example: `  grounded episode add "K, first weeks" P07#12-30 --client K
  grounded episode list
  grounded episode rename "K, first weeks" "K, the first month"
  grounded episode rm "K, the first month"`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(NewCmdEpisodeAdd(f, nil), NewCmdEpisodeList(f, nil), NewCmdEpisodeRename(f, nil), NewCmdEpisodeRemove(f, nil))
	return cmd
}

// EpisodeAddOptions are the options of 'grounded episode add'.
type EpisodeAddOptions struct {
	F                   *Factory
	Name, Range, Client string
}

// NewCmdEpisodeAdd builds 'grounded episode add'.
func NewCmdEpisodeAdd(f *Factory, runF func(*EpisodeAddOptions) error) *cobra.Command {
	opts := &EpisodeAddOptions{F: f}
	cmd := &cobra.Command{
		Use:   "add NAME SRC#FIRST-LAST [--client LABEL]",
		Short: "Mark an episode: a turn range of one interview",
		Long: `Mark the turns FIRST to LAST (both included) of source SRC as an episode
named NAME. SRC#N marks a single turn. --client labels the person the story
is about: a pseudonym or a letter, never a real name.`,
		Example: `  grounded episode add "K, first weeks" P07#12-30 --client K
  grounded episode add "the eviction" P03#44-51`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name, opts.Range = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			var res ops.EpisodeResult
			_, err := change(f, "", "episode add", func(e *project.Edit) (string, error) {
				var err error
				res, err = ops.AddEpisode(f.ctx(), e, ops.EpisodeAddRequest{Name: opts.Name, Range: opts.Range, Client: opts.Client})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Episode %q marked at %s (%d coding(s) inside it).\n", res.Episode.Name, res.Episode.Ref(), res.Codings)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Client, "client", "", "a label for the person the story is about (a pseudonym, never a real name)")
	return cmd
}

// EpisodeListOptions are the options of 'grounded episode list'.
type EpisodeListOptions struct {
	F    *Factory
	JSON bool
}

// episodeRow is one episode as listed (ops.EpisodeRow).
type episodeRow = ops.EpisodeRow

// NewCmdEpisodeList builds 'grounded episode list'.
func NewCmdEpisodeList(f *Factory, runF func(*EpisodeListOptions) error) *cobra.Command {
	opts := &EpisodeListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list [--json]",
		Aliases: []string{"ls"},
		Short:   "List the episodes with the codings inside each",
		Example: `  grounded episode list
  grounded episode list --json | jq '.[] | select(.source == "P07")'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return episodeListRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON: [{name, source, from, to, client, ref, codings}]")
	return cmd
}

func episodeListRun(opts *EpisodeListOptions) error {
	f := opts.F
	var rows []episodeRow
	err := readLocked(f, func(p *project.Project) error {
		s, err := p.ReadSnapshot(project.WithEpisodes)
		if err != nil {
			return err
		}
		rows = episodeRows(s.Episodes, s.Codings)
		return nil
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(f.IO.ErrOut, "No episodes yet: 'grounded episode add NAME SRC#FIRST-LAST' marks one.")
		return nil
	}
	t := newTable(f.IO, "EPISODE", "TURNS", "CLIENT", "CODINGS").alignRight(3)
	for _, r := range rows {
		t.add(r.Name, r.Ref, r.Client, r.Codings)
	}
	return t.render(f.IO.Out)
}

// episodeRows lists episodes sorted, with the codings inside each.
func episodeRows(es []coding.Episode, cs []coding.Coding) []episodeRow {
	return ops.EpisodeRows(es, cs)
}

// EpisodeRenameOptions are the options of 'grounded episode rename'.
type EpisodeRenameOptions struct {
	F        *Factory
	Old, New string
}

// NewCmdEpisodeRename builds 'grounded episode rename'.
func NewCmdEpisodeRename(f *Factory, runF func(*EpisodeRenameOptions) error) *cobra.Command {
	opts := &EpisodeRenameOptions{F: f}
	cmd := &cobra.Command{
		Use:     "rename OLD NEW",
		Short:   "Rename an episode",
		Example: `  grounded episode rename "K, first weeks" "K, the first month"`,
		Args:    exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			var res ops.EpisodeResult
			_, err := change(f, "", "episode rename", func(e *project.Edit) (string, error) {
				var err error
				res, err = ops.RenameEpisode(f.ctx(), e, ops.EpisodeRenameRequest{Old: opts.Old, New: opts.New})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Episode %q renamed %q.\n", opts.Old, res.Episode.Name)
			return nil
		},
	}
	return cmd
}

// EpisodeRemoveOptions are the options of 'grounded episode rm'.
type EpisodeRemoveOptions struct {
	F    *Factory
	Name string
}

// NewCmdEpisodeRemove builds 'grounded episode rm'.
func NewCmdEpisodeRemove(f *Factory, runF func(*EpisodeRemoveOptions) error) *cobra.Command {
	opts := &EpisodeRemoveOptions{F: f}
	cmd := &cobra.Command{
		Use:     "rm NAME",
		Aliases: []string{"remove"},
		Short:   "Remove an episode mark (its codings stay)",
		Example: `  grounded episode rm "K, first weeks"
  grounded undo    # puts it back`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			var res ops.EpisodeResult
			_, err := change(f, "", "episode rm", func(e *project.Edit) (string, error) {
				var err error
				res, err = ops.RemoveEpisode(f.ctx(), e, ops.EpisodeRemoveRequest{Name: opts.Name})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Episode %q at %s removed; its codings are kept ('grounded undo' puts it back).\n", res.Episode.Name, res.Episode.Ref())
			return nil
		},
	}
	return cmd
}

// sourceEpisodes returns the episodes of one source, sorted.
func sourceEpisodes(p *project.Project, source string) ([]coding.Episode, error) {
	all, err := p.ReadEpisodes()
	if err != nil {
		return nil, err
	}
	out := []coding.Episode{}
	for _, e := range all {
		if e.Source == source {
			out = append(out, e)
		}
	}
	coding.SortEpisodes(out)
	return out, nil
}

// printEpisodesLine prints "Episodes: NAME (REF, client C); ..." when
// there are any.
func printEpisodesLine(f *Factory, eps []coding.Episode) {
	if len(eps) == 0 {
		return
	}
	var parts []string
	for _, e := range eps {
		s := e.Name + " (" + e.Ref()
		if e.Client != "" {
			s += ", client " + e.Client
		}
		parts = append(parts, s+")")
	}
	fmt.Fprintf(f.IO.Out, "Episodes: %s\n", termSafe(strings.Join(parts, "; ")))
}
