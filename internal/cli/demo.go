package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/examples"
	"github.com/grounded-qda/grounded/internal/project"
)

// DemoOptions are the options of 'grounded demo'.
type DemoOptions struct {
	F     *Factory
	Dir   string
	Quiet bool
}

// NewCmdDemo builds 'grounded demo'.
func NewCmdDemo(f *Factory, runF func(*DemoOptions) error) *cobra.Command {
	opts := &DemoOptions{F: f}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole job on the bundled fictional interviews",
		Long: `Build a project from the bundled examples (eight fictional peer support worker
interviews in .vtt, .docx, .txt, .srt and .md, and their participants), and
run the main job on it with the same commands you would type: ingest, import
attributes, search, code with two fictional coders under the four-stage
Creating Connection template, and report. It works offline and leaves the
project in DIR/project (DIR is --dir, default a new temporary directory; the
transcripts it ingested are in DIR/incoming) for you to explore.`,
		Example: `  grounded demo
  grounded demo --dir /tmp/psw-demo && cd /tmp/psw-demo/project && grounded code list`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return demoRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "where to build the demo project (must not hold a project yet)")
	cmd.Flags().BoolVar(&opts.Quiet, "quiet", false, "print only the summary")
	return cmd
}

// demo runs grounded commands against the demo project and shows them.
type demo struct {
	f       *Factory
	quiet   bool
	project string
	env     map[string]string
}

// run runs one grounded command line. Its output is shown when show is
// set; it is returned either way.
func (d *demo) run(show bool, args ...string) (string, error) {
	var out, errOut bytes.Buffer
	io := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, color: d.f.IO.color}
	sub := &Factory{
		IO: io, Version: d.f.Version, Getwd: d.f.Getwd,
		Getenv: func(k string) string {
			if v, ok := d.env[k]; ok {
				return v
			}
			return d.f.Getenv(k)
		},
	}
	full := append([]string{"--project", d.project}, args...)
	if args[0] == "init" {
		full = args
	}
	code := Run(sub, full)
	w := d.f.IO.Out
	if show && !d.quiet {
		fmt.Fprintf(w, "%s %s\n", d.f.IO.Style(ansiGreen, "$ grounded"), shellJoin(args))
		w.Write(out.Bytes())
		fmt.Fprintln(w)
	}
	if code != 0 {
		return out.String(), fmt.Errorf("demo step 'grounded %s' failed (exit %d): %s", shellJoin(args), code, strings.TrimSpace(errOut.String()))
	}
	return out.String(), nil
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\"'$*?#|&;<>()\\") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

func (d *demo) say(format string, args ...any) {
	if !d.quiet {
		fmt.Fprintf(d.f.IO.Out, d.f.IO.Style(ansiBold, "## "+format)+"\n\n", args...)
	}
}

func demoRun(opts *DemoOptions) error {
	f := opts.F
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "grounded-demo-")
		if err != nil {
			return err
		}
		dir = tmp
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	projectDir := filepath.Join(dir, "project")
	incoming := filepath.Join(dir, "incoming")
	// Write out the bundled files, as a researcher would have them.
	if err := os.MkdirAll(incoming, 0o755); err != nil {
		return err
	}
	var transcripts []string
	for _, name := range append(examples.Transcripts(), "participants.csv") {
		data, err := fs.ReadFile(examples.FS(), name)
		if err != nil {
			return err
		}
		dst := filepath.Join(incoming, path.Base(name))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		if name != "participants.csv" {
			transcripts = append(transcripts, dst)
		}
	}
	plan, err := examples.LoadPlan()
	if err != nil {
		return fmt.Errorf("bundled examples: %w", err)
	}
	d := &demo{f: f, quiet: opts.Quiet, project: projectDir, env: map[string]string{"GROUNDED_CODER": "alice", "GROUNDED_PROJECT": ""}}
	fmt.Fprintf(f.IO.Out, "grounded demo: eight fictional interviews with peer support workers (see examples/README.md).\nProject: %s\n\n", projectDir)

	d.say("1. Create a project from the Creating Connection template")
	if _, err := d.run(true, "init", projectDir, "--template", "creating-connection", "--name", "PSW replication (demo)", "--description", demoDescription); err != nil {
		return err
	}
	d.say("2. Ingest the transcripts as they arrived (Zoom/Teams VTT, Word, Windows-1252 text, Otter, Markdown, SRT)")
	if _, err := d.run(true, append([]string{"ingest"}, transcripts...)...); err != nil {
		return err
	}
	if _, err := d.run(true, "attributes", "import", filepath.Join(incoming, "participants.csv")); err != nil {
		return err
	}
	if _, err := d.run(true, "sources", "list"); err != nil {
		return err
	}
	d.say("3. Search: stemming, phrases and filters")
	if _, err := d.run(true, "search", "trusting", "--limit", "3"); err != nil {
		return err
	}
	if _, err := d.run(true, "search", `"warm handoff"`, "--limit", "3"); err != nil {
		return err
	}
	d.say("4. Axial categories under the four stages, and the open codes that emerged")
	pr, err := project.Open(projectDir, d.f.storeOptions()...)
	if err != nil {
		return err
	}
	cb, err := pr.ReadCodebook()
	if err != nil {
		return err
	}
	for _, c := range plan.Categories {
		if cb.Category(c.Name) != nil {
			// The template has a provisional category of that name: keep it
			// and move it where the coders put it.
			if _, err := d.run(false, "category", "move", c.Name, "--parent", c.Stage); err != nil {
				return err
			}
			continue
		}
		args := []string{"category", "add", c.Name, "--description", c.Description}
		if c.Stage != "" {
			args = append(args, "--parent", c.Stage)
		}
		if _, err := d.run(false, args...); err != nil {
			return err
		}
	}
	for _, c := range plan.Codes {
		if _, err := d.run(false, "code", "describe", c.Name, "--description", c.Description); err != nil {
			return err
		}
		if c.Category != "" {
			if _, err := d.run(false, "category", "assign", c.Name, "--to", c.Category); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(f.IO.Out, "Added %d categories and %d codes (grounded category add / code describe / category assign).\n\n", len(plan.Categories), len(plan.Codes))
	d.say("5. Two coders code the transcripts by quoting participants' words")
	shown := false
	total := 0
	for _, coder := range plan.Coders {
		for _, c := range coder.Codings {
			if _, err := d.run(!shown, "code", "add", c.Code, c.Source, "--quote", c.Quote, "--coder", coder.Name); err != nil {
				return err
			}
			shown = true
			total++
		}
		fmt.Fprintf(f.IO.Out, "%s made %d codings.\n", coder.Name, len(coder.Codings))
	}
	fmt.Fprintln(f.IO.Out)
	if _, err := d.run(true, "memo", "add", "--category", "Building Trust", "-m", "Across settings, trust seems to rest on reliability as much as on disclosure: P01 and P06 talk about following through before they talk about their own stories."); err != nil {
		return err
	}
	if err := d.relateWithEvidence(); err != nil {
		return err
	}
	if _, err := d.run(true, "code", "list"); err != nil {
		return err
	}
	if _, err := d.run(true, "search", "", "--code", "Making warm handoffs", "--limit", "3"); err != nil {
		return err
	}
	steps := append([]demoStep{{"6. The category hierarchy", []string{"category", "list"}}}, hierarchyDemoSteps...)
	for _, step := range append(steps, analysisDemoSteps...) {
		d.say("%s", step.title)
		if _, err := d.run(true, step.args...); err != nil {
			return err
		}
	}
	if _, err := d.run(false, "check"); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "Done: %d transcripts, %d codings by %d coders; 'grounded check' passes.\nExplore it: cd %s && grounded --help\n", len(transcripts), total, len(plan.Coders), projectDir)
	return nil
}
