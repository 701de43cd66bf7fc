package refi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Conversion of links, notes, cases and variables.

func (c *conv) nameOf(guid string) (string, bool) {
	n := c.nodes[strings.TrimSpace(guid)]
	if n == nil {
		id, _ := NormGUID(guid)
		n = c.nodes[id]
	}
	switch {
	case n == nil:
		return "", false
	case n.category != "":
		return n.category, true
	default:
		return n.code, true
	}
}

func (c *conv) links(x *XProject) {
	if x.Links == nil {
		return
	}
	for _, l := range x.Links.Link {
		from, ok1 := c.nameOf(l.OriginGUID)
		to, ok2 := c.nameOf(l.TargetGUID)
		if !ok1 || !ok2 {
			c.imp.notef("link %q does not join two codes or categories; not imported", l.Name)
			continue
		}
		if l.Color != "" {
			c.drop("colour(s) of links")
		}
		as := strings.TrimSpace(l.Name)
		if as == "" {
			as = "related"
		}
		var notes []string
		for _, r := range l.NoteRefs {
			if nid, _ := NormGUID(r.TargetGUID); nid != "" {
				c.noteCoding[nid] = true
				notes = append(notes, nid)
			}
		}
		c.linkNotes = append(c.linkNotes, linkNote{from: from, to: to, as: as, notes: notes})
	}
}

// linkNote is a relation waiting for the text of its notes.
type linkNote struct {
	from, to, as string
	notes        []string
}

// noteText returns a note's text: its PlainTextContent or the file its
// plainTextPath names.
func noteText(a *Archive, n *XTextSource) string {
	if n.PlainTextContent != nil {
		return strings.ReplaceAll(*n.PlainTextContent, "\r\n", "\n")
	}
	if name, ok := sourceFile(a, n.PlainTextPath); ok {
		if b, err := a.ReadFile(name); err == nil {
			if st, err := decodeSource(b); err == nil {
				return st.norm
			}
		}
	}
	return ""
}

func (c *conv) notes(a *Archive, x *XProject) {
	imp := c.imp
	for _, r := range x.NoteRefs {
		c.attachNote(r.TargetGUID, coding.Target{Kind: coding.TargetProject})
	}
	byGUID := map[string]*XTextSource{}
	if x.Notes != nil {
		for i := range x.Notes.Note {
			n := &x.Notes.Note[i]
			if id, _ := NormGUID(n.GUID); id != "" {
				byGUID[id] = n
			}
		}
	}
	text := func(ids []string) string {
		var parts []string
		for _, id := range ids {
			if n := byGUID[id]; n != nil {
				if t := strings.TrimSpace(noteText(a, n)); t != "" {
					parts = append(parts, t)
				}
			}
		}
		return strings.Join(parts, "\n\n")
	}
	for _, cn := range c.codingNotes {
		if t := text(cn.notes); t != "" {
			cd := &imp.Codings[cn.coding]
			cd.Memo = strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{cd.Memo, t}, func(s string) bool { return s == "" }), "\n\n"))
		}
	}
	for _, ln := range c.linkNotes {
		if _, _, err := c.cb.Relate(ln.from, ln.to, ln.as, text(ln.notes)); err != nil {
			imp.notef("link %s -> %s: %v; not imported", ln.from, ln.to, err)
		}
	}
	var notes []XTextSource
	if x.Notes != nil {
		notes = x.Notes.Note
	}
	memoIDs := map[string]bool{}
	defer c.extraMemos(x, memoIDs)
	for i := range notes {
		n := &notes[i]
		id, _ := NormGUID(n.GUID)
		target, linked := c.noteTarget[id]
		if c.noteCoding[id] && !linked {
			continue
		}
		if !linked {
			target = coding.Target{Kind: coding.TargetProject}
		}
		if target.Kind == coding.TargetSource && len(n.Selections) > 0 {
			if ref, ok := c.noteSpan(target.Name, n); ok {
				target = coding.Target{Kind: coding.TargetRef, Name: ref}
				c.noteSpans++
			}
		}
		desc := strings.TrimSpace(n.Description)
		memoID, kind, _ := c.groundedID(n.GUID)
		if kind != idNote {
			memoID = ""
		}
		if kind == idCodingNote || kind == idRelNote {
			continue // grounded wrote it for a coding or a relation that is gone
		}
		if t, ok := c.idMap.targets[id]; ok {
			if k, name, ok := strings.Cut(t, ":"); ok {
				target = c.movedTarget(coding.Target{Kind: k, Name: name})
			}
		}
		for _, line := range strings.Split(desc, "\n") {
			line = strings.TrimSpace(line)
			if rest, ok := strings.CutPrefix(line, markMemo); ok {
				memoID = strings.TrimSpace(rest)
			}
			if rest, ok := strings.CutPrefix(line, markTarget); ok {
				if kind, name, ok := strings.Cut(rest, ":"); ok {
					target = c.movedTarget(coding.Target{Kind: kind, Name: name})
				}
			}
		}
		if strings.HasPrefix(desc, markCodingMemo) || desc == markRelation {
			continue // a note grounded wrote for a coding or a relation that is gone
		}
		created := c.time(n.CreationDateTime)
		if memoID == "" || corpus.ValidateID(memoID) != nil || memoIDs[memoID] {
			memoID = coding.NewMemoID(created)
		}
		memoIDs[memoID] = true
		body := noteText(a, n)
		if strings.TrimSpace(body) == "" {
			body = strings.TrimSpace(n.Name)
		} else if !nameStartsText(n.Name, body) {
			// The note's name is not the start of its text (grounded
			// names a note by its first line): keep it as a heading.
			body = "# " + strings.TrimSpace(n.Name) + "\n\n" + body
		}
		if desc != "" && !strings.HasPrefix(desc, "grounded:") {
			body = strings.TrimSpace(desc + "\n\n" + body)
		}
		imp.Memos = append(imp.Memos, coding.Memo{ID: memoID, Target: target, Author: c.user(n.CreatingUser), Created: created, Body: strings.TrimRight(body, "\n")})
	}
}

// extraMemos adds the memos that come from elsewhere than notes: the
// annotations (selections with a description and no codings), the
// project's description and the sources' descriptions. grounded writes
// its project memos into the project's description too, so from grounded
// that is not imported again.
func (c *conv) extraMemos(x *XProject, memoIDs map[string]bool) {
	add := func(m coding.Memo) {
		m.ID = coding.NewMemoID(m.Created)
		for memoIDs[m.ID] {
			m.ID = coding.NewMemoID(m.Created)
		}
		memoIDs[m.ID] = true
		c.imp.Memos = append(c.imp.Memos, m)
	}
	for _, m := range c.annotations {
		add(m)
	}
	if c.noteSpans > 0 {
		c.imp.notef("%d note(s) hold a selection of the source that links to them; each is a memo on that passage (QualCoder writes annotations so)", c.noteSpans)
	}
	if n := len(c.annotations); n > 0 {
		c.imp.notef("%d annotation(s) (selections with a description and no codings) are imported as memos on their passages", n)
	}
	if d := strings.TrimSpace(x.Description); d != "" && !c.fromGrounded {
		add(coding.Memo{Target: coding.Target{Kind: coding.TargetProject}, Author: c.opts.Coder, Created: c.time(x.CreationDateTime), Body: d})
		c.imp.notef("the project's description is imported as a project memo")
	}
	n := 0
	for _, ts := range c.texts {
		g, _ := NormGUID(ts.GUID)
		src := c.srcByGUID()[g]
		if d := strings.TrimSpace(ts.Description); d != "" && src != nil && !strings.HasPrefix(d, "grounded:") {
			add(coding.Memo{Target: coding.Target{Kind: coding.TargetSource, Name: src.Meta.ID}, Author: c.user(ts.CreatingUser), Created: c.time(ts.CreationDateTime), Body: d})
			n++
		}
	}
	if n > 0 {
		c.imp.notef("%d source description(s) are imported as memos on their sources", n)
	}
}

// nameStartsText reports whether a note's name says nothing its text does
// not: empty, or the start of the text (possibly shortened with "..." or
// "…", possibly a Markdown heading).
func nameStartsText(name, text string) bool {
	n := fold(name)
	for _, e := range []string{"...", "…"} {
		n = strings.TrimSpace(strings.TrimSuffix(n, e))
	}
	t := fold(strings.TrimLeft(strings.TrimSpace(text), "# "))
	return n == "" || strings.HasPrefix(t, n)
}

// movedTarget renames the source of a memo target that grounded wrote
// without a link (its source was gone) when the source was imported under
// another id.
func (c *conv) movedTarget(t coding.Target) coding.Target {
	switch t.Kind {
	case coding.TargetSource:
		if id, ok := c.srcByName[t.Name]; ok {
			t.Name = id
		}
	case coding.TargetRef:
		if r, err := corpus.ParseRef(t.Name); err == nil {
			if id, ok := c.srcByName[r.Source]; ok {
				r.Source = id
				t.Name = r.String()
			}
		}
	}
	return t
}

func (c *conv) cases(x *XProject) {
	imp := c.imp
	ps := imp.Participants
	vars := map[string]string{}
	if x.Variables != nil {
		names := newUniqueNames(strings.ToLower, "_")
		names.reserve("id")
		for _, v := range x.Variables.Variable {
			id, ok := NormGUID(v.GUID)
			name := strings.TrimSpace(v.Name)
			if !ok || name == "" {
				imp.notef("variable %q has no usable guid or name; not imported", v.Name)
				continue
			}
			attr := names.take(name)
			if attr != name {
				imp.notef("variable %q is imported as attribute %q", name, attr)
			}
			vars[id] = attr
			if strings.TrimSpace(v.Description) != "" {
				c.drop("description(s) of variables (grounded's attributes have none)")
			}
			c.keepGUID(kindVariable, attr, v.GUID)
			ps.Attributes = append(ps.Attributes, attr)
		}
	}
	values := func(vvs []XVariableValue) map[string]string {
		m := map[string]string{}
		for _, vv := range vvs {
			id, _ := NormGUID(vv.VariableRef.TargetGUID)
			if a, ok := vars[id]; ok {
				if v, ok := vv.Value(); ok {
					m[a] = strings.TrimSpace(v)
				}
			}
		}
		return m
	}
	assigned := map[*ImportedSource]string{}
	pids := newUniqueNames(strings.ToLower, "-")
	if x.Cases != nil {
		for i, cs := range x.Cases.Case {
			name, why := strings.TrimSpace(cs.Name), ""
			if name == "" {
				name, why = c.caseName(cs, i)
			}
			pid := pids.take(sanitizeID(name, fmt.Sprintf("case-%d", i+1)))
			c.keepGUID(kindCase, pid, cs.GUID)
			if why != "" {
				imp.notef("a case without a name (guid %s) is participant %s, %s", cs.GUID, pid, why)
			} else if pid != cs.Name {
				imp.notef("case %q is participant %s", cs.Name, pid)
			}
			attrs := values(cs.VariableValues)
			if strings.TrimSpace(cs.Description) != "" {
				c.drop("description(s) of cases (grounded's participants have none; write a memo on the source)")
			}
			hasSources := false
			for _, r := range cs.SourceRefs {
				id, _ := NormGUID(r.TargetGUID)
				src := c.srcByGUID()[id]
				if src == nil {
					continue
				}
				hasSources = true
				if prev, ok := assigned[src]; ok {
					imp.notef("source %s belongs to cases %s and %s; its participant is %s", src.Meta.ID, prev, pid, prev)
					continue
				}
				assigned[src] = pid
				src.Meta.Participant = pid
			}
			if len(cs.CodeRefs)+len(cs.SelectionRefs) > 0 {
				imp.notef("case %s: codes and selections linked to the case are not imported", pid)
			}
			if len(attrs) > 0 || !hasSources {
				ps.List = append(ps.List, corpus.Participant{ID: pid, Attributes: attrs})
			}
		}
	}
	// Variables given on a source belong to its participant.
	for _, ts := range c.texts {
		id, _ := NormGUID(ts.GUID)
		src := c.srcByGUID()[id]
		if src == nil || len(ts.VariableValues) == 0 {
			continue
		}
		pt := ps.Get(src.Meta.Participant)
		if pt == nil {
			ps.List = append(ps.List, corpus.Participant{ID: src.Meta.Participant, Attributes: map[string]string{}})
			pt = &ps.List[len(ps.List)-1]
		}
		for k, v := range values(ts.VariableValues) {
			if old, ok := pt.Attributes[k]; ok && old != v {
				imp.notef("source %s: %s is %q on the source and %q on its case; the case's value is kept", src.Meta.ID, k, v, old)
				continue
			}
			pt.Attributes[k] = v
		}
	}
}

// caseName names a case that has none (MAXQDA and Quirkos write such
// cases to give variables to a source): after its source when it has
// exactly one, else after its GUID.
func (c *conv) caseName(cs XCase, i int) (name, why string) {
	var ids []string
	for _, r := range cs.SourceRefs {
		id, _ := NormGUID(r.TargetGUID)
		if src := c.srcByGUID()[id]; src != nil {
			ids = append(ids, src.Meta.ID)
		}
	}
	if len(ids) == 1 {
		return ids[0], "named after its source"
	}
	if g, ok := NormGUID(cs.GUID); ok {
		return "case-" + g[:8], "named after its guid"
	}
	return fmt.Sprintf("case-%d", i+1), "named by its place in the file"
}
