package corpus

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text normalisation helpers, timestamps and speaker labels shared by the
// parsers.

// isHSpace reports whether r is horizontal white space. Runs of it collapse
// to one U+0020 space.
func isHSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', 0xA0, 0x1680, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isDropped reports whether normalisation removes r: C0 and C1 control
// characters other than tab and line feed, DEL, and U+FEFF (a byte order
// mark or zero-width no-break space left inside the text).
func isDropped(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xA0) || r == 0xFEFF
}

// cleanLine normalises one line (s must not contain '\n'): horizontal white
// space runs become one space, control characters and U+FEFF are removed,
// the ends are trimmed, and invalid UTF-8 becomes U+FFFD.
func cleanLine(s string) string {
	if lineIsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isHSpace(r):
			space = b.Len() > 0
			continue
		case isDropped(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func lineIsClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || (c == ' ' && s[i+1] == ' ') {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || isHSpace(r) || isDropped(r) {
			return false
		}
		i += size
	}
	return true
}

// forEachLine calls f with each line of s (without its "\n") and its 1-based
// number.
func forEachLine(s string, f func(n int, line string)) {
	n := 1
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			f(n, s)
			return
		}
		f(n, s[:i])
		s = s[i+1:]
		n++
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseClock parses a clock time "H:MM:SS", "M:SS", each optionally
// followed by '.' or ',' and 1–3 digits of fraction, into milliseconds. The
// first field has 1–4 digits, the others exactly 2 digits below 60.
func parseClock(s string) (int64, bool) {
	var frac int64
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f := s[i+1:]
		if len(f) > 3 || !allDigits(f) {
			return 0, false
		}
		v, _ := strconv.Atoi(f)
		for k := len(f); k < 3; k++ {
			v *= 10
		}
		frac = int64(v)
		s = s[:i]
	}
	var fields [3]string
	n := 0
	for {
		i := strings.IndexByte(s, ':')
		if n == 3 {
			return 0, false
		}
		if i < 0 {
			fields[n] = s
			n++
			break
		}
		fields[n] = s[:i]
		n++
		s = s[i+1:]
	}
	if n < 2 {
		return 0, false
	}
	var total int64
	for k := 0; k < n; k++ {
		f := fields[k]
		if !allDigits(f) || (k == 0 && len(f) > 4) || (k > 0 && len(f) != 2) {
			return 0, false
		}
		v, _ := strconv.Atoi(f)
		if k > 0 && v >= 60 {
			return 0, false
		}
		total = total*60 + int64(v)
	}
	return total*1000 + frac, true
}

// formatClock writes milliseconds as HH:MM:SS.mmm.
func formatClock(ms int64) string {
	h := ms / 3600000
	m := ms / 60000 % 60
	s := ms / 1000 % 60
	f := ms % 1000
	b := make([]byte, 0, 12)
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, h, 10)
	b = append(b, ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10), '.',
		byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
	return string(b)
}

// clock parses and formats a clock time, reporting whether s is one.
func clock(s string) (string, bool) {
	ms, ok := parseClock(s)
	if !ok {
		return "", false
	}
	return formatClock(ms), true
}

// bracketClock recognises "[clock]" or "(clock)" at the start of s and
// returns the normalised time and the length of the bracketed part.
func bracketClock(s string) (string, int) {
	if len(s) < 2 {
		return "", 0
	}
	var closer byte
	switch s[0] {
	case '[':
		closer = ']'
	case '(':
		closer = ')'
	default:
		return "", 0
	}
	end := strings.IndexByte(s[:min(len(s), 20)], closer)
	if end < 0 {
		return "", 0
	}
	ts, ok := clock(strings.TrimSpace(s[1:end]))
	if !ok {
		return "", 0
	}
	return ts, end + 1
}

// leadingClock recognises a timestamp "[00:12:30]", "(00:12:30)" or
// "00:12:30" followed by a space at the start of a cleaned line.
func leadingClock(s string) (ts, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	var n int
	if s[0] == '[' || s[0] == '(' {
		ts, n = bracketClock(s)
		if n == 0 {
			return "", "", false
		}
	} else {
		if s[0] < '0' || s[0] > '9' {
			return "", "", false
		}
		sp := strings.IndexByte(s, ' ')
		if sp < 0 {
			return "", "", false
		}
		if ts, ok = clock(s[:sp]); !ok {
			return "", "", false
		}
		n = sp
	}
	if n >= len(s) || s[n] != ' ' {
		return "", "", false
	}
	return ts, s[n+1:], true
}

const (
	maxLabelRunes = 40
	maxLabelWords = 6
	labelScan     = 4*maxLabelRunes + 40 // bytes searched for the label's colon
)

// validName reports whether name (trimmed) has the shape of a speaker
// label: 1–40 characters, at most 6 words, starting with a letter and made
// of letters, combining marks, digits, single spaces and . - ' ’ ( ) _ #.
func validName(name string) bool {
	if name == "" {
		return false
	}
	n, words := 0, 1
	prevSpace := false
	for i, r := range name {
		n++
		if n > maxLabelRunes {
			return false
		}
		if i == 0 {
			if !unicode.IsLetter(r) {
				return false
			}
			continue
		}
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			words++
			if words > maxLabelWords {
				return false
			}
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		case r == '.', r == '-', r == '\'', r == '\u2019', r == '(', r == ')', r == '_', r == '#', r == '\u2010':
		default:
			return false
		}
		prevSpace = r == ' '
	}
	return !prevSpace
}

// splitLabel looks for a speaker label at the start of a cleaned line:
// an optional leading timestamp (see leadingClock), then "Name:",
// "Name (00:12):", "Name [00:12]:", "**Name:**", "**Name**:", "__Name:__",
// "__Name__:" or the same with single * or _. The colon may be the
// full-width "："; an ASCII colon must be followed by a space or end the
// line, except in "Name:text" where Name starts with an upper-case letter
// and text with a letter (so "10:30", "http://" and "ratio:2" are no
// labels). A transcriber's note in square brackets after the name,
// "Name [interrupting]:", is not part of the name: it is kept at the start
// of the text. It returns the name, the normalised timestamp ("" if none)
// and the trimmed text after the label.
func splitLabel(line string) (name, ts, rest string, ok bool) {
	s := line
	if t, r, ok := leadingClock(s); ok {
		ts, s = t, r
	}
	if s == "" {
		return "", "", "", false
	}
	if s[0] == '*' || s[0] == '_' {
		return emphLabel(s, ts)
	}
	lim := min(len(s), labelScan)
	for i := 0; i < lim; i++ {
		switch s[i] {
		case ':':
			return finishLabel(s[:i], ts, s[i+1:], colonPlain)
		case 0xEF:
			if strings.HasPrefix(s[i:], "：") {
				return finishLabel(s[:i], ts, s[i+len("："):], colonOpen)
			}
		case '(', '[':
			if t2, n := bracketClock(s[i:]); n > 0 && i+n < len(s) && s[i+n] == ':' {
				if ts == "" {
					ts = t2
				}
				return finishLabel(s[:i], ts, s[i+n+1:], colonSpaced)
			}
		}
	}
	return "", "", "", false
}

func emphLabel(s, ts string) (name, ts2, rest string, ok bool) {
	for _, m := range [...]string{"**", "__", "*", "_"} {
		if !strings.HasPrefix(s, m) {
			continue
		}
		inner := s[len(m):]
		j := strings.Index(inner[:min(len(inner), labelScan)], m)
		if j <= 0 {
			return "", "", "", false
		}
		in, after := inner[:j], inner[j+len(m):]
		switch {
		case strings.HasSuffix(in, ":"):
			// The closing marker ends the label: "**Name:**text" is fine.
			return finishLabel(in[:len(in)-1], ts, after, colonOpen)
		case strings.HasSuffix(in, "："):
			return finishLabel(in[:len(in)-len("：")], ts, after, colonOpen)
		case strings.HasPrefix(after, ":"):
			return finishLabel(in, ts, after[1:], colonSpaced)
		case strings.HasPrefix(after, "："):
			return finishLabel(in, ts, after[len("："):], colonOpen)
		}
		return "", "", "", false
	}
	return "", "", "", false
}

// colonKind says what may follow a label's colon.
type colonKind int

const (
	colonSpaced colonKind = iota // a space or the end of the line
	colonPlain                   // as colonSpaced, or a letter after a capitalised name
	colonOpen                    // anything (full-width colon, colon inside emphasis)
)

func finishLabel(name, ts, rest string, kind colonKind) (string, string, string, bool) {
	name = strings.TrimSpace(name)
	if kind != colonOpen && rest != "" && rest[0] != ' ' {
		if kind != colonPlain || !tightLabel(name, rest) {
			return "", "", "", false
		}
	}
	rest = strings.TrimSpace(rest)
	if n, note, ok := cutNote(name); ok {
		name = n
		if rest == "" {
			rest = note
		} else {
			rest = note + " " + rest
		}
	}
	if !validName(name) && !teamsName(name) {
		return "", "", "", false
	}
	return name, ts, rest, true
}

// tightLabel reports whether "name:rest" without a space is a label: the
// name starts with an upper-case letter and rest with a letter.
func tightLabel(name, rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return upperOrDigit(name) && !unicode.IsDigit([]rune(name)[0]) && unicode.IsLetter(r)
}

// cutNote splits "Name [note]" into the name and "[note]".
func cutNote(name string) (string, string, bool) {
	if !strings.HasSuffix(name, "]") {
		return name, "", false
	}
	i := strings.LastIndex(name, " [")
	if i <= 0 || strings.ContainsAny(name[i+2:len(name)-1], "[]") {
		return name, "", false
	}
	return strings.TrimSpace(name[:i]), name[i+1:], true
}

// roleWords are speaker labels accepted even when they occur only once
// (compared in lower case, after removing a trailing number, or a trailing
// single letter after a space: "PSW 3", "P04", "Speaker A").
var roleWords = map[string]bool{
	"interviewer": true, "interviewee": true, "participant": true, "psw": true,
	"facilitator": true, "co-facilitator": true, "cofacilitator": true, "moderator": true,
	"respondent": true, "researcher": true, "unknown speaker": true, "peer worker": true,
	"peer support worker": true, "peer": true, "client": true, "observer": true,
	"note-taker": true, "notetaker": true, "question": true, "answer": true,
	"q": true, "a": true, "i": true, "p": true, "r": true, "int": true, "iv": true,
	"ie": true, "resp": true, "mod": true, "fac": true,
}

// numberedOnly are role words accepted only with a number or letter after
// them ("Speaker 1", not "Speaker").
var numberedOnly = map[string]bool{"speaker": true, "person": true, "voice": true, "s": true}

func isRole(name string) bool {
	s := strings.ToLower(name)
	t := strings.TrimRight(s, "0123456789")
	numbered := t != s
	if numbered {
		t = strings.TrimRight(t, " .-_#")
	} else if n := len(s); n > 2 && s[n-2] == ' ' && s[n-1] >= 'a' && s[n-1] <= 'z' {
		t, numbered = s[:n-2], true
	}
	if t == "" {
		return false
	}
	return roleWords[t] || (numbered && numberedOnly[t])
}

// stopWords are line-start words followed by a colon that are never taken
// as speakers, however often they occur.
var stopWords = map[string]bool{
	"note": true, "notes": true, "nb": true, "n.b.": true, "example": true, "examples": true,
	"e.g.": true, "eg": true, "i.e.": true, "ie.": true, "date": true, "time": true,
	"location": true, "place": true, "duration": true, "length": true, "title": true,
	"subject": true, "re": true, "transcript": true, "transcriber": true, "transcription": true,
	"recording": true, "file": true, "source": true, "tags": true, "keywords": true,
	"summary": true, "context": true, "comment": true, "comments": true, "edit": true,
	"update": true, "warning": true, "caution": true, "important": true, "ps": true,
	"p.s.": true, "see": true, "cf": true, "ref": true, "http": true, "https": true,
	"mailto": true, "tel": true, "total": true, "step": true, "todo": true, "memo": true,
	"code": true, "codes": true, "theme": true, "themes": true, "category": true,
	"definition": true, "tip": true, "hint": true, "answer key": true, "project": true,
	// column headings of transcripts laid out as tables
	"speaker": true, "name": true, "who": true, "timestamp": true, "text": true,
	"content": true, "utterance": true, "speech": true,
}

// caseOK is the shape a label must have to be accepted for occurring
// twice: a single word, or first and last words starting with an upper-case
// letter or a digit ("Jane Smith", "Zoë van der Berg", "Participant 22";
// not "And then I said").
func caseOK(name string) bool {
	sp := strings.IndexByte(name, ' ')
	if sp < 0 {
		return true
	}
	last := name[strings.LastIndexByte(name, ' ')+1:]
	last = strings.TrimLeft(last, "(")
	return upperOrDigit(name) && upperOrDigit(last)
}

func upperOrDigit(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r)
}

// labelSet is the two-pass speaker label heuristic: candidates are counted
// in a first pass over the file, then accepted when they are a role word,
// or occur at least twice (any case) with the shape caseOK requires, and are
// not stop words.
type labelSet struct {
	stats map[string]*labelStat
	// known are names (lower case) accepted whatever their count: the
	// speakers list of a header.
	known map[string]bool
}

type labelStat struct {
	count   int
	caseOK  bool
	written string // the first spelling seen
}

func newLabelSet() *labelSet {
	return &labelSet{stats: map[string]*labelStat{}, known: map[string]bool{}}
}

func (ls *labelSet) add(name string) {
	k := strings.ToLower(name)
	st := ls.stats[k]
	if st == nil {
		st = &labelStat{written: name}
		ls.stats[k] = st
	}
	st.count++
	if !st.caseOK && caseOK(name) {
		st.caseOK = true
	}
}

// ok reports whether name is accepted as a speaker label.
func (ls *labelSet) ok(name string) bool {
	k := strings.ToLower(name)
	if stopWords[k] {
		return false
	}
	if isRole(name) || ls.known[k] {
		return true
	}
	st := ls.stats[k]
	return st != nil && st.count >= 2 && st.caseOK
}

// any reports whether some candidate label is accepted.
func (ls *labelSet) any() bool {
	for k, st := range ls.stats {
		if stopWords[k] {
			continue
		}
		if isRole(k) || ls.known[k] || (st.count >= 2 && st.caseOK) {
			return true
		}
	}
	return false
}

// acceptedNames returns the accepted candidates as first written, sorted.
func (ls *labelSet) acceptedNames() []string {
	var out []string
	for k, st := range ls.stats {
		if !stopWords[k] && (isRole(k) || ls.known[k] || (st.count >= 2 && st.caseOK)) {
			out = append(out, st.written)
		}
	}
	sort.Strings(out)
	return out
}

// maxLookalikes bounds the speakers lookalike compares with: no interview
// has more, and a file with more is no interview (it would cost time
// quadratic in its size).
const maxLookalikes = 64

// lookalike returns the accepted label that name (not accepted itself)
// most likely misspells: one whose lower-case form is within edit distance
// 1 (2 for names of 8 or more letters) of name's. It returns "" when there
// is none or more than one.
func lookalike(name string, accepted []string) string {
	if len(accepted) > maxLookalikes {
		return ""
	}
	k := strings.ToLower(name)
	limit := 1
	if utf8.RuneCountInString(k) >= 8 {
		limit = 2
	}
	found := ""
	for _, a := range accepted {
		if la := strings.ToLower(a); la == k || editDistance(la, k, limit) > limit {
			continue
		}
		if found != "" {
			return ""
		}
		found = a
	}
	return found
}

// editDistance returns the Levenshtein distance of a and b in code points,
// or limit+1 when it exceeds limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
