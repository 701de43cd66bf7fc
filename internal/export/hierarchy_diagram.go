package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
)

// diagram is the process diagram shared by the Mermaid and DOT renderers.
// Node ids are n1, n2, ... in the order: the core, the stages, then for
// each stage its categories depth first (or a "no categories yet"
// placeholder), the box of categories outside the core and those
// categories, then any code that only a relation names.
type diagram struct {
	core   *dnode
	stages []*dnode
	// under[i] are the categories drawn under stage i, depth first.
	under [][]*dnode
	// empty[i] is a placeholder for stage i when it has no categories.
	empty []*dnode
	// outside are the categories outside the core (depth first), drawn
	// in the box outsideBox.
	outside    []*dnode
	outsideBox *dnode
	// extra are relation ends that are not drawn otherwise (codes).
	extra []*dnode
	// tree are parent -> child edges between categories (and a stage and
	// its direct categories).
	tree []dedge
	// chain links consecutive stages, labelled with their relations.
	chain []dedge
	// rels are the other relations.
	rels []dedge

	byKey map[string]*dnode
	next  int
}

type dnode struct {
	id, label string
	// provisional categories are drawn dashed.
	provisional bool
}

type dedge struct {
	from, to *dnode
	label    string
}

func (d *diagram) add(name, label string) *dnode {
	d.next++
	n := &dnode{id: fmt.Sprintf("n%d", d.next), label: label}
	if name != "" {
		d.byKey[codebook.Key(name)] = n
	}
	return n
}

// categories adds the categories below n (not its codes), depth first,
// with the tree edges from their parent.
func (d *diagram) categories(parent *dnode, n *Node, into *[]*dnode) {
	for _, c := range n.Children {
		if c.Kind == KindCode {
			continue
		}
		dn := d.add(c.Name, c.Name)
		dn.provisional = c.Provisional
		*into = append(*into, dn)
		if parent != nil {
			d.tree = append(d.tree, dedge{from: parent, to: dn})
		}
		d.categories(dn, c, into)
	}
}

func (h *Hierarchy) diagram() *diagram {
	d := &diagram{byKey: map[string]*dnode{}}
	if h.Core != nil {
		d.core = d.add(h.Core.Name, h.Core.Name)
		for _, st := range h.Core.Children {
			d.stages = append(d.stages, d.add(st.Name, fmt.Sprintf("%d. %s", st.Order, st.Name)))
		}
		d.under = make([][]*dnode, len(d.stages))
		d.empty = make([]*dnode, len(d.stages))
		for i, st := range h.Core.Children {
			d.categories(d.stages[i], st, &d.under[i])
			if len(d.under[i]) == 0 {
				d.empty[i] = d.add("", "(no categories yet)")
			}
		}
	}
	for _, n := range h.Unassigned {
		if n.Kind == KindCode {
			continue
		}
		if d.outsideBox == nil {
			d.outsideBox = d.add("", "Not yet integrated")
		}
		dn := d.add(n.Name, n.Name)
		dn.provisional = n.Provisional
		d.outside = append(d.outside, dn)
		d.categories(dn, n, &d.outside)
	}
	// Relations between consecutive stages label the chain; the others
	// are drawn as they are.
	chainLabels := make([][]string, len(d.stages))
	for _, r := range h.Relations {
		from, to := d.byKey[codebook.Key(r.From)], d.byKey[codebook.Key(r.To)]
		if i := d.stageIndex(from); i >= 0 && i+1 < len(d.stages) && to == d.stages[i+1] {
			chainLabels[i] = append(chainLabels[i], r.As)
			continue
		}
		if from == nil {
			from = d.add(r.From, r.From)
			d.extra = append(d.extra, from)
		}
		if to == nil {
			to = d.add(r.To, r.To)
			d.extra = append(d.extra, to)
		}
		d.rels = append(d.rels, dedge{from: from, to: to, label: r.As})
	}
	if len(h.Transitions) > 0 {
		// Observed transitions in episodes, with their counts, replace
		// the fixed chain; relation labels stay on the edges they name.
		for _, t := range h.Transitions {
			from, to := d.byKey[codebook.Key(t.From)], d.byKey[codebook.Key(t.To)]
			if from == nil || to == nil {
				continue
			}
			label := fmt.Sprintf("%d× in episodes", t.Count)
			if i := d.stageIndex(from); i >= 0 && i+1 < len(d.stages) && to == d.stages[i+1] && len(chainLabels[i]) > 0 {
				label = strings.Join(chainLabels[i], ", ") + "; " + label
			}
			d.chain = append(d.chain, dedge{from: from, to: to, label: label})
		}
		return d
	}
	for i := 0; i+1 < len(d.stages); i++ {
		d.chain = append(d.chain, dedge{from: d.stages[i], to: d.stages[i+1], label: strings.Join(chainLabels[i], ", ")})
	}
	return d
}

func (d *diagram) stageIndex(n *dnode) int {
	for i, s := range d.stages {
		if s == n && n != nil {
			return i
		}
	}
	return -1
}

// Mermaid renders the process diagram as a Mermaid flowchart (LR): the
// core category is a subgraph holding one subgraph per stage, in order,
// with the stage's categories inside; consecutive stages are linked.
func (h *Hierarchy) Mermaid() []byte {
	d := h.diagram()
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	if d.core != nil {
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n    direction LR\n", d.core.id, mermaidLabel(d.core.label))
		for i, st := range d.stages {
			fmt.Fprintf(&b, "    subgraph %s[\"%s\"]\n      direction TB\n", st.id, mermaidLabel(st.label))
			for _, c := range d.under[i] {
				fmt.Fprintf(&b, "      %s[\"%s\"]\n", c.id, mermaidLabel(c.label))
			}
			if e := d.empty[i]; e != nil {
				// An empty subgraph does not render everywhere.
				fmt.Fprintf(&b, "      %s[\"%s\"]\n", e.id, mermaidLabel(e.label))
			}
			b.WriteString("    end\n")
		}
		b.WriteString("  end\n")
	}
	if d.outsideBox != nil {
		fmt.Fprintf(&b, "  subgraph %s[\"%s\"]\n    direction TB\n", d.outsideBox.id, mermaidLabel(d.outsideBox.label))
		for _, c := range d.outside {
			fmt.Fprintf(&b, "    %s[\"%s\"]\n", c.id, mermaidLabel(c.label))
		}
		b.WriteString("  end\n")
	}
	for _, n := range d.extra {
		fmt.Fprintf(&b, "  %s([\"%s\"])\n", n.id, mermaidLabel(n.label))
	}
	for _, e := range d.chain {
		if e.label != "" {
			fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", e.from.id, mermaidLabel(e.label), e.to.id)
		} else {
			fmt.Fprintf(&b, "  %s --> %s\n", e.from.id, e.to.id)
		}
	}
	for _, e := range d.tree {
		if d.stageIndex(e.from) >= 0 {
			continue // a stage's categories sit inside its subgraph
		}
		fmt.Fprintf(&b, "  %s --- %s\n", e.from.id, e.to.id)
	}
	for _, e := range d.rels {
		fmt.Fprintf(&b, "  %s -.->|\"%s\"| %s\n", e.from.id, mermaidLabel(e.label), e.to.id)
	}
	var prov []string
	for _, col := range append(slices.Clone(d.under), d.outside) {
		for _, n := range col {
			if n.provisional {
				prov = append(prov, n.id)
			}
		}
	}
	if len(prov) > 0 {
		b.WriteString("  classDef provisional stroke-dasharray: 4 4\n")
		fmt.Fprintf(&b, "  class %s provisional\n", strings.Join(prov, ","))
	}
	return []byte(b.String())
}

// mermaidLabel escapes text for a quoted Mermaid label: quotes and the
// characters Mermaid reads as markup become entity codes (#quot; ...),
// and line ends become spaces.
func mermaidLabel(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '#':
			b.WriteString("#35;")
		case '"':
			b.WriteString("#quot;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '`':
			b.WriteString("#96;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DOT renders the process diagram as a Graphviz digraph: the core
// category on top, the stages in one row left to right below it, each
// stage in a box with its categories stacked under it (a sub-category is
// linked to its parent category), and categories outside the core in a
// dashed box.
func (h *Hierarchy) DOT() []byte {
	d := h.diagram()
	parent := map[*dnode]*dnode{}
	for _, e := range d.tree {
		parent[e.to] = e.from
	}
	var b strings.Builder
	b.WriteString("digraph hierarchy {\n")
	b.WriteString("  graph [rankdir=TB, newrank=true, fontname=\"Helvetica\", nodesep=0.3, ranksep=0.3];\n")
	b.WriteString("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	// column writes a box holding head (when not nil) and nodes stacked
	// in order: invisible edges keep the stack, and an edge from a
	// category to the sub-category right below it is drawn.
	column := func(box *dnode, label, style string, head *dnode, nodes []*dnode) {
		fmt.Fprintf(&b, "  subgraph cluster_%s {\n    label=%s;\n    style=%s;\n    color=\"#999999\";\n", box.id, dotQuote(label), style)
		if head != nil {
			fmt.Fprintf(&b, "    %s [label=%s, style=\"rounded,filled\", fillcolor=\"#dbe7f3\"];\n", head.id, dotQuote(head.label))
		}
		for _, c := range nodes {
			if c.provisional {
				fmt.Fprintf(&b, "    %s [label=%s, style=\"rounded,dashed\"];\n", c.id, dotQuote(c.label))
			} else {
				fmt.Fprintf(&b, "    %s [label=%s];\n", c.id, dotQuote(c.label))
			}
		}
		prev := head
		for _, c := range nodes {
			if prev != nil {
				if parent[c] == prev && prev != head {
					fmt.Fprintf(&b, "    %s -> %s [arrowhead=none];\n", prev.id, c.id)
				} else {
					fmt.Fprintf(&b, "    %s -> %s [style=invis];\n", prev.id, c.id)
				}
			}
			prev = c
		}
		b.WriteString("  }\n")
	}
	if d.core != nil {
		fmt.Fprintf(&b, "  %s [label=%s, style=\"rounded,bold,filled\", fillcolor=\"#f2e6c9\", fontsize=14];\n", d.core.id, dotQuote(d.core.label))
		for i, st := range d.stages {
			nodes := d.under[i]
			if d.empty[i] != nil {
				nodes = []*dnode{d.empty[i]}
			}
			column(st, "", "rounded", st, nodes)
		}
		if len(d.stages) > 0 {
			ids := make([]string, len(d.stages))
			for i, st := range d.stages {
				ids[i] = st.id
			}
			fmt.Fprintf(&b, "  { rank=same; %s; }\n", strings.Join(ids, "; "))
		}
		for _, st := range d.stages {
			fmt.Fprintf(&b, "  %s -> %s [style=dashed, arrowhead=none, color=\"#999999\"];\n", d.core.id, st.id)
		}
	}
	if d.outsideBox != nil {
		column(d.outsideBox, d.outsideBox.label, "dashed", nil, d.outside)
	}
	for _, n := range d.extra {
		fmt.Fprintf(&b, "  %s [label=%s, shape=ellipse, style=solid];\n", n.id, dotQuote(n.label))
	}
	for _, e := range d.chain {
		attrs := "penwidth=2"
		if e.label != "" {
			attrs += ", label=" + dotQuote(e.label)
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", e.from.id, e.to.id, attrs)
	}
	// Sub-categories not right below their parent in the stack.
	for _, e := range d.tree {
		if d.stageIndex(e.from) < 0 && !adjacent(d, e) {
			fmt.Fprintf(&b, "  %s -> %s [arrowhead=none, constraint=false];\n", e.from.id, e.to.id)
		}
	}
	for _, e := range d.rels {
		fmt.Fprintf(&b, "  %s -> %s [style=dotted, constraint=false, label=%s];\n", e.from.id, e.to.id, dotQuote(e.label))
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// adjacent reports whether a tree edge's child comes right after its
// parent in the stack it is drawn in.
func adjacent(d *diagram, e dedge) bool {
	for _, col := range append(slices.Clone(d.under), d.outside) {
		for i := 1; i < len(col); i++ {
			if col[i-1] == e.from && col[i] == e.to {
				return true
			}
		}
	}
	return false
}

// dotQuote returns s as a DOT double-quoted string: backslashes and quotes
// are escaped, and line ends become spaces.
func dotQuote(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}
