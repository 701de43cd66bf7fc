package codebook

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"strings"
)

//go:embed templates/*.yaml
var templateFS embed.FS

// A TemplateInfo is a codebook template bundled with grounded: a codebook
// file to start a project from. Templates are the YAML files in
// codebook/templates; a first comment block "# title: ..." names them.
type TemplateInfo struct {
	Name  string
	Title string
	Data  []byte
}

// Templates lists the bundled templates by name.
func Templates() []TemplateInfo {
	entries, _ := templateFS.ReadDir("templates")
	var out []TemplateInfo
	for _, e := range entries {
		data, err := templateFS.ReadFile(path.Join("templates", e.Name()))
		if err != nil {
			continue
		}
		t := TemplateInfo{Name: strings.TrimSuffix(e.Name(), ".yaml"), Data: data}
		for _, line := range strings.Split(string(data), "\n") {
			if title, ok := strings.CutPrefix(line, "# title: "); ok {
				t.Title = strings.TrimSpace(title)
				break
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b TemplateInfo) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Template returns the bundled template with the given name.
func Template(name string) (TemplateInfo, error) {
	var names []string
	for _, t := range Templates() {
		if t.Name == name {
			return t, nil
		}
		names = append(names, t.Name)
	}
	return TemplateInfo{}, fmt.Errorf("no codebook template %q (available: %s)", name, strings.Join(names, ", "))
}

// Merge adds the categories, core, codes and relations of t to cb that cb
// does not have yet, and returns the names it added. Existing items are
// left as they are; a core category that differs is an error.
func (cb *Codebook) Merge(t *Codebook) ([]string, error) {
	var added []string
	if t.Core != nil {
		if cb.Core != nil && Key(cb.Core.Name) != Key(t.Core.Name) {
			return nil, fmt.Errorf("the codebook already has the core category %q; the template's is %q", cb.Core.Name, t.Core.Name)
		}
	}
	for _, c := range t.Categories {
		if cb.Category(c.Name) == nil {
			n := *c
			n.node = nil
			cb.Categories = append(cb.Categories, &n)
			added = append(added, "category "+c.Name)
		}
	}
	if t.Core != nil && cb.Core == nil {
		n := *t.Core
		n.node = nil
		n.Stages = slices.Clone(t.Core.Stages)
		cb.Core = &n
		added = append(added, "core "+n.Name)
	}
	for _, c := range t.Codes {
		if cb.Code(c.Name) == nil {
			n := *c
			n.node = nil
			cb.Codes = append(cb.Codes, &n)
			added = append(added, "code "+c.Name)
		}
	}
	for _, r := range t.Relations {
		if _, isNew, err := cb.Relate(r.From, r.To, r.As, r.Note); err == nil && isNew {
			added = append(added, "relation "+r.From+" → "+r.To)
		}
	}
	return added, cb.Validate()
}
