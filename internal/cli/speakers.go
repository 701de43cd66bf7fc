package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// NewCmdSpeakers builds 'grounded speakers'.
func NewCmdSpeakers(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "speakers",
		Short: "List, rename and give roles to the speakers of the transcripts",
		Long: `The speakers of each transcript, as ingest read them, and their roles
(interviewer, participant or other), kept in speakers.yaml. Ingest guesses the
role of every new speaker and says why; fix a label or a role here, without
editing files and without losing codings.`,
		Example: `  grounded speakers list P03
  grounded speakers rename P03 "Interviewer2 2" "Interviewer 2"
  grounded speakers role "Speaker 1" participant --source P03`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(NewCmdSpeakersList(f, nil), NewCmdSpeakersRename(f, nil), NewCmdSpeakersRole(f, nil))
	return cmd
}

// SpeakersListOptions are the options of 'grounded speakers list'.
type SpeakersListOptions struct {
	F      *Factory
	Source string
	JSON   bool
}

// NewCmdSpeakersList builds 'grounded speakers list'.
func NewCmdSpeakersList(f *Factory, runF func(*SpeakersListOptions) error) *cobra.Command {
	opts := &SpeakersListOptions{F: f}
	cmd := &cobra.Command{
		Use:     "list [SOURCE]",
		Aliases: []string{"ls"},
		Short:   "List speakers with their roles and turn counts",
		Example: `  grounded speakers list
  grounded speakers list P03 --json | jq '.[] | select(.role == "")'`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Source = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return speakersListRun(opts)
		},
		ValidArgsFunction: completeSources(f),
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `print JSON: [{source, speaker, role, turns}] (role "" when none is known)`)
	return cmd
}

func speakersListRun(opts *SpeakersListOptions) error {
	f := opts.F
	return readLocked(f, func(p *project.Project) error {
		rows, err := ops.ListSpeakers(f.ctx(), p, opts.Source)
		if err != nil {
			return err
		}
		if opts.JSON {
			return writeJSON(f.IO.Out, rows)
		}
		if len(rows) == 0 {
			fmt.Fprintln(f.IO.ErrOut, "No speakers: no source has speaker labels.")
			return nil
		}
		t := newTable(f.IO, "SOURCE", "SPEAKER", "ROLE", "TURNS").alignRight(3)
		for _, r := range rows {
			role := string(r.Role)
			if role == "" {
				role = "-"
			}
			t.add(r.Source, termSafe(r.Speaker), role, r.Turns)
		}
		return t.render(f.IO.Out)
	})
}

// SpeakersRenameOptions are the options of 'grounded speakers rename'.
type SpeakersRenameOptions struct {
	F                *Factory
	Source, Old, New string
	All              bool
}

// NewCmdSpeakersRename builds 'grounded speakers rename'.
func NewCmdSpeakersRename(f *Factory, runF func(*SpeakersRenameOptions) error) *cobra.Command {
	opts := &SpeakersRenameOptions{F: f}
	cmd := &cobra.Command{
		Use:   "rename SOURCE OLD NEW | --all OLD NEW",
		Short: "Rename a speaker label, keeping every coding",
		Long: `Rename a speaker label in one source, or with --all in every source that
has it. The turns' words do not change, so codings keep their spans; the
speaker's role moves with the name. Renaming to a name the source already
has makes the two one speaker. 'grounded undo' reverts it.`,
		Example: `  grounded speakers rename P03 "Interviewer2 2" "Interviewer 2"
  grounded speakers rename --all "Speaker 1" Interviewer`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.All {
				return exactArgs(2)(cmd, args)
			}
			return exactArgs(3)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.All {
				opts.Old, opts.New = args[0], args[1]
			} else {
				opts.Source, opts.Old, opts.New = args[0], args[1], args[2]
			}
			if runF != nil {
				return runF(opts)
			}
			return speakersRenameRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "rename in every source (then give OLD NEW only)")
	return cmd
}

func speakersRenameRun(opts *SpeakersRenameOptions) error {
	f := opts.F
	var res ops.RenameSpeakerResult
	_, err := change(f, "", "speakers rename", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.RenameSpeaker(f.ctx(), e, ops.RenameSpeakerRequest{Source: opts.Source, All: opts.All, Old: opts.Old, New: opts.New})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "renamed %q to %q in %s: %d turns", termSafe(opts.Old), termSafe(strings.TrimSpace(opts.New)), strings.Join(res.Sources, ", "), res.Turns)
	if res.Codings > 0 {
		fmt.Fprintf(f.IO.Out, "; %d source-level codings moved with the label", res.Codings)
	}
	fmt.Fprintln(f.IO.Out)
	if len(res.Merged) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: %s already had a speaker %q; they are one speaker now ('grounded undo' reverts)\n", strings.Join(res.Merged, ", "), termSafe(strings.TrimSpace(opts.New)))
	}
	return nil
}

// SpeakersRoleOptions are the options of 'grounded speakers role'.
type SpeakersRoleOptions struct {
	F       *Factory
	Speaker string
	Role    corpus.Role
	Source  string
}

// NewCmdSpeakersRole builds 'grounded speakers role'.
func NewCmdSpeakersRole(f *Factory, runF func(*SpeakersRoleOptions) error) *cobra.Command {
	opts := &SpeakersRoleOptions{F: f}
	cmd := &cobra.Command{
		Use:   "role NAME interviewer|participant|other",
		Short: "Set a speaker's role, in every source or in one",
		Long: `Set the role of a speaker: interviewer, participant or other. Without
--source it applies in every source that has the speaker and replaces that
speaker's roles in single sources (ingest's guesses among them); with --source
it applies in that source only. Search takes --role to look at one side of the
interviews.`,
		Example: `  grounded speakers role Interviewer interviewer
  grounded speakers role "Speaker 2" participant --source P03`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			role, err := corpus.ParseRole(args[1])
			if err != nil {
				return usageErrorf("%v", err)
			}
			opts.Speaker, opts.Role = args[0], role
			if runF != nil {
				return runF(opts)
			}
			return speakersRoleRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Source, "source", "", "set the role in this source only")
	return cmd
}

func speakersRoleRun(opts *SpeakersRoleOptions) error {
	f := opts.F
	var res ops.SetRoleResult
	_, err := change(f, "", "speakers role", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.SetRole(f.ctx(), e, ops.SetRoleRequest{Speaker: opts.Speaker, Role: opts.Role, Source: opts.Source})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "%s is %s in %s\n", termSafe(opts.Speaker), opts.Role, strings.Join(res.Sources, ", "))
	if len(res.Cleared) > 0 {
		fmt.Fprintf(f.IO.ErrOut, "note: this replaces the role %s had in %s alone\n", termSafe(opts.Speaker), strings.Join(res.Cleared, ", "))
	}
	return nil
}
