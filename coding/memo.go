package coding

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Memo target kinds. A memo with no target is about the whole project.
const (
	TargetProject  = "project"
	TargetCode     = "code"
	TargetCategory = "category"
	TargetSource   = "source"
	TargetRef      = "ref"
)

// Target is what a memo is about.
type Target struct {
	Kind string `yaml:"kind" json:"kind"`
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
}

func (t Target) String() string {
	if t.Kind == TargetProject || t.Kind == "" {
		return "project"
	}
	return t.Kind + " " + t.Name
}

// Memo is a researcher's note. It is stored as a Markdown file with YAML
// front matter:
//
//	---
//	id: 2026-11-25-3fa9c1
//	target: {kind: code, name: Sharing lived experience}
//	author: alice
//	created: 2026-11-25T10:04:00Z
//	---
//	The text, in Markdown.
type Memo struct {
	ID      string    `yaml:"id" json:"id"`
	Target  Target    `yaml:"target" json:"target"`
	Author  string    `yaml:"author" json:"author"`
	Created time.Time `yaml:"created" json:"created"`
	Body    string    `yaml:"-" json:"body"`
}

// NewMemoID returns an id for a memo made at t: its date and six random hex
// digits, so that memo files sort by date.
func NewMemoID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("2006-01-02") + "-" + hex.EncodeToString(b[:])
}

// Title returns the first line of the memo's body, shortened.
func (m Memo) Title() string {
	line, _, _ := strings.Cut(strings.TrimSpace(m.Body), "\n")
	line = strings.TrimLeft(line, "# ")
	if r := []rune(line); len(r) > 70 {
		line = string(r[:67]) + "..."
	}
	return line
}

// EncodeMemo renders a memo as a Markdown file with front matter.
func EncodeMemo(m Memo) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	m.Created = m.Created.UTC()
	_ = enc.Encode(m)
	enc.Close()
	b.WriteString("---\n")
	body := strings.TrimRight(m.Body, "\n")
	b.WriteString(body)
	b.WriteString("\n")
	return b.Bytes()
}

// DecodeMemo parses a memo file; file names it in errors.
func DecodeMemo(file string, data []byte) (Memo, error) {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		return Memo{}, fmt.Errorf("%s:1: a memo starts with a '---' line and YAML front matter (id, target, author, created)", file)
	}
	front, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		if f, found := strings.CutSuffix(rest, "\n---"); found {
			front, body, ok = f, "", true
		}
	}
	if !ok {
		return Memo{}, fmt.Errorf("%s: the front matter is not closed by a '---' line", file)
	}
	var m Memo
	dec := yaml.NewDecoder(strings.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Memo{}, fmt.Errorf("%s: front matter: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if m.ID == "" {
		return Memo{}, fmt.Errorf("%s: front matter has no id", file)
	}
	if m.Target.Kind == "" {
		m.Target.Kind = TargetProject
	}
	switch m.Target.Kind {
	case TargetProject, TargetCode, TargetCategory, TargetSource, TargetRef:
	default:
		return Memo{}, fmt.Errorf("%s: target kind %q is not one of project, code, category, source, ref", file, m.Target.Kind)
	}
	m.Body = strings.TrimRight(body, "\n")
	return m, nil
}
