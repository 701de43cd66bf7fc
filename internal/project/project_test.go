package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/errs"
)

func TestInitLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "study")
	p, err := Init(dir, InitOptions{Coder: "alice", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if p.Config.Name != "study" || p.Config.Format != FormatVersion || p.Config.Coder != "" || !p.Config.Created.Equal(t0) {
		t.Errorf("config = %+v", p.Config)
	}
	for _, d := range []string{SourcesDir, CodingsDir, MemosDir, HistoryDir} {
		if st, err := os.Stat(filepath.Join(dir, d)); err != nil || !st.IsDir() {
			t.Errorf("%s: %v", d, err)
		}
	}
	cfg := readFile(t, filepath.Join(dir, ConfigFile))
	for _, want := range []string{"format: 1\n", "name: study\n", "created: 2026-01-15T10:00:00Z\n"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("grounded.yaml lacks %q:\n%s", want, cfg)
		}
	}
	// The coder is per person: in the git-ignored grounded.local.yaml,
	// never in the shared grounded.yaml.
	if strings.Contains(cfg, "alice") {
		t.Errorf("grounded.yaml names the coder:\n%s", cfg)
	}
	if l, err := p.ReadLocal(); err != nil || l.Coder != "alice" {
		t.Errorf("grounded.local.yaml: %+v, %v", l, err)
	}
	gi := readFile(t, filepath.Join(dir, ".gitignore"))
	for _, want := range []string{"/.grounded/\n", "/.grounded-lock\n", "/.grounded-journal\n", ".tmp-*\n", "/grounded.local.yaml\n"} {
		if !strings.Contains(gi, want) {
			t.Errorf(".gitignore lacks %q", want)
		}
	}
	cb, err := p.ReadCodebook()
	if err != nil || len(cb.Codes) != 0 || cb.Version != 1 {
		t.Errorf("codebook = %+v, %v", cb, err)
	}
	// Open reads back what Init wrote.
	q, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if q.Root != p.Root || q.Config != p.Config {
		t.Errorf("Open = %+v, want %+v", q, p)
	}
}

func TestInitRefusesExisting(t *testing.T) {
	p := newProject(t)
	before := readFile(t, p.Path(ConfigFile))
	_, err := Init(p.Root, InitOptions{Name: "other"})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, p.Path(ConfigFile)) != before {
		t.Error("grounded.yaml changed")
	}
}

func TestInitKeepsGitignore(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("*.bak"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(dir, InitOptions{Codebook: []byte("version: 1\ncodes:\n  - name: X\n")}); err != nil {
		t.Fatal(err)
	}
	gi := readFile(t, filepath.Join(dir, ".gitignore"))
	if !strings.HasPrefix(gi, "*.bak\n") || !strings.Contains(gi, "/.grounded/") {
		t.Errorf(".gitignore = %q", gi)
	}
	if got := readFile(t, filepath.Join(dir, CodebookFile)); got != "version: 1\ncodes:\n  - name: X\n" {
		t.Errorf("codebook = %q", got)
	}
}

func TestFind(t *testing.T) {
	p := newProject(t)
	deep := p.Path("sources", "x", "y")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{p.Root, p.Path(SourcesDir), deep} {
		got, err := Find(dir)
		if err != nil || got != p.Root {
			t.Errorf("Find(%s) = %q, %v", dir, got, err)
		}
	}
	outside := t.TempDir()
	_, err := Find(outside)
	var rem *errs.Remedy
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &rem) || rem.Action != errs.ActionInit {
		t.Errorf("Find outside = %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir)
	var rem *errs.Remedy
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &rem) || rem.Action != errs.ActionInit {
		t.Errorf("Open of a plain directory = %v", err)
	}
	tests := []struct {
		config string
		found  int
		want   string
	}{
		{"format: 2\nname: future\n", 2, "project format 2 is newer than this grounded understands (format 1); upgrade grounded"},
		{"name: no format\n", 0, "missing or invalid 'format:'"},
		{"format: 0\n", 0, "missing or invalid 'format:'"},
		{"format: -1\n", -1, "missing or invalid 'format:'"},
	}
	for _, tc := range tests {
		if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(tc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(dir)
		var ve *VersionError
		if !errors.As(err, &ve) || ve.Found != tc.found {
			t.Errorf("%q: err = %#v", tc.config, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), ConfigFile) {
			t.Errorf("%q: %v", tc.config, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte("format: [1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), ConfigFile) {
		t.Errorf("bad YAML: %v", err)
	}
}

func TestCoderNames(t *testing.T) {
	for in, want := range map[string]string{
		"alice": "alice", "Zoë Marchetti": "zoë-marchetti+ba3fc99fb3ec", "../x": "x+d6b96a97d147", "...": "coder+ab5df625bc76", " Bob ": "bob",
	} {
		if got := CoderSlug(in); got != want {
			t.Errorf("CoderSlug(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"", "  ", "a/b", `a\b`, "a\nb", strings.Repeat("x", 65)} {
		if _, err := CheckCoder(bad); err == nil {
			t.Errorf("CheckCoder(%q) accepted", bad)
		}
	}
	if got, err := CheckCoder("  Zoë "); err != nil || got != "Zoë" {
		t.Errorf("CheckCoder = %q, %v", got, err)
	}
	if got := ShardRel("Alice", "P01"); got != "codings/alice/P01.jsonl" {
		t.Errorf("ShardRel = %q", got)
	}
	if got := HistoryRel("Alice"); got != "history/alice.jsonl" {
		t.Errorf("HistoryRel = %q", got)
	}
}
