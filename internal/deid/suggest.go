package deid

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/grounded-qda/grounded/corpus"
)

// Suggestion is a word that may be a name not yet in the list.
type Suggestion struct {
	Word    string `json:"word"`
	Count   int    `json:"count"`
	Ref     string `json:"ref"`     // its first occurrence
	Context string `json:"context"` // the words around it
}

var capWord = lazyRegexp(`\p{Lu}[\p{L}\p{M}'’-]*\p{L}`)

// NotNames are the capitalised words Suggest never lists: the pronoun I
// and its contractions, function words and fillers that speech-to-text
// exports (Otter, Zoom, Teams) often capitalise after a comma or a pause
// (And, But, So, The, Yeah, OK ...), titles, weekdays and months, and a
// few common non-names of the field (AA, NA). Compared in lower case.
// Built on first use.
var NotNames = sync.OnceValue(func() map[string]bool { return wordSet(notNames) })

const notNames = `i i'm i’m i've i’ve i'll i’ll i'd i’d
	and but so or nor the a an then because also if when what where why how who that this these those
	it it's it’s we you they he she his her my our your their me us them
	yeah yes yep no nope ok okay oh um uh er hmm mhm mm like well right sure just now anyway
	hi hello thanks thank please sorry
	mr mrs ms dr god
	monday tuesday wednesday thursday friday saturday sunday
	january february march april may june july august september october november december
	christmas english aa na`

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Suggest lists capitalised words in mid-sentence that are not in known
// and not in NotNames, most frequent first. known holds the names list
// and the pseudonyms already used (a key's or the names file's pseudonym
// column), compared word by word, case-insensitively; the generated
// pseudonyms "Person N" are skipped too. A word is at a sentence start,
// and not listed, at the start of a turn, after . ! ? … or : (also when
// closing quotes or brackets come between, as in “… said.” And), after an
// opening quote or bracket, and after a dash. The suggestions are
// candidates for the researcher to judge, never replaced on their own.
func Suggest(turns map[string][]corpus.Turn, known []string) []Suggestion {
	skip := map[string]bool{}
	for _, k := range known {
		for _, w := range strings.Fields(k) {
			skip[strings.ToLower(w)] = true
		}
	}
	found := map[string]*Suggestion{}
	ids := make([]string, 0, len(turns))
	for id := range turns {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for i, t := range turns[id] {
			for _, bs := range capWord().FindAllStringIndex(t.Text, -1) {
				w := t.Text[bs[0]:bs[1]]
				k := strings.ToLower(w)
				if skip[k] || NotNames()[k] || !midSentence(t.Text[:bs[0]]) || generated(w, t.Text[bs[1]:]) {
					continue
				}
				if bs[0] > 0 && isWord(lastRune(t.Text[:bs[0]])) {
					continue // inside a word such as "McDonald"
				}
				s := found[k]
				if s == nil {
					r := []rune(t.Text)
					st := len([]rune(t.Text[:bs[0]]))
					en := st + len([]rune(w))
					ctx := string(r[max(0, st-30):st]) + "[" + w + "]" + string(r[en:min(len(r), en+30)])
					s = &Suggestion{Word: w, Ref: corpus.Ref{Source: id, Turn: i + 1, HasSpan: true, Start: st, End: en}.String(), Context: ctx}
					found[k] = s
				}
				s.Count++
			}
		}
	}
	var out []Suggestion
	for _, s := range found {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Suggestion) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Word, b.Word)) })
	return out
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

// generated reports whether w and what follows it are a pseudonym
// deidentify generates ("Person 3").
func generated(w, after string) bool {
	rest, ok := strings.CutPrefix(after, " ")
	return w == "Person" && ok && rest != "" && rest[0] >= '0' && rest[0] <= '9'
}

// midSentence reports whether text before a word ends inside a sentence.
func midSentence(before string) bool {
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	if before == "" || strings.ContainsRune("“‘([{«-–—:…", lastRune(before)) {
		return false // turn start, an opening quote or bracket, a dash, a colon
	}
	// Look through closing quotes and brackets to what they close.
	trimmed := strings.TrimRightFunc(before, func(r rune) bool { return strings.ContainsRune(`”’"')]}»`, r) })
	if trimmed == "" {
		return false
	}
	last := lastRune(trimmed)
	if trimmed != before && unicode.IsSpace(last) {
		return false // a straight quote after a space opens a quotation
	}
	return !strings.ContainsRune(".!?…", last)
}
