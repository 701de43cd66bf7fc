package project

import (
	"os"
	"strings"
	"testing"
)

// TestCheckSettings: check reads speakers.yaml and grounded.local.yaml,
// reports a file that does not decode as an error with its position, and
// warns about roles that apply to nobody.
func TestCheckSettings(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		sev, want           string // "" when check must find nothing
	}{
		{"roles that fit", SpeakersFile, "version: 1\nspeakers:\n  Interviewer: interviewer\nsources:\n  Trust:\n    Jordan: participant\n", "", ""},
		{"unknown role", SpeakersFile, "version: 1\nspeakers:\n  Interviewer: boss\n", "error", "speakers.yaml:3:16"},
		{"not yaml", SpeakersFile, "speakers: [\n", "error", "speakers.yaml"},
		{"source not in project", SpeakersFile, "version: 1\nsources:\n  Gone:\n    Jordan: participant\n", "warning", "source Gone, which is not in the project"},
		{"speaker never speaks", SpeakersFile, "version: 1\nsources:\n  Trust:\n    Jordon: participant\n", "warning", `"Jordon" has a role but never speaks`},
		{"local unknown field", LocalFile, "coder: ana\ncolour: red\n", "error", "grounded.local.yaml"},
		{"local bad coder", LocalFile, "coder: \"ana\\u200b\"\n", "error", "zero-width"},
		{"local fine", LocalFile, "coder: ana\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			ingest(t, p, "ana", false, map[string]string{"Trust.txt": transcript})
			if err := os.WriteFile(p.Path(tc.file), []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := p.Check(false)
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, pr := range r.Problems {
				found = append(found, pr.Severity+": "+pr.File+": "+pr.Message)
			}
			if tc.want == "" {
				if len(found) > 0 {
					t.Fatalf("want no problems, got %q", found)
				}
				return
			}
			for _, f := range found {
				if strings.HasPrefix(f, tc.sev+": ") && strings.Contains(f, tc.want) {
					return
				}
			}
			t.Fatalf("want a %s containing %q, got %q", tc.sev, tc.want, found)
		})
	}
}
