package refi

import (
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// Conversion of text sources and their selections.

// sourceFile finds a plainTextPath in the archive: "internal://NAME" is
// sources/NAME; "relative://NAME", a bare name, and an absolute path or
// URL are tried as sources/BASE and BASE.
func sourceFile(a *Archive, p string) (string, bool) {
	if a == nil {
		return "", false
	}
	rest := p
	for _, scheme := range []string{"internal://", "relative://", "absolute://", "file:///", "file://"} {
		if len(rest) >= len(scheme) && strings.EqualFold(rest[:len(scheme)], scheme) {
			rest = rest[len(scheme):]
			break
		}
	}
	rest = strings.ReplaceAll(rest, `\`, "/")
	base := path.Base(rest)
	for _, cand := range []string{"sources/" + rest, rest, "sources/" + base, base} {
		if !strings.Contains(cand, "..") && a.Has(cand) {
			return cand, true
		}
	}
	return "", false
}

func (c *conv) sources(a *Archive, xs *XSources) error {
	imp := c.imp
	texts, alias := c.textsOf(xs)
	c.texts = texts
	codingsBefore := len(imp.Codings)
	defer func() {
		for media, text := range alias {
			if src := c.srcByGUID()[text]; src != nil {
				c.srcByGUID()[media] = src
			}
		}
		if c.transcripts > 0 {
			n := 0
			for _, cd := range imp.Codings[codingsBefore:] {
				if c.fromMedia[cd.Source] {
					n++
				}
			}
			imp.notef("%d transcript(s) of audio, video or PDF sources are imported as text sources, with %d coding(s)", c.transcripts, n)
		}
	}()
	ids := newUniqueNames(strings.ToLower, "-")
	seenCoding := map[string]bool{}
	for i := range texts {
		ts := &texts[i]
		label := ts.Name
		if label == "" {
			label = ts.GUID
		}
		var data []byte
		origName, textName := "", ""
		switch {
		case ts.PlainTextPath != "":
			name, ok := sourceFile(a, ts.PlainTextPath)
			if !ok && ts.PlainTextContent != nil {
				data = []byte(*ts.PlainTextContent)
				break
			}
			if !ok {
				imp.notef("source %q: its text %s is not in the archive; the source and its codings are not imported", label, ts.PlainTextPath)
				continue
			}
			if !strings.HasPrefix(strings.ToLower(ts.PlainTextPath), "internal://") {
				imp.notef("source %q: plainTextPath %q read as %s", label, ts.PlainTextPath, name)
			}
			b, err := a.ReadFile(name)
			if err != nil {
				return err
			}
			data, origName, textName = b, path.Base(name), name
		case ts.PlainTextContent != nil:
			data = []byte(*ts.PlainTextContent)
		default:
			imp.notef("source %q has no plain text (only rich text %q); it is not imported", label, ts.RichTextPath)
			continue
		}
		if ts.RichTextPath != "" {
			c.drop("rich-text versions of sources (formatting; grounded keeps the plain text)")
		}
		st, err := decodeSource(data)
		if err != nil {
			imp.notef("source %q: %v; it is not imported", label, err)
			continue
		}
		turns, own := c.groundedTurns(a, textName, st)
		if !own {
			turns, err = corpus.ParseText("txt", st.norm)
			if err != nil {
				imp.notef("source %q: %v; it is not imported", label, err)
				continue
			}
		}
		if c.fromGrounded && !own {
			// grounded wrote the text as the plain text of its turns; say
			// when reading it back gives other turns.
			if plain, _ := corpus.PlainText(turns); plain != strings.TrimRight(st.norm, "\n") {
				want := strings.Count(strings.TrimRight(st.norm, "\n"), "\n\n") + 1
				why := "a speaker label that occurs only once, or an unlabelled paragraph after a labelled turn, is read as part of the turn before"
				if len(turns) > want {
					why = "a line inside a turn that looks like a speaker label (\"Name: …\") is read as the start of a new turn"
				}
				imp.notef("source %q reads back as %d turns, not the %d of its layout, and its turns file is missing or does not match the text (%s); its codings were placed by their text", label, len(turns), want, why)
			}
		}
		src0Exact := own
		base := ts.Name
		if base == "" {
			base = stripExt(origName)
		}
		id := ids.take(sanitizeID(stripExt(base), fmt.Sprintf("source-%d", i+1)))
		if id != ts.Name {
			imp.notef("source %q is imported as %s", label, id)
		}
		// The original's name: the source's name as a .txt file (the
		// archive's file names are often GUIDs).
		if n := strings.TrimSpace(stripExt(ts.Name)); n != "" && !strings.ContainsAny(n, "/\\") {
			origName = n + ".txt"
		} else if origName == "" {
			origName = id + ".txt"
		}
		var quirks []string
		if st.encoding != "utf-8" && st.encoding != "utf-8-bom" {
			quirks = append(quirks, "is "+st.encoding)
		}
		if st.hasBOM {
			quirks = append(quirks, "starts with a byte order mark")
		}
		if st.hasCRLF {
			quirks = append(quirks, "has CRLF line ends")
		}
		if len(quirks) > 0 {
			imp.notef("%s: the text %s; normalised, with positions shifted to match", id, strings.Join(quirks, " and "))
		}
		turnsData := project.EncodeTurns(turns)
		meta := &corpus.Source{
			ID: id, Participant: id, Format: "txt", Encoding: st.encoding, Original: "original.txt", OriginalName: origName,
			OriginalSHA256: project.SHA256(data), TextSHA256: project.SHA256(turnsData),
			Turns: len(turns), Chars: corpus.CharCount(turns), Speakers: corpus.Speakers(turns),
			Ingested: c.opts.Now.Add(time.Duration(len(imp.Sources))),
		}
		if meta.Speakers == nil {
			meta.Speakers = []string{}
		}
		src := &ImportedSource{Meta: meta, Turns: turns, Original: data, exact: src0Exact}
		imp.Sources = append(imp.Sources, src)
		if i >= len(xs.Text) {
			c.fromMedia[id] = true
		}
		guid, _ := NormGUID(ts.GUID)
		c.srcByGUID()[guid] = src
		c.keepGUID(kindSource, id, ts.GUID)
		if c.srcByName == nil {
			c.srcByName = map[string]string{}
		}
		if _, ok := c.srcByName[ts.Name]; !ok {
			c.srcByName[ts.Name] = id
		}
		for _, r := range ts.NoteRefs {
			c.attachNote(r.TargetGUID, coding.Target{Kind: coding.TargetSource, Name: id})
		}
		c.sourceCodings(src, st, ts, seenCoding)
	}
	return nil
}

// srcByGUID maps source GUIDs to imported sources (for cases).
func (c *conv) srcByGUID() map[string]*ImportedSource {
	if c.sourceGUIDs == nil {
		c.sourceGUIDs = map[string]*ImportedSource{}
	}
	return c.sourceGUIDs
}

// located is a selection placed on the recovered turns.
type located struct {
	turn, start, end int
	quote            string
}

func (c *conv) sourceCodings(src *ImportedSource, st *sourceText, ts *XTextSource, seenCoding map[string]bool) {
	imp, id, turns := c.imp, src.Meta.ID, src.Turns
	var sels []selPos
	valid := make([]bool, len(ts.Selections))
	for i, s := range ts.Selections {
		a, errA := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s.StartPosition), "+"))
		b, errB := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s.EndPosition), "+"))
		if errA != nil || errB != nil {
			imp.notef("%s: selection %q has positions %q-%q that are not whole numbers; left out", id, s.Name, s.StartPosition, s.EndPosition)
			continue
		}
		valid[i] = true
		sels = append(sels, selPos{start: a, end: b, name: s.Name})
	}
	ch := st.choosePositions(sels, c.origin)
	if msg := ch.describe(id, c.origin); msg != "" {
		imp.notef("%s", msg)
	}
	pos := ch.pos
	u := st.units(pos)
	text := []rune(st.norm)
	al := align(text, turns)
	if len(ts.syncPoints) > 0 {
		c.turnTimes(src, st, al, u, pos, ts.syncPoints)
		src.Meta.TextSHA256 = project.SHA256(project.EncodeTurns(turns))
	}
	plain, offsets := corpus.PlainText(turns)
	c.placed[id] = &placement{st: st, u: u, pos: pos, al: al, text: text, plain: plain, offsets: offsets}
	// Whole-source codings.
	for _, xc := range ts.Codings {
		l := located{turn: 0, start: 0, end: utf8.RuneCountInString(plain), quote: plain}
		c.addCodings(src, l, nil, []XCoding{xc}, "", seenCoding)
		imp.notef("%s: a coding of the whole source is kept as a source-level coding %s:0-%d", id, id, l.end)
	}
	k := 0
	for i := range ts.Selections {
		s := &ts.Selections[i]
		if !valid[i] {
			continue
		}
		sp := sels[k]
		k++
		a, b, ok := toRaw(u, pos, sp.start, sp.end)
		if !ok {
			imp.notef("%s: selection %d-%d (%q) lies outside the text; left out", id, sp.start, sp.end, shorten(s.Name))
			continue
		}
		ns, ne := st.normSpan(a, b)
		orig := substr(text, ns, ne)
		ok = false
		_, refKind, isRef := c.groundedID(s.GUID, idRefSpan, idRefTurn, idRefSource)
		_, codingKind, isCoding := c.groundedID(s.GUID, idCodingSel, idCodingSelSrc)
		fromGrounded := isRef || isCoding || strings.HasPrefix(strings.TrimSpace(s.Description), markCoding)
		var l located
		if src.exact && (codingKind == idCodingSelSrc || refKind == idRefSource) {
			// grounded's own text and turns: a source-level span is the
			// same span of the plain text, wherever its ends fall.
			q, _ := corpus.Slice(plain, ns, ne)
			l, ok = located{turn: 0, start: ns, end: ne, quote: q}, true
		} else {
			l, ok = c.locate(id, al, turns, plain, offsets, ns, ne, orig, fromGrounded)
		}
		if !ok {
			imp.notef("%s: selection %d-%d (%q) covers no words of the transcript (only a speaker label or blank lines); left out", id, sp.start, sp.end, shorten(orig))
			continue
		}
		desc := s.Description
		if isRef {
			desc = "" // the memo's text, which its note carries too
		}
		c.addCodings(src, l, s, s.Codings, desc, seenCoding)
		ref := c.refName(id, s.Description, refKind, l, turns)
		for _, r := range s.NoteRefs {
			c.attachNote(r.TargetGUID, coding.Target{Kind: coding.TargetRef, Name: ref})
		}
		if d := strings.TrimSpace(desc); d != "" && len(s.Codings) == 0 && len(s.NoteRefs) == 0 && !strings.HasPrefix(d, "grounded:") {
			// An annotation (QualCoder, MAXQDA): a selection with a
			// description and no codings is a memo on the passage.
			c.annotations = append(c.annotations, coding.Memo{Target: coding.Target{Kind: coding.TargetRef, Name: ref},
				Author: c.user(s.CreatingUser), Created: c.time(s.CreationDateTime), Body: d})
		}
	}
}

// locate places the span [ns, ne) of the normalised text on the turns.
func (c *conv) locate(id string, al alignment, turns []corpus.Turn, plain string, offsets []int, ns, ne int, orig string, fromGrounded bool) (located, bool) {
	t1, o1, t2, o2, ok := al.locate(ns, ne)
	if !ok {
		return located{}, false
	}
	if t1 != t2 {
		start, end := offsets[t1]+o1, offsets[t2]+o2
		q, _ := corpus.Slice(plain, start, end)
		switch {
		case !fromGrounded: // grounded writes its own source-level codings so
			c.imp.notef("%s: %q crosses turns %d to %d; kept as a source-level coding %s:%d-%d", id, shorten(orig), t1+1, t2+1, id, start, end)
		case fold(q) != fold(orig):
			c.imp.notef("%s: %q crosses turns %d to %d and its ends fall on speaker labels or blank lines; it now covers %q (%s:%d-%d)", id, shorten(orig), t1+1, t2+1, shorten(q), id, start, end)
		}
		return located{turn: 0, start: start, end: end, quote: q}, true
	}
	tt := turns[t1].Text
	q, _ := corpus.Slice(tt, o1, o2)
	if fold(q) == fold(orig) {
		return located{turn: t1 + 1, start: o1, end: o2, quote: q}, true
	}
	// The text at the mapped place differs: look for the selected words
	// in the turn, nearest first.
	if sp, err := coding.FindQuote(corpus.Ref{Source: id, Turn: t1 + 1}, turns, fold(orig)); err == nil {
		c.imp.notef("%s#%d: %q was found at %d-%d", id, t1+1, shorten(orig), sp.Start, sp.End)
		return located{turn: t1 + 1, start: sp.Start, end: sp.End, quote: sp.Quote}, true
	} else if qe := (*coding.QuoteError)(nil); errors.As(err, &qe) && len(qe.Candidates) > 0 {
		best := qe.Candidates[0]
		for _, cand := range qe.Candidates {
			if abs(cand.Start-o1) < abs(best.Start-o1) {
				best = cand
			}
		}
		c.imp.notef("%s#%d: %q occurs %d times; the one nearest its position (%d-%d) is used", id, t1+1, shorten(orig), len(qe.Candidates), best.Start, best.End)
		return located{turn: t1 + 1, start: best.Start, end: best.End, quote: best.Quote}, true
	}
	c.imp.notef("%s#%d: the selection %q includes text that is not part of the turn's words (a speaker label or line breaks); it now covers %q", id, t1+1, shorten(orig), shorten(q))
	return located{turn: t1 + 1, start: o1, end: o2, quote: q}, true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func substr(r []rune, a, b int) string {
	a, b = max(0, min(a, len(r))), max(0, min(b, len(r)))
	if a > b {
		return ""
	}
	return string(r[a:b])
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 50 {
		return string(r[:49]) + "…"
	}
	return s
}

// refName is the reference a note on a selection is about: the one
// grounded wrote (with the source's new id) when it names the same text,
// else the selection's span.
func (c *conv) refName(id, desc string, k idKind, l located, turns []corpus.Turn) string {
	mapped := corpus.Ref{Source: id, Turn: l.turn, HasSpan: true, Start: l.start, End: l.end}
	switch {
	case k == idRefTurn && l.turn > 0 && l.start == 0 && l.end == utf8.RuneCountInString(turns[l.turn-1].Text):
		return corpus.Ref{Source: id, Turn: l.turn}.String()
	case k == idRefSource && l.turn > 0:
		// A source-level reference that lies within one turn: the span
		// in the source's plain text.
		_, offsets := corpus.PlainText(turns)
		return corpus.Ref{Source: id, HasSpan: true, Start: offsets[l.turn-1] + l.start, End: offsets[l.turn-1] + l.end}.String()
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(desc), markRef); ok {
		if r, err := corpus.ParseRef(strings.TrimSpace(rest)); err == nil {
			r.Source = id
			if sp, err := coding.Resolve(r, turns); err == nil && sp.Turn == l.turn && sp.Start == l.start && sp.End == l.end {
				return r.String()
			}
		}
	}
	return mapped.String()
}

// addCodings adds the codings of one selection.
func (c *conv) addCodings(src *ImportedSource, l located, s *XSelection, xcs []XCoding, desc string, seen map[string]bool) {
	imp := c.imp
	groundedID := ""
	memo := ""
	if s != nil {
		groundedID, _, _ = c.groundedID(s.GUID, idCodingSel)
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(desc), markCoding); ok {
		groundedID = strings.TrimSpace(rest)
	} else if strings.TrimSpace(desc) != "" && !strings.HasPrefix(strings.TrimSpace(desc), markRef) {
		memo = strings.TrimSpace(desc)
	}
	for _, xc := range xcs {
		code, ok := c.codeFor(xc.CodeRef.TargetGUID)
		if !ok {
			imp.notef("%s: a coding refers to code %q, but no code in the codebook has that guid; left out", src.Meta.ID, xc.CodeRef.TargetGUID)
			continue
		}
		userGUID, created := xc.CreatingUser, xc.CreationDateTime
		if s != nil {
			if userGUID == "" {
				userGUID = s.CreatingUser
			}
			if created == "" {
				created = s.CreationDateTime
			}
		}
		cd := coding.Coding{Code: code, Source: src.Meta.ID, Turn: l.turn, Start: l.start, End: l.end, Quote: l.quote,
			Coder: c.user(userGUID), Created: c.time(created), Memo: memo}
		id := groundedID
		if gid, _, ok := c.groundedID(xc.GUID, idCoding); ok {
			id = gid
		}
		if len(xcs) != 1 && id == groundedID || id == "" || corpus.ValidateID(id) != nil || seen[id] {
			id = coding.NewID()
		}
		cd.ID = id
		var notes []string
		for _, r := range xc.NoteRefs {
			if nid, _ := NormGUID(r.TargetGUID); nid != "" {
				c.noteCoding[nid] = true
				notes = append(notes, nid)
			}
		}
		spanKey := fmt.Sprintf("%s|%d|%d|%d|%s|%s", cd.Source, cd.Turn, cd.Start, cd.End, codebook.Key(cd.Code), strings.ToLower(cd.Coder))
		if c.spans[spanKey] {
			imp.notef("%s: %q at %s by %s appears twice; kept once", src.Meta.ID, code, cd.Ref(), cd.Coder)
			continue
		}
		if len(notes) > 0 {
			c.codingNotes = append(c.codingNotes, codingNote{coding: len(imp.Codings), notes: notes})
		}
		seen[id] = true
		c.spans[spanKey] = true
		imp.Codings = append(imp.Codings, cd)
	}
}

// codingNote links a coding (by index) to the notes on it.
type codingNote struct {
	coding int
	notes  []string
}
