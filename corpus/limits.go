package corpus

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what Parse reads. They are enforced before the memory they
// guard is allocated, so that one absurd file (a zip bomb, a transcript that
// lost its line breaks, /dev/zero copied to a file) is refused or cut down
// with a message instead of exhausting memory in every later command. The
// package comment ("Limits") says why each is where it is.
const (
	// MaxFileSize is the largest transcript file, in bytes, that Parse
	// accepts (64 MB: a two-hour interview is about 150 KB of text, a
	// whole study a few tens of MB).
	MaxFileSize = 64 << 20
	// MaxDocxPart is the largest decompressed size, in bytes, of a part of
	// a .docx (word/document.xml) that Parse reads. The part is read
	// through a limit: a zip entry that claims to be small and inflates
	// beyond it is refused as soon as the limit is passed.
	MaxDocxPart = 64 << 20
	// MaxTurnChars is the longest turn, in code points. A longer turn is
	// split at sentence ends (else at white space) into turns of the same
	// speaker of at most this length, with a WarnTurnSplit warning.
	MaxTurnChars = 500_000
	// MaxTurns is the largest number of turns in one file, counted as they
	// are read (before adjacent turns of one speaker are merged). A file
	// with more is refused.
	MaxTurns = 200_000
)

// MaxDocxXML is the old name of MaxDocxPart.
const MaxDocxXML = MaxDocxPart

// ErrTooLarge: the file, or a part of a .docx, is larger than the limits
// allow (MaxFileSize, MaxDocxPart, MaxTurns).
var ErrTooLarge = errors.New("too large")

// Test hooks: the limits, lowered by tests.
var (
	maxDocxXML   int64 = MaxDocxPart
	maxTurns           = MaxTurns
	maxTurnChars       = MaxTurnChars
)

// fileTooLarge is the error for a file over MaxFileSize.
func fileTooLarge(size int) error {
	return &ParseError{Err: fmt.Errorf("%w: the file has %s, more than the %d MB a transcript may have (a two-hour interview is about 150 KB of text); check that this is the right file, or split it into several transcripts", ErrTooLarge, megabytes(int64(size)), MaxFileSize>>20)}
}

// errDocxTooLarge is the error for a .docx part over maxDocxXML.
func errDocxTooLarge() error {
	return &ParseError{Err: fmt.Errorf("%w: word/document.xml is larger than %d MB uncompressed, which no transcript is: refusing to read it (the file may be damaged or a zip bomb); save the transcript again from Word, or split it", ErrTooLarge, maxDocxXML>>20)}
}

func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// tooManyTurns is the value addTurn panics with once a file has more than
// maxTurns turns; catchTurnLimit turns it into an error. A panic keeps the
// parsers' loops (which work through callbacks) free of the check.
type tooManyTurns struct{}

// addTurn appends tb to bufs, or panics with tooManyTurns when bufs
// already holds maxTurns turns, before any more memory is spent on them.
func addTurn(bufs []*turnBuf, tb *turnBuf) []*turnBuf {
	if len(bufs) >= maxTurns {
		panic(tooManyTurns{})
	}
	return append(bufs, tb)
}

// catchTurnLimit, deferred, recovers tooManyTurns into *err.
func catchTurnLimit(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if _, ok := r.(tooManyTurns); !ok {
		panic(r)
	}
	*err = &ParseError{Err: fmt.Errorf("%w: the file has more than %d turns (paragraphs, cues or speaker changes), which no interview has; check that this is a transcript, or split it into several files", ErrTooLarge, maxTurns)}
}

// splitLongTurns splits every turn longer than maxTurnChars code points
// into turns of the same speaker (see MaxTurnChars), renumbers the turns
// and warns about each split. Turns are cut, not copied: the pieces share
// the original text.
func splitLongTurns(turns []Turn, d *diagSink) []Turn {
	long := false
	for i := range turns {
		if len(turns[i].Text) > maxTurnChars && utf8.RuneCountInString(turns[i].Text) > maxTurnChars {
			long = true
			break
		}
	}
	if !long {
		return turns
	}
	out := make([]Turn, 0, len(turns)+8)
	for _, t := range turns {
		if len(t.Text) <= maxTurnChars || utf8.RuneCountInString(t.Text) <= maxTurnChars {
			out = append(out, t)
			continue
		}
		first := len(out) + 1
		pieces := cutText(t.Text, maxTurnChars)
		for i, p := range pieces {
			nt := Turn{Speaker: t.Speaker, Text: p}
			if i == 0 {
				nt.Start = t.Start
			}
			if i == len(pieces)-1 {
				nt.End = t.End
			}
			out = append(out, nt)
		}
		who := "without a speaker"
		if t.Speaker != "" {
			who = "of " + t.Speaker
		}
		d.warn(0, WarnTurnSplit, t.Text, fmt.Sprintf("a turn %s had %d characters, more than the %d a turn may have, so it was split at sentence ends into turns %d to %d; a turn this long usually means that speaker labels or paragraph breaks were lost when the transcript was exported, so check the original", who, utf8.RuneCountInString(t.Text), maxTurnChars, first, len(out)))
	}
	for i := range out {
		out[i].N = i + 1
	}
	return out
}

// cutText cuts s into pieces of at most n code points: at the last
// sentence end (". ", "? ", "! ", "… " or a line break) in the second half
// of each window, else at its last white space, else inside a word. The
// white space at a cut is dropped.
func cutText(s string, n int) []string {
	var out []string
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		end, runes := 0, 0
		for end < len(s) && runes < n {
			_, w := utf8.DecodeRuneInString(s[end:])
			end += w
			runes++
		}
		if end == len(s) {
			if s != "" {
				out = append(out, s)
			}
			return out
		}
		cut := end // the window ends at white space: cut there
		if r, _ := utf8.DecodeRuneInString(s[end:]); !unicode.IsSpace(r) {
			cut = sentenceCut(s[:end])
		}
		if cut <= 0 {
			cut = end
		}
		out = append(out, strings.TrimRightFunc(s[:cut], unicode.IsSpace))
		s = s[cut:]
	}
}

// sentenceCut returns the byte offset after the last sentence end of w in
// its second half, else after its last white space, else 0.
func sentenceCut(w string) int {
	half := len(w) / 2
	for i := len(w) - 1; i > half; i-- {
		c := w[i]
		if c == '\n' {
			return i + 1
		}
		if c == ' ' && i > 0 {
			switch w[i-1] {
			case '.', '?', '!':
				return i + 1
			}
			if strings.HasSuffix(w[:i], "…") {
				return i + 1
			}
		}
	}
	if i := strings.LastIndexAny(w, " \n"); i > 0 {
		return i + 1
	}
	return 0
}
