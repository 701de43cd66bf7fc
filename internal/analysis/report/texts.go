package report

import (
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Texts holds the turns of sources so that codings can be placed in them.
// A coding normally lies in one turn (Turn > 0, offsets inside the turn's
// text); a coding with Turn 0 has offsets in the source's plain text
// (corpus.PlainText) and lies in every turn whose text its span touches.
type Texts struct {
	turns   map[string][]corpus.Turn
	offsets map[string][]int
	lengths map[string]int
}

// NewTexts returns the Texts of the given turns, by source id.
func NewTexts(turns map[string][]corpus.Turn) *Texts {
	t := &Texts{turns: turns, offsets: map[string][]int{}, lengths: map[string]int{}}
	for id, ts := range turns {
		text, offs := corpus.PlainText(ts)
		t.offsets[id] = offs
		t.lengths[id] = len([]rune(text))
	}
	return t
}

// Turns returns the turns of a source (nil when unknown).
func (t *Texts) Turns(source string) []corpus.Turn {
	if t == nil {
		return nil
	}
	return t.turns[source]
}

// Len returns the length in code points of a source's plain text.
func (t *Texts) Len(source string) int {
	if t == nil {
		return 0
	}
	return t.lengths[source]
}

// TurnsOf returns the numbers of the turns a coding lies in: its Turn, or
// for a source-level coding the turns whose text its span touches (an empty
// span touches the turn it stands in). It returns nil when the coding
// cannot be placed.
func (t *Texts) TurnsOf(c coding.Coding) []int {
	if c.Turn > 0 {
		return []int{c.Turn}
	}
	if t == nil {
		return nil
	}
	offs, ts := t.offsets[c.Source], t.turns[c.Source]
	var out []int
	for i, off := range offs {
		end := off + ts[i].Len()
		touches := c.Start < end && off < c.End
		if c.Start == c.End {
			touches = off <= c.Start && c.Start <= end
		}
		if touches {
			out = append(out, ts[i].N)
		}
	}
	return out
}

// SourceSpan returns a coding's span as offsets in its source's plain text
// (corpus.PlainText). ok is false when the source's turns are not known or
// the coding lies outside them.
func (t *Texts) SourceSpan(c coding.Coding) (start, end int, ok bool) {
	if t == nil {
		return 0, 0, false
	}
	offs, known := t.offsets[c.Source]
	if !known {
		return 0, 0, false
	}
	if c.Turn == 0 {
		return c.Start, c.End, 0 <= c.Start && c.Start <= c.End && c.End <= t.lengths[c.Source]
	}
	if c.Turn > len(offs) {
		return 0, 0, false
	}
	tn := t.turns[c.Source][c.Turn-1]
	if c.Start < 0 || c.Start > c.End || c.End > tn.Len() {
		return 0, 0, false
	}
	return offs[c.Turn-1] + c.Start, offs[c.Turn-1] + c.End, true
}

// overlaps reports whether two codings share a character: coding.Overlaps
// for codings in the same turn, else a comparison of their source-level
// spans when one of them has source-level offsets.
func (t *Texts) overlaps(a, b coding.Coding) bool {
	if a.Source != b.Source {
		return false
	}
	if a.Turn > 0 && b.Turn > 0 {
		return coding.Overlaps(a, b)
	}
	as, ae, ok1 := t.SourceSpan(a)
	bs, be, ok2 := t.SourceSpan(b)
	if !ok1 || !ok2 {
		return coding.Overlaps(a, b)
	}
	x := a
	y := b
	x.Turn, x.Start, x.End = 0, as, ae
	y.Turn, y.Start, y.End = 0, bs, be
	return coding.Overlaps(x, y)
}
