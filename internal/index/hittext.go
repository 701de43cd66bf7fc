package index

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strconv"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// The text of a hit
//
// The index does not store the turns' text: the project holds it, in
// each source's turns.jsonl, and a second copy in the index would be as
// large as the text itself. What the index keeps of the text is what a
// search needs: its terms, and their positions and byte offsets (term
// vectors), for phrases and highlights; and, stored with each document,
// the hash of the turn's whole text it was made from (textHash; a chunk
// of a long turn holds the hash of the whole turn).
//
// A hit's Text is read from the project when the page of hits is known:
// the turns of the page's sources only, each source read once per search
// (p.ReadTurns). Its Highlights are bleve's byte offsets, computed when
// the turn was indexed, turned into spans of that text. They are right
// only if the text read is the text indexed, so the hash of the turn read
// is compared with the hash the document stored, and a difference fails
// the search with an error matching ErrStale rather than highlight the
// wrong words. Sync re-indexes a changed source before a search, so this
// happens only when the project changed after the Sync (it should not,
// under the project's lock) or when the index could not be updated (a
// read-only project with an out-of-date index).

// ErrStale is matched (errors.Is) by the error of a Search whose hit is a
// turn whose text in the project is no longer the text that was indexed,
// or that is no longer in the project: the index must be brought up to
// date (Sync, or Rebuild) before the search can show it.
var ErrStale = errors.New("the search index is out of date")

// StaleError is the error of a Search that found a turn whose text
// changed since it was indexed (see ErrStale).
type StaleError struct {
	Ref    string // the turn, SRC#N
	Reason string
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("the search index is out of date: turn %s %s; it must be updated before its hits can be shown", e.Ref, e.Reason)
}

func (e *StaleError) Is(target error) bool { return target == ErrStale }

// textHash is the hash of a turn's text that its documents store: FNV-64a,
// in hexadecimal.
func textHash(text string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(text))
	return strconv.FormatUint(h.Sum64(), 16)
}

// locationSpans returns the byte ranges of a document's term locations in
// its text field, moved by off bytes (the offset of a chunk in its turn).
func locationSpans(locs search.TermLocationMap, off int, out []Span) []Span {
	for _, ls := range locs {
		for _, l := range ls {
			if s, e := int(l.Start), int(l.End); s < e {
				out = append(out, Span{off + s, off + e})
			}
		}
	}
	return out
}

// turnTexts reads the text of turns from the project for one search,
// each source's turns once.
type turnTexts struct {
	p     *project.Project
	turns map[string][]corpus.Turn
}

func newTurnTexts(p *project.Project) *turnTexts {
	return &turnTexts{p: p, turns: map[string][]corpus.Turn{}}
}

// text returns the text of turn n of source src, which was indexed with
// the text hash hash (a *StaleError when it is not that text any more).
func (tt *turnTexts) text(src string, n int, hash string) (string, error) {
	ref := DocID(src, n)
	if hash == "" {
		return "", damaged(fmt.Sprintf("turn %s has no text hash", ref))
	}
	if tt.p == nil {
		return "", errors.New("search index: searched before it was synced with a project")
	}
	turns, ok := tt.turns[src]
	if !ok {
		if err := corpus.ValidateID(src); err != nil {
			return "", damaged(fmt.Sprintf("document %s: %v", ref, err))
		}
		// The checksum of source.yaml is not checked: the hash of each
		// turn's text, which the index stored, is.
		var err error
		turns, err = tt.p.ReadTurns(&corpus.Source{ID: src})
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "", &StaleError{Ref: ref, Reason: "is no longer in the project"}
		case err != nil:
			return "", fmt.Errorf("source %s: %w", src, err)
		}
		tt.turns[src] = turns
	}
	if n < 1 || n > len(turns) {
		return "", &StaleError{Ref: ref, Reason: "is no longer in the project"}
	}
	text := turns[n-1].Text
	if textHash(text) != hash {
		return "", &StaleError{Ref: ref, Reason: "has changed since it was indexed"}
	}
	return text, nil
}

// fill sets the Text of each hit from the project and its Highlights from
// the byte ranges its document's term locations gave (Hit.spans).
func (tt *turnTexts) fill(hits []Hit) error {
	for i := range hits {
		h := &hits[i]
		text, err := tt.text(h.Source, h.Turn, h.hash)
		if err != nil {
			return err
		}
		h.Text = text
		h.Highlights = spansToRunes(text, h.spans)
		h.spans, h.hash = nil, ""
	}
	return nil
}
