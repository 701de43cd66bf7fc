package report

import (
	"sync"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Texts holds the turns of sources so that codings can be placed in them.
// A coding normally lies in one turn (Turn > 0, offsets inside the turn's
// text); a coding with Turn 0 has offsets in the source's plain text
// (corpus.PlainText) and lies in every turn whose text its span touches.
//
// Where each turn starts in a source's plain text is computed the first
// time a coding of that source needs it, from the turns' lengths, without
// building the text: a report whose codings all lie in single turns never
// counts a character. A Texts may be used by several goroutines.
type Texts struct {
	turns  map[string][]corpus.Turn
	mu     sync.Mutex
	placed map[string]*placement
}

// placement is where a source's turns stand in its plain text.
type placement struct {
	offsets []int // of each turn's text, in code points
	length  int   // of the whole plain text, in code points
}

// NewTexts returns the Texts of the given turns, by source id.
func NewTexts(turns map[string][]corpus.Turn) *Texts {
	return &Texts{turns: turns, placed: map[string]*placement{}}
}

// place returns the placement of a source's turns; ok is false when the
// source's turns are not known.
func (t *Texts) place(source string) (pl *placement, ok bool) {
	ts, ok := t.turns[source]
	if !ok {
		return nil, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if pl = t.placed[source]; pl == nil {
		pl = placeTurns(ts)
		t.placed[source] = pl
	}
	return pl, true
}

// placeTurns computes what corpus.PlainText would give as offsets, and the
// length of its text, by the same arithmetic: turns joined by a blank
// line, each preceded by "Speaker: " when it has a speaker. The pieces are
// joined with ASCII, so the code points of the text are those of its
// pieces (TestPlaceTurnsSameAsPlainText).
func placeTurns(turns []corpus.Turn) *placement {
	pl := &placement{offsets: make([]int, len(turns))}
	pos := 0
	for i, t := range turns {
		if i > 0 {
			pos += 2
		}
		if t.Speaker != "" {
			pos += utf8.RuneCountInString(t.Speaker) + 2
		}
		pl.offsets[i] = pos
		pos += t.Len()
	}
	pl.length = pos
	return pl
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
	if pl, ok := t.place(source); ok {
		return pl.length
	}
	return 0
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
	pl, known := t.place(c.Source)
	if !known {
		return nil
	}
	offs, ts := pl.offsets, t.turns[c.Source]
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
	pl, known := t.place(c.Source)
	if !known {
		return 0, 0, false
	}
	offs := pl.offsets
	if c.Turn == 0 {
		return c.Start, c.End, 0 <= c.Start && c.Start <= c.End && c.End <= pl.length
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
