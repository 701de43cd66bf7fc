package refi

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// textsOf returns the text sources of a document: its TextSources, then
// each transcript of its audio and video sources and the text
// representation of each PDF source, as text sources with their
// selections. What of those sources has no text (media selections,
// codings of a whole media file, regions of PDF pages, sync-point times)
// is counted as not kept. alias maps the GUID of a media or PDF source to
// the GUID of the text source that stands for it.
func (c *conv) textsOf(xs *XSources) (texts []XTextSource, alias map[string]string) {
	alias = map[string]string{}
	texts = append(texts, xs.Text...)
	if n := len(xs.Picture); n > 0 {
		c.imp.notef("%d picture source(s) are not imported: they hold no text, and grounded codes text", n)
	}
	media := func(kind string, ms []XMediaSource) {
		for _, m := range ms {
			c.dropN("codings of a whole "+kind+" file", len(m.Codings))
			c.dropN("selections of "+kind+" time spans (with their codings)", len(m.AudioSelections)+len(m.VideoSelections))
			if len(m.Transcripts) == 0 {
				c.imp.notef("%s source %q has no transcript; not imported (grounded reads the text of transcripts)", kind, m.Name)
				continue
			}
			for i, tr := range m.Transcripts {
				ts := c.transcript(m, tr, kind)
				if len(m.Transcripts) > 1 {
					ts.Name = fmt.Sprintf("%s %d", ts.Name, i+1)
				}
				if i == 0 {
					ts.NoteRefs = append(ts.NoteRefs, m.NoteRefs...)
					ts.VariableValues = m.VariableValues
					if g, ok := NormGUID(m.GUID); ok {
						alias[g], _ = NormGUID(ts.GUID) // sources are found by normalised GUID
					}
				}
				texts = append(texts, ts)
				c.transcripts++
			}
		}
	}
	media("audio", xs.Audio)
	media("video", xs.Video)
	for _, p := range xs.PDF {
		c.dropN("regions of PDF pages (with their codings)", len(p.PDFSelections))
		c.dropN("codings of a whole PDF file", len(p.Codings))
		if p.Representation == nil {
			c.imp.notef("PDF source %q has no text representation; not imported (grounded reads text)", p.Name)
			continue
		}
		ts := *p.Representation
		ts.Name = stripExt(firstNonEmpty(p.Name, ts.Name))
		ts.Description = strings.TrimSpace(strings.Join([]string{p.Description, ts.Description}, "\n\n"))
		ts.NoteRefs = append(ts.NoteRefs, p.NoteRefs...)
		ts.VariableValues = append(ts.VariableValues, p.VariableValues...)
		if g, ok := NormGUID(p.GUID); ok {
			alias[g], _ = NormGUID(ts.GUID)
		}
		texts = append(texts, ts)
		c.transcripts++
	}
	return texts, alias
}

// transcript converts a transcript into a text source: a selection runs
// from its start sync point's position to its end sync point's.
func (c *conv) transcript(m XMediaSource, tr XTranscript, kind string) XTextSource {
	ts := XTextSource{GUID: tr.GUID, Name: stripExt(firstNonEmpty(m.Name, tr.Name)), RichTextPath: tr.RichTextPath, PlainTextPath: tr.PlainTextPath,
		CreatingUser: firstNonEmpty(tr.CreatingUser, m.CreatingUser), CreationDateTime: firstNonEmpty(tr.CreationDateTime, m.CreationDateTime),
		Description: strings.TrimSpace(strings.Join([]string{m.Description, tr.Description}, "\n\n")), PlainTextContent: tr.PlainTextContent,
		NoteRefs: tr.NoteRefs}
	pos := map[string]string{}
	for _, sp := range tr.SyncPoints {
		if g, ok := NormGUID(sp.GUID); ok {
			pos[g] = sp.Position
		}
	}
	ts.syncPoints = tr.SyncPoints
	for _, s := range tr.Selections {
		from, _ := NormGUID(s.FromSyncPoint)
		to, _ := NormGUID(s.ToSyncPoint)
		a, okA := pos[from]
		b, okB := pos[to]
		if _, err := strconv.Atoi(a); !okA || !okB || err != nil {
			c.imp.notef("%s transcript %q: selection %q has no usable sync points (%s to %s); left out with its %d coding(s)", kind, ts.Name, s.Name, s.FromSyncPoint, s.ToSyncPoint, len(s.Codings))
			continue
		}
		ts.Selections = append(ts.Selections, XSelection{GUID: s.GUID, Name: s.Name, StartPosition: a, EndPosition: b,
			CreatingUser: s.CreatingUser, CreationDateTime: s.CreationDateTime, Description: s.Description, Codings: s.Codings, NoteRefs: s.NoteRefs})
	}
	return ts
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// groundedTurns reads the turns grounded wrote beside a source text (see
// turnsPath), when the archive has them and the text is still exactly
// their plain text; otherwise it reports false and the text is parsed.
func (c *conv) groundedTurns(a *Archive, textName string, st *sourceText) ([]corpus.Turn, bool) {
	if a == nil || textName == "" || !a.Has(turnsPath(textName)) {
		return nil, false
	}
	b, err := a.ReadFile(turnsPath(textName))
	if err != nil {
		return nil, false
	}
	turns, err := coding.ReadJSONL[corpus.Turn](turnsPath(textName), bytes.NewReader(b))
	if err != nil || len(turns) == 0 {
		c.imp.notef("%s: %v; the text is read as plain text instead", turnsPath(textName), err)
		return nil, false
	}
	for i, t := range turns {
		if t.N != i+1 {
			c.imp.notef("%s: turn %d is numbered %d; the text is read as plain text instead", turnsPath(textName), i+1, t.N)
			return nil, false
		}
	}
	if plain, _ := corpus.PlainText(turns); plain != strings.TrimRight(st.norm, "\n") {
		c.imp.notef("%s: the text was changed since grounded wrote its turns; it is read as plain text instead", textName)
		return nil, false
	}
	return turns, true
}

// turnTimes sets the start time of each turn that a sync point of the
// transcript marks (its position is the turn's first word, or the label or
// blank lines before it), counted with the source's position system p;
// the sync points that mark no turn start are counted as not kept.
func (c *conv) turnTimes(src *ImportedSource, st *sourceText, al alignment, u []int, p positions, sps []XSyncPoint) {
	lost := 0
	for _, sp := range sps {
		ms, err1 := strconv.Atoi(strings.TrimSpace(sp.TimeStamp))
		at, err2 := strconv.Atoi(strings.TrimSpace(sp.Position))
		if sp.TimeStamp == "" {
			continue
		}
		a, _, ok := toRaw(u, p, at, at)
		if err1 != nil || err2 != nil || ms < 0 || !ok {
			lost++
			continue
		}
		q := st.normStart[a]
		for q < len(al.turn) && al.turn[q] < 0 {
			q++
		}
		if q >= len(al.turn) || al.off[q] != 0 {
			lost++
			continue
		}
		t := &src.Turns[al.turn[q]]
		if t.Start == "" {
			t.Start = clock(ms)
		}
	}
	c.dropN("sync-point times that mark no turn's start (grounded keeps a time per turn)", lost)
}

// clock writes milliseconds as HH:MM:SS.mmm, as turn times are written.
func clock(ms int) string {
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// placement is how a source's positions map to its turns, kept for the
// notes that hold a selection of it.
type placement struct {
	st      *sourceText
	u       []int
	pos     positions
	al      alignment
	text    []rune
	plain   string
	offsets []int
}

// noteSpan places the first selection a note holds on the source the note
// is about (QualCoder writes an annotation so: a Note holding a
// PlainTextSelection of the source that links to it). It returns the
// reference, or false when the note holds no usable selection.
func (c *conv) noteSpan(srcID string, n *XTextSource) (string, bool) {
	pl := c.placed[srcID]
	if pl == nil || len(n.Selections) == 0 {
		return "", false
	}
	s := n.Selections[0]
	a, errA := strconv.Atoi(strings.TrimSpace(s.StartPosition))
	b, errB := strconv.Atoi(strings.TrimSpace(s.EndPosition))
	if errA != nil || errB != nil {
		return "", false
	}
	ra, rb, ok := toRaw(pl.u, pl.pos, a, b)
	if !ok {
		return "", false
	}
	ns, ne := pl.st.normSpan(ra, rb)
	var src *ImportedSource
	for _, s := range c.imp.Sources {
		if s.Meta.ID == srcID {
			src = s
		}
	}
	if src == nil {
		return "", false
	}
	if _, _, isRef := c.groundedID(s.GUID, idRefSource); isRef && src.exact {
		return corpus.Ref{Source: srcID, HasSpan: true, Start: ns, End: ne}.String(), true
	}
	l, ok := c.locate(srcID, pl.al, src.Turns, pl.plain, pl.offsets, ns, ne, substr(pl.text, ns, ne), true)
	if !ok {
		return "", false
	}
	_, k, _ := c.groundedID(s.GUID, idRefSpan, idRefTurn, idRefSource)
	return c.refName(srcID, "", k, l, src.Turns), true
}
