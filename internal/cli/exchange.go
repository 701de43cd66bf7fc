package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/internal/export/refi"
	qtable "github.com/grounded-qda/grounded/internal/export/table"
	"github.com/grounded-qda/grounded/internal/fsx"
	"github.com/grounded-qda/grounded/internal/project"
)

// exchangeExportCommands are the 'grounded export' subcommands for other
// tools: REFI-QDA .qdc and .qdpx, codings tables and matrices.
func exchangeExportCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{
		NewCmdExportQDC(f, nil),
		NewCmdExportQDPX(f, nil),
		NewCmdExportCodings(f, nil),
		NewCmdExportMatrix(f, nil),
	}
}

// importCommands are the top-level import commands.
func importCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdImport(f)}
}

// origin is written as the origin attribute of REFI-QDA files.
func (f *Factory) origin() string { return "grounded " + f.Version }

// writeOutput writes data to path atomically, or to standard output when
// path is "" or "-".
func writeOutput(f *Factory, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := f.IO.Out.Write(data)
		return err
	}
	if err := refuseProjectFile(f, path); err != nil { // outputguard.go
		return err
	}
	if err := fsx.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// ---- export qdc / qdpx ----

// ExportREFIOptions are the options of 'grounded export qdc' and 'qdpx'.
type ExportREFIOptions struct {
	F    *Factory
	File string
}

// NewCmdExportQDC builds 'grounded export qdc'.
func NewCmdExportQDC(f *Factory, runF func(*ExportREFIOptions) error) *cobra.Command {
	opts := &ExportREFIOptions{F: f}
	return &cobra.Command{
		Use:   "qdc FILE.qdc",
		Short: "Export the codebook as a REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA, QualCoder",
		Long: `Write the codebook in the REFI-QDA codebook format (.qdc), which NVivo,
ATLAS.ti, MAXQDA, QualCoder and other QDA programs import.

The codes form one tree: the core category on top, holding its stages in
order, each holding its categories, sub-categories and codes; then the
categories outside the core, then the codes without a category. Categories
and the core are not codable, codes are. A code's description, when to use,
when not to use and example share its Description; its colour is kept.
FILE "-" writes to standard output. docs/refi-qda.md describes the mapping.`,
		Example: `  grounded export qdc codebook.qdc`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return exportQDCRun(opts)
		},
	}
}

func exportQDCRun(opts *ExportREFIOptions) error {
	f := opts.F
	var data []byte
	var codes, cats int
	err := readLocked(f, func(p *project.Project) error {
		d, err := refi.Load(p, f.origin())
		if err != nil {
			return err
		}
		x, err := refi.BuildCodebook(d)
		if err != nil {
			return err
		}
		codes, cats = len(d.Codebook.Codes), len(d.Codebook.Categories)
		data, err = refi.MarshalCodebook(x)
		return err
	})
	if err != nil {
		return err
	}
	if err := writeOutput(f, opts.File, data); err != nil {
		return err
	}
	if opts.File != "-" {
		fmt.Fprintf(f.IO.Out, "Wrote %s: %d codes, %d categories (REFI-QDA codebook).\n", opts.File, codes, cats)
	}
	return nil
}

// NewCmdExportQDPX builds 'grounded export qdpx'. The archive is named by
// -o, as for every other export, or by the argument earlier versions took.
func NewCmdExportQDPX(f *Factory, runF func(*ExportREFIOptions) error) *cobra.Command {
	opts := &ExportREFIOptions{F: f}
	var output string
	cmd := &cobra.Command{
		Use:   "qdpx -o FILE.qdpx",
		Short: "Export the whole project as a REFI-QDA project (.qdpx)",
		Long: `Write the project in the REFI-QDA project exchange format (.qdpx): a zip
archive holding project.qde and each transcript as UTF-8 text in sources/.

It carries the codebook (as 'export qdc'), every transcript as the plain
text grounded shows ("Speaker: words", turns separated by a blank line),
every coding as a selection of that text in code points with the coder as
its creating user, memos as notes linked to their code, category, source or
passage, participants as cases with their attributes as text variables, and
the relations between categories as links. GUIDs are stable: exporting the
same project again gives the same archive. Turn times and the original
transcript files are not carried; orphaned codings are left out (with a
warning). docs/refi-qda.md describes the mapping.

The archive is written to the -o file; 'grounded export qdpx FILE.qdpx'
(the file as an argument) works too. It is never one of the project's own
files.`,
		Example: `  grounded export qdpx -o study.qdpx`,
		Args:    rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 1 && output != "":
				return usageErrorf("give the archive once: -o %s or the argument %s, not both", output, args[0])
			case len(args) == 1:
				opts.File = args[0]
			case output != "":
				opts.File = output
			default:
				return usageErrorf("name the archive to write: grounded export qdpx -o FILE.qdpx")
			}
			if opts.File == "-" {
				return usageErrorf("a .qdpx is a zip archive: give a file name, not -")
			}
			if runF != nil {
				return runF(opts)
			}
			return exportQDPXRun(opts)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the archive to this file")
	return cmd
}

func exportQDPXRun(opts *ExportREFIOptions) error {
	f := opts.F
	var buf bytes.Buffer
	var ex *refi.Export
	err := readLocked(f, func(p *project.Project) error {
		d, err := refi.Load(p, f.origin())
		if err != nil {
			return err
		}
		if ex, err = refi.BuildProject(d); err != nil {
			return err
		}
		return refi.WriteQDPX(&buf, ex, d.Created)
	})
	if err != nil {
		return err
	}
	if err := writeOutput(f, opts.File, buf.Bytes()); err != nil {
		return err
	}
	for _, w := range ex.Warnings {
		fmt.Fprintln(f.IO.ErrOut, "grounded: warning:", w)
	}
	fmt.Fprintf(f.IO.Out, "Wrote %s: %d sources, %d codes, %d categories, %d codings, %d memos, %d cases (REFI-QDA project).\n",
		opts.File, ex.Sources, ex.Codes, ex.Categories, ex.Codings, ex.Memos, ex.Cases)
	return nil
}

// ---- export codings / matrix ----

// tableInput reads what the tables need.
func tableInput(p *project.Project) (*qtable.Input, error) {
	s, err := p.ReadSnapshot(project.WithParticipants)
	if err != nil {
		return nil, err
	}
	return &qtable.Input{Codebook: s.Codebook, Sources: s.Sources, Codings: s.Codings, Participants: s.Participants}, nil
}

// ExportCodingsOptions are the options of 'grounded export codings'.
type ExportCodingsOptions struct {
	F      *Factory
	Format string
	Output string
	Excel  bool
}

// NewCmdExportCodings builds 'grounded export codings'.
func NewCmdExportCodings(f *Factory, runF func(*ExportCodingsOptions) error) *cobra.Command {
	opts := &ExportCodingsOptions{F: f}
	cmd := &cobra.Command{
		Use:   "codings",
		Short: "Export every coding as a table row (CSV or JSON Lines)",
		Long: `Write one row per coding with the columns id, code, category_path (core /
stage / category ...), source, participant, ref, turn, start, end, quote,
coder, created, memo, and attr_NAME for each participant attribute, for
spreadsheets, R or pandas. start and end are code points in the turn's text.
In JSON Lines category_path is an array. Without -o the table goes to
standard output.`,
		Example: `  grounded export codings -o codings.csv
  grounded export codings --format jsonl | jq -r .code | sort | uniq -c`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Format != "csv" && opts.Format != "jsonl" {
				return usageErrorf("--format is csv or jsonl, not %q", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return exportCodingsRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "csv", "csv or jsonl")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (default: standard output)")
	cmd.Flags().BoolVar(&opts.Excel, "excel", false, excelFlagUsage)
	return cmd
}

func exportCodingsRun(opts *ExportCodingsOptions) error {
	f := opts.F
	var buf bytes.Buffer
	var n int
	err := readLocked(f, func(p *project.Project) error {
		in, err := tableInput(p)
		if err != nil {
			return err
		}
		n = len(in.Codings)
		if opts.Format == "jsonl" {
			return qtable.WriteCodingsJSONL(&buf, in)
		}
		excelBOM(&buf, opts.Excel)
		return qtable.WriteCodingsCSV(&buf, in)
	})
	if err != nil {
		return err
	}
	if err := writeOutput(f, opts.Output, buf.Bytes()); err != nil {
		return err
	}
	if opts.Output != "" && opts.Output != "-" {
		fmt.Fprintf(f.IO.Out, "Wrote %s: %d codings.\n", opts.Output, n)
	}
	return nil
}

// ExportMatrixOptions are the options of 'grounded export matrix'.
type ExportMatrixOptions struct {
	F      *Factory
	Format string
	Level  string
	Output string
	Excel  bool
}

// NewCmdExportMatrix builds 'grounded export matrix'.
func NewCmdExportMatrix(f *Factory, runF func(*ExportMatrixOptions) error) *cobra.Command {
	opts := &ExportMatrixOptions{F: f}
	cmd := &cobra.Command{
		Use:   "matrix",
		Short: "Export a code (or category, or stage) by participant matrix of coding counts",
		Long: `Count codings by participant: one row per code (--level code), category
(--level category, counting the codes in the category and below it) or stage
(--level stage), one column per participant, and a total. CSV writes the
counts; xlsx writes a workbook with a "Codings" sheet of counts and a
"Presence" sheet of 0/1. An xlsx needs -o.`,
		Example: `  grounded export matrix -o codes.csv
  grounded export matrix --format xlsx --level stage -o stages.xlsx`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch opts.Format {
			case "csv":
			case "xlsx":
				if opts.Output == "" || opts.Output == "-" {
					return usageErrorf("an xlsx workbook is binary: give the file with -o FILE.xlsx")
				}
			default:
				return usageErrorf("--format is csv or xlsx, not %q", opts.Format)
			}
			if !contains(qtable.Levels, opts.Level) {
				return usageErrorf("--level is one of %s, not %q", strings.Join(qtable.Levels, ", "), opts.Level)
			}
			if runF != nil {
				return runF(opts)
			}
			return exportMatrixRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "csv", "csv or xlsx")
	cmd.Flags().StringVar(&opts.Level, "level", qtable.LevelCode, "rows: code, category or stage")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to this file (required for xlsx; default: standard output)")
	cmd.Flags().BoolVar(&opts.Excel, "excel", false, excelFlagUsage)
	return cmd
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func exportMatrixRun(opts *ExportMatrixOptions) error {
	f := opts.F
	var buf bytes.Buffer
	var m *qtable.Matrix
	err := readLocked(f, func(p *project.Project) error {
		in, err := tableInput(p)
		if err != nil {
			return err
		}
		if m, err = qtable.BuildMatrix(in, opts.Level); err != nil {
			return err
		}
		if opts.Format == "xlsx" {
			return m.WriteXLSX(&buf)
		}
		excelBOM(&buf, opts.Excel)
		return m.WriteCSV(&buf)
	})
	if err != nil {
		return err
	}
	if err := writeOutput(f, opts.Output, buf.Bytes()); err != nil {
		return err
	}
	if opts.Output != "" && opts.Output != "-" {
		fmt.Fprintf(f.IO.Out, "Wrote %s: %d %s rows by %d participants.\n", opts.Output, len(m.Rows), opts.Level, len(m.Cols))
	}
	return nil
}

// ---- import ----

// NewCmdImport builds 'grounded import'.
func NewCmdImport(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import a REFI-QDA project (.qdpx) or codebook (.qdc) from another QDA tool",
		Long: `Bring in work done in NVivo, ATLAS.ti, MAXQDA, QualCoder or another program
that exports the REFI-QDA exchange formats. docs/refi-qda.md describes what
maps to what, what is lost and what is adjusted.`,
		Args: exactArgs(0),
	}
	cmd.AddCommand(NewCmdImportQDPX(f, nil), NewCmdImportQDC(f, nil))
	return cmd
}

// ImportOptions are the options of 'grounded import qdpx' and 'qdc'.
type ImportOptions struct {
	F    *Factory
	File string
	Into string
	Core string
	JSON bool
}

// NewCmdImportQDPX builds 'grounded import qdpx'.
func NewCmdImportQDPX(f *Factory, runF func(*ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{F: f}
	cmd := &cobra.Command{
		Use:   "qdpx FILE.qdpx",
		Short: "Import a REFI-QDA project: transcripts, codebook, codings, memos, cases",
		Long: `Import a REFI-QDA project archive (.qdpx).

With --into DIR a new project is created in DIR from the archive. Without it
the archive is merged into the current project: a source whose id exists
already must have the same text (it is then reused, and its codings are
added unless already there), codes and categories are merged by name, and
existing definitions, attributes and memos are kept.

Text sources become transcripts, read with the same speaker detection as
'ingest' of a .txt file; selections become codings on the turns, converted
from the archive's positions (NVivo's UTF-16 positions, positions counted
from 1, CRLF line ends and byte order marks are detected and corrected); a
selection that crosses turns becomes a source-level coding. Nested codes
become categories (codes with children or not codable) and codes; notes
become memos; cases and their variables become participants and
attributes. Every adjustment is listed. Picture, PDF, audio and video
sources, sets and graphs are not imported.

The archive is checked completely first (entries escaping the archive,
links, oversized entries and malformed XML are refused); nothing is written
unless all of it can be imported.

A top-level code is taken as the core category only when grounded wrote it,
or when --core names it; its non-codable children become the stages, in
order.`,
		Example: `  grounded import qdpx nvivo-export.qdpx --into study
  grounded import qdpx colleague.qdpx`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return importQDPXRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Into, "into", "", "create a new project in this directory from the archive")
	cmd.Flags().StringVar(&opts.Core, "core", "", "take the top-level code with this name as the core category")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return cmd
}

// NewCmdImportQDC builds 'grounded import qdc'.
func NewCmdImportQDC(f *Factory, runF func(*ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{F: f}
	cmd := &cobra.Command{
		Use:   "qdc FILE.qdc",
		Short: "Merge a REFI-QDA codebook into the project's codebook",
		Long: `Merge a REFI-QDA codebook (.qdc) into the current project's codebook.

Codes with sub-codes, and codes marked not codable, become categories
(nested as in the file); the others become codes in their parent category.
Codes and categories that exist already keep their place and definition and
only get fields they lack. A top-level code is taken as the core category
only when grounded wrote it (recognised by its GUID) or when --core names
it; its non-codable children then become the stages, in order.`,
		Example: `  grounded import qdc team-codebook.qdc
  grounded import qdc maxqda.qdc --core "Creating Connection"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return importQDCRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Core, "core", "", "take the top-level code with this name as the core category")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the result as JSON")
	return cmd
}

// readImportFile reads a file to import, refusing one larger than max.
func readImportFile(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	if st.Size() > max {
		return nil, fmt.Errorf("%s: the file is larger than %d MB", path, max>>20)
	}
	return project.ReadInputFile(path, max)
}

// convertQDPX reads and checks an archive completely.
func convertQDPX(file string, opts refi.ImportOptions) (*refi.Imported, error) {
	fh, err := project.OpenInputFile(file)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a .qdpx archive", file)
	}
	a, err := refi.OpenArchive(file, fh, st.Size(), refi.DefaultLimits)
	if err != nil {
		return nil, err
	}
	qde, err := a.ReadQDE()
	if err != nil {
		return nil, err
	}
	x, err := refi.DecodeProject(file+": "+a.QDEName, qde)
	if err != nil {
		return nil, err
	}
	return refi.Convert(a, x, opts)
}

type importJSON struct {
	Project string `json:"project"`
	*refi.Result
}

func printImport(f *Factory, opts *ImportOptions, dir string, res *refi.Result, committed bool) error {
	if res.SourcesAdded == nil {
		res.SourcesAdded = []string{}
	}
	if res.SourcesUnchanged == nil {
		res.SourcesUnchanged = []string{}
	}
	if res.Notes == nil {
		res.Notes = []string{}
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, importJSON{Project: dir, Result: res})
	}
	w := f.IO.Out
	if !committed {
		fmt.Fprintf(w, "%s: everything in it is already in the project; nothing changed.\n", opts.File)
	} else {
		fmt.Fprintf(w, "Imported %s into %s:\n", opts.File, f.relPath(dir))
	}
	if len(res.SourcesAdded)+len(res.SourcesUnchanged) > 0 {
		fmt.Fprintf(w, "  sources:      %d added, %d already present\n", len(res.SourcesAdded), len(res.SourcesUnchanged))
	}
	fmt.Fprintf(w, "  codebook:     %d codes and %d categories added\n", res.CodesAdded, res.CategoriesAdded)
	if res.CodingsAdded+res.CodingsPresent > 0 {
		fmt.Fprintf(w, "  codings:      %d added, %d already present\n", res.CodingsAdded, res.CodingsPresent)
	}
	if res.MemosAdded+res.MemosPresent > 0 {
		fmt.Fprintf(w, "  memos:        %d added, %d already present\n", res.MemosAdded, res.MemosPresent)
	}
	if res.Participants > 0 {
		fmt.Fprintf(w, "  participants: %d added or given new attributes\n", res.Participants)
	}
	if len(res.Notes) > 0 {
		fmt.Fprintf(w, "Adjusted or left out (%d):\n", len(res.Notes))
		for _, n := range res.Notes {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
	return nil
}

func importQDPXRun(opts *ImportOptions) error {
	f := opts.F
	if opts.Into != "" {
		return importInto(opts)
	}
	// Read and check the whole archive before taking the project's lock.
	p, err := f.Project()
	if err != nil {
		return err
	}
	coder, err := f.CoderName(p, "")
	if err != nil {
		return err
	}
	imp, err := convertQDPX(opts.File, refi.ImportOptions{Coder: coder, Core: opts.Core, Now: f.now()})
	if err != nil {
		return err
	}
	var res *refi.Result
	var dir string
	entry, err := change(f, "", "import qdpx", func(e *project.Edit) (string, error) {
		dir = e.Project().Root
		var err error
		if res, err = imp.Apply(e); err != nil {
			return "", err
		}
		return fmt.Sprintf("imported %s: %d sources, %d codings, %d memos", filepath.Base(opts.File), len(res.SourcesAdded), res.CodingsAdded, res.MemosAdded), nil
	})
	if err != nil {
		return err
	}
	if len(res.SourcesAdded) > 0 {
		updateIndex(f)
	}
	return printImport(f, opts, dir, res, entry != nil)
}

// updateIndex brings the search index up to date after sources were added.
func updateIndex(f *Factory) {
	p, err := f.Project()
	if err != nil {
		return
	}
	if ix, err := f.openIndexQuiet(p, true); err == nil {
		ix.Close()
	} else {
		fmt.Fprintf(f.IO.ErrOut, "grounded: the import is done, but the search index could not be updated (%v); the next search will try again\n", err)
	}
}

// importInto creates a new project from an archive. The archive is
// converted and checked before the project is created; if writing fails
// afterwards, a directory this command created is removed again.
func importInto(opts *ImportOptions) error {
	f := opts.F
	dir := opts.Into
	if _, err := os.Stat(filepath.Join(dir, project.ConfigFile)); err == nil {
		return fmt.Errorf("%s: %w; --into needs a new directory", dir, project.ErrExists)
	}
	coder, err := f.CoderName(nil, "")
	if err != nil {
		return err
	}
	now := f.now()
	imp, err := convertQDPX(opts.File, refi.ImportOptions{Coder: coder, Core: opts.Core, Now: now})
	if err != nil {
		return err
	}
	name := imp.Name
	if name == "" {
		name = filepath.Base(strings.TrimSuffix(opts.File, filepath.Ext(opts.File)))
	}
	if name == "" || name == "." {
		name = filepath.Base(dir)
	}
	var res *refi.Result
	err = stagedDir(dir, func(into string) error { // importinto_stage.go
		p, err := project.Init(into, project.InitOptions{Name: name, Now: now})
		if err != nil {
			return err
		}
		if res, err = applyImport(p, imp, coder, opts.File); err != nil {
			return err
		}
		// The search index is built before the project is put in place,
		// so that the rename into place is the import's last step: a
		// command killed while indexing leaves no project behind, and the
		// retry starts again instead of finding one.
		if len(res.SourcesAdded) > 0 {
			if ix, err := f.openIndexQuiet(p, true); err == nil {
				ix.Close()
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(dir)
	return printImport(f, opts, abs, res, true)
}

// applyImport writes an imported archive into the new project p, as one
// change of coder's, under the project's lock.
func applyImport(p *project.Project, imp *refi.Imported, coder, file string) (*refi.Result, error) {
	lock, err := p.Lock()
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	e, err := p.Edit(lock, coder, "import qdpx")
	if err != nil {
		return nil, err
	}
	res, err := imp.Apply(e)
	if err != nil {
		return nil, err
	}
	_, err = e.Commit(fmt.Sprintf("imported %s: %d sources, %d codings, %d memos", filepath.Base(file), len(res.SourcesAdded), res.CodingsAdded, res.MemosAdded))
	return res, err
}

func importQDCRun(opts *ImportOptions) error {
	f := opts.F
	data, err := readImportFile(opts.File, 64<<20)
	if err != nil {
		return err
	}
	x, err := refi.DecodeCodebook(opts.File, data)
	if err != nil {
		return err
	}
	var res *refi.Result
	var dir string
	entry, err := change(f, "", "import qdc", func(e *project.Edit) (string, error) {
		dir = e.Project().Root
		imp, err := refi.ConvertCodebook(x, refi.ImportOptions{Coder: e.Coder, Core: opts.Core, Now: f.now()})
		if err != nil {
			return "", err
		}
		if res, err = imp.Apply(e); err != nil {
			return "", err
		}
		return fmt.Sprintf("imported codebook %s: %d codes, %d categories", filepath.Base(opts.File), res.CodesAdded, res.CategoriesAdded), nil
	})
	if err != nil {
		return err
	}
	return printImport(f, opts, dir, res, entry != nil)
}
