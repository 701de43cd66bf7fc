package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// IngestOptions are the options of 'grounded ingest'.
type IngestOptions struct {
	F           *Factory
	Files       []string
	ID          string
	Participant string
	Replace     bool
	JSON        bool
}

// NewCmdIngest builds 'grounded ingest'.
func NewCmdIngest(f *Factory, runF func(*IngestOptions) error) *cobra.Command {
	opts := &IngestOptions{F: f}
	cmd := &cobra.Command{
		Use:   "ingest FILE...",
		Short: "Add transcripts to the project",
		Long: `Add interview transcripts to the project, each as a source made of speaker turns.

Formats: .vtt (Zoom and Teams WebVTT, "Name: text" cues or <v Name> voice
tags), .srt, .docx, .txt and .md with "Name: text" speaker labels, and Otter.ai
text exports. Text may be UTF-8 (with or without BOM), UTF-16 with BOM or
Windows-1252, with any line endings; it is normalised to NFC.

The source id is the file name without its extension (P21.vtt becomes P21)
unless --id is given; the participant defaults to the source id. The original
file is kept unchanged in the project. Ingesting an identical file again does
nothing; a changed file under an existing id is refused unless --replace,
which re-anchors existing codings by their quoted text and keeps any it
cannot place as orphaned (see 'grounded check').

Several files are ingested all or nothing: if one is bad, none is added.`,
		Example: `  grounded ingest interviews/*.vtt
  grounded ingest zoom_0412.vtt --id P21 --participant P21
  grounded ingest P21-corrected.docx --id P21 --replace`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if len(args) > 1 && opts.ID != "" {
				return usageErrorf("--id names one source; give one file with it")
			}
			if runF != nil {
				return runF(opts)
			}
			return ingestRun(opts)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var exts []string
			for _, e := range corpus.Formats() {
				exts = append(exts, e[1:])
			}
			return exts, cobra.ShellCompDirectiveFilterFileExt
		},
	}
	cmd.Flags().StringVar(&opts.ID, "id", "", "source id (default: the file name without extension)")
	cmd.Flags().StringVar(&opts.Participant, "participant", "", "participant id (default: the source id)")
	cmd.Flags().BoolVar(&opts.Replace, "replace", false, "replace a source whose file has changed, re-anchoring its codings")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return cmd
}

type ingestResult struct {
	ID          string `json:"id"`
	File        string `json:"file"`
	Action      string `json:"action"`
	Participant string `json:"participant"`
	Format      string `json:"format"`
	Encoding    string `json:"encoding"`
	Turns       int    `json:"turns"`
	Chars       int    `json:"chars"`
	Moved       int    `json:"codings_moved,omitempty"`
	Orphaned    int    `json:"codings_orphaned,omitempty"`
	*ingestReport
}

func ingestRun(opts *IngestOptions) error {
	f := opts.F
	bulkGC(f.gcDeferred) // gc.go
	p, err := f.Project()
	if err != nil {
		return err
	}
	coder, err := f.CoderName(p, "")
	if err != nil {
		return err
	}
	// Every file is checked here, in the order given, before anything is
	// read (a missing file, a directory, a pipe, one too large, one that
	// cannot be opened); the ingest then reads each when it comes to it,
	// so that it holds a bounded number of files at once.
	var files []project.IngestFile
	for _, path := range opts.Files {
		st, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if st.IsDir() {
			return dirHint(path) // ingest_dirhint.go
		}
		if st.Size() > project.MaxTranscriptSize {
			return fmt.Errorf("%s: the file is larger than %d MB; split it", path, project.MaxTranscriptSize>>20)
		}
		in, err := project.OpenInputFile(path)
		if err != nil {
			return err
		}
		in.Close()
		files = append(files, project.IngestFile{
			Path: path, Size: st.Size(), ID: opts.ID, Participant: opts.Participant,
			Read: func() ([]byte, error) { return project.ReadInputFile(path, project.MaxTranscriptSize) },
		})
	}
	var res ops.IngestResult
	_, err = change(f, coder, "ingest", func(e *project.Edit) (string, error) {
		var err error
		res, err = ops.Ingest(f.ctx(), e, ops.IngestRequest{Files: files, Replace: opts.Replace, Progress: f.progress("reading transcripts")})
		return res.Summary, err
	})
	if err != nil {
		return err
	}
	for _, pl := range res.Plans {
		for _, w := range pl.LimitWarnings() {
			fmt.Fprintf(f.IO.ErrOut, "grounded: %s\n", w)
		}
	}
	var results []ingestResult
	added := res.Changed
	for _, pl := range res.Plans {
		results = append(results, ingestResult{
			ID: pl.Source.ID, File: pl.File.Path, Action: string(pl.Action), Participant: pl.Source.Participant,
			Format: pl.Source.Format, Encoding: pl.Source.Encoding, Turns: pl.Source.Turns, Chars: pl.Source.Chars,
			Moved: pl.Moved, Orphaned: pl.Orphaned,
		})
		if pl.Action != project.IngestUnchanged {
			rep := newIngestReport(pl, res)
			results[len(results)-1].ingestReport = rep
			printIngestReport(f, f.IO.ErrOut, pl.File.Path, pl.Source.ID, rep)
		}
	}
	res.Plans = nil // what is said about each file is in results
	if added > 0 {
		// Bring the index up to date now, so the first search is fast.
		if ix, err := f.openIndexQuiet(p, true); err == nil {
			ix.Close()
		} else {
			fmt.Fprintf(f.IO.ErrOut, "grounded: the transcripts were added, but the search index could not be updated (%v); the next search will try again\n", err)
		}
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, results)
	}
	for _, r := range results {
		switch project.IngestAction(r.Action) {
		case project.IngestUnchanged:
			fmt.Fprintf(f.IO.Out, "%s: unchanged (already ingested as %s); nothing to do\n", r.File, r.ID)
		default:
			fmt.Fprintf(f.IO.Out, "%s %s: %s, %s, %d turns, %d characters (%s)\n", f.IO.Style(ansiGreen, r.Action), r.ID, r.File, r.Format, r.Turns, r.Chars, r.Encoding)
			if r.Action == string(project.IngestReplace) {
				fmt.Fprintf(f.IO.Out, "  codings re-anchored: %d moved, %d orphaned\n", r.Moved, r.Orphaned)
				if r.Orphaned > 0 {
					fmt.Fprintln(f.IO.Out, "  orphaned codings are kept; 'grounded check' lists them")
				}
			}
		}
	}
	return nil
}
