// Package examples bundles the fictional example data of grounded: eight
// interview transcripts of fictional peer support workers in mixed formats,
// their participants' attributes, and a fictional two-coder coding of them.
// Nothing here is real participant data (see README.md). The files are
// embedded so that 'grounded demo' works anywhere, offline.
package examples

import (
	"embed"
	"io/fs"
	"path"
	"sort"

	"go.yaml.in/yaml/v3"
)

//go:embed README.md participants.csv codings.yaml transcripts
var files embed.FS

// FS returns the example files.
func FS() fs.FS { return files }

// Transcripts returns the names of the transcript files, sorted.
func Transcripts() []string {
	entries, _ := files.ReadDir("transcripts")
	var names []string
	for _, e := range entries {
		names = append(names, path.Join("transcripts", e.Name()))
	}
	sort.Strings(names)
	return names
}

// Plan is the fictional coding in codings.yaml.
type Plan struct {
	Coders []struct {
		Name    string `yaml:"name"`
		Codings []struct {
			Source string `yaml:"source"`
			Code   string `yaml:"code"`
			Quote  string `yaml:"quote"`
		} `yaml:"codings"`
	} `yaml:"coders"`
	Codes []struct {
		Name        string `yaml:"name"`
		Category    string `yaml:"category"`
		Description string `yaml:"description"`
	} `yaml:"codes"`
	Categories []struct {
		Name        string `yaml:"name"`
		Stage       string `yaml:"stage"`
		Description string `yaml:"description"`
	} `yaml:"categories"`
}

// LoadPlan decodes codings.yaml.
func LoadPlan() (*Plan, error) {
	data, err := files.ReadFile("codings.yaml")
	if err != nil {
		return nil, err
	}
	var p Plan
	if err := yaml.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
