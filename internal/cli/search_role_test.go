package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/project"
)

// search --role is the unfiltered search's hits, filtered afterwards by
// each hit's speaker's role in its source (speakers.yaml, with defaults
// and per-source exceptions): the same hits, in the same order, with the
// same scores. Checked on a project where every turn has a speaker (the
// index then keeps out the turns of the other roles, role.go) and on one
// with a turn without a speaker (the index lets through the turns of the
// roles wanted), for each set of roles and several queries.
func TestSearchRoleIsFilteredSearch(t *testing.T) {
	for _, unspoken := range []bool{false, true} {
		t.Run(map[bool]string{false: "every turn spoken", true: "a turn without a speaker"}[unspoken], func(t *testing.T) {
			dir := t.TempDir()
			run := roleProject(t, dir, unspoken)
			p, err := project.Open(filepath.Join(dir, "p"))
			if err != nil {
				t.Fatal(err)
			}
			roles, err := p.ReadSpeakerRoles()
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range []string{"trust", "", "+trust -staff", `"the staff"`, "staff trust*"} {
				all := searchJSON(t, run, text)
				for _, want := range [][]string{
					{"participant"}, {"interviewer"}, {"other"},
					{"participant", "interviewer"}, {"participant", "other"}, {"interviewer", "other"},
					{"participant", "interviewer", "other"},
				} {
					var exp []index.Hit
					for _, h := range all.Hits {
						for _, r := range want {
							if roles.Role(h.Source, h.Speaker) == corpus.Role(r) {
								exp = append(exp, h)
							}
						}
					}
					args := []string{text}
					for _, r := range want {
						args = append(args, "--role", r)
					}
					if text == "trust" && len(want) < 3 && (len(exp) == 0 || len(exp) == len(all.Hits)) {
						t.Fatalf("search trust --role %v: %d of %d hits: the project does not test the filter", want, len(exp), len(all.Hits))
					}
					got := searchJSON(t, run, args...)
					if got.Total != uint64(len(exp)) || !reflect.DeepEqual(got.Hits, exp) {
						t.Errorf("search %q --role %v: %d hits %v, want %d %v", text, want, got.Total, hitRefs(got.Hits), len(exp), hitRefs(exp))
					}
				}
			}
		})
	}
}

func hitRefs(hs []index.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Ref+" "+h.Speaker)
	}
	return out
}

// searchJSON runs search ARGS --json --limit 0.
func searchJSON(t *testing.T, run func(args ...string) string, args ...string) index.Result {
	t.Helper()
	var res index.Result
	out := run(append([]string{"search", "--json", "--limit", "0"}, args...)...)
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search %v: %v\n%s", args, err, out)
	}
	return res
}

// roleProject makes a project in dir/p whose speakers share names across
// sources and have roles by default and per source, and returns a runner
// of grounded commands in it. With unspoken, one transcript has a turn
// without a speaker.
func roleProject(t *testing.T, dir string, unspoken bool) func(args ...string) string {
	t.Helper()
	env := map[string]string{"GROUNDED_CODER": "alice", "GROUNDED_PROJECT": filepath.Join(dir, "p")}
	t.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00Z")
	run := func(args ...string) string {
		t.Helper()
		io, _, out, errOut := TestIO()
		f := &Factory{IO: io, Getenv: func(k string) string { return env[k] }, Getwd: func() (string, error) { return dir, nil }}
		if code := Run(f, args); code != 0 {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
		}
		return out.String()
	}
	run("init", filepath.Join(dir, "p"))
	transcripts := map[string]string{
		"P1.txt":  "Interviewer: How did you come to trust the staff?\n\nJordan Lee: Trust took years; the staff were patient.\n\nInterviewer: And trust in peers?\n\nJordan Lee: Peers I trust, trust, trust.\n",
		"P2.txt":  "Interviewer: Did you trust the staff there?\n\nJordan Lee: Not at first. Trust came later.\n\nSam: I was the staff member; trust is earned.\n",
		"P3.txt":  "Sam: What does trust mean to you?\n\nAna: Trust means the staff show up.\n\nSam: And when they do not?\n\nAna: Then trust breaks.\n",
		"P4.txt":  "Interviewer: I am also a peer; I trust this work.\n\nBen: Trust is why I came back to the staff.\n",
		"P10.txt": "Interviewer: Trust and the staff?\n\nCy: The staff were kind; trust followed.\n",
	}
	if unspoken {
		transcripts["P5.vtt"] = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nInterviewer: Trust?\n\n00:00:04.000 --> 00:00:06.000\ntrust, the staff, someone unheard\n\n00:00:07.000 --> 00:00:09.000\nDee: Trust the staff.\n"
	}
	var files []string
	for name, text := range transcripts {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	run(append([]string{"ingest"}, files...)...)
	for _, r := range [][]string{
		{"Jordan Lee", "participant"},
		{"Jordan Lee", "other", "--source", "P2"},
		{"Interviewer", "interviewer"},
		{"Interviewer", "participant", "--source", "P4"},
		{"Sam", "other"},
		{"Sam", "interviewer", "--source", "P3"},
		{"Cy", "other", "--source", "P10"},
	} {
		run(append([]string{"speakers", "role"}, r...)...)
	}
	return run
}
