package cli

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// MemoEditOptions are the options of 'grounded memo edit'.
type MemoEditOptions struct {
	F          *Factory
	ID         string
	Text, File string
	Type       string
	TypeSet    bool
}

// NewCmdMemoEdit builds 'grounded memo edit ID'.
func NewCmdMemoEdit(f *Factory, runF func(*MemoEditOptions) error) *cobra.Command {
	opts := &MemoEditOptions{F: f}
	cmd := &cobra.Command{
		Use:   "edit ID [-m TEXT | --file F] [--type T]",
		Short: "Rewrite a memo's text or type",
		Long: `Replace the text of memo ID with -m TEXT or the content of --file F (- for
standard input); on a terminal without either, open the memo in $VISUAL or
$EDITOR. --type changes its type ("" removes it). Its targets, links, author
and date stay. The change is recorded in the history: 'grounded undo'
brings the old text back.`,
		Example: `  grounded memo edit 2026-11-25-3fa9c1 -m "Reliability comes before disclosure, except for P05."
  grounded memo edit 2026-11-25-3fa9c1 --type theoretical
  EDITOR=nano grounded memo edit 2026-11-25-3fa9c1`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			opts.TypeSet = cmd.Flags().Changed("type")
			if runF != nil {
				return runF(opts)
			}
			return memoEditRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Text, "message", "m", "", "the memo's new text (Markdown)")
	cmd.Flags().StringVar(&opts.File, "file", "", "read the new text from a file (- for standard input)")
	cmd.Flags().StringVar(&opts.Type, "type", "", "the memo's new type: "+strings.Join(coding.MemoTypes, ", ")+` ("" removes it)`)
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions(coding.MemoTypes, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func memoEditRun(opts *MemoEditOptions) error {
	f := opts.F
	var body string
	var err error
	switch {
	case opts.Text != "" || opts.File != "":
		if body, err = readText(f.IO.In, opts.Text, opts.File); err != nil {
			return err
		}
	case opts.TypeSet:
		// Only the type changes: keep the text.
	default:
		if body, err = editMemoText(f, opts.ID); err != nil {
			return err
		}
	}
	var typ *string
	if opts.TypeSet {
		typ = &opts.Type
	}
	var res coding.MemoResult
	_, err = change(f, "", "memo edit", func(e *project.Edit) (string, error) {
		var err error
		res, err = coding.EditMemo(f.ctx(), e, coding.EditMemoRequest{ID: opts.ID, Body: body, Type: typ})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	if res.Summary == "" {
		fmt.Fprintf(f.IO.Out, "Memo %s is unchanged.\n", opts.ID)
		return nil
	}
	fmt.Fprintf(f.IO.Out, "Edited memo %s (%s).\n", opts.ID, project.MemoRel(opts.ID))
	return nil
}

// editMemoText opens the memo's text in the user's editor and returns what
// was saved; it refuses when standard output is not a terminal or no
// editor is set.
func editMemoText(f *Factory, id string) (string, error) {
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if !f.IO.IsTerminal() || editor == "" {
		return "", usageErrorf("give the memo's new text with -m TEXT or --file F (- for standard input); $EDITOR is opened only on a terminal with $VISUAL or $EDITOR set")
	}
	var m coding.Memo
	if err := readLocked(f, func(p *project.Project) error {
		var err error
		m, err = p.ReadMemo(id)
		return err
	}); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp("", "grounded-memo-*.md")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(m.Body + "\n"); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	words := strings.Fields(editor)
	cmd := exec.Command(words[0], append(words[1:], tmp.Name())...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("the editor %q failed: %v; the memo is unchanged", editor, err)
	}
	data, err := os.ReadFile(tmp.Name())
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(string(data)) == "" {
		return "", usageErrorf("the memo is empty; it is unchanged ('grounded memo rm %s' deletes it)", id)
	}
	return string(data), nil
}

// NewCmdMemoRm builds 'grounded memo rm ID'.
func NewCmdMemoRm(f *Factory, runF func(id string) error) *cobra.Command {
	return &cobra.Command{
		Use:     "rm ID",
		Aliases: []string{"remove"},
		Short:   "Delete a memo (undoable)",
		Long: `Delete memo ID. The history keeps it: 'grounded undo' brings it back.
Memos that link to it keep their links; the memo trail export reports them.`,
		Example: `  grounded memo rm 2026-11-25-3fa9c1
  grounded undo    # brings it back`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(args[0])
			}
			var res coding.MemoResult
			_, err := change(f, "", "memo rm", func(e *project.Edit) (string, error) {
				var err error
				res, err = coding.RemoveMemo(f.ctx(), e, coding.RemoveMemoRequest{ID: args[0]})
				return res.Summary, err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "Removed memo %s on %s ('grounded undo' brings it back).\n", res.Memo.ID, memoTargets(res.Memo))
			return nil
		},
	}
}
