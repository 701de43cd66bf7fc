package project

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadParticipantsFile: participants.yaml reads back its participants.
func TestReadParticipantsFile(t *testing.T) {
	p := newProject(t)
	writeTestFile(t, p.Path(ParticipantsFile), "version: 1\nattributes: [role]\nparticipants:\n  - id: P01\n    role: Peer support worker\n")
	ps, err := p.ReadParticipants()
	if err != nil || ps == nil || len(ps.List) != 1 || ps.Get("P01") == nil {
		t.Fatalf("ReadParticipants = %+v, %v", ps, err)
	}
	writeTestFile(t, p.Path(ParticipantsFile), "version: 1\nparticipants: {\n")
	if _, err := p.ReadParticipants(); err == nil || !strings.Contains(err.Error(), ParticipantsFile) {
		t.Errorf("broken participants.yaml: %v", err)
	}
}

// TestEnsureLocalIgnored: an older project's .gitignore gains the line
// for grounded.local.yaml once, after the researcher's own lines (the last
// one ended first); a missing .gitignore is created.
func TestEnsureLocalIgnored(t *testing.T) {
	p := newProject(t)
	gi := p.Path(".gitignore")
	block := "# grounded: each person's own settings (who codes).\n/" + LocalFile + "\n"
	for _, c := range []struct{ old, want string }{
		{"*.bak", "*.bak\n" + block},
		{"*.bak\n", "*.bak\n" + block},
		{"*.bak\n/" + LocalFile + "\n", "*.bak\n/" + LocalFile + "\n"},
	} {
		writeTestFile(t, gi, c.old)
		for range 2 {
			if err := p.EnsureLocalIgnored(); err != nil {
				t.Fatal(err)
			}
		}
		if got := readFile(t, gi); got != c.want {
			t.Errorf(".gitignore %q became %q, want %q", c.old, got, c.want)
		}
	}
	if err := os.Remove(gi); err != nil {
		t.Fatal(err)
	}
	if err := p.EnsureLocalIgnored(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, gi); got != block {
		t.Errorf("new .gitignore = %q", got)
	}
}

// TestInitKeepsGitattributes: init in a folder that has a .gitattributes
// keeps the researcher's lines and adds grounded's block.
func TestInitKeepsGitattributes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(dir, ".gitattributes"), "*.png binary\n")
	if _, err := Init(dir, InitOptions{Name: "p", Coder: "lead", Now: t0}); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, filepath.Join(dir, ".gitattributes")), "*.png binary\n\n"+gitattributesBlock; got != want {
		t.Errorf(".gitattributes = %q, want %q", got, want)
	}
}

// TestEditKeepsCodebookBytes: a change that does not touch the codebook
// leaves codebook.yaml as the researcher formatted it, byte for byte.
func TestEditKeepsCodebookBytes(t *testing.T) {
	p, cs := coded(t)
	cb := strings.ReplaceAll(readFile(t, p.Path(CodebookFile)), "\n  ", "\n    ")
	writeTestFile(t, p.Path(CodebookFile), cb)
	if e := edit(t, p, "bob", "uncode", func(e *Edit) error { return e.RemoveCoding(cs[2]) }); e == nil || len(e.Codebook) != 0 {
		t.Fatalf("entry = %+v", e)
	}
	if got := readFile(t, p.Path(CodebookFile)); got != cb {
		t.Errorf("codebook.yaml rewritten by a change that does not touch it:\n%s", got)
	}
}
