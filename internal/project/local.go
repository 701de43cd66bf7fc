package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// LocalFile holds one person's settings for a project (who codes), next
// to grounded.yaml but never committed: Init lists it in .gitignore. The
// coder is per person, so it is not in the shared grounded.yaml.
const LocalFile = "grounded.local.yaml"

// Local is the content of grounded.local.yaml.
type Local struct {
	// Coder is who makes the changes when neither --coder nor
	// GROUNDED_CODER says.
	Coder string `yaml:"coder,omitempty"`
}

// ReadLocal reads grounded.local.yaml (empty when missing); errors name
// the file and line.
func (p *Project) ReadLocal() (Local, error) {
	var l Local
	file := p.Path(LocalFile)
	data, err := p.readStoreFile(LocalFile)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil && err.Error() != "EOF" {
		return l, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return l, nil
}

// WriteLocal writes grounded.local.yaml.
func (p *Project) WriteLocal(l Local) error {
	var b bytes.Buffer
	b.WriteString("# This person's settings for this project; not committed (see .gitignore).\n# See docs/format.md.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(l); err != nil {
		return err
	}
	return fsx.WriteFile(p.Path(LocalFile), b.Bytes(), 0o644)
}

// ignoreLocal adds grounded.local.yaml to a .gitignore written by an
// older grounded (data is its content), once.
func ignoreLocal(data []byte) []byte {
	if bytes.Contains(data, []byte("/"+LocalFile)) {
		return data
	}
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		data = append(data, '\n')
	}
	return append(data, []byte("# grounded: each person's own settings (who codes).\n/"+LocalFile+"\n")...)
}

// EnsureLocalIgnored makes sure the project's .gitignore lists
// grounded.local.yaml (a project made by an older grounded does not).
func (p *Project) EnsureLocalIgnored() error {
	path := p.Path(".gitignore")
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if nw := ignoreLocal(old); !bytes.Equal(nw, old) {
		return fsx.WriteFile(path, nw, 0o644)
	}
	return nil
}
