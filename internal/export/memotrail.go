package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// # The memo trail
//
// MemoTrail renders memos as one Markdown document, the written half of a
// grounded theory study: in time order (oldest first, ties by id) or
// grouped by target (the project, then codes, categories, sources and
// passages, names in natural order). Each memo shows its id, type, author
// and date, what it is about, the quoted words of every passage it points
// to, the memos it links to and the memos that link to it (by title, as
// in-document links), then its body as written, with its headings moved
// below the trail's own. Grouped by target, a memo about several things
// is written in full under its first target and referred to under the
// others. A link to a memo that does not exist and a passage that cannot
// be resolved are written as such in the document and returned as
// problems; they are never dropped.

// Memo trail orders.
const (
	TrailByTime   = "time"
	TrailByTarget = "target"
)

// PassageFunc returns the words a passage reference points to.
type PassageFunc func(ref string) (string, error)

// PassagesFrom returns a PassageFunc over the given transcripts (turns by
// source id).
func PassagesFrom(turns map[string][]corpus.Turn) PassageFunc {
	return func(ref string) (string, error) {
		r, err := corpus.ParseRef(ref)
		if err != nil {
			return "", err
		}
		ts, ok := turns[r.Source]
		if !ok {
			return "", fmt.Errorf("%s: no source %q", ref, r.Source)
		}
		span, err := coding.Resolve(r, ts)
		if err != nil {
			return "", err
		}
		return span.Quote, nil
	}
}

// MemoTrailOptions tune MemoTrail.
type MemoTrailOptions struct {
	Order    string      // TrailByTime (default) or TrailByTarget
	Passages PassageFunc // resolves passage targets; nil leaves them unquoted
	Title    string      // the document's title; "Memo trail" when empty
}

// MemoTrail renders the memos (see above). problems lists every link and
// passage that could not be resolved, naming the memo.
func MemoTrail(ms []coding.Memo, opts MemoTrailOptions) (doc []byte, problems []string, err error) {
	if opts.Order == "" {
		opts.Order = TrailByTime
	}
	if opts.Order != TrailByTime && opts.Order != TrailByTarget {
		return nil, nil, fmt.Errorf("memo trail order %q: want %s or %s", opts.Order, TrailByTime, TrailByTarget)
	}
	ms = slices.Clone(ms)
	slices.SortStableFunc(ms, func(a, b coding.Memo) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID)) })
	t := &trail{byID: map[string]coding.Memo{}, backlinks: map[string][]string{}, opts: opts}
	for _, m := range ms {
		t.byID[m.ID] = m
		for _, l := range m.Links {
			t.backlinks[l] = append(t.backlinks[l], m.ID)
		}
	}
	title := cmp.Or(opts.Title, "Memo trail")
	fmt.Fprintf(&t.b, "# %s\n\n%s, %s.\n\n", mdEscape(title), plural(len(ms), "memo"), orderWords(opts.Order))
	if opts.Order == TrailByTime {
		for _, m := range ms {
			t.memo(m, "##")
		}
	} else {
		t.grouped(ms)
	}
	return []byte(t.b.String()), t.problems, nil
}

func orderWords(order string) string {
	if order == TrailByTarget {
		return "grouped by what they are about"
	}
	return "oldest first"
}

type trail struct {
	b         strings.Builder
	byID      map[string]coding.Memo
	backlinks map[string][]string
	opts      MemoTrailOptions
	problems  []string
}

var targetHeadings = map[string]string{
	coding.TargetProject: "The project", coding.TargetCode: "Code", coding.TargetCategory: "Category",
	coding.TargetSource: "Source", coding.TargetRef: "Passage",
}

func (t *trail) grouped(ms []coding.Memo) {
	type group struct {
		target coding.Target
		memos  []coding.Memo
	}
	var groups []*group
	for _, m := range ms {
		for _, tg := range m.AllTargets() {
			i := slices.IndexFunc(groups, func(g *group) bool { return coding.SameTarget(g.target, tg) })
			if i < 0 {
				groups = append(groups, &group{target: tg})
				i = len(groups) - 1
			}
			groups[i].memos = append(groups[i].memos, m)
		}
	}
	kinds := []string{coding.TargetProject, coding.TargetCode, coding.TargetCategory, coding.TargetSource, coding.TargetRef}
	slices.SortStableFunc(groups, func(a, b *group) int {
		return cmp.Or(cmp.Compare(slices.Index(kinds, a.target.Kind), slices.Index(kinds, b.target.Kind)),
			project.CompareIDs(strings.ToLower(a.target.Name), strings.ToLower(b.target.Name)))
	})
	for _, g := range groups {
		head := targetHeadings[g.target.Kind]
		if g.target.Kind != coding.TargetProject {
			head += ": " + mdEscape(g.target.Name)
		}
		fmt.Fprintf(&t.b, "## %s\n\n", head)
		if g.target.Kind == coding.TargetRef {
			t.quote(g.target.Name, "")
		}
		for _, m := range g.memos {
			if first := m.AllTargets()[0]; !coding.SameTarget(first, g.target) {
				fmt.Fprintf(&t.b, "See %s, under %s.\n\n", t.linkTo(m.ID), mdEscape(first.String()))
				continue
			}
			t.memo(m, "###")
		}
	}
}

// memo writes one memo under a heading of the given level.
func (t *trail) memo(m coding.Memo, level string) {
	title := cmp.Or(m.Title(), "(untitled)")
	fmt.Fprintf(&t.b, "%s %s\n\n<a id=\"memo-%s\"></a>\n", level, mdEscape(title), m.ID)
	meta := []string{"memo " + m.ID}
	if m.Type != "" {
		meta = append(meta, m.Type)
	}
	meta = append(meta, mdEscape(m.Author), m.Created.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&t.b, "*%s*\n\n", strings.Join(meta, " · "))
	var about []string
	for _, tg := range m.AllTargets() {
		about = append(about, mdEscape(tg.String()))
	}
	fmt.Fprintf(&t.b, "About: %s\n\n", strings.Join(about, "; "))
	for _, tg := range m.AllTargets() {
		if tg.Kind == coding.TargetRef && t.opts.Order == TrailByTime {
			t.quote(tg.Name, m.ID)
		}
	}
	if len(m.Targets) > 0 && t.opts.Order == TrailByTarget {
		for _, tg := range m.AllTargets()[1:] {
			if tg.Kind == coding.TargetRef {
				t.quote(tg.Name, m.ID)
			}
		}
	}
	if len(m.Links) > 0 {
		var ls []string
		for _, l := range m.Links {
			if _, ok := t.byID[l]; !ok {
				t.problems = append(t.problems, fmt.Sprintf("memo %s links to memo %s, which does not exist", m.ID, l))
				ls = append(ls, fmt.Sprintf("memo %s (not found)", l))
				continue
			}
			ls = append(ls, t.linkTo(l))
		}
		fmt.Fprintf(&t.b, "Builds on: %s\n\n", strings.Join(ls, "; "))
	}
	if bl := t.backlinks[m.ID]; len(bl) > 0 {
		var ls []string
		for _, l := range bl {
			ls = append(ls, t.linkTo(l))
		}
		fmt.Fprintf(&t.b, "Taken up in: %s\n\n", strings.Join(ls, "; "))
	}
	if body := strings.TrimSpace(m.Body); body != "" {
		t.b.WriteString(demoteHeadings(body, len(level)+1) + "\n\n")
	}
}

func (t *trail) linkTo(id string) string {
	m := t.byID[id]
	return fmt.Sprintf("[%s](#memo-%s) (%s)", mdEscape(cmp.Or(m.Title(), id)), id, id)
}

// quote writes the words of a passage as a block quote, or says why it
// cannot.
func (t *trail) quote(ref, memoID string) {
	if t.opts.Passages == nil {
		return
	}
	q, err := t.opts.Passages(ref)
	if err != nil {
		who := "a memo"
		if memoID != "" {
			who = "memo " + memoID
		}
		t.problems = append(t.problems, fmt.Sprintf("%s points to passage %s: %v", who, ref, err))
		fmt.Fprintf(&t.b, "(passage %s could not be quoted: %s)\n\n", mdEscape(ref), mdEscape(err.Error()))
		return
	}
	fmt.Fprintf(&t.b, "> %s (%s)\n\n", mdEscape(q), mdEscape(ref))
}

// demoteHeadings moves ATX headings in a memo body down by n levels (at
// most 6), so that they sit under the memo's own heading.
func demoteHeadings(body string, n int) string {
	lines := strings.Split(body, "\n")
	fence := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fence = !fence
		}
		if fence || !strings.HasPrefix(l, "#") {
			continue
		}
		level := len(l) - len(strings.TrimLeft(l, "#"))
		if level > 6 || (len(l) > level && l[level] != ' ') {
			continue
		}
		lines[i] = strings.Repeat("#", min(6, level+n-1)) + l[level:]
	}
	return strings.Join(lines, "\n")
}
