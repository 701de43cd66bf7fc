package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// WebVTT and SubRip share one liberal cue scanner: see the package comment's
// "Formats" for the rules.

// rawCue is a cue as found in the file: its timing in milliseconds (-1
// for text found before the first cue) and its text lines, not yet cleaned.
type rawCue struct {
	start, end int64
	line       int // the timing line, or the first line of text before any cue
	lines      []string
}

func parseVTT(text string, d *diagSink) ([]Turn, error) {
	return cuesToTurns(strings.Split(text, "\n"), true, d)
}

func parseSRT(text string, d *diagSink) ([]Turn, error) {
	return cuesToTurns(strings.Split(text, "\n"), false, d)
}

// isWebVTTHeader reports whether line is the WEBVTT signature line.
func isWebVTTHeader(line string) bool {
	t := strings.TrimLeft(line, " \t\ufeff")
	if len(t) < 6 || !strings.EqualFold(t[:6], "WEBVTT") {
		return false
	}
	return len(t) == 6 || t[6] == ' ' || t[6] == '\t' || t[6] == '-'
}

// isBlockKeyword reports whether a trimmed line starts a WebVTT NOTE, STYLE
// or REGION block, which carry no transcript text.
func isBlockKeyword(t string) bool {
	for _, k := range [...]string{"NOTE", "STYLE", "REGION"} {
		if strings.HasPrefix(t, k) && (len(t) == len(k) || t[len(k)] == ' ' || t[len(k)] == '\t') {
			return true
		}
	}
	return false
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// timingAttempt reports whether a trimmed line is meant as a cue timing
// line. Outside a cue that is any line with "-->" (cue text never has one)
// or a line starting with a digit that has ':' and "->"; inside a cue's
// text (no blank line before it) only a line starting with a digit and
// containing "-->".
func timingAttempt(t string, insideCue bool) bool {
	if strings.Contains(t, "-->") {
		return !insideCue || startsDigit(t)
	}
	return !insideCue && startsDigit(t) && strings.Contains(t, "->") && strings.Contains(t, ":")
}

// idLike reports whether a trimmed line just before a timing line is the
// next cue's identifier rather than text: all digits, or for WebVTT a token
// without spaces made of ASCII letters, digits and -/_. with at least one
// digit and one '-' or '/' (as Teams writes "1a2b…/12-0").
func idLike(t string, vtt bool) bool {
	if allDigits(t) {
		return true
	}
	if !vtt || !strings.ContainsAny(t, "0123456789") || !strings.ContainsAny(t, "-/") {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '/' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// trimLine trims spaces, tabs and byte order marks.
func trimLine(s string) string { return strings.Trim(s, " \t\ufeff\u00a0") }

// scanCues finds the cues of a WebVTT (vtt) or SubRip file and calls emit
// with each in order; the cue and its lines are reused after emit returns.
func scanCues(lines []string, vtt bool, emit func(c *rawCue)) error {
	i := 0
	header := false
	if vtt {
		for i < len(lines) && trimLine(lines[i]) == "" {
			i++
		}
		if i < len(lines) && isWebVTTHeader(lines[i]) {
			header = true
			i++
			// Header metadata ("Kind: captions") runs to the first blank
			// line; a timing line ends it too.
			for i < len(lines) && trimLine(lines[i]) != "" && !strings.Contains(lines[i], "-->") {
				i++
			}
		}
	}
	var (
		cue        rawCue
		have       bool // cue holds a cue not yet emitted
		open       bool // the current line continues cue's text
		timed      bool
		orphanLine int
	)
	startCue := func(raw string, line int) error {
		start, end, err := parseTiming(raw, line, vtt)
		if err != nil {
			return err
		}
		if have {
			emit(&cue)
		}
		cue = rawCue{start: start, end: end, line: line, lines: cue.lines[:0]}
		have, open, timed = true, true, true
		return nil
	}
	for ; i < len(lines); i++ {
		raw := lines[i]
		t := trimLine(raw)
		if t == "" {
			open = false
			continue
		}
		if !open {
			if vtt && isBlockKeyword(t) {
				for i+1 < len(lines) && trimLine(lines[i+1]) != "" && !strings.Contains(lines[i+1], "-->") {
					i++
				}
				continue
			}
			if timingAttempt(t, false) {
				if err := startCue(raw, i+1); err != nil {
					return err
				}
				continue
			}
			if i+1 < len(lines) && timingAttempt(trimLine(lines[i+1]), false) {
				continue // cue identifier
			}
			// Text outside a cue: it continues the previous cue (a stray
			// blank line inside cue text), or, before the first cue, becomes
			// an untimed cue of its own.
			if orphanLine == 0 {
				orphanLine = i + 1
			}
			if !have {
				cue = rawCue{start: -1, end: -1, line: i + 1, lines: cue.lines[:0]}
				have = true
			}
			open = true
			cue.lines = append(cue.lines, raw)
			continue
		}
		if timingAttempt(t, true) {
			// A missing blank line: the last text line may be the new
			// cue's identifier.
			if n := len(cue.lines); n > 0 && idLike(trimLine(cue.lines[n-1]), vtt) {
				cue.lines = cue.lines[:n-1]
			}
			if err := startCue(raw, i+1); err != nil {
				return err
			}
			continue
		}
		cue.lines = append(cue.lines, raw)
	}
	if have {
		emit(&cue)
	}
	if !timed && orphanLine > 0 {
		what := "SubRip file: its cues look like\n\n1\n00:00:01,000 --> 00:00:04,500\nText"
		if vtt {
			what = "WebVTT file: it starts with WEBVTT and its cues look like\n\n00:00:03.120 --> 00:00:09.480\nText"
			if !header {
				return &ParseError{Line: orphanLine, Column: 1, Err: errors.New("no WEBVTT header and no cue timings: this is not a WebVTT file; if it is plain text, rename it to .txt")}
			}
		}
		return &ParseError{Line: orphanLine, Column: 1, Err: fmt.Errorf("text outside any cue and no cue timings in the file; a %s", what)}
	}
	return nil
}

// parseTiming parses a timing line "START --> END [settings]".
func parseTiming(raw string, line int, vtt bool) (start, end int64, err error) {
	example := "00:00:01,000 --> 00:00:04,500"
	if vtt {
		example = "00:00:03.120 --> 00:00:09.480"
	}
	fail := func(byteCol int, format string, args ...any) error {
		col := utf8.RuneCountInString(raw[:min(byteCol, len(raw))]) + 1
		show := raw
		if len(show) > 60 {
			show = show[:60] + "…"
		}
		return &ParseError{Line: line, Column: col, Err: fmt.Errorf("malformed timing line %q: %s; a timing line looks like %s", strings.ToValidUTF8(show, "\uFFFD"), fmt.Sprintf(format, args...), example)}
	}
	arrow := strings.Index(raw, "-->")
	if arrow < 0 {
		return 0, 0, fail(max(0, strings.Index(raw, "->")), "the arrow must be \"-->\"")
	}
	a := raw[:arrow]
	lead := len(a) - len(strings.TrimLeft(a, " \t\ufeff"))
	sa := strings.TrimSpace(strings.TrimLeft(a, " \t\ufeff"))
	if sa == "" {
		return 0, 0, fail(lead, "the start time is missing")
	}
	start, ok := parseClock(sa)
	if !ok {
		return 0, 0, fail(lead, "start time %q is not a time like %s", sa, example[:12])
	}
	b := raw[arrow+3:]
	off := arrow + 3 + len(b) - len(strings.TrimLeft(b, " \t"))
	b = strings.TrimLeft(b, " \t")
	tok := b
	if k := strings.IndexAny(b, " \t"); k >= 0 {
		tok = b[:k]
	}
	if tok == "" {
		return 0, 0, fail(off, "the end time is missing")
	}
	end, ok = parseClock(tok)
	if !ok {
		return 0, 0, fail(off, "end time %q is not a time like %s", tok, example[:12])
	}
	return start, end, nil
}

// cueLine is one line of a cue's text after tags, entities and
// normalisation were dealt with.
type cueLine struct {
	text     string
	voice    string // speaker of a WebVTT <v> span
	hasVoice bool
	dash     bool // a "- " dialogue dash started the line (removed from text)
	label    string
	rest     string // text after label
	hasLabel bool
}

// cueLines turns a cue's raw lines into cleaned lines.
func cueLines(out []cueLine, c *rawCue, vtt bool) []cueLine {
	joined := strings.Join(c.lines, "\n")
	if !vtt {
		joined = stripASS(joined)
	}
	emit := func(part, voice string, hasVoice bool) {
		part = decodeEntities(part)
		forEachLine(part, func(_ int, l string) {
			l = cleanLine(l)
			if l == "" {
				return
			}
			cl := cueLine{text: l, voice: voice, hasVoice: hasVoice}
			if !hasVoice {
				if rest, ok := cutDash(l); ok {
					cl.dash = true
					cl.text = rest
				}
				if name, _, rest, ok := splitLabel(cl.text); ok {
					cl.label, cl.rest, cl.hasLabel = name, rest, true
				}
			}
			out = append(out, cl)
		})
	}
	if !strings.Contains(joined, "<") {
		emit(joined, "", false)
		return out
	}
	var (
		b        strings.Builder
		voice    string
		hasVoice bool
	)
	s := joined
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		s = s[lt:]
		tag, n := readTag(s)
		if n == 0 {
			b.WriteByte('<')
			s = s[1:]
			continue
		}
		s = s[n:]
		if name, ok := voiceTag(tag); ok {
			emit(b.String(), voice, hasVoice)
			b.Reset()
			voice, hasVoice = name, name != ""
		}
	}
	emit(b.String(), voice, hasVoice)
	return out
}

// readTag recognises a markup tag "<…>" at the start of s: '<' followed by a
// letter, '/' or a digit (a karaoke timestamp), no '<' or line break
// before the closing '>', at most 512 bytes. It returns the tag's content
// and its length, or n == 0.
func readTag(s string) (tag string, n int) {
	if len(s) < 3 {
		return "", 0
	}
	c := s[1]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c >= '0' && c <= '9') {
		return "", 0
	}
	lim := min(len(s), 512)
	for i := 1; i < lim; i++ {
		switch s[i] {
		case '>':
			return s[1:i], i + 1
		case '<', '\n':
			return "", 0
		}
	}
	return "", 0
}

// voiceTag reports whether tag is a WebVTT voice start tag "v Name" or
// "v.class Name" and returns the name.
func voiceTag(tag string) (string, bool) {
	if tag == "" || (tag[0] != 'v' && tag[0] != 'V') {
		return "", false
	}
	if len(tag) > 1 && tag[1] != ' ' && tag[1] != '\t' && tag[1] != '.' {
		return "", false
	}
	rest := tag[1:]
	if k := strings.IndexAny(rest, " \t"); k >= 0 {
		rest = rest[k+1:]
	} else {
		rest = ""
	}
	return cleanLine(decodeEntities(rest)), true
}

// cutDash removes a dialogue dash ("- ", "– ", "— ", or '-' directly before
// a letter) from the start of a cleaned line.
func cutDash(l string) (string, bool) {
	for _, d := range [...]string{"- ", "– ", "— "} {
		if strings.HasPrefix(l, d) {
			return strings.TrimSpace(l[len(d):]), true
		}
	}
	if len(l) > 1 && l[0] == '-' {
		c := l[1]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return l[1:], true
		}
	}
	return l, false
}

// stripASS removes SubStation Alpha override blocks such as "{\an8}".
func stripASS(s string) string {
	if !strings.Contains(s, "{\\") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "{\\")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

var namedEntities = map[string]string{
	"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0", "lrm": "\u200e", "rlm": "\u200f",
	"quot": "\"", "apos": "'",
}

// decodeEntities decodes the character references WebVTT uses (&amp; &lt;
// &gt; &nbsp; &lrm; &rlm; &quot; &apos;) and numeric ones (&#233; &#xE9;).
// Anything else is left as written.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		semi := strings.IndexByte(s[:min(len(s), 12)], ';')
		if semi > 1 {
			name := s[1:semi]
			if v, ok := namedEntities[name]; ok {
				b.WriteString(v)
				s = s[semi+1:]
				continue
			}
			if name[0] == '#' && len(name) > 1 {
				var (
					v   uint64
					err error
				)
				if name[1] == 'x' || name[1] == 'X' {
					v, err = strconv.ParseUint(name[2:], 16, 32)
				} else {
					v, err = strconv.ParseUint(name[1:], 10, 32)
				}
				if err == nil {
					r := rune(v)
					if !utf8.ValidRune(r) {
						r = utf8.RuneError
					}
					b.WriteRune(r)
					s = s[semi+1:]
					continue
				}
			}
		}
		b.WriteByte('&')
		s = s[1:]
	}
	b.WriteString(s)
	return b.String()
}

// cuesToTurns applies the speaker rules to the cues of lines and merges
// them into turns. It scans the file twice, first to count the candidate
// labels, then to build the turns, so that it holds no more than the turns.
func cuesToTurns(lines []string, vtt bool, d *diagSink) ([]Turn, error) {
	var (
		buf      []cueLine
		ls       = newLabelSet()
		anyVoice bool
	)
	var cuesWithText, cuesWithLabel int
	err := scanCues(lines, vtt, func(c *rawCue) {
		buf = cueLines(buf[:0], c, vtt)
		if len(buf) > 0 {
			cuesWithText++
			if buf[0].hasLabel && !buf[0].hasVoice && !stopWords[strings.ToLower(buf[0].label)] {
				cuesWithLabel++
			}
		}
		for _, l := range buf {
			if l.hasVoice {
				anyVoice = true
			} else if l.hasLabel {
				ls.add(l.label)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// When most cues start with a label (as Zoom writes them), every
	// cue-initial label that is not a stop word is accepted, so that a
	// speaker who speaks only once keeps their turn.
	cueStartLabels := cuesWithText >= 2 && cuesWithLabel*2 >= cuesWithText
	anyLabels := anyVoice || ls.any() || (cueStartLabels && cuesWithLabel > 0)
	var (
		bufs  []*turnBuf
		cur   *turnBuf
		endMs int64 = -1
	)
	setEnd := func() {
		if cur != nil && endMs >= 0 {
			cur.end = formatClock(endMs)
		}
	}
	newTurn := func(speaker string, startMs int64) {
		setEnd()
		cur = &turnBuf{speaker: speaker}
		if startMs >= 0 {
			cur.start = formatClock(startMs)
		}
		endMs = -1
		bufs = addTurn(bufs, cur)
	}
	scanCues(lines, vtt, func(c *rawCue) {
		buf = cueLines(buf[:0], c, vtt)
		for j, l := range buf {
			speaker, text, labelled := "", l.text, false
			switch {
			case l.hasVoice:
				speaker, labelled = l.voice, true
			case l.hasLabel && (ls.ok(l.label) || (j == 0 && cueStartLabels && !stopWords[strings.ToLower(l.label)])):
				speaker, text, labelled = l.label, l.rest, true
			case l.hasLabel && !stopWords[strings.ToLower(l.label)] && caseOK(l.label):
				d.warn(c.line, WarnLabelAsText, l.text, fmt.Sprintf("this cue line starts like a speaker label, but %q is used only once and is not a role word, so it was read as text", l.label))
			}
			switch {
			case labelled:
				if cur == nil || cur.speaker != speaker {
					newTurn(speaker, c.start)
				}
			case l.dash:
				newTurn("", c.start)
			case j == 0 && anyLabels && c.start >= 0:
				// A cue without a label in a labelled file: its own turn
				// without a speaker, never joined to the speaker before.
				newTurn("", c.start)
				if d != nil {
					d.unlabelledCues++
				}
				d.warn(c.line, WarnUnlabelledCue, text, "this cue has no speaker label, so it was kept as a turn without a speaker; add the label if you know who speaks")
			default:
				if cur == nil || (j == 0 && !anyLabels) {
					newTurn("", c.start)
				}
			}
			if cur.start == "" && c.start >= 0 {
				cur.start = formatClock(c.start)
			}
			if c.end >= 0 {
				endMs = c.end
			}
			cur.add(" ", text)
		}
	})
	setEnd()
	return finish(bufs, " "), nil
}
