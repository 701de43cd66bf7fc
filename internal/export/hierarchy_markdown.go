package export

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/coding"
)

// Markdown renders h as a report for a paper's supplement: a title, the
// core category and its description, one section per stage with its
// definition and when to use it, the stage's categories and codes as
// nested lists with counts, exemplar quotes as block quotes with the
// participant and reference, memos under the node they are about, and a
// last section for what is not yet integrated.
func (h *Hierarchy) Markdown() []byte {
	var b strings.Builder
	if h.Core != nil {
		fmt.Fprintf(&b, "# %s\n\n", mdEscape(h.Core.Name))
		b.WriteString("*Core category (selective coding), its stages in order, their categories (axial coding) and codes (open coding). Counts are codings, distinct sources and distinct participants.*\n\n")
		para(&b, "", h.Core.Description)
		para(&b, "", counts(h.Core))
		memos(&b, "", h.Core.Memos)
		for _, st := range h.Core.Children {
			fmt.Fprintf(&b, "## Stage %d: %s\n\n", st.Order, mdEscape(st.Name))
			if st.Description != "" {
				para(&b, "", "**Definition.** "+oneLine(st.Description))
			}
			if st.WhenToUse != "" {
				para(&b, "", "**When to use.** "+oneLine(st.WhenToUse))
			}
			para(&b, "", counts(st))
			memos(&b, "", st.Memos)
			if len(st.Children) == 0 {
				para(&b, "", "*No categories or codes yet.*")
				continue
			}
			for _, c := range st.Children {
				item(&b, "", c)
			}
			b.WriteString("\n")
		}
	} else {
		b.WriteString("# Category hierarchy\n\n")
		b.WriteString("*No core category yet: every category and code is listed as not yet integrated. Counts are codings, distinct sources and distinct participants.*\n\n")
	}
	if len(h.Unassigned) > 0 {
		b.WriteString("## Not yet integrated\n\n")
		if h.Core != nil {
			para(&b, "", "Categories outside the stages of the core category, and codes in no category.")
		}
		for _, n := range h.Unassigned {
			item(&b, "", n)
		}
		b.WriteString("\n")
	}
	return []byte(strings.TrimRight(b.String(), "\n") + "\n")
}

// item writes a category or code as a list item at indent: its name,
// kind and counts, its description, its exemplars as one block quote and
// its memos, then its children. The list stays tight so that the report
// reads well in a terminal too.
func item(b *strings.Builder, indent string, n *Node) {
	name, kind := "**"+mdEscape(n.Name)+"**", "category"
	switch {
	case n.Kind == KindCode:
		name, kind = "*"+mdEscape(n.Name)+"*", "code"
	case n.Provisional:
		kind = "provisional category"
	}
	fmt.Fprintf(b, "%s- %s (%s; %s)", indent, name, kind, counts(n))
	if d := oneLine(n.Description); d != "" {
		b.WriteString(": " + d)
	}
	b.WriteString("\n")
	in := indent + "  "
	for i, e := range n.Exemplars {
		if i > 0 {
			b.WriteString(in + ">\n")
		}
		quote := mdEscape(e.Quote)
		if e.Before != "" || e.After != "" { // the coded words inside their sentence
			// Escaped as one text: escaping the parts would trim the
			// spaces between the context and the span.
			quote = strings.NewReplacer("\uE000", "**", "\uE001", "**").Replace(mdEscape(e.Before + "\uE000" + e.Span + "\uE001" + e.After))
		}
		fmt.Fprintf(b, "%s> %s — %s, %s\n", in, quote, mdEscape(cmp.Or(e.Descriptor, e.Participant)), e.Ref)
	}
	for _, m := range n.Memos {
		memo(b, in+"- ", in+"  ", m)
	}
	for _, c := range n.Children {
		item(b, in, c)
	}
}

// memos writes memos as paragraphs.
func memos(b *strings.Builder, indent string, ms []coding.Memo) {
	for _, m := range ms {
		memo(b, indent, indent, m)
		b.WriteString("\n")
	}
}

// memo writes a memo headed by its author and date; first prefixes its
// first line, rest the others (memo bodies are Markdown, kept as written).
func memo(b *strings.Builder, first, rest string, m coding.Memo) {
	head := fmt.Sprintf("*Memo (%s, %s):*", mdEscape(m.Author), m.Created.UTC().Format("2006-01-02"))
	for i, l := range strings.Split(head+" "+strings.TrimSpace(m.Body), "\n") {
		switch {
		case i == 0:
			b.WriteString(first + l)
		case strings.TrimSpace(l) == "":
		default:
			b.WriteString(rest + l)
		}
		b.WriteString("\n")
	}
}

func para(b *strings.Builder, indent, text string) {
	if text = strings.TrimSpace(text); text != "" {
		b.WriteString(indent + text + "\n\n")
	}
}

// counts reads "3 codings, 2 sources, 1 participant".
func counts(n *Node) string {
	return fmt.Sprintf("%s, %s, %s", plural(n.Codings, "coding"), plural(n.Sources, "source"), plural(n.Participants, "participant"))
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// oneLine folds runs of white space, line ends included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdEscape escapes the characters that Markdown would read as emphasis,
// code, links or HTML, and a leading list or heading marker, so that
// names and quotes show as written.
func mdEscape(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out != "" && strings.ContainsRune("#-+", rune(out[0])) {
		out = `\` + out
	}
	// "1. " or "1) " at the start would begin an ordered list.
	if i := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && i < len(out) && (out[i] == '.' || out[i] == ')') {
		out = out[:i] + `\` + out[i:]
	}
	return out
}
