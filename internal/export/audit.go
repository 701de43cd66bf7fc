package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// # The audit trail
//
// Audit renders the trail a reviewer follows to judge a study's
// dependability and confirmability, in Lincoln and Guba's categories:
//
//  1. Intentions: the project's description.
//  2. Raw data: every source with its participant, the original file's
//     name and SHA-256, when it was ingested, and its size.
//  3. Data reduction: the codebook's versions (tags, oldest first), each
//     with the codes and categories added, removed, renamed, merged, moved
//     and redefined since the one before (CodebookChanges) and the reasons
//     given; then every history entry that changed the codebook, with its
//     reason or "no reason recorded".
//  4. Reconstruction: the core category and its stages, the categories
//     with their parents, and the relations in words ("A is a condition
//     of B") with the passages that ground them, quoted.
//  5. Process notes: the methodological and reflexive memos.
//  6. Negative cases: the negative-case memos, with their passages quoted.
//
// Absent material is said to be absent ("No project description is
// recorded."), never skipped in silence; entries without a reason are
// counted in the problems returned.

// CodebookTag is a named version of the codebook (see docs/format.md,
// "Codebook tags").
type CodebookTag struct {
	Name    string
	Time    time.Time
	Message string
	// Entry is the id of the history entry that made the tag, when known:
	// the tag then splits the history at that entry, not by time (entries
	// made in the same second, or under a fixed clock, stay on their side).
	Entry string
}

// RelationEvidence is what one relation cites: passage references and
// coding ids (codebook.Relation.Evidence), quoted through
// AuditInput.Passages and, for a coding, AuditInput.Codings.
type RelationEvidence struct {
	From, To, As string
	Refs         []string
}

// AuditInput is what the audit trail is made from.
type AuditInput struct {
	Name        string
	Description string
	Sources     []*corpus.Source
	Codebook    *codebook.Codebook
	History     []HistoryEntry
	Tags        []CodebookTag
	Evidence    []RelationEvidence
	Memos       []coding.Memo
	Passages    PassageFunc
	// Codings resolve the coding ids a relation cites to their passages.
	Codings []coding.Coding
}

// Audit renders the audit trail as Markdown. problems lists codebook
// changes without a reason and passages that could not be quoted.
func Audit(in AuditInput) (doc []byte, problems []string) {
	a := &auditor{in: in}
	fmt.Fprintf(&a.b, "# Audit trail%s\n\n", titleSuffix(in.Name))
	a.intentions()
	a.rawData()
	a.reduction()
	a.reconstruction()
	a.memoSection("5. Process notes", "Methodological and reflexive memos, oldest first.", coding.MemoMethodological, coding.MemoReflexive)
	a.memoSection("6. Negative cases", "Cases that do not fit the emerging theory, and what was made of them.", coding.MemoNegativeCase)
	return []byte(a.b.String()), a.problems
}

func titleSuffix(name string) string {
	if name == "" {
		return ""
	}
	return ": " + mdEscape(name)
}

type auditor struct {
	in       AuditInput
	b        strings.Builder
	problems []string
}

func (a *auditor) intentions() {
	a.b.WriteString("## 1. Intentions\n\n")
	if d := strings.TrimSpace(a.in.Description); d != "" {
		a.b.WriteString(d + "\n\n")
	} else {
		a.b.WriteString("No project description is recorded.\n\n")
	}
}

func (a *auditor) rawData() {
	a.b.WriteString("## 2. Raw data\n\n")
	if len(a.in.Sources) == 0 {
		a.b.WriteString("No sources are recorded.\n\n")
		return
	}
	ss := slices.Clone(a.in.Sources)
	slices.SortFunc(ss, func(x, y *corpus.Source) int { return project.CompareIDs(x.ID, y.ID) })
	a.b.WriteString("| Source | Participant | Original file | SHA-256 of the original | Ingested | Turns |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, s := range ss {
		fmt.Fprintf(&a.b, "| %s | %s | %s | `%s` | %s | %d |\n", mdEscape(s.ID), mdEscape(cmp.Or(s.Participant, s.ID)),
			mdEscape(s.OriginalName), s.OriginalSHA256, s.Ingested.UTC().Format("2006-01-02 15:04 UTC"), s.Turns)
	}
	a.b.WriteString("\n")
}

func (a *auditor) reduction() {
	a.b.WriteString("## 3. Data reduction\n\n")
	tags := slices.Clone(a.in.Tags)
	slices.SortStableFunc(tags, func(x, y CodebookTag) int { return x.Time.Compare(y.Time) })
	hist := slices.Clone(a.in.History)
	slices.SortStableFunc(hist, func(x, y HistoryEntry) int { return x.Time.Compare(y.Time) })
	// cut returns the position in hist just after tag t.
	cut := func(t CodebookTag) int {
		if t.Entry != "" {
			if i := slices.IndexFunc(hist, func(e HistoryEntry) bool { return e.ID == t.Entry }); i >= 0 {
				return i + 1
			}
		}
		return len(hist) - len(slices.DeleteFunc(slices.Clone(hist), func(e HistoryEntry) bool { return !e.Time.After(t.Time) }))
	}
	from := 0
	stretch := func(title string, to int) {
		fmt.Fprintf(&a.b, "### %s\n\n", title)
		if to < from {
			to = from
		}
		a.diff(CodebookChanges(hist[from:to]))
	}
	for _, t := range tags {
		title := fmt.Sprintf("Version %s (%s)", mdEscape(t.Name), t.Time.UTC().Format("2006-01-02"))
		if m := strings.TrimSpace(t.Message); m != "" {
			title += ": " + mdEscape(m)
		}
		to := cut(t)
		stretch(title, to)
		from = max(from, to)
	}
	if len(tags) == 0 {
		stretch("Changes since the codebook was started (no versions are tagged)", len(hist))
	} else {
		stretch("Changes since the last version", len(hist))
	}
	a.changeLog()
}

func (a *auditor) diff(d CodebookDiff) {
	if d.Empty() {
		a.b.WriteString("No codes or categories changed.\n\n")
		return
	}
	line := func(verb string, cs []ItemChange, what func(ItemChange) string) {
		for _, c := range cs {
			fmt.Fprintf(&a.b, "- %s %s %s", verb, c.Kind, what(c))
			if len(c.Reasons) > 0 {
				fmt.Fprintf(&a.b, " — because: %s", mdEscape(strings.Join(c.Reasons, "; ")))
			}
			a.b.WriteString("\n")
		}
	}
	name := func(c ItemChange) string { return "*" + mdEscape(c.Name) + "*" }
	line("Added", d.Added, name)
	line("Removed", d.Removed, name)
	line("Renamed", d.Renamed, func(c ItemChange) string { return fmt.Sprintf("*%s* to *%s*", mdEscape(c.From), mdEscape(c.To)) })
	line("Merged", d.Merged, func(c ItemChange) string { return fmt.Sprintf("*%s* into *%s*", mdEscape(c.Name), mdEscape(c.To)) })
	line("Moved", d.Moved, func(c ItemChange) string {
		return fmt.Sprintf("*%s* from %s to %s", mdEscape(c.Name), placeName(c.From), placeName(c.To))
	})
	line("Redefined", d.Redefined, func(c ItemChange) string {
		return fmt.Sprintf("*%s* (%s)", mdEscape(c.Name), strings.ReplaceAll(strings.Join(c.Fields, ", "), "_", " "))
	})
	a.b.WriteString("\n")
}

func placeName(s string) string {
	if s == "" {
		return "the top level"
	}
	return "*" + mdEscape(s) + "*"
}

// changeLog lists every entry that changed the codebook, with its reason.
func (a *auditor) changeLog() {
	var es []HistoryEntry
	for _, e := range a.in.History {
		if len(e.Codebook) > 0 {
			es = append(es, e)
		}
	}
	a.b.WriteString("### Every change to the codebook\n\n")
	if len(es) == 0 {
		a.b.WriteString("The history records no change to the codebook.\n\n")
		return
	}
	slices.SortStableFunc(es, func(x, y HistoryEntry) int { return x.Time.Compare(y.Time) })
	a.b.WriteString("| When | Coder | Change | Reason |\n| --- | --- | --- | --- |\n")
	missing := 0
	for _, e := range es {
		reason := mdEscape(e.Reason)
		if strings.TrimSpace(e.Reason) == "" {
			reason, missing = "*no reason recorded*", missing+1
		}
		fmt.Fprintf(&a.b, "| %s | %s | %s | %s |\n", e.Time.UTC().Format("2006-01-02 15:04"), mdEscape(e.Coder), mdEscape(e.Summary), reason)
	}
	a.b.WriteString("\n")
	if missing > 0 {
		a.problems = append(a.problems, fmt.Sprintf("%d of %d changes to the codebook have no reason recorded", missing, len(es)))
	}
}

// relationWords puts a relation in words: "A is a condition of B".
func relationWords(r *codebook.Relation) string {
	from, to := "*"+mdEscape(r.From)+"*", "*"+mdEscape(r.To)+"*"
	switch strings.ToLower(r.As) {
	case "condition":
		return from + " is a condition of " + to
	case "context":
		return from + " is the context of " + to
	case "action", "strategy":
		return from + " is " + map[string]string{"action": "an action", "strategy": "a strategy"}[strings.ToLower(r.As)] + " taken in response to " + to
	case "consequence":
		return to + " is a consequence of " + from
	}
	return fmt.Sprintf("%s → %s (%s)", from, to, mdEscape(r.As))
}

func (a *auditor) reconstruction() {
	a.b.WriteString("## 4. Reconstruction\n\n")
	cb := a.in.Codebook
	if cb == nil {
		cb = codebook.New()
	}
	if cb.Core != nil {
		fmt.Fprintf(&a.b, "Core category: **%s**", mdEscape(cb.Core.Name))
		if len(cb.Core.Stages) > 0 {
			var st []string
			for i, s := range cb.Core.Stages {
				st = append(st, fmt.Sprintf("%d. %s", i+1, mdEscape(s)))
			}
			fmt.Fprintf(&a.b, ", in stages: %s", strings.Join(st, "; "))
		}
		a.b.WriteString(".\n\n")
	} else {
		a.b.WriteString("No core category is set.\n\n")
	}
	if len(cb.Categories) > 0 {
		a.b.WriteString("Categories:\n\n")
		for _, c := range cb.Categories {
			fmt.Fprintf(&a.b, "- %s", mdEscape(c.Name))
			if c.Parent != "" {
				fmt.Fprintf(&a.b, " (under %s)", mdEscape(c.Parent))
			}
			fmt.Fprintf(&a.b, ": %d codes\n", len(cb.CodesIn(c.Name)))
		}
		a.b.WriteString("\n")
	}
	if len(cb.Relations) == 0 {
		a.b.WriteString("No relations are recorded.\n\n")
		return
	}
	a.b.WriteString("Relations:\n\n")
	for _, r := range cb.Relations {
		fmt.Fprintf(&a.b, "- %s.", relationWords(r))
		if n := strings.TrimSpace(r.Note); n != "" {
			fmt.Fprintf(&a.b, " %s", mdEscape(n))
		}
		a.b.WriteString("\n")
		ev := a.evidence(r)
		if len(ev) == 0 {
			a.b.WriteString("  No passages are cited for it.\n")
		}
		for _, ref := range ev {
			a.b.WriteString("  " + a.cited(ref, "relation "+r.From+" → "+r.To) + "\n")
		}
	}
	a.b.WriteString("\n")
}

func (a *auditor) evidence(r *codebook.Relation) []string {
	for _, e := range a.in.Evidence {
		if codebook.Key(e.From) == codebook.Key(r.From) && codebook.Key(e.To) == codebook.Key(r.To) && strings.EqualFold(e.As, r.As) {
			return e.Refs
		}
	}
	return nil
}

// cited is a relation's citation as a one-line quotation: a passage
// reference as quoted does it, a coding id as its passage with the coding
// named, or why it cannot be quoted.
func (a *auditor) cited(ref, who string) string {
	if codebook.IsPassageEvidence(ref) {
		return a.quoted(ref, who)
	}
	i := slices.IndexFunc(a.in.Codings, func(c coding.Coding) bool { return c.ID == ref })
	if i < 0 {
		a.problems = append(a.problems, fmt.Sprintf("%s cites coding %s, which the project no longer has", who, ref))
		return fmt.Sprintf("- coding %s (no longer in the project)", mdEscape(ref))
	}
	c := a.in.Codings[i]
	tail := fmt.Sprintf("coding %s of *%s* by %s", mdEscape(c.ID), mdEscape(c.Code), mdEscape(c.Coder))
	q := a.quoted(c.Ref().String(), who)
	if strings.HasSuffix(q, ")") {
		return strings.TrimSuffix(q, ")") + ", " + tail + ")"
	}
	return q + " (" + tail + ")"
}

// quoted is a passage as a one-line quotation, or why it cannot be.
func (a *auditor) quoted(ref, who string) string {
	if a.in.Passages == nil {
		return "- " + mdEscape(ref)
	}
	q, err := a.in.Passages(ref)
	if err != nil {
		a.problems = append(a.problems, fmt.Sprintf("%s cites passage %s: %v", who, ref, err))
		return fmt.Sprintf("- %s (could not be quoted: %s)", mdEscape(ref), mdEscape(err.Error()))
	}
	return fmt.Sprintf("- “%s” (%s)", mdEscape(q), mdEscape(ref))
}

func (a *auditor) memoSection(title, intro string, types ...string) {
	fmt.Fprintf(&a.b, "## %s\n\n", title)
	var ms []coding.Memo
	for _, m := range a.in.Memos {
		if slices.Contains(types, m.Type) {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		fmt.Fprintf(&a.b, "No %s memos are recorded.\n\n", strings.Join(types, " or "))
		return
	}
	a.b.WriteString(intro + "\n\n")
	slices.SortStableFunc(ms, func(x, y coding.Memo) int { return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID)) })
	for _, m := range ms {
		fmt.Fprintf(&a.b, "### %s\n\n*memo %s · %s · %s · %s · about %s*\n\n", mdEscape(cmp.Or(m.Title(), m.ID)), m.ID, m.Type,
			mdEscape(m.Author), m.Created.UTC().Format("2006-01-02"), mdEscape(targetList(m)))
		for _, t := range m.AllTargets() {
			if t.Kind == coding.TargetRef {
				a.b.WriteString(a.quoted(t.Name, "memo "+m.ID) + "\n")
			}
		}
		if body := strings.TrimSpace(m.Body); body != "" {
			a.b.WriteString("\n" + demoteHeadings(body, 4) + "\n")
		}
		a.b.WriteString("\n")
	}
}

func targetList(m coding.Memo) string {
	var out []string
	for _, t := range m.AllTargets() {
		out = append(out, t.String())
	}
	return strings.Join(out, "; ")
}
