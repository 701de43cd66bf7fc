// Package deid pseudonymises transcripts: it replaces names and other
// identifying words with consistent pseudonyms and keeps every coding on
// its words.
//
// # What is replaced
//
// A Plan is made from a list of entries, each a text to find and the
// pseudonym that replaces it:
//
//   - names the researcher lists (Options.Names); a name without a
//     pseudonym gets "Person N", N counting up from 1 past the numbers
//     already used, in list order;
//   - speaker names (Options.Speakers), in turn texts and in the speaker
//     labels, with the same pseudonym as the listed name when they are
//     also listed;
//   - participants' attribute values the researcher marks as identifying
//     (Options.Attributes: value → attribute), as "[attribute N]";
//   - e-mail addresses, phone numbers (at least seven digits, with the
//     usual separators; a range of years such as 2019-2023 is not one)
//     and street addresses in English form ("12 Elm Street") when
//     Options.Patterns is set, as "[e-mail N]", "[phone N]" and
//     "[address N]", one number per distinct value.
//
// Names and values match case-insensitively (Unicode simple folding) and
// only as whole words: "Ann" does not match in "Anna" or "Hannah". At one
// place the longest match wins. The same text always gets the same
// pseudonym across the project, so the plan's Key is the reversible key.
// Offsets are code points, as everywhere in grounded.
//
// # Guarantees
//
// After Apply, no listed name, speaker or marked value remains in any turn
// text or speaker label as a whole word (NewPlan refuses a pseudonym that
// contains one, and a name listed twice with two pseudonyms). Reanchor
// moves each coding with its words: a span outside every replacement keeps
// its words; a span that starts or ends inside a replacement is widened to
// cover the whole pseudonym; the quote is the new text of the span.
// Source-level codings (turn 0) are re-anchored on the plain text.
//
// This package knows no files: reading the names list and writing the key
// outside the project are the caller's business.
package deid

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// Kinds of replacement.
const (
	KindName      = "name"
	KindSpeaker   = "speaker"
	KindAttribute = "attribute"
	KindEmail     = "e-mail"
	KindPhone     = "phone"
	KindAddress   = "address"
)

// Entry is one text to replace and its pseudonym.
type Entry struct {
	Name      string
	Pseudonym string
	Kind      string
}

// Options say what to replace.
type Options struct {
	Names      []Entry           // Kind is set to KindName when empty
	Speakers   []string          // speaker names to replace
	Attributes map[string]string // identifying value → attribute name
	Patterns   bool              // e-mails, phone numbers and street addresses
}

// Replacement is one place where text is replaced.
type Replacement struct {
	Source string `json:"source"`
	Turn   int    `json:"turn"`
	// Speaker is set when the replacement is in the turn's speaker label
	// (Start and End then count in the label).
	Speaker   bool   `json:"speaker,omitempty"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Original  string `json:"original"`
	Pseudonym string `json:"pseudonym"`
	Kind      string `json:"kind"`
	Context   string `json:"context"` // the words around, with the original in [brackets]
}

// Plan is every replacement to make in a set of transcripts.
type Plan struct {
	Replacements []Replacement
	entries      []Entry
	res          []*regexp.Regexp // entries[i] as a pattern
	patterns     bool
	pseudo       map[string]string // folded original → pseudonym (patterns included)
	counts       map[string]int    // kind → numbers used by generated pseudonyms
}

// The patterns are compiled on first use (lazyRegexp): the package's
// initialisation runs in every command of the binary.
var (
	emailRe   = lazyRegexp(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	phoneRe   = lazyRegexp(`\+?\(?\d[\d ().-]{5,}\d`)
	addressRe = lazyRegexp(`\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Terrace|Crescent|Close)\b`)
)

// lazyRegexp returns a function that compiles expr the first time it is
// called and returns the same *regexp.Regexp after.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// NewPlan finds every replacement in turns (by source id).
func NewPlan(turns map[string][]corpus.Turn, opts Options) (*Plan, error) {
	p := &Plan{patterns: opts.Patterns, pseudo: map[string]string{}, counts: map[string]int{}}
	if err := p.addEntries(opts); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(turns))
	for id := range turns {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for i, t := range turns[id] {
			for _, m := range p.find(t.Speaker) {
				p.Replacements = append(p.Replacements, m.replacement(id, i+1, true, t.Speaker))
			}
			for _, m := range p.find(t.Text) {
				p.Replacements = append(p.Replacements, m.replacement(id, i+1, false, t.Text))
			}
		}
	}
	return p, nil
}

func fold(s string) string { return strings.ToLower(corpusClean(s)) }

func corpusClean(s string) string { return strings.Join(strings.Fields(s), " ") }

// addEntries collects the entries, generates missing pseudonyms and checks
// that they are consistent and safe.
func (p *Plan) addEntries(opts Options) error {
	var all []Entry
	for _, e := range opts.Names {
		all = append(all, Entry{Name: corpusClean(e.Name), Pseudonym: strings.TrimSpace(e.Pseudonym), Kind: cmp.Or(e.Kind, KindName)})
	}
	for _, s := range opts.Speakers {
		all = append(all, Entry{Name: corpusClean(s), Kind: KindSpeaker})
	}
	values := make([]string, 0, len(opts.Attributes))
	for v := range opts.Attributes {
		values = append(values, v)
	}
	slices.Sort(values)
	for _, v := range values {
		all = append(all, Entry{Name: corpusClean(v), Kind: KindAttribute + ":" + opts.Attributes[v]})
	}
	byName := map[string]int{}
	for _, e := range all {
		if e.Name == "" {
			return fmt.Errorf("an empty name cannot be replaced; remove the empty line from the list")
		}
		k := fold(e.Name)
		if i, ok := byName[k]; ok {
			prev := &p.entries[i]
			if e.Pseudonym != "" && prev.Pseudonym != "" && e.Pseudonym != prev.Pseudonym {
				return fmt.Errorf("%q is listed with two pseudonyms, %q and %q; keep one", e.Name, prev.Pseudonym, e.Pseudonym)
			}
			prev.Pseudonym = cmp.Or(prev.Pseudonym, e.Pseudonym)
			continue
		}
		byName[k] = len(p.entries)
		p.entries = append(p.entries, e)
	}
	for _, e := range p.entries {
		if e.Pseudonym != "" {
			p.noteNumber(e.Pseudonym)
		}
	}
	for i := range p.entries {
		e := &p.entries[i]
		if e.Pseudonym == "" {
			label := "Person %d"
			if attr, ok := strings.CutPrefix(e.Kind, KindAttribute+":"); ok {
				label = "[" + cmp.Or(attr, "attribute") + " %d]"
			}
			e.Pseudonym = p.next(label)
		}
		if strings.HasPrefix(e.Kind, KindAttribute+":") {
			e.Kind = KindAttribute
		}
		p.pseudo[fold(e.Name)] = e.Pseudonym
	}
	for _, e := range p.entries {
		p.res = append(p.res, namePattern(e.Name))
	}
	for _, e := range p.entries {
		for i, other := range p.entries {
			if len(wordMatches(e.Pseudonym, p.res[i])) > 0 {
				return fmt.Errorf("the pseudonym %q of %q contains the name %q, which would stay readable; choose another pseudonym", e.Pseudonym, e.Name, other.Name)
			}
		}
	}
	return nil
}

// noteNumber records "Person 4" style numbers already used.
func (p *Plan) noteNumber(pseudonym string) {
	var n int
	for _, label := range []string{"Person %d", "[phone %d]", "[e-mail %d]", "[address %d]"} {
		if _, err := fmt.Sscanf(pseudonym, label, &n); err == nil {
			p.counts[label] = max(p.counts[label], n)
		}
	}
}

func (p *Plan) next(label string) string {
	p.counts[label]++
	return fmt.Sprintf(label, p.counts[label])
}

// match is a found occurrence, in code points.
type match struct {
	start, end int
	original   string
	pseudonym  string
	kind       string
}

func (m match) replacement(source string, turn int, speaker bool, text string) Replacement {
	r := []rune(text)
	from, to := max(0, m.start-30), min(len(r), m.end+30)
	ctx := string(r[from:m.start]) + "[" + m.original + "]" + string(r[m.end:to])
	return Replacement{Source: source, Turn: turn, Speaker: speaker, Start: m.start, End: m.end,
		Original: m.original, Pseudonym: m.pseudonym, Kind: m.kind, Context: strings.ReplaceAll(ctx, "\n", " ")}
}

// find returns the non-overlapping matches in text, longest first at a
// place, in text order.
func (p *Plan) find(text string) []match {
	if text == "" {
		return nil
	}
	var ms []match
	for i, e := range p.entries {
		for _, bs := range wordMatches(text, p.res[i]) {
			ms = append(ms, match{start: bs[0], end: bs[1], pseudonym: e.Pseudonym, kind: e.Kind})
		}
	}
	if p.patterns {
		for _, pat := range []struct {
			re    *regexp.Regexp
			kind  string
			label string
		}{{emailRe(), KindEmail, "[e-mail %d]"}, {addressRe(), KindAddress, "[address %d]"}, {phoneRe(), KindPhone, "[phone %d]"}} {
			for _, bs := range pat.re.FindAllStringIndex(text, -1) {
				if pat.kind == KindPhone && !phoneLike(text[bs[0]:bs[1]]) {
					continue
				}
				ms = append(ms, match{start: bs[0], end: bs[1], kind: pat.kind, pseudonym: pat.label})
			}
		}
	}
	slices.SortFunc(ms, func(a, b match) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end)) })
	var out []match
	last := 0
	for _, m := range ms {
		if m.start < last {
			continue
		}
		last = m.end
		m.original = text[m.start:m.end]
		if strings.Contains(m.pseudonym, "%d") {
			k := fold(m.original)
			if _, ok := p.pseudo[k]; !ok {
				p.pseudo[k] = p.next(m.pseudonym)
			}
			m.pseudonym = p.pseudo[k]
		}
		m.start, m.end = utf8.RuneCountInString(text[:m.start]), utf8.RuneCountInString(text[:m.end])
		out = append(out, m)
	}
	return out
}

// yearRange matches "2019-2023" and "1990 – 2001", which the phone
// pattern would otherwise take.
var yearRange = lazyRegexp(`^(1[89]|20)\d\d\s*[-–.]\s*(1[89]|20)\d\d$`)

// phoneLike reports whether a phone pattern match has at least seven
// digits and is not a range of years.
func phoneLike(s string) bool {
	return countDigits(s) >= 7 && !yearRange().MatchString(strings.TrimSpace(s))
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// namePattern matches a name case-insensitively, any run of white space
// standing for its spaces.
func namePattern(name string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)` + strings.ReplaceAll(regexp.QuoteMeta(name), ` `, `\s+`))
}

// wordMatches returns the byte spans where re matches text as a whole
// word.
func wordMatches(text string, re *regexp.Regexp) [][2]int {
	var out [][2]int
	for _, bs := range re.FindAllStringIndex(text, -1) {
		before, _ := utf8.DecodeLastRuneInString(text[:bs[0]])
		after, _ := utf8.DecodeRuneInString(text[bs[1]:])
		if bs[0] > 0 && isWord(before) || bs[1] < len(text) && isWord(after) {
			continue
		}
		out = append(out, [2]int{bs[0], bs[1]})
	}
	return out
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// Key returns the reversible key: every original text and its pseudonym,
// listed entries first, then pattern matches in the order found.
func (p *Plan) Key() []Entry {
	out := slices.Clone(p.entries)
	seen := map[string]bool{}
	for _, e := range out {
		seen[fold(e.Name)] = true
	}
	for _, r := range p.Replacements {
		if k := fold(r.Original); !seen[k] {
			seen[k] = true
			out = append(out, Entry{Name: r.Original, Pseudonym: r.Pseudonym, Kind: r.Kind})
		}
	}
	return out
}

// Apply returns the turns with every replacement made. The input is not
// changed.
func (p *Plan) Apply(turns map[string][]corpus.Turn) map[string][]corpus.Turn {
	out := map[string][]corpus.Turn{}
	for id, ts := range turns {
		nts := slices.Clone(ts)
		for i := range nts {
			nts[i].Speaker = applyEdits(nts[i].Speaker, p.edits(id, i+1, true))
			nts[i].Text = applyEdits(nts[i].Text, p.edits(id, i+1, false))
		}
		out[id] = nts
	}
	return out
}

// edit replaces code points [start, end) with text.
type edit struct {
	start, end int
	text       string
}

func (p *Plan) edits(source string, turn int, speaker bool) []edit {
	var out []edit
	for _, r := range p.Replacements {
		if r.Source == source && r.Turn == turn && r.Speaker == speaker {
			out = append(out, edit{r.Start, r.End, r.Pseudonym})
		}
	}
	return out
}

func applyEdits(s string, edits []edit) string {
	if len(edits) == 0 {
		return s
	}
	r := []rune(s)
	var b strings.Builder
	pos := 0
	for _, e := range edits {
		b.WriteString(string(r[pos:e.start]))
		b.WriteString(e.text)
		pos = e.end
	}
	b.WriteString(string(r[pos:]))
	return b.String()
}

// mapStart and mapEnd move an offset across edits; an offset inside a
// replaced span moves to the start (mapStart) or the end (mapEnd) of its
// pseudonym, so that a coding covers the whole pseudonym.
func mapStart(pos int, edits []edit) int {
	shift := 0
	for _, e := range edits {
		switch {
		case e.end <= pos:
			shift += utf8.RuneCountInString(e.text) - (e.end - e.start)
		case e.start < pos:
			return e.start + shift
		}
	}
	return pos + shift
}

func mapEnd(pos int, edits []edit) int {
	shift := 0
	for _, e := range edits {
		switch {
		case e.end <= pos:
			shift += utf8.RuneCountInString(e.text) - (e.end - e.start)
		case e.start < pos:
			return e.start + shift + utf8.RuneCountInString(e.text)
		}
	}
	return pos + shift
}

// Reanchor moves codings made on the old turns onto the new ones (as
// returned by Apply) and sets their quotes to the new words. It fails,
// changing nothing, when a coding does not fit its old transcript.
func (p *Plan) Reanchor(cs []coding.Coding, old, new map[string][]corpus.Turn) ([]coding.Coding, error) {
	out := slices.Clone(cs)
	plain := map[string][]edit{}
	for i := range out {
		c := &out[i]
		if c.Orphaned {
			continue // its position is an old one; it keeps its quote
		}
		var edits []edit
		var text string
		if c.Turn == 0 {
			if _, ok := plain[c.Source]; !ok {
				plain[c.Source] = p.plainEdits(c.Source, old[c.Source])
			}
			edits = plain[c.Source]
			text, _ = corpus.PlainText(new[c.Source])
		} else {
			if c.Turn > len(new[c.Source]) {
				return nil, fmt.Errorf("coding %s: %s has no turn %d", c.ID, c.Source, c.Turn)
			}
			edits = p.edits(c.Source, c.Turn, false)
			text = new[c.Source][c.Turn-1].Text
		}
		c.Start, c.End = mapStart(c.Start, edits), mapEnd(c.End, edits)
		q, ok := corpus.Slice(text, c.Start, c.End)
		if !ok {
			return nil, fmt.Errorf("coding %s: span %d-%d does not fit %s", c.ID, c.Start, c.End, c.Ref())
		}
		c.Quote = q
	}
	return out, nil
}

// plainEdits lists a source's replacements as edits of its plain text.
func (p *Plan) plainEdits(source string, turns []corpus.Turn) []edit {
	_, offsets := corpus.PlainText(turns)
	var out []edit
	for i, t := range turns {
		labelStart := offsets[i]
		if t.Speaker != "" {
			labelStart -= utf8.RuneCountInString(t.Speaker) + 2
		}
		for _, e := range p.edits(source, i+1, true) {
			out = append(out, edit{labelStart + e.start, labelStart + e.end, e.text})
		}
		for _, e := range p.edits(source, i+1, false) {
			out = append(out, edit{offsets[i] + e.start, offsets[i] + e.end, e.text})
		}
	}
	return out
}
