package cli

import (
	"context"
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/internal/project"
)

// Factory carries what commands share: streams, the environment, and how
// to find the project. Tests build one with their own streams and working
// directory.
type Factory struct {
	IO *IOStreams
	// Getenv reads the environment (os.Getenv in Main).
	Getenv func(string) string
	// Getwd returns the working directory (os.Getwd in Main).
	Getwd func() (string, error)
	// ProjectDir is the --project flag's value.
	ProjectDir string
	// Coder is the persistent --coder flag's value.
	Coder string
	// Reason is the --reason flag's value: why a change is made
	// (stored in its history entry by change).
	Reason string
	// reasonRecorded is set by change when a history entry took Reason.
	reasonRecorded bool
	// Version is the program's version.
	Version string
	// Ctx is the context operations run in (context.Background when nil).
	Ctx context.Context
	// gcDeferred is set when Main turned the collector off for a
	// short-lived command (gc.go); a long-running one restores it.
	gcDeferred bool
}

// lockTimeout is how long to wait for another command's lock:
// GROUNDED_LOCK_TIMEOUT (a Go duration, or seconds) when set and valid,
// else project.DefaultLockTimeout. It is the one place the CLI reads it.
func (f *Factory) lockTimeout() time.Duration {
	if d, ok := project.ParseLockTimeout(f.Getenv("GROUNDED_LOCK_TIMEOUT")); ok {
		return d
	}
	return project.DefaultLockTimeout
}

// clock is the time to stamp changes with: GROUNDED_NOW (RFC 3339) when
// set, so that tests and demos produce the same output every time; nil for
// the system clock.
func (f *Factory) clock() func() time.Time {
	s := f.Getenv("GROUNDED_NOW")
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil
	}
	return func() time.Time { return t.UTC() }
}

// now returns the time to stamp a change with.
func (f *Factory) now() time.Time {
	if c := f.clock(); c != nil {
		return c()
	}
	return time.Now().UTC().Truncate(time.Second)
}

// storeOptions are the options the CLI opens projects with.
func (f *Factory) storeOptions() []project.Option {
	opts := []project.Option{project.WithLockTimeout(f.lockTimeout())}
	if c := f.clock(); c != nil {
		opts = append(opts, project.WithClock(c))
	}
	return opts
}

// ctx returns the context to run operations in.
func (f *Factory) ctx() context.Context {
	if f.Ctx == nil {
		return context.Background()
	}
	return f.Ctx
}

// Project finds and opens the project: --project, else GROUNDED_PROJECT,
// else the nearest grounded.yaml above the working directory.
func (f *Factory) Project() (*project.Project, error) {
	dir := f.ProjectDir
	if dir == "" {
		dir = f.Getenv("GROUNDED_PROJECT")
	}
	if dir == "" {
		wd, err := f.Getwd()
		if err != nil {
			return nil, err
		}
		root, err := project.Find(wd)
		if err != nil {
			return nil, err
		}
		dir = root
	}
	p, err := project.Open(dir, f.storeOptions()...)
	if err == nil {
		if name, cerr := f.CoderName(p, ""); cerr == nil {
			p.SetViewer(name) // blind coding shows this coder's codings (blind.go)
		}
	}
	return p, err
}

// CoderName returns who is making a change: --coder, else GROUNDED_CODER,
// else coder: in grounded.yaml, else the operating-system user.
func (f *Factory) CoderName(p *project.Project, flag string) (string, error) {
	name := flag
	if name == "" {
		name = f.Coder
	}
	if name == "" {
		name = f.Getenv("GROUNDED_CODER")
	}
	if name == "" && p != nil {
		l, err := p.ReadLocal() // grounded.local.yaml, this person's
		if err != nil {
			return "", err
		}
		name = l.Coder
	}
	if name == "" && p != nil {
		name = p.Config.Coder // projects made before grounded.local.yaml
	}
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	if name == "" {
		name = f.Getenv("USER")
	}
	return project.CheckCoder(name)
}

// relPath shows a path relative to the working directory when shorter.
func (f *Factory) relPath(path string) string {
	wd, err := f.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") && len(rel) < len(path) {
		return rel
	}
	return path
}

func isNotExist(err error) bool { return errors.Is(err, os.ErrNotExist) }
