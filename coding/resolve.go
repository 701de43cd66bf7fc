package coding

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/grounded-qda/grounded/corpus"
)

// Span is a resolved, checked place in a source: a span of one turn (or of
// the plain text when Turn is 0) and the text it covers.
type Span struct {
	Source string
	Turn   int
	Start  int
	End    int
	Quote  string
}

// Ref returns the span's reference.
func (s Span) Ref() corpus.Ref {
	return corpus.Ref{Source: s.Source, Turn: s.Turn, HasSpan: true, Start: s.Start, End: s.End}
}

// RangeError is a reference that does not fit its transcript.
type RangeError struct {
	Ref corpus.Ref
	Msg string
}

func (e *RangeError) Error() string { return fmt.Sprintf("%s: %s", e.Ref, e.Msg) }

// Resolve checks ref against the turns of its source and returns the span
// it names. A whole-turn reference spans the turn's whole text.
func Resolve(ref corpus.Ref, turns []corpus.Turn) (Span, error) {
	if (ref.HasSpan || ref.Turn == 0) && ref.Start > ref.End {
		return Span{}, &RangeError{ref, fmt.Sprintf("start %d is after end %d", ref.Start, ref.End)}
	}
	if ref.Turn == 0 {
		text, _ := corpus.PlainText(turns)
		q, ok := corpus.Slice(text, ref.Start, ref.End)
		if !ok {
			return Span{}, &RangeError{ref, fmt.Sprintf("span %d-%d is past the end of the source's plain text (%d code points)", ref.Start, ref.End, len([]rune(text)))}
		}
		return Span{Source: ref.Source, Start: ref.Start, End: ref.End, Quote: q}, nil
	}
	if ref.Turn < 0 || ref.Turn > len(turns) {
		return Span{}, &RangeError{ref, fmt.Sprintf("turn %d does not exist (the source has %d turns)", ref.Turn, len(turns))}
	}
	t := turns[ref.Turn-1]
	if !ref.HasSpan {
		return Span{Source: ref.Source, Turn: ref.Turn, Start: 0, End: t.Len(), Quote: t.Text}, nil
	}
	q, ok := corpus.Slice(t.Text, ref.Start, ref.End)
	if !ok {
		return Span{}, &RangeError{ref, fmt.Sprintf("span %d-%d is past the end of turn %d (%d code points)", ref.Start, ref.End, ref.Turn, t.Len())}
	}
	return Span{Source: ref.Source, Turn: ref.Turn, Start: ref.Start, End: ref.End, Quote: q}, nil
}

// ErrQuoteNotFound and ErrQuoteAmbiguous are returned by FindQuote.
var (
	ErrQuoteNotFound  = errors.New("quote not found")
	ErrQuoteAmbiguous = errors.New("quote is ambiguous")
)

// QuoteError explains a quote that was not found, or found more than once.
type QuoteError struct {
	Quote      string
	Where      string
	Candidates []Span
	// Near are, for a quote not found, the passages of the source most
	// like it (at most three, most alike first).
	Near []Span
	// Context holds, for each of Candidates and then Near, the words
	// around it with the passage marked [[like this]].
	Context []string
	Err     error
}

func (e *QuoteError) Error() string {
	q := e.Quote
	if len([]rune(q)) > 60 {
		q = string([]rune(q)[:57]) + "..."
	}
	if errors.Is(e.Err, ErrQuoteAmbiguous) {
		var b strings.Builder
		fmt.Fprintf(&b, "the quote %q occurs %d times in %s; give the turn (e.g. %s) or a longer quote. Candidates:", q, len(e.Candidates), e.Where, e.Candidates[0].Ref())
		for i, c := range e.Candidates {
			fmt.Fprintf(&b, "\n  %s", c.Ref())
			if i < len(e.Context) {
				fmt.Fprintf(&b, "  %s", e.Context[i])
			}
		}
		return b.String()
	}
	if len(e.Near) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "the quote %q is not in %s; did you mean", q, e.Where)
		for i, c := range e.Near {
			fmt.Fprintf(&b, "\n  %s: %s", c.Ref(), e.Context[len(e.Candidates)+i])
		}
		return b.String()
	}
	return fmt.Sprintf("the quote %q is not in %s", q, e.Where)
}

func (e *QuoteError) Unwrap() error { return e.Err }

// FindQuote looks for quote in the turns that ref names: one turn when
// ref.Turn > 0 (and, if ref has a span, inside that span), every turn when
// ref.Turn is 0 and ref has no span. An exact match is preferred; failing
// that, a match that ignores differences in white space and in straight
// versus typographic quote marks and dashes. The quote must occur exactly
// once.
func FindQuote(ref corpus.Ref, turns []corpus.Turn, quote string) (Span, error) {
	if strings.TrimSpace(quote) == "" {
		return Span{}, errors.New("the quote is empty")
	}
	// Transcripts are stored in NFC; a quote pasted in another form
	// (e.g. with combining accents) must still match.
	quote = norm.NFC.String(quote)
	var first, last int // turn range, 1-based inclusive
	where := fmt.Sprintf("source %s", ref.Source)
	if ref.Turn != 0 {
		if ref.Turn < 0 || ref.Turn > len(turns) {
			return Span{}, &RangeError{ref, fmt.Sprintf("turn %d does not exist (the source has %d turns)", ref.Turn, len(turns))}
		}
		first, last = ref.Turn, ref.Turn
		where = fmt.Sprintf("%s#%d", ref.Source, ref.Turn)
	} else {
		first, last = 1, len(turns)
	}
	for _, loose := range []bool{false, true} {
		var found []Span
		for n := first; n <= last; n++ {
			text := turns[n-1].Text
			for _, m := range match(text, quote, loose) {
				if ref.Turn > 0 && ref.HasSpan && (m[0] < ref.Start || m[1] > ref.End) {
					continue
				}
				q, _ := corpus.Slice(text, m[0], m[1])
				found = append(found, Span{Source: ref.Source, Turn: n, Start: m[0], End: m[1], Quote: q})
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			qe := &QuoteError{Quote: quote, Where: where, Candidates: found, Err: ErrQuoteAmbiguous}
			for _, f := range found {
				qe.Context = append(qe.Context, around(turns[f.Turn-1].Text, f.Start, f.End))
			}
			return Span{}, qe
		}
	}
	qe := &QuoteError{Quote: quote, Where: where, Err: ErrQuoteNotFound}
	qe.Near = nearPassages(ref.Source, turns, quote, 3)
	for _, n := range qe.Near {
		qe.Context = append(qe.Context, around(turns[n.Turn-1].Text, n.Start, n.End))
	}
	return Span{}, qe
}

// match returns the [start, end) code-point spans where quote occurs in
// text, exactly or loosely.
func match(text, quote string, loose bool) [][2]int {
	if !loose {
		var out [][2]int
		n := len([]rune(quote))
		for _, s := range corpus.Find(text, quote) {
			out = append(out, [2]int{s, s + n})
		}
		return out
	}
	tn, tmap := fold(text)
	qn, _ := fold(quote)
	qs := strings.TrimSpace(string(qn))
	if qs == "" {
		return nil
	}
	var out [][2]int
	qlen := len([]rune(qs))
	for _, s := range corpus.Find(string(tn), qs) {
		out = append(out, [2]int{tmap[s], tmap[s+qlen-1] + 1})
	}
	return out
}

// fold maps typographic quotes and dashes to ASCII and white-space runs to
// one space. It returns the folded runes and, for each, the index of the
// rune of s it came from.
func fold(s string) ([]rune, []int) {
	var out []rune
	var idx []int
	i := 0
	space := false
	for _, r := range s {
		switch r {
		case '‘', '’', '‚', '‛', '′':
			r = '\''
		case '“', '”', '„', '‟', '″':
			r = '"'
		case '–', '—', '‒', '―', '−':
			r = '-'
		case '\u00a0':
			r = ' '
		case '…':
			// "..." and "…" are the same.
			out = append(out, '.', '.', '.')
			idx = append(idx, i, i, i)
			space = false
			i++
			continue
		}
		if r == '-' {
			// " -- ", "—" and "-" are the same dash: one dash, without
			// the spaces around it.
			if n := len(out); n > 0 && out[n-1] == ' ' {
				out, idx = out[:n-1], idx[:n-1]
			}
			if n := len(out); n > 0 && out[n-1] == '-' {
				i++
				space = true // swallow the spaces after it
				continue
			}
			out = append(out, r)
			idx = append(idx, i)
			space = true
			i++
			continue
		}
		if unicode.IsSpace(r) {
			if !space {
				out = append(out, ' ')
				idx = append(idx, i)
			}
			space = true
		} else {
			out = append(out, r)
			idx = append(idx, i)
			space = false
		}
		i++
	}
	return out, idx
}

// Reanchor places codings of one source on a replaced transcript. A coding
// whose quote is still at its position stays; otherwise its quote is looked
// for in the same turn (nearest to the old position), then in every turn
// (nearest turn first); a quote that is not found, or found at two places
// equally near, leaves the coding orphaned at its old position. It returns
// the new codings and how many moved and how many are orphaned.
func Reanchor(cs []Coding, turns []corpus.Turn) (out []Coding, moved, orphaned int) {
	text, offsets := corpus.PlainText(turns)
	for _, c := range cs {
		nc := c
		if sp, ok := anchor(c, turns, text, offsets); ok {
			nc.Turn, nc.Start, nc.End, nc.Orphaned = sp.Turn, sp.Start, sp.End, false
			if sp.Quote != "" {
				nc.Quote = sp.Quote
			}
			if nc.Turn != c.Turn || nc.Start != c.Start || nc.End != c.End || c.Orphaned {
				moved++
			}
		} else {
			nc.Orphaned = true
			orphaned++
		}
		out = append(out, nc)
	}
	return out, moved, orphaned
}

func anchor(c Coding, turns []corpus.Turn, text string, offsets []int) (Span, bool) {
	if c.Turn == 0 {
		if q, ok := corpus.Slice(text, c.Start, c.End); ok && q == c.Quote {
			return Span{Turn: 0, Start: c.Start, End: c.End}, true
		}
		best := nearest(corpus.Find(text, c.Quote), c.Start)
		if best < 0 {
			return Span{}, false
		}
		return Span{Turn: 0, Start: best, End: best + len([]rune(c.Quote))}, true
	}
	if c.Turn >= 1 && c.Turn <= len(turns) {
		if q, ok := corpus.Slice(turns[c.Turn-1].Text, c.Start, c.End); ok && q == c.Quote {
			return Span{Turn: c.Turn, Start: c.Start, End: c.End}, true
		}
	}
	n := len([]rune(c.Quote))
	if c.Quote == "" {
		return Span{}, false
	}
	// Search outwards from the old turn, nearest turns first.
	for d := 0; d <= max(c.Turn, len(turns)); d++ {
		cands := []int{c.Turn - d}
		if d > 0 {
			cands = append(cands, c.Turn+d)
		}
		var hits []Span
		for _, t := range cands {
			if t < 1 || t > len(turns) {
				continue
			}
			pos := corpus.Find(turns[t-1].Text, c.Quote)
			if len(pos) == 0 {
				continue
			}
			best := nearest(pos, c.Start)
			if best < 0 {
				return Span{}, false // two places equally near: do not guess
			}
			hits = append(hits, Span{Turn: t, Start: best, End: best + n})
		}
		switch len(hits) {
		case 1:
			return hits[0], true
		case 2:
			return Span{}, false // equally near in two turns: do not guess
		}
	}
	return wholeTurn(c, turns)
}

// wholeTurn re-anchors a coding of a whole turn (its span starts the turn)
// whose turn lost only some junk (a stray label line, a transcriber's
// note): the new turn nearest to the old one whose whole text is part of
// the old quote and makes at least half of it. Two such turns equally
// near are not guessed between.
func wholeTurn(c Coding, turns []corpus.Turn) (Span, bool) {
	if c.Turn < 1 || c.Start != 0 {
		return Span{}, false
	}
	qn := len([]rune(c.Quote))
	var best []Span
	bestD := -1
	for i, t := range turns {
		text := strings.TrimSpace(t.Text)
		n := len([]rune(t.Text))
		if text == "" || 2*len([]rune(text)) < qn || !strings.Contains(c.Quote, text) {
			continue
		}
		d := i + 1 - c.Turn
		if d < 0 {
			d = -d
		}
		sp := Span{Source: c.Source, Turn: i + 1, Start: 0, End: n, Quote: t.Text}
		switch {
		case bestD < 0 || d < bestD:
			best, bestD = []Span{sp}, d
		case d == bestD:
			best = append(best, sp)
		}
	}
	if len(best) != 1 {
		return Span{}, false
	}
	return best[0], true
}

// nearest returns the position in pos closest to want, or -1 when pos is
// empty or two positions are equally close.
func nearest(pos []int, want int) int {
	best, bestD, tie := -1, -1, false
	for _, p := range pos {
		d := p - want
		if d < 0 {
			d = -d
		}
		switch {
		case bestD < 0 || d < bestD:
			best, bestD, tie = p, d, false
		case d == bestD:
			tie = true
		}
	}
	if tie {
		return -1
	}
	return best
}
