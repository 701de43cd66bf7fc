package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// ingestReport is what ingest found in one file, for --json.
type ingestReport struct {
	Diagnostics corpus.Diagnostics `json:"diagnostics"`
	Roles       []ops.GuessedRole  `json:"roles_guessed"`
	SameTextAs  string             `json:"same_text_as,omitempty"`
}

// newIngestReport collects the report of one planned file.
func newIngestReport(pl *project.IngestPlan, res ops.IngestResult) *ingestReport {
	r := &ingestReport{Diagnostics: pl.Diagnostics, Roles: []ops.GuessedRole{}, SameTextAs: res.SameText[pl.Source.ID]}
	for _, g := range res.Roles {
		if g.Source == pl.Source.ID {
			r.Roles = append(r.Roles, g)
		}
	}
	return r
}

// printIngestReport writes the report of one file on w (stderr): the
// speakers with their turn counts, the share without one, the header read
// as metadata, the parser's warnings with their lines, the roles guessed
// and a transcript ingested twice under two ids.
func printIngestReport(f *Factory, w io.Writer, file, id string, r *ingestReport) {
	d := r.Diagnostics
	var sp []string
	for _, s := range d.Speakers {
		sp = append(sp, fmt.Sprintf("%s (%d)", termSafe(s.Speaker), s.Turns))
	}
	speakers := "no speakers"
	if len(sp) > 0 {
		speakers = fmt.Sprintf("%d speaker(s): %s", len(sp), strings.Join(sp, ", "))
	}
	fmt.Fprintf(w, "%s: %d turns, %s; %d of %d turns (%.0f%%) without a speaker\n", termSafe(file), d.Turns, speakers, d.Unlabelled, d.Turns, 100*d.UnlabelledShare())
	if h := d.Header; h != nil {
		fmt.Fprintf(w, "  lines %d-%d read as the file's metadata (%s), not as turns\n", h.Line, h.EndLine, strings.Join(h.Fields(), ", "))
	}
	for _, warn := range d.Warnings {
		if warn.Kind == corpus.WarnHeader && d.Header != nil && warn.Line == d.Header.Line {
			continue // said above
		}
		fmt.Fprintf(w, "  %s %s\n", f.IO.Style(ansiYellow, "warning:"), termSafe(warn.String()))
	}
	for _, g := range r.Roles {
		fmt.Fprintf(w, "  guessed: %s is %s (%s)\n", termSafe(g.Speaker), g.Role, termSafe(g.Evidence))
	}
	if len(r.Roles) > 0 {
		fmt.Fprintf(w, "  if a guess is wrong: grounded speakers role NAME interviewer|participant|other --source %s\n", id)
	}
	if r.SameTextAs != "" {
		fmt.Fprintf(w, "  %s the text of %s is identical to that of source %s: the same transcript under two ids?\n", f.IO.Style(ansiYellow, "warning:"), id, r.SameTextAs)
	}
}
