package export

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// # Exemplars
//
// SelectExemplars chooses, for every code, the quotes a paper shows. For
// each code, in this order of preference:
//
//  1. its pinned codings (ExemplarInput.Pinned), in the order given;
//  2. passages no other code has taken, from participants the code has
//     not quoted yet;
//  3. passages no other code has taken, from any participant;
//  4. passages another code has taken, only when nothing else is left.
//
// A passage is never shown twice for one code. Codes choose in order of
// how few candidate passages they have (ties in the order given), so a
// code with one passage keeps it even when a richer code also covers it.
// Within a step candidates come in natural source order (P2 before P10),
// then turn and offset. Orphaned codings and codings whose quote no
// longer matches their transcript are never exemplars.
//
// Each exemplar is the whole sentence (or sentences) around its span,
// split into the text before the span, the span and the text after it,
// so that renderers can mark the span. When the sentence is longer than
// MaxChars code points the context is cut at word boundaries around the
// span (and marked with "…"); a span longer than MaxChars is itself cut.
// A source-level coding (turn 0) is shown as its quote alone.

// DefaultExemplarChars is the longest exemplar, in code points.
const DefaultExemplarChars = 300

// ExemplarInput is what exemplars are chosen from.
type ExemplarInput struct {
	Codes   []string // code names, in the order codes are reported
	Codings []coding.Coding
	Turns   map[string][]corpus.Turn // by source id
	// Participant maps a source id to its participant (the source id when
	// absent).
	Participant map[string]string
	// Attributes holds each participant's attributes, for descriptors.
	Attributes map[string]map[string]string
	// Pinned lists pinned coding ids, in the order they were pinned.
	Pinned []string
}

// ExemplarOptions tune SelectExemplars.
type ExemplarOptions struct {
	PerCode  int // exemplars per code (0: DefaultExemplars)
	MaxChars int // 0: DefaultExemplarChars
	// DescribeWith lists participant attributes shown beside each quote:
	// "P03 (residential, 8 years in recovery)".
	DescribeWith []string
}

// Quote is one exemplar.
type Quote struct {
	Code        string
	CodingID    string
	Ref         string
	Pinned      bool
	Before      string // context before the span (may start with "…")
	Span        string // the coded words (may end with "…" when cut)
	After       string // context after the span (may end with "…")
	Participant string
	Descriptor  string // the participant with the DescribeWith attributes
}

// Text returns the quote with the span marked by open and close.
func (q Quote) Text(open, close string) string {
	return q.Before + open + q.Span + close + q.After
}

// UnknownAttributeError is a DescribeWith attribute no participant has.
type UnknownAttributeError struct{ Attribute string }

func (e *UnknownAttributeError) Error() string {
	return fmt.Sprintf("no participant has the attribute %q", e.Attribute)
}

// candidate is a coding a code may show. It points into
// ExemplarInput.Codings: a candidate is small to append and to sort
// (copying whole codings was a tenth of the hierarchy export at 100,000
// codings).
type candidate struct {
	c      *coding.Coding
	pinned int // position among the pins, or -1
}

// SelectExemplars returns each code's exemplars, by code key
// (codebook.Key). problems names every pinned coding that cannot be shown
// (unknown, orphaned, or its quote no longer matches its transcript).
func SelectExemplars(in ExemplarInput, opts ExemplarOptions) (quotes map[string][]Quote, problems []string, err error) {
	opts.PerCode = cmp.Or(opts.PerCode, DefaultExemplars)
	opts.MaxChars = cmp.Or(opts.MaxChars, DefaultExemplarChars)
	for _, a := range opts.DescribeWith {
		if !slices.ContainsFunc(mapValues(in.Attributes), func(m map[string]string) bool { _, ok := m[a]; return ok }) {
			return nil, nil, &UnknownAttributeError{a}
		}
	}
	pinAt := map[string]int{}
	for i, id := range in.Pinned {
		if _, dup := pinAt[id]; !dup {
			pinAt[id] = i
		}
	}
	byCode := map[string][]candidate{}
	usable := map[string]bool{} // pinned ids that exist (or were reported)
	keys := keyCache{}
	for i := range in.Codings {
		c := &in.Codings[i]
		p, pinned := pinAt[c.ID]
		if c.Orphaned || !quoteMatches(*c, in.Turns) {
			if pinned {
				problems = append(problems, fmt.Sprintf("pinned coding %s (%s, %s) is not shown: its quote is no longer at its place in the transcript; check the coding", c.ID, c.Code, c.Ref()))
				usable[c.ID] = true // reported
			}
			continue
		}
		if pinned {
			usable[c.ID] = true
		} else {
			p = -1
		}
		k := keys.key(c.Code)
		byCode[k] = append(byCode[k], candidate{c: c, pinned: p})
	}
	for _, id := range in.Pinned {
		if !usable[id] {
			problems = append(problems, fmt.Sprintf("pinned coding %s does not exist; unpin it", id))
			usable[id] = true
		}
	}
	order := slices.Clone(in.Codes)
	slices.SortStableFunc(order, func(a, b string) int {
		return cmp.Compare(len(byCode[codebook.Key(a)]), len(byCode[codebook.Key(b)]))
	})
	taken := map[passage]bool{} // passages some code shows
	out := map[string][]Quote{}
	for _, name := range order {
		k := codebook.Key(name)
		if _, done := out[k]; done {
			continue
		}
		cands := byCode[k]
		sortCandidates(cands)
		out[k] = pickFor(name, cands, taken, in, opts)
	}
	return out, problems, nil
}

func mapValues[K comparable, V any](m map[K]V) []V {
	var out []V
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// quoteMatches reports whether a coding's quote is still the text at its
// span (a turn-level coding) or whether it cannot be checked (turn 0).
func quoteMatches(c coding.Coding, turns map[string][]corpus.Turn) bool {
	if c.Turn == 0 {
		return true
	}
	ts := turns[c.Source]
	if c.Turn < 1 || c.Turn > len(ts) {
		return false
	}
	q, ok := corpus.Slice(ts[c.Turn-1].Text, c.Start, c.End)
	return ok && q == c.Quote
}

// pinRank orders pinned candidates first, in pin order.
func pinRank(c candidate) int {
	if c.pinned < 0 {
		return int(^uint(0) >> 1)
	}
	return c.pinned
}

func sortCandidates(cs []candidate) {
	slices.SortStableFunc(cs, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(pinRank(x), pinRank(y)),
			project.CompareIDs(x.c.Source, y.c.Source), cmp.Compare(x.c.Turn, y.c.Turn),
			cmp.Compare(x.c.Start, y.c.Start), cmp.Compare(x.c.End, y.c.End), cmp.Compare(x.c.ID, y.c.ID))
	})
}

// passage identifies the words an exemplar shows: its source, turn and
// the span of the sentence(s) around the coding.
type passage struct {
	source     string
	turn       int
	start, end int
}

func (p passage) overlaps(q passage) bool {
	return p.source == q.source && p.turn == q.turn && p.start < q.end && q.start < p.end
}

func overlapsAny(p passage, set map[passage]bool) bool {
	for q := range set {
		if p.overlaps(q) {
			return true
		}
	}
	return false
}

// pickFor takes a code's exemplars from its sorted candidates, by the
// steps in the package comment. A candidate's excerpt is cut when a step
// first needs it, once: step 1 looks only at pinned candidates, and the
// others stop at PerCode, so a code with thousands of codings cuts a few
// excerpts instead of every one four times. (A candidate that overlaps a
// passage the code already shows is skipped in every step, so where it is
// first noticed does not change the result.)
func pickFor(name string, cands []candidate, taken map[passage]bool, in ExemplarInput, opts ExemplarOptions) []Quote {
	var out []Quote
	mine := map[passage]bool{}
	voiced := map[string]bool{}
	used := make([]bool, len(cands))
	type cut struct {
		q    Quote
		p    passage
		done bool
	}
	cuts := make([]cut, len(cands))
	take := func(i int, q Quote, p passage) {
		used[i], mine[p], taken[p], voiced[q.Participant] = true, true, true, true
		out = append(out, q)
	}
	for step := 1; step <= 4 && len(out) < opts.PerCode; step++ {
		for i, cd := range cands {
			if len(out) == opts.PerCode {
				break
			}
			if used[i] || step == 1 && cd.pinned < 0 {
				continue
			}
			if !cuts[i].done {
				q, p := excerpt(*cd.c, in, opts)
				q.Code, q.Pinned = name, cd.pinned >= 0
				cuts[i] = cut{q, p, true}
			}
			q, p := cuts[i].q, cuts[i].p
			if overlapsAny(p, mine) {
				used[i] = true // never one passage twice for a code
				continue
			}
			ok := false
			switch step {
			case 1:
				ok = q.Pinned
			case 2:
				ok = !overlapsAny(p, taken) && !voiced[q.Participant]
			case 3:
				ok = !overlapsAny(p, taken)
			case 4:
				ok = true
			}
			if ok {
				take(i, q, p)
			}
		}
	}
	return out
}

// excerpt cuts the exemplar of a coding and names the passage it shows.
func excerpt(c coding.Coding, in ExemplarInput, opts ExemplarOptions) (Quote, passage) {
	part := cmp.Or(in.Participant[c.Source], c.Source)
	q := Quote{CodingID: c.ID, Ref: c.Ref().String(), Participant: part,
		Descriptor: Descriptor(part, in.Attributes[part], opts.DescribeWith)}
	if c.Turn == 0 {
		q.Span = cutSpan(c.Quote, opts.MaxChars)
		return q, passage{c.Source, 0, c.Start, c.End}
	}
	text := []rune(in.Turns[c.Source][c.Turn-1].Text)
	s, e := sentenceBounds(text, c.Start, c.End)
	p := passage{c.Source, c.Turn, s, e}
	span := string(text[c.Start:c.End])
	if c.End-c.Start >= opts.MaxChars {
		q.Span = cutSpan(span, opts.MaxChars)
		return q, p
	}
	room := opts.MaxChars - (c.End - c.Start)
	before, after := text[s:c.Start], text[c.End:e]
	// Share the room: each side gets half, and what one side does not
	// need goes to the other.
	nb, na := len(before), len(after)
	if nb+na > room {
		if room < 2 { // no room for context and its "…" marks
			q.Span = span
			if room == 1 && len(before) > 0 {
				q.Before = "…"
			}
			return q, p
		}
		room -= 2 // each cut side costs an "…"
		nb, na = min(nb, room/2), min(na, room/2)
		if nb < len(before) {
			nb = min(len(before), room-na)
		} else {
			na = min(len(after), room-nb)
		}
	}
	q.Before = cutLeft(before, nb)
	q.Span = span
	q.After = cutRight(after, na)
	return q, p
}

// sentenceBounds widens [start, end) to whole sentences: back to just
// after the sentence end before start, forward to just after the first
// sentence end at or after end (or the text's ends), trimmed of spaces.
func sentenceBounds(text []rune, start, end int) (int, int) {
	boundary := func(i int) bool { // a sentence ends at text[i]
		return isSentenceEnd(text[i]) && (i+1 == len(text) || unicode.IsSpace(text[i+1]) || strings.ContainsRune(closers, text[i+1]))
	}
	s := start
	for s > 0 && !boundary(s-1) {
		s--
	}
	for s < start && (unicode.IsSpace(text[s]) || strings.ContainsRune(closers, text[s])) {
		s++
	}
	e := end
	if e > start && boundary(e-1) {
		return s, e
	}
	for e < len(text) && !boundary(e) {
		e++
	}
	for e < len(text) && (isSentenceEnd(text[e]) || strings.ContainsRune(closers, text[e])) {
		e++
	}
	return s, e
}

// closers may follow a sentence's last mark.
const closers = `"'”’)`

func isSentenceEnd(r rune) bool { return strings.ContainsRune(".!?…", r) }

// cutLeft keeps the last n runes of before, starting at a word boundary,
// with "…" when anything was cut.
func cutLeft(before []rune, n int) string {
	if n >= len(before) {
		return string(before)
	}
	i := len(before) - n
	for i < len(before) && !unicode.IsSpace(before[i-1]) {
		i++
	}
	return "…" + strings.TrimLeft(string(before[i:]), " ")
}

// cutRight keeps the first n runes of after, ending at a word boundary.
func cutRight(after []rune, n int) string {
	if n >= len(after) {
		return string(after)
	}
	i := n
	for i > 0 && !unicode.IsSpace(after[i]) {
		i--
	}
	return strings.TrimRight(string(after[:i]), " ") + "…"
}

func cutSpan(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return cutRight(r, max-1)
}

// Descriptor describes a participant for a quote: "P03 (residential,
// 8 years in recovery)". A numeric value is followed by its attribute's
// name with underscores as spaces ("years_in_recovery: 8" gives "8 years
// in recovery"); text is shown as it is. Attributes the participant lacks
// are left out.
func Descriptor(participant string, attrs map[string]string, with []string) string {
	var parts []string
	for _, a := range with {
		v := strings.TrimSpace(attrs[a])
		if v == "" {
			continue
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			v += " " + strings.ReplaceAll(a, "_", " ")
		}
		parts = append(parts, v)
	}
	if len(parts) == 0 {
		return participant
	}
	return participant + " (" + strings.Join(parts, ", ") + ")"
}
