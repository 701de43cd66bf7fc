package codebook

import (
	"bytes"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Encode writes the codebook as YAML. A codebook that came from Decode keeps
// its comments and key order; new items are appended at the end of their
// lists.
func (cb *Codebook) Encode() ([]byte, error) {
	doc := cb.doc
	if doc == nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	root := doc.Content[0]
	setScalar(root, "version", strconv.Itoa(Version), "!!int")
	if cb.Core == nil {
		removeKey(root, "core")
	} else {
		c := cb.Core
		if c.node == nil {
			// A new core replaces whatever the key held (an empty "core:"
			// is a null scalar, which cannot take the core's fields).
			c.node = &yaml.Node{Kind: yaml.MappingNode}
		}
		setValue(root, "core", c.node)
		setStr(c.node, "name", c.Name)
		setStr(c.node, "description", c.Description)
		setStrList(c.node, "stages", c.Stages)
	}
	setList(root, "categories", len(cb.Categories), func(i int) *yaml.Node {
		c := cb.Categories[i]
		if c.node == nil {
			c.node = &yaml.Node{Kind: yaml.MappingNode}
		}
		setStr(c.node, "name", c.Name)
		setStr(c.node, "description", c.Description)
		setStr(c.node, "when_to_use", c.WhenToUse)
		setStr(c.node, "when_not_to_use", c.WhenNotToUse)
		setStr(c.node, "example", c.Example)
		setStr(c.node, "parent", c.Parent)
		if c.Provisional {
			setScalar(c.node, "provisional", "true", "!!bool")
		} else {
			removeKey(c.node, "provisional")
		}
		return c.node
	})
	setList(root, "codes", len(cb.Codes), func(i int) *yaml.Node {
		c := cb.Codes[i]
		if c.node == nil {
			c.node = &yaml.Node{Kind: yaml.MappingNode}
		}
		setStr(c.node, "name", c.Name)
		setStr(c.node, "description", c.Description)
		setStr(c.node, "when_to_use", c.WhenToUse)
		setStr(c.node, "when_not_to_use", c.WhenNotToUse)
		setStr(c.node, "example", c.Example)
		setStr(c.node, "color", c.Color)
		setStr(c.node, "category", c.Category)
		setStr(c.node, "disconfirms", c.Disconfirms)
		return c.node
	})
	setList(root, "relations", len(cb.Relations), func(i int) *yaml.Node {
		r := cb.Relations[i]
		if r.node == nil {
			r.node = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		}
		setStr(r.node, "from", r.From)
		setStr(r.node, "to", r.To)
		setStr(r.node, "as", r.As)
		setStr(r.node, "note", r.Note)
		setStrList(r.node, "evidence", r.Evidence)
		return r.node
	})
	literalForIndented(doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	cb.doc = doc
	return b.Bytes(), nil
}

// literalForIndented writes folded (>) scalars that have more-indented
// lines in literal (|) style: yaml.v3 emits those folded scalars wrongly
// (it adds line breaks), while a literal scalar keeps the text exactly.
func literalForIndented(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Style&yaml.FoldedStyle != 0 &&
		(strings.Contains(n.Value, "\n ") || strings.Contains(n.Value, "\n\t")) {
		n.Style = n.Style&^yaml.FoldedStyle | yaml.LiteralStyle
	}
	for _, c := range n.Content {
		literalForIndented(c)
	}
}

func find(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

func setValue(m *yaml.Node, key string, v *yaml.Node) {
	if i := find(m, key); i >= 0 {
		m.Content[i+1] = v
		return
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func removeKey(m *yaml.Node, key string) {
	if i := find(m, key); i >= 0 {
		m.Content = append(m.Content[:i], m.Content[i+2:]...)
	}
}

func setScalar(m *yaml.Node, key, value, tag string) {
	if i := find(m, key); i >= 0 {
		v := m.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Value == value {
			return
		}
		v.Kind, v.Tag, v.Value, v.Content = yaml.ScalarNode, tag, value, nil
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && !strings.Contains(value, "\n") {
			v.Style = 0
		}
		if strings.Contains(value, "\n") {
			v.Style = yaml.LiteralStyle
		}
		return
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	if strings.Contains(value, "\n") {
		n.Style = yaml.LiteralStyle
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, n)
}

// setStr sets a text field, or removes it when empty.
func setStr(m *yaml.Node, key, value string) {
	if value == "" {
		removeKey(m, key)
		return
	}
	setScalar(m, key, value, "!!str")
}

func setStrList(m *yaml.Node, key string, values []string) {
	if len(values) == 0 {
		removeKey(m, key)
		return
	}
	var old []*yaml.Node
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	if i := find(m, key); i >= 0 && m.Content[i+1].Kind == yaml.SequenceNode {
		// The new list keeps the old one's style and comments.
		o := m.Content[i+1]
		old = o.Content
		seq.Style, seq.HeadComment, seq.LineComment, seq.FootComment = o.Style, o.HeadComment, o.LineComment, o.FootComment
	}
	for _, v := range values {
		var n *yaml.Node
		for _, o := range old {
			if o.Value == v {
				n = o
				break
			}
		}
		if n == nil {
			n = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		}
		seq.Content = append(seq.Content, n)
	}
	setValue(m, key, seq)
}

// setList rebuilds the sequence under key from item nodes, keeping the
// sequence node (and its comments) when there is one.
func setList(m *yaml.Node, key string, n int, item func(i int) *yaml.Node) {
	if n == 0 {
		removeKey(m, key)
		return
	}
	var seq *yaml.Node
	if i := find(m, key); i >= 0 && m.Content[i+1].Kind == yaml.SequenceNode {
		seq = m.Content[i+1]
	} else {
		seq = &yaml.Node{Kind: yaml.SequenceNode}
		setValue(m, key, seq)
	}
	content := make([]*yaml.Node, n)
	for i := range content {
		content[i] = item(i)
	}
	seq.Content = content
}
