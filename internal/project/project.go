// Package project is the on-disk store of a grounded project: its layout,
// format version, file lock, atomic multi-file transactions and the
// recovery that runs after a crash. docs/format.md is the specification of
// what it reads and writes.
//
// Reads are built for the everyday commands of a study (issue 17): a
// source.yaml in the form EncodeSource writes is read without the YAML
// decoder, anything else by yaml.v3 with its errors (sourceyaml.go); coding
// files are read into a buffer of their size and decoded by coding's
// parser of grounded's own lines; Check holds one source's turns at a time
// and keeps only what later sections need of them (the turn count and who
// speaks).
//
// Writes are built for a study's scale too: an ingest (Edit.Ingest) reads,
// parses and plans its files in order with a bounded window read ahead
// (ingestparse.go), and its transaction writes each file to its temporary
// file as soon as it is planned (Tx.SpillWrites, txspill.go), so that one
// change of ten thousand transcripts holds their names, not their
// contents, and still commits through one journal. A transaction of many
// files makes them durable with one syncfs instead of an fsync each, in
// the same order of steps (txwrite.go, "Writing a large transaction").
package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/fsx"
)

// FormatVersion is the version of the on-disk format this code writes. A
// project whose grounded.yaml carries a larger major version is refused.
const FormatVersion = 1

// Names of the files and directories of a project, relative to its root.
const (
	ConfigFile       = "grounded.yaml"
	CodebookFile     = "codebook.yaml"
	ParticipantsFile = "participants.yaml"
	// ForeignGUIDsFile keeps other programs' GUIDs through a REFI-QDA
	// round trip (written by the REFI import).
	ForeignGUIDsFile = "refi-guids.tsv"
	SourcesDir       = "sources"
	CodingsDir       = "codings"
	MemosDir         = "memos"
	HistoryDir       = "history"
	CacheDir         = ".grounded"
	LockFile         = ".grounded-lock"
	JournalFile      = ".grounded-journal"
)

// rootFiles are the files the store writes at the project's root: the
// journal may name these and no other root file.
var rootFiles = []string{ConfigFile, CodebookFile, ParticipantsFile, ForeignGUIDsFile, PinsFile, EpisodesFile, SpeakersFile, LocalFile}

// ErrNotFound is returned by Find when no project encloses a directory.
var ErrNotFound = errors.New("not inside a grounded project")

// ErrExists is returned by Init when the directory already holds a project.
var ErrExists = errors.New("a grounded project already exists here")

// Config is the content of grounded.yaml.
type Config struct {
	// Format is the on-disk format version (FormatVersion when written).
	Format int `yaml:"format"`
	// Name is a human name for the project.
	Name string `yaml:"name,omitempty"`
	// Description states the study's intentions (aims, questions,
	// stance), which the audit trail opens with.
	Description string `yaml:"description,omitempty"`
	// Coder is the default coder for changes made in this project when
	// neither --coder nor GROUNDED_CODER is given.
	Coder string `yaml:"coder,omitempty"`
	// Created is when the project was made.
	Created time.Time `yaml:"created"`
	// Audit is "strict" when the changes that reshape the codebook need a
	// reason (reason.go).
	Audit string `yaml:"audit,omitempty"`
	// Blind, when set, shows each coder only their own codings in every
	// read but agreement (blind.go).
	Blind bool `yaml:"blind,omitempty"`
	// Deidentified is set by deidentify: the transcripts are pseudonymised.
	Deidentified bool `yaml:"deidentified,omitempty"`
}

// Project is an opened project directory.
type Project struct {
	Root   string
	Config Config

	recovered bool
	opts      options
	slugs     map[string]string // coder slugs resolved (coders.go)
	writeLock *Lock             // the write lock while held (lock.go), checked at commit
	viewer    string            // the coder reading, for blind coding (blind.go)
	batching  batching          // when commits sync with one syncfs (txwrite.go)
}

// Path returns the absolute path of a project-relative path.
func (p *Project) Path(rel ...string) string {
	return filepath.Join(append([]string{p.Root}, rel...)...)
}

// Find walks up from dir to the nearest directory holding grounded.yaml.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; {
		if _, err := os.Stat(filepath.Join(d, ConfigFile)); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", errs.WithRemedy(fmt.Errorf("%w (no %s in %s or any parent directory)", ErrNotFound, ConfigFile, abs), errs.ActionInit)
		}
		d = parent
	}
}

// gitignore is written by Init: the index and the lock are never committed.
const gitignore = `# grounded: the search index is a cache rebuilt from the project files.
/.grounded/
/.grounded-lock
/.grounded-journal
.tmp-*
# grounded: each person's own settings (who codes).
/grounded.local.yaml
`

// InitOptions configures Init.
type InitOptions struct {
	Name        string
	Description string
	Coder       string
	Now         time.Time
	// Codebook, when not nil, is the initial content of codebook.yaml.
	Codebook []byte
}

// Init creates a project in dir (created if missing). It refuses when dir
// already holds a grounded.yaml.
func Init(dir string, o InitOptions) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, ConfigFile)); err == nil {
		return nil, fmt.Errorf("%s: %w; nothing was changed", abs, ErrExists)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	if o.Name == "" {
		o.Name = filepath.Base(abs)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	// The coder is per person: o.Coder goes to grounded.local.yaml
	// (local.go), never to the shared grounded.yaml.
	p := &Project{Root: abs, Config: Config{Format: FormatVersion, Name: o.Name, Description: o.Description, Created: o.Now.UTC().Truncate(time.Second)}}
	cfg, err := marshalConfig(p.Config)
	if err != nil {
		return nil, err
	}
	cb := o.Codebook
	if cb == nil {
		cb = []byte("# The codebook of this project: codes, categories, the core category and its stages.\n# See docs/format.md. You may edit it by hand; grounded keeps your comments.\nversion: 1\n")
	}
	files := []struct {
		name string
		data []byte
	}{
		{CodebookFile, cb},
		{".gitignore", []byte(gitignore)},
		{".gitattributes", GitAttributes(nil)}, // see gitmerge.go
	}
	for _, f := range files {
		path := filepath.Join(abs, f.name)
		if f.name == ".gitattributes" {
			if old, err := os.ReadFile(path); err == nil {
				f.data = GitAttributes(old)
			}
		}
		if f.name == ".gitignore" {
			// Add to a file the researcher already has, once.
			if old, err := os.ReadFile(path); err == nil {
				if bytes.Contains(old, []byte("# grounded:")) {
					continue
				}
				f.data = append(append(old, '\n'), f.data...)
			}
		}
		if err := fsx.WriteFile(path, f.data, 0o644); err != nil {
			return nil, err
		}
	}
	for _, d := range []string{SourcesDir, CodingsDir, MemosDir, HistoryDir} {
		if err := os.MkdirAll(filepath.Join(abs, d), 0o755); err != nil {
			return nil, err
		}
	}
	if o.Coder != "" {
		if err := p.WriteLocal(Local{Coder: o.Coder}); err != nil {
			return nil, err
		}
		if err := p.EnsureLocalIgnored(); err != nil {
			return nil, err
		}
	}
	// grounded.yaml last: a crash before this point leaves no project at all.
	if err := fsx.WriteFile(filepath.Join(abs, ConfigFile), cfg, 0o644); err != nil {
		return nil, err
	}
	return p, nil
}

func marshalConfig(c Config) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# A grounded project (https://github.com/grounded-qda/grounded). See docs/format.md.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// VersionError is returned when a project's format is newer than this
// program understands, or invalid.
type VersionError struct {
	File  string
	Found int
}

func (e *VersionError) Error() string {
	if e.Found <= 0 {
		return fmt.Sprintf("%s: missing or invalid 'format:' (want a positive whole number; this grounded writes format %d)", e.File, FormatVersion)
	}
	return fmt.Sprintf("%s: project format %d is newer than this grounded understands (format %d); upgrade grounded to open it", e.File, e.Found, FormatVersion)
}

// Open reads the project at root (as found by Find), configured by opts. It
// does not take the lock; use Lock or RLock around reads and writes.
func Open(root string, opts ...Option) (*Project, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(abs, ConfigFile)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errs.WithRemedy(fmt.Errorf("%s: %w", abs, ErrNotFound), errs.ActionInit, root)
		}
		return nil, err
	}
	var c Config
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if c.Format <= 0 || c.Format > FormatVersion {
		return nil, &VersionError{File: path, Found: c.Format}
	}
	if err := c.checkAudit(path); err != nil { // reason.go
		return nil, err
	}
	p := &Project{Root: abs, Config: c}
	for _, o := range opts {
		o(&p.opts)
	}
	return p, nil
}

// IndexDir is the directory of the search index, a cache inside CacheDir
// that may be deleted at any time.
func (p *Project) IndexDir() string { return p.Path(CacheDir, "index") }
