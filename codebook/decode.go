package codebook

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DecodeError is one problem in a codebook file, with its position.
type DecodeError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *DecodeError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Column)
	}
	return pos + ": " + e.Err.Error()
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Errors is every problem Decode or Validate found, in file order.
type Errors []*DecodeError

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

type decoder struct {
	file string
	errs Errors
}

func (d *decoder) errf(n *yaml.Node, format string, args ...any) {
	e := &DecodeError{File: d.file, Err: fmt.Errorf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// Decode parses and validates a codebook. file names it in errors. The
// error, when not nil, is an Errors listing every problem found.
func Decode(file string, data []byte) (*Codebook, error) {
	d := &decoder{file: file}
	cb := &Codebook{file: file, idx: new(lookupCache)}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := err.Error()
		// yaml.v3 reports "yaml: line N: message".
		if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
			if num, m, ok := strings.Cut(rest, ": "); ok {
				if n, err := strconv.Atoi(num); err == nil {
					line, msg = n, m
				}
			}
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		if yamlParserError(msg) {
			// yaml.v3 counts the lines of parser (not scanner) errors
			// from 0, and leaves the line out on the first one.
			line++
		}
		if n := lineCount(data); line > n {
			line = n // an error at the end of the stream
		}
		return nil, Errors{{File: file, Line: line, Column: 1, Err: fmt.Errorf("YAML syntax: %s", msg)}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		// An empty file is an empty codebook.
		cb.Version = Version
		return cb, nil
	}
	cb.doc = &doc
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.errf(root, "a codebook is a mapping with keys version, core, categories, codes and relations")
		return nil, d.errs
	}
	d.each(root, "codebook", func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				d.errf(v, "version: want a whole number")
				return
			}
			cb.Version = n
		case "core":
			if isNull(v) {
				return
			}
			cb.Core = d.core(v)
		case "categories":
			d.seq(v, "categories", func(n *yaml.Node) { cb.Categories = append(cb.Categories, d.category(n)) })
		case "codes":
			d.seq(v, "codes", func(n *yaml.Node) { cb.Codes = append(cb.Codes, d.code(n)) })
		case "relations":
			d.seq(v, "relations", func(n *yaml.Node) { cb.Relations = append(cb.Relations, d.relation(n)) })
		default:
			d.errf(k, "unknown key %q (known: version, core, categories, codes, relations)", key)
		}
	})
	if cb.Version == 0 {
		d.errf(root, "missing 'version: 1'")
	} else if cb.Version > Version {
		d.errf(root, "codebook version %d is newer than this grounded understands (%d); upgrade grounded", cb.Version, Version)
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	if err := cb.Validate(); err != nil {
		return nil, err
	}
	return cb, nil
}

// yamlParserError reports whether msg is one of yaml.v3's parser errors,
// whose line numbers it reports 0-based.
func yamlParserError(msg string) bool {
	for _, p := range []string{
		"did not find expected ',' or", "did not find expected '-' indicator",
		"did not find expected <", "did not find expected key",
		"did not find expected node content", "found duplicate %",
		"found incompatible YAML document", "found undefined tag handle",
	} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func lineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func (d *decoder) each(m *yaml.Node, what string, f func(key string, k, v *yaml.Node)) {
	if m.Kind != yaml.MappingNode {
		d.errf(m, "%s: want a mapping of keys to values", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			d.errf(k, "%s: key %q appears twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		f(k.Value, k, v)
	}
}

func (d *decoder) seq(n *yaml.Node, what string, f func(*yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errf(n, "%s: want a list (items starting with '- ')", what)
		return
	}
	for _, item := range n.Content {
		f(item)
	}
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errf(n, "%s: want text", what)
		return ""
	}
	return n.Value
}

func (d *decoder) name(n *yaml.Node, what string) string {
	s := CleanName(d.str(n, what))
	if s == "" && n.Kind == yaml.ScalarNode {
		d.errf(n, "%s: empty name", what)
	}
	return s
}

func (d *decoder) core(n *yaml.Node) *Core {
	c := &Core{node: n}
	d.each(n, "core", func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = d.name(v, "core name")
		case "description":
			c.Description = d.str(v, "core description")
		case "stages":
			d.seq(v, "core stages", func(s *yaml.Node) {
				c.Stages = append(c.Stages, d.name(s, "stage"))
			})
		default:
			d.errf(k, "core: unknown key %q (known: name, description, stages)", key)
		}
	})
	if c.Name == "" && n.Kind == yaml.MappingNode {
		d.errf(n, "core: missing name")
	}
	return c
}

func (d *decoder) category(n *yaml.Node) *Category {
	c := &Category{node: n}
	d.each(n, "category", func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = d.name(v, "category name")
		case "description":
			c.Description = d.str(v, "category description")
		case "when_to_use":
			c.WhenToUse = d.str(v, "category when_to_use")
		case "when_not_to_use":
			c.WhenNotToUse = d.str(v, "category when_not_to_use")
		case "example":
			c.Example = d.str(v, "category example")
		case "parent":
			c.Parent = CleanName(d.str(v, "category parent"))
		case "provisional":
			var b bool
			if err := v.Decode(&b); err != nil || v.Kind != yaml.ScalarNode {
				d.errf(v, "provisional: want true or false")
			}
			c.Provisional = b
		default:
			d.errf(k, "category: unknown key %q (known: name, description, when_to_use, when_not_to_use, example, parent, provisional)", key)
		}
	})
	if c.Name == "" && n.Kind == yaml.MappingNode {
		d.errf(n, "category: missing name")
	}
	return c
}

func (d *decoder) code(n *yaml.Node) *Code {
	c := &Code{node: n}
	d.each(n, "code", func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = d.name(v, "code name")
		case "description":
			c.Description = d.str(v, "code description")
		case "when_to_use":
			c.WhenToUse = d.str(v, "code when_to_use")
		case "when_not_to_use":
			c.WhenNotToUse = d.str(v, "code when_not_to_use")
		case "example":
			c.Example = d.str(v, "code example")
		case "color":
			c.Color = d.str(v, "code color")
			if col, ok := NormColor(c.Color); ok {
				c.Color = col
			} else if c.Color != "" {
				d.errf(v, "color %q: want #RRGGBB or #RGB", c.Color)
			}
		case "category":
			c.Category = CleanName(d.str(v, "code category"))
		case "disconfirms":
			c.Disconfirms = CleanName(d.str(v, "code disconfirms"))
		default:
			d.errf(k, "code: unknown key %q (known: name, description, when_to_use, when_not_to_use, example, color, category, disconfirms)", key)
		}
	})
	if c.Name == "" && n.Kind == yaml.MappingNode {
		d.errf(n, "code: missing name")
	}
	return c
}

func (d *decoder) relation(n *yaml.Node) *Relation {
	r := &Relation{node: n}
	d.each(n, "relation", func(key string, k, v *yaml.Node) {
		switch key {
		case "from":
			r.From = d.name(v, "relation from")
		case "to":
			r.To = d.name(v, "relation to")
		case "as":
			r.As = strings.TrimSpace(d.str(v, "relation as"))
		case "note":
			r.Note = d.str(v, "relation note")
		case "evidence":
			d.seq(v, "relation evidence", func(e *yaml.Node) {
				ref := strings.TrimSpace(d.str(e, "relation evidence"))
				if e.Kind != yaml.ScalarNode {
					return
				}
				n, err := NormEvidence(ref)
				if err != nil {
					d.errf(e, "relation evidence: %v", err)
					return
				}
				if slices.Contains(r.Evidence, n) {
					d.errf(e, "relation evidence: %s is cited twice", n)
					return
				}
				r.Evidence = append(r.Evidence, n)
			})
		default:
			d.errf(k, "relation: unknown key %q (known: from, to, as, note, evidence)", key)
		}
	})
	if n.Kind == yaml.MappingNode && (r.From == "" || r.To == "") {
		d.errf(n, "relation: needs both from and to")
	}
	return r
}

func validColor(s string) bool {
	_, ok := NormColor(s)
	return ok
}

// NormColor returns a colour written #RRGGBB or #RGB (as CSS and the
// REFI-QDA schemas allow) in the form #RRGGBB, each digit of #RGB doubled;
// it reports false for anything else.
func NormColor(s string) (string, bool) {
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return "", false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return "", false
		}
	}
	if len(s) == 4 {
		return string([]byte{'#', s[1], s[1], s[2], s[2], s[3], s[3]}), true
	}
	return s, true
}

// Validate checks the references inside the codebook: unique names, codes
// in existing categories, parents that exist and form no cycle, stages and
// relations that name categories. Items decoded from a file are reported
// with their positions.
func (cb *Codebook) Validate() error {
	d := &decoder{file: cb.file}
	cats := map[string]*Category{}
	for _, c := range cb.Categories {
		k := Key(c.Name)
		if k == "" {
			continue
		}
		if prev, ok := cats[k]; ok {
			d.errf(c.node, "duplicate category %q%s", c.Name, firstAt(prev.node))
			continue
		}
		cats[k] = c
	}
	codes := map[string]*Code{}
	for _, c := range cb.Codes {
		k := Key(c.Name)
		if k == "" {
			continue
		}
		if prev, ok := codes[k]; ok {
			d.errf(c.node, "duplicate code %q%s", c.Name, firstAt(prev.node))
			continue
		}
		codes[k] = c
		if c.Color != "" && !validColor(c.Color) {
			d.errf(c.node, "code %q: color %q: want #RRGGBB or #RGB", c.Name, c.Color)
		}
		if c.Category != "" && cats[Key(c.Category)] == nil {
			d.errf(c.node, "code %q: category %q does not exist; add it under categories: or fix the name", c.Name, c.Category)
		}
		if c.Disconfirms != "" && (cb.Core == nil || !slices.ContainsFunc(cb.Core.Stages, func(s string) bool { return Key(s) == Key(c.Disconfirms) })) {
			d.errf(c.node, "code %q: disconfirms %q is not a stage of the core; name one of core.stages", c.Name, c.Disconfirms)
		}
	}
	for _, c := range cb.Categories {
		if c.Parent == "" {
			continue
		}
		if cats[Key(c.Parent)] == nil {
			d.errf(c.node, "category %q: parent %q does not exist", c.Name, c.Parent)
			continue
		}
		// Walk up looking for a cycle.
		seen := map[string]bool{Key(c.Name): true}
		for p := cats[Key(c.Parent)]; p != nil; {
			k := Key(p.Name)
			if seen[k] {
				d.errf(c.node, "category %q: its parents form a cycle through %q", c.Name, p.Name)
				break
			}
			seen[k] = true
			if p.Parent == "" {
				break
			}
			p = cats[Key(p.Parent)]
		}
	}
	if cb.Core != nil {
		seen := map[string]bool{}
		for _, s := range cb.Core.Stages {
			k := Key(s)
			if seen[k] {
				d.errf(cb.Core.node, "core: stage %q is listed twice", s)
			}
			seen[k] = true
			if cats[k] == nil {
				d.errf(cb.Core.node, "core: stage %q is not a category; add it under categories:", s)
			} else if cats[k].Parent != "" {
				d.errf(cats[k].node, "stage %q must not have a parent", s)
			}
		}
		if cats[Key(cb.Core.Name)] != nil {
			d.errf(cb.Core.node, "core: %q is also a category; the core category stands above the categories", cb.Core.Name)
		}
	}
	for _, r := range cb.Relations {
		for _, end := range []string{r.From, r.To} {
			if end != "" && cats[Key(end)] == nil && codes[Key(end)] == nil && (cb.Core == nil || Key(cb.Core.Name) != Key(end)) {
				d.errf(r.node, "relation: %q is neither a category nor a code", end)
			}
		}
	}
	if len(d.errs) == 0 {
		return nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
	return d.errs
}

// firstAt is " (first defined at line N)", or nothing for an item without
// a position.
func firstAt(n *yaml.Node) string {
	if line(n) == 0 {
		return ""
	}
	return fmt.Sprintf(" (first defined at line %d)", line(n))
}

func line(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// IsDecodeError reports whether err came from Decode or Validate.
func IsDecodeError(err error) bool {
	var es Errors
	return errors.As(err, &es)
}
