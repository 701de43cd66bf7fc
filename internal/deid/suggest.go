package deid

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
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

var capWord = regexp.MustCompile(`\p{Lu}[\p{L}\p{M}'’-]*\p{L}`)

// notNames are capitalised words that are common in English speech and are
// not names.
var notNames = map[string]bool{
	"i": true, "i'm": true, "i’m": true, "i've": true, "i’ve": true, "i'll": true, "i’ll": true, "i'd": true, "i’d": true,
	"ok": true, "okay": true, "mr": true, "mrs": true, "ms": true, "dr": true, "god": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"christmas": true, "english": true, "aa": true, "na": true,
}

// Suggest lists capitalised words in mid-sentence (not at the start of a
// turn or after . ! ? … : or an opening quote) that are not in known (a
// names list, compared case-insensitively) and not common non-names, most
// frequent first. They are candidates for the researcher to judge, never
// replaced on their own.
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
			for _, bs := range capWord.FindAllStringIndex(t.Text, -1) {
				w := t.Text[bs[0]:bs[1]]
				k := strings.ToLower(w)
				if skip[k] || notNames[k] || !midSentence(t.Text[:bs[0]]) {
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

// midSentence reports whether text before a word ends inside a sentence.
func midSentence(before string) bool {
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	if before == "" {
		return false
	}
	return !strings.ContainsRune(".!?…:\"“‘(-–—", lastRune(before))
}
