package coding

import (
	"slices"
	"strings"
	"unicode"

	"github.com/grounded-qda/grounded/corpus"
)

// word is a word of a turn: its lower-case form and its code-point span.
type word struct {
	w          string
	start, end int
}

// words splits text into words (letters and digits, with apostrophes
// inside them), lower-cased, with typographic apostrophes made straight.
func words(text string) []word {
	var out []word
	var b strings.Builder
	start := -1
	i := 0
	flush := func(end int) {
		if start >= 0 {
			out = append(out, word{strings.Trim(b.String(), "'"), start, end})
			b.Reset()
			start = -1
		}
	}
	for _, r := range text {
		if r == '’' || r == '‘' {
			r = '\''
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '\'' && start >= 0) {
			if start < 0 {
				start = i
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			flush(i)
		}
		i++
	}
	flush(i)
	return out
}

// nearPassages returns up to n passages of turns most like quote: for
// each turn, the run of as many words as the quote has that shares the
// most of its words; passages sharing fewer than half of them are left out.
// The most alike come first (then the earlier turn).
func nearPassages(source string, turns []corpus.Turn, quote string, n int) []Span {
	qw := words(quote)
	if len(qw) == 0 {
		return nil
	}
	want := map[string]int{}
	for _, w := range qw {
		want[w.w]++
	}
	type cand struct {
		span  Span
		score int
	}
	var cands []cand
	for ti, t := range turns {
		tw := words(t.Text)
		best, bestK, bestKey := 0, -1, 0
		for k := range tw {
			seen := map[string]int{}
			score := 0
			for _, w := range tw[k:min(k+len(qw), len(tw))] {
				if seen[w.w] < want[w.w] {
					seen[w.w]++
					score++
				}
			}
			// A window that starts on a word of the quote is preferred.
			key := 2 * score
			if want[tw[k].w] > 0 {
				key++
			}
			if key > bestKey {
				best, bestK, bestKey = score, k, key
			}
		}
		if bestK < 0 || 2*best < len(qw) {
			continue
		}
		last := min(bestK+len(qw), len(tw)) - 1
		for last > bestK && want[tw[last].w] == 0 { // nor end on a word it lacks
			last--
		}
		end := tw[last].end
		q, _ := corpus.Slice(t.Text, tw[bestK].start, end)
		cands = append(cands, cand{Span{Source: source, Turn: ti + 1, Start: tw[bestK].start, End: end, Quote: q}, best})
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.score - a.score })
	var out []Span
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.span)
	}
	return out
}

// around returns the passage [start, end) of text with about six words on
// each side, the passage marked [[like this]], on one line.
func around(text string, start, end int) string {
	r := []rune(text)
	if start < 0 || end > len(r) || start > end {
		return ""
	}
	const words = 6
	lo := start
	for n := 0; lo > 0; lo-- {
		if unicode.IsSpace(r[lo-1]) && (lo == 1 || !unicode.IsSpace(r[lo-2])) {
			n++
			if n > words {
				break
			}
		}
	}
	hi := end
	for n := 0; hi < len(r); hi++ {
		if unicode.IsSpace(r[hi]) && hi > end && !unicode.IsSpace(r[hi-1]) {
			n++
			if n > words {
				break
			}
		}
	}
	s := string(r[lo:start]) + "[[" + string(r[start:end]) + "]]" + string(r[end:hi])
	if lo > 0 {
		s = "…" + strings.TrimLeft(s, " ")
	}
	if hi < len(r) {
		s = strings.TrimRight(s, " ") + "…"
	}
	return strings.Join(strings.Fields(s), " ")
}
