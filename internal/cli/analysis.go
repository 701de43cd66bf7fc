package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/project"
)

// analysisCommands are the report and agreement commands.
func analysisCommands(f *Factory) []*cobra.Command {
	return []*cobra.Command{NewCmdReport(f), NewCmdAgreement(f, nil)}
}

// analysisDemoSteps are shown by 'grounded demo' after coding.
var analysisDemoSteps = []demoStep{
	{"9. Saturation: did later interviews still bring new codes?", []string{"report", "saturation"}},
	{"10. Inter-coder agreement of alice and bob, who both coded P01-P04", []string{"agreement", "--coders", "alice,bob", "--summary"}},
}

// ---- loading ----

// analysisData is everything the reports and agreement read.
type analysisData struct {
	cb      *codebook.Codebook
	codings []coding.Coding
	sources []*corpus.Source
	parts   *project.Participants
	texts   *report.Texts
	turns   map[string][]corpus.Turn
	roles   *project.SpeakerRoles
}

func loadAnalysis(p *project.Project) (*analysisData, error) {
	return loadAnalysisParts(p, 0)
}

// loadAnalysisParts reads the analysis data with extra snapshot parts
// (project.WithAllCoders for agreement, which blind coding never hides).
func loadAnalysisParts(p *project.Project, extra project.SnapshotPart) (*analysisData, error) {
	s, err := p.ReadSnapshot(project.WithParticipants | project.WithTurns | project.WithRoles | extra)
	if err != nil {
		return nil, err
	}
	return &analysisData{cb: s.Codebook, codings: s.Codings, sources: s.Sources, parts: s.Participants, texts: report.NewTexts(s.Turns), turns: s.Turns, roles: s.Speakers}, nil
}

// reportInput returns the input of the reports, with only the codings of
// the given coders (all when none are given).
func (d *analysisData) reportInput(coders []string) (*report.Input, error) {
	cs := d.codings
	if len(coders) > 0 {
		all := coderagree.Coders(d.codings)
		keep := map[string]bool{}
		for _, c := range coders {
			if !slices.ContainsFunc(all, func(a string) bool { return strings.EqualFold(a, c) }) {
				return nil, fmt.Errorf("no codings by %q; the coders with codings are %s", c, orNone(all))
			}
			keep[strings.ToLower(c)] = true
		}
		cs = nil
		for _, c := range d.codings {
			if keep[strings.ToLower(strings.TrimSpace(c.Coder))] {
				cs = append(cs, c)
			}
		}
	}
	return &report.Input{Codebook: d.cb, Codings: cs, Sources: d.sources, Participants: d.parts.List,
		Attributes: d.parts.Attributes, Texts: d.texts}, nil
}

func (d *analysisData) agreeInput() *coderagree.Input {
	return &coderagree.Input{Codebook: d.cb, Codings: d.codings, Sources: d.sources, Texts: d.texts}
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none (nothing is coded yet)"
	}
	return strings.Join(list, ", ")
}

// splitList splits "a,b, c" into names.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// levelNoun names the items of a level in the plural.
func levelNoun(l report.Level) string {
	return map[report.Level]string{report.LevelCode: "codes", report.LevelCategory: "categories", report.LevelStage: "stages"}[l]
}
