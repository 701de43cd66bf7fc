//go:build unix

package faults

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The hostile-project suite: a project directory is untrusted input (a
// cloned repository, an unzipped folder). A journal, a symbolic link or a
// source's original: that names something outside the project must stop
// the command with a clear error and change nothing outside the project.

// hostileSetup makes a project with one source and, beside it, a directory
// "outside" holding a file the project must never touch.
func hostileSetup(t *testing.T) (p *proj, outside, victim string) {
	t.Helper()
	p, _ = newProject(t, 1, 10)
	outside = filepath.Join(filepath.Dir(p.Dir), "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	victim = filepath.Join(outside, "victim.txt")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, outside, victim
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// refused runs args and requires a non-zero exit whose message contains
// one of want, and no change in outside.
func refused(t *testing.T, p *proj, outside string, want []string, args ...string) {
	t.Helper()
	before := snapshot(t, outside)
	r := p.run(args...)
	if r.Code == 0 {
		t.Errorf("accepted:\n%s", r)
	}
	if strings.Contains(r.Stderr, "panic") {
		t.Errorf("panic:\n%s", r)
	}
	found := false
	for _, w := range want {
		found = found || strings.Contains(r.Stderr+r.Stdout, w)
	}
	if !found {
		t.Errorf("message does not say %q:\n%s", want, r)
	}
	if d := diffSnapshots(before, snapshot(t, outside)); d != "" {
		t.Errorf("files outside the project changed: %s\n%s", d, r)
	}
	t.Logf("grounded %s: exit %d: %s", strings.Join(args, " "), r.Code, firstLines(r.Stderr, 1))
}

// TestHostileJournal plants journals that write, append, remove and rename
// outside the project or to files grounded never writes, and one whose
// temporary file is missing. Every reading and writing command refuses,
// nothing outside changes, and the journal stays for inspection.
func TestHostileJournal(t *testing.T) {
	const temp = ".tmp-codebook.yaml.0123456789ab"
	cases := []struct {
		name    string
		journal func(outside, victim string) string
		temps   map[string]string // project-relative temporary files to plant
		inside  string            // a project file that must not appear
	}{
		{name: "write to ../outside", journal: func(o, v string) string {
			return `{"version":1,"writes":[{"path":"../outside/victim.txt","temp":"` + temp + `"}]}`
		}, temps: map[string]string{temp: "pwned\n"}},
		{name: "write to an absolute path", journal: func(o, v string) string {
			return `{"version":1,"writes":[{"path":"` + v + `","temp":"` + temp + `"}]}`
		}, temps: map[string]string{temp: "pwned\n"}},
		{name: "temporary file outside", journal: func(o, v string) string {
			return `{"version":1,"writes":[{"path":"codebook.yaml","temp":"../outside/victim.txt"}]}`
		}},
		{name: "append to ../outside", journal: func(o, v string) string {
			return `{"version":1,"appends":[{"path":"../outside/victim.txt","offset":0,"data":"pwned\n"}]}`
		}},
		{name: "remove ../outside", journal: func(o, v string) string {
			return `{"version":1,"removes":["../outside/victim.txt"]}`
		}},
		{name: "remove an absolute path", journal: func(o, v string) string {
			return `{"version":1,"removes":["` + v + `"]}`
		}},
		{name: "write a file grounded never writes", journal: func(o, v string) string {
			return `{"version":1,"writes":[{"path":".git/hooks/pre-commit","temp":".git/hooks/.tmp-pre-commit.0123456789ab"}]}`
		}, temps: map[string]string{".git/hooks/.tmp-pre-commit.0123456789ab": "#!/bin/sh\necho pwned\n"}, inside: ".git/hooks/pre-commit"},
		{name: "append through a symlinked directory", journal: func(o, v string) string {
			return `{"version":1,"appends":[{"path":"codings/link/S1.jsonl","offset":0,"data":"pwned\n"}]}`
		}},
		{name: "missing temporary file", journal: func(o, v string) string {
			return `{"version":1,"writes":[{"path":"codebook.yaml","temp":"` + temp + `"}]}`
		}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			p, outside, victim := hostileSetup(t)
			if err := os.Symlink(outside, filepath.Join(p.Dir, "codings", "link")); err != nil {
				t.Fatal(err)
			}
			for rel, data := range c.temps {
				writeFile(t, filepath.Join(p.Dir, rel), data)
			}
			codebook, _ := os.ReadFile(filepath.Join(p.Dir, "codebook.yaml"))
			journal := c.journal(outside, victim)
			writeFile(t, filepath.Join(p.Dir, ".grounded-journal"), journal)
			for _, args := range [][]string{{"check"}, {"search", "word"}, {"codings", "list"}, {"code", "add", "Trust", "S1#1"}} {
				refused(t, p, outside, []string{".grounded-journal"}, args...)
			}
			if data, err := os.ReadFile(filepath.Join(p.Dir, ".grounded-journal")); err != nil || string(data) != journal {
				t.Errorf("the journal was not left in place (%v)", err)
			}
			if now, _ := os.ReadFile(filepath.Join(p.Dir, "codebook.yaml")); string(now) != string(codebook) {
				t.Errorf("codebook.yaml changed:\n%s", now)
			}
			if c.inside != "" {
				if _, err := os.Lstat(filepath.Join(p.Dir, c.inside)); err == nil {
					t.Errorf("%s was created", c.inside)
				}
			}
			// Once the journal is removed, the project works again.
			os.Remove(filepath.Join(p.Dir, ".grounded-journal"))
			os.Remove(filepath.Join(p.Dir, "codings", "link"))
			for rel := range c.temps {
				os.Remove(filepath.Join(p.Dir, rel))
			}
			p.requireCheck()
		})
	}
}

// TestHostileLinks replaces project files and directories with symbolic
// links to outside the project, and points a source's original: at a
// device and outside the project.
func TestHostileLinks(t *testing.T) {
	cases := []struct {
		name  string
		plant func(t *testing.T, p *proj, outside, victim string)
		want  []string
		cmds  [][]string
	}{
		{name: "history file linked outside", plant: func(t *testing.T, p *proj, o, v string) {
			p.ok("code", "add", "Trust", "S1#1")
			h := filepath.Join(p.Dir, "history", "tester.jsonl")
			data, _ := os.ReadFile(h)
			writeFile(t, v, string(data))
			os.Remove(h)
			if err := os.Symlink(v, h); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"symbolic link"}, cmds: [][]string{{"code", "add", "Trust", "S1#2"}, {"check"}, {"log"}, {"undo"}}},
		{name: "codings directory linked outside", plant: func(t *testing.T, p *proj, o, v string) {
			if err := os.Symlink(o, filepath.Join(p.Dir, "codings", "tester")); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"symbolic link"}, cmds: [][]string{{"code", "add", "Trust", "S1#2"}}},
		{name: "sources directory linked outside", plant: func(t *testing.T, p *proj, o, v string) {
			src := filepath.Join(p.Dir, "sources")
			moved := filepath.Join(o, "sources")
			if err := os.Rename(src, moved); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(moved, src); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"symbolic link"}, cmds: [][]string{{"check"}, {"code", "add", "Trust", "S1#2"}, {"show", "S1"}}},
		{name: "original: /dev/zero", plant: func(t *testing.T, p *proj, o, v string) {
			setOriginal(t, p, "/dev/zero")
		}, want: []string{"original"}, cmds: [][]string{{"check"}, {"sources", "list"}}},
		{name: "original: ../../outside", plant: func(t *testing.T, p *proj, o, v string) {
			setOriginal(t, p, "../../../outside/victim.txt")
		}, want: []string{"original"}, cmds: [][]string{{"check"}, {"show", "S1"}}},
		{name: "original file linked to a device", plant: func(t *testing.T, p *proj, o, v string) {
			orig := filepath.Join(p.Dir, "sources", "S1", "original.txt")
			os.Remove(orig)
			if err := os.Symlink("/dev/zero", orig); err != nil {
				t.Fatal(err)
			}
		}, want: []string{"symbolic link"}, cmds: [][]string{{"check"}}},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			p, outside, victim := hostileSetup(t)
			c.plant(t, p, outside, victim)
			for _, args := range c.cmds {
				refused(t, p, outside, c.want, args...)
			}
		})
	}
}

// setOriginal rewrites the original: line of S1's source.yaml.
func setOriginal(t *testing.T, p *proj, to string) {
	t.Helper()
	file := filepath.Join(p.Dir, "sources", "S1", "source.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "original:") {
			line = "original: " + to
		}
		out = append(out, line)
	}
	writeFile(t, file, strings.Join(out, "\n"))
}
