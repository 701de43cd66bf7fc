package corpus

import (
	"strings"
	"unicode/utf8"
)

// Turn is one speaker turn of a transcript.
type Turn struct {
	// N is the turn's number, counted from 1 in transcript order.
	N int `json:"n"`
	// Speaker is the speaker's label as written in the transcript, trimmed;
	// empty when the transcript has no speaker labels.
	Speaker string `json:"speaker"`
	// Text is the normalised text of the turn (see the package comment).
	Text string `json:"text"`
	// Start and End are the turn's timestamps when the format carries them,
	// written as HH:MM:SS.mmm; empty otherwise.
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Len returns the length of the turn's text in code points.
func (t Turn) Len() int { return utf8.RuneCountInString(t.Text) }

// Transcript is the result of parsing one transcript file.
type Transcript struct {
	// Format is the format the file was read as: "vtt", "srt", "docx",
	// "txt" or "md".
	Format string
	// Encoding is the text encoding that was detected: "utf-8",
	// "utf-8-bom", "utf-16le", "utf-16be" or "windows-1252" ("zip" for
	// docx).
	Encoding string
	// Turns are the speaker turns, numbered from 1.
	Turns []Turn
	// Diagnostics reports the speakers found, the turns without one, a
	// header read as metadata, and the places where the parser was unsure.
	Diagnostics Diagnostics
}

// Speakers returns the distinct speakers of turns in order of first
// appearance, skipping the empty speaker.
func Speakers(turns []Turn) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range turns {
		if t.Speaker == "" || seen[t.Speaker] {
			continue
		}
		seen[t.Speaker] = true
		out = append(out, t.Speaker)
	}
	return out
}

// CharCount returns the total number of code points in the turns' texts.
func CharCount(turns []Turn) int {
	n := 0
	for _, t := range turns {
		n += t.Len()
	}
	return n
}

// PlainText renders turns as the source's canonical plain text and returns,
// for each turn i, the code-point offset at which turns[i].Text begins
// inside it. See the package comment for the layout.
func PlainText(turns []Turn) (text string, offsets []int) {
	var b strings.Builder
	offsets = make([]int, len(turns))
	pos := 0
	for i, t := range turns {
		if i > 0 {
			b.WriteString("\n\n")
			pos += 2
		}
		if t.Speaker != "" {
			b.WriteString(t.Speaker)
			b.WriteString(": ")
			pos += utf8.RuneCountInString(t.Speaker) + 2
		}
		offsets[i] = pos
		b.WriteString(t.Text)
		pos += t.Len()
	}
	return b.String(), offsets
}

// Slice returns the code points [start, end) of s. It reports false when the
// span is out of range or start > end.
func Slice(s string, start, end int) (string, bool) {
	if start < 0 || end < start {
		return "", false
	}
	if end <= len(s) && isASCII(s[:end]) {
		return s[start:end], true // code points are bytes up to end
	}
	i, bstart, bend := 0, -1, -1
	for bi := range s {
		if i == start {
			bstart = bi
		}
		if i == end {
			bend = bi
			break
		}
		i++
	}
	if i == start && bstart < 0 {
		bstart = len(s)
	}
	if bend < 0 {
		if i != end {
			return "", false
		}
		bend = len(s)
	}
	if bstart < 0 {
		return "", false
	}
	return s[bstart:bend], true
}

// isASCII reports whether s is all ASCII, a word at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Find returns the code-point offsets of every occurrence of sub in s
// (overlapping occurrences included). An empty sub has no occurrences.
func Find(s, sub string) []int {
	if sub == "" {
		return nil
	}
	var out []int
	runes := 0
	last := 0
	for from := 0; from <= len(s)-len(sub); {
		j := strings.Index(s[from:], sub)
		if j < 0 {
			break
		}
		bi := from + j
		runes += utf8.RuneCountInString(s[last:bi])
		last = bi
		out = append(out, runes)
		_, size := utf8.DecodeRuneInString(s[bi:])
		from = bi + size
	}
	return out
}
