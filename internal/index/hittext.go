package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// The text of a hit
//
// The index does not store the turns' text: the project holds it, in
// each source's turns.jsonl, and a second copy in the index would be as
// large as the text itself. What the index keeps of the text is what a
// search needs: its terms, and their positions (term vectors, without
// byte offsets: positions.go), for phrases and highlights; and, stored
// with each document,
// the hash of the turn it was made from (turnHash: of its speaker,
// timestamp and whole text; a chunk of a long turn holds the hash of the
// whole turn). The speaker and timestamp are not stored either: a hit's
// come from its turn, as its text does.
//
// A hit's Speaker, Start and Text are read from the project when the page
// of hits is known. Each document also stores where its turn's line was
// in turns.jsonl when it was indexed (fieldLine: its byte offset and
// length), and a hit's turn is read from there alone: those bytes and the
// one on either side (a newline, or the start of the file), with one
// pread, decoded, and taken when they are a whole line holding turn N
// whose hash is the one stored. Any other bytes there (the file was
// rewritten and its lines moved, or a document of an older index has no
// line) and the source's turns.jsonl is read as before: read once per
// search, and of it only the lines of the hits' turns decoded (line N is
// turn N in the files grounded writes; a file where it is not is read
// whole, as p.ReadTurns reads it). So a stale offset costs a read, and is
// never shown: what is shown passed the hash check either way.
//
// A hit's Highlights are the words of the text read at the positions its
// document's term locations give (positions.go), turned into spans of
// code points. They are right only if the text read is the text indexed, so the
// hash of the turn read is compared with the hash the document stored,
// and a difference fails the search with an error matching ErrStale
// rather than highlight the wrong words (or show a speaker the index did
// not match). Sync re-indexes a changed source before a search, so this
// happens only when the project changed after the Sync (it should not,
// under the project's lock) or when the index could not be updated (a
// read-only project with an out-of-date index).

// ErrStale is matched (errors.Is) by the error of a Search whose hit is a
// turn whose speaker, timestamp or text in the project are no longer those
// that were indexed, or that is no longer in the project: the index must be brought up to
// date (Sync, or Rebuild) before the search can show it.
var ErrStale = errors.New("the search index is out of date")

// StaleError is the error of a Search that found a turn that changed, or
// is gone, since it was indexed (see ErrStale).
type StaleError struct {
	Ref    string // the turn, SRC#N
	Reason string
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("the search index is out of date: turn %s %s; it must be updated before its hits can be shown", e.Ref, e.Reason)
}

func (e *StaleError) Is(target error) bool { return target == ErrStale }

// turnHash is the hash of a turn that its documents store: FNV-64a of its
// speaker, timestamp and text, each preceded by its length in bytes (8
// bytes, little-endian), in hexadecimal.
func turnHash(t corpus.Turn) string {
	h := fnv.New64a()
	for _, s := range [...]string{t.Speaker, t.Start, t.Text} {
		_, _ = h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(s))))
		_, _ = h.Write([]byte(s))
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// turnTexts reads the text of turns from the project for one search:
// each at its line (lineLoc) in its source's turns.jsonl, opened once per
// search, or else each source's turns.jsonl read whole, once.
type turnTexts struct {
	p       *project.Project
	sources map[string]*turnsFile
	open    map[string]*os.File // nil: could not be opened
	buf     []byte
	// whole, when set, counts the turns.jsonl files read whole (for the
	// tests: Index.wholeReads).
	whole *atomic.Int64
}

// lineLoc is where a turn's line was in its turns.jsonl when it was
// indexed: its byte offset and its length without the newline; n is 0
// when the document does not say.
type lineLoc struct{ off, n int64 }

// maxLineRead bounds the bytes read at a stored line: a longer turn's
// file is read as before.
const maxLineRead = 1 << 20

// formatLineLoc is the stored form of a lineLoc, "OFFSET LENGTH".
func formatLineLoc(off, n int) string {
	return strconv.Itoa(off) + " " + strconv.Itoa(n)
}

// parseLineLoc parses formatLineLoc's form; the zero lineLoc when s is
// not one.
func parseLineLoc(s string) lineLoc {
	a, b, ok := strings.Cut(s, " ")
	off, err1 := strconv.ParseInt(a, 10, 64)
	n, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || off < 0 || n <= 0 {
		return lineLoc{}
	}
	return lineLoc{off, n}
}

// turnLines returns the stored lineLoc of each of the n turns of source
// src, as its turns.jsonl holds them now: nil when the file cannot be
// read or does not hold n lines. A line is not checked to hold its turn:
// the search checks what it reads there (turnTexts.atLine).
func turnLines(p *project.Project, src string, n int) []string {
	data, err := p.ReadFileRel(project.SourceRel(src, project.SourceTurnsFile))
	if err != nil {
		return nil
	}
	out := make([]string, 0, n)
	for pos := 0; pos < len(data); {
		i := bytes.IndexByte(data[pos:], '\n')
		if i < 0 || len(out) == n {
			return nil // no newline at the end, or more lines than turns
		}
		out = append(out, formatLineLoc(pos, i))
		pos += i + 1
	}
	if len(out) != n {
		return nil
	}
	return out
}

// atLine returns turn n of source src read at loc, when the bytes there
// are a whole line of its turns.jsonl holding turn n with the hash hash;
// ok is false otherwise, or when the file cannot be read.
func (tt *turnTexts) atLine(src string, n int, hash string, loc lineLoc) (t corpus.Turn, ok bool) {
	if loc.n <= 0 || loc.n > maxLineRead {
		return t, false
	}
	f, seen := tt.open[src]
	if !seen {
		f, _ = tt.p.OpenFileRel(project.SourceRel(src, project.SourceTurnsFile))
		if tt.open == nil {
			tt.open = map[string]*os.File{}
		}
		tt.open[src] = f
	}
	if f == nil {
		return t, false
	}
	// The byte before the line (unless it is the first) and the newline
	// after it.
	from := max(loc.off-1, 0)
	size := int(loc.off + loc.n + 1 - from)
	if cap(tt.buf) < size {
		tt.buf = make([]byte, size)
	}
	b := tt.buf[:size]
	if _, err := f.ReadAt(b, from); err != nil {
		return t, false
	}
	if loc.off > 0 {
		if b[0] != '\n' {
			return t, false
		}
		b = b[1:]
	}
	if b[len(b)-1] != '\n' {
		return t, false
	}
	ts, err := coding.DecodeJSONL[corpus.Turn](src, b[:len(b)-1])
	if err != nil || len(ts) != 1 || ts[0].N != n || turnHash(ts[0]) != hash {
		return t, false
	}
	return ts[0], true
}

// close closes the files atLine opened.
func (tt *turnTexts) close() {
	for _, f := range tt.open {
		if f != nil {
			_ = f.Close()
		}
	}
	tt.open = nil
}

// turnsFile is a source's turns.jsonl, read.
type turnsFile struct {
	data  []byte
	lines []int         // the offset of each line's start, and len(data)+1
	turns []corpus.Turn // all of them, when read whole; else nil
}

func newTurnTexts(p *project.Project) *turnTexts {
	return &turnTexts{p: p, sources: map[string]*turnsFile{}}
}

// turn returns turn n of source src (the source's id, checked), and
// whether it has one.
func (tt *turnTexts) turn(src string, n int) (corpus.Turn, bool, error) {
	f, ok := tt.sources[src]
	if !ok {
		rel := project.SourceRel(src, project.SourceTurnsFile)
		data, err := tt.p.ReadFileRel(rel)
		if err != nil {
			return corpus.Turn{}, false, err
		}
		if tt.whole != nil {
			tt.whole.Add(1)
		}
		f = &turnsFile{data: data}
		for pos := 0; pos < len(data); {
			f.lines = append(f.lines, pos)
			i := bytes.IndexByte(data[pos:], '\n')
			if i < 0 {
				break
			}
			pos += i + 1
		}
		f.lines = append(f.lines, len(data)+1)
		tt.sources[src] = f
	}
	if f.turns == nil && 1 <= n && n < len(f.lines) {
		line := f.data[f.lines[n-1] : f.lines[n]-1]
		ts, err := coding.ReadJSONL[corpus.Turn](src, bytes.NewReader(line))
		if err == nil && len(ts) == 1 && ts[0].N == n {
			return ts[0], true, nil
		}
	}
	if f.turns == nil {
		// Not one turn a line, in order: read as the store reads it.
		turns, err := tt.p.ReadTurns(&corpus.Source{ID: src})
		if err != nil {
			return corpus.Turn{}, false, err
		}
		f.turns = turns
	}
	if n < 1 || n > len(f.turns) {
		return corpus.Turn{}, false, nil
	}
	return f.turns[n-1], true, nil
}

// text returns turn n of source src, which was indexed with the hash
// hash, at line loc (a *StaleError when its speaker, timestamp or text are
// not those indexed any more).
func (tt *turnTexts) text(src string, n int, hash string, loc lineLoc) (corpus.Turn, error) {
	ref := DocID(src, n)
	if hash == "" {
		return corpus.Turn{}, damaged(fmt.Sprintf("turn %s has no text hash", ref))
	}
	if tt.p == nil {
		return corpus.Turn{}, errors.New("search index: searched before it was synced with a project")
	}
	if err := corpus.ValidateID(src); err != nil {
		return corpus.Turn{}, damaged(fmt.Sprintf("document %s: %v", ref, err))
	}
	// The checksum of the source's turns (in source.yaml) is not checked:
	// the hash of the turn's text, which the index stored, is.
	if t, ok := tt.atLine(src, n, hash, loc); ok {
		return t, nil
	}
	t, ok, err := tt.turn(src, n)
	switch {
	case errors.Is(err, fs.ErrNotExist) || err == nil && !ok:
		return corpus.Turn{}, &StaleError{Ref: ref, Reason: "is no longer in the project"}
	case err != nil:
		return corpus.Turn{}, fmt.Errorf("source %s: %w", src, err)
	}
	if turnHash(t) != hash {
		return corpus.Turn{}, &StaleError{Ref: ref, Reason: "has changed since it was indexed"}
	}
	return t, nil
}

// fill sets the Speaker, Start and Text of each hit from the project, and
// its Highlights from the words its documents' term locations gave
// (Hit.words, positions.go) and the byte ranges of its long phrases
// (Hit.spans).
func (tt *turnTexts) fill(hits []Hit) error {
	for i := range hits {
		h := &hits[i]
		t, err := tt.text(h.Source, h.Turn, h.hash, h.line)
		if err != nil {
			return err
		}
		h.Speaker, h.Start, h.Text = t.Speaker, t.Start, t.Text
		spans, err := wordsToSpans(t.Text, h.words, h.spans)
		if err != nil {
			return damaged(fmt.Sprintf("turn %s: %v", h.Ref, err))
		}
		h.Highlights = spansToRunes(t.Text, spans)
		h.words, h.spans, h.hash, h.line = nil, nil, "", lineLoc{}
	}
	return nil
}
