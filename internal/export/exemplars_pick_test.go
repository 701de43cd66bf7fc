package export

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// refPickFor is pickFor as it was before it cut excerpts lazily: every
// candidate's excerpt in every step. TestPickForSameAsEager requires the
// same exemplars from both.
func refPickFor(name string, cands []candidate, taken map[passage]bool, in ExemplarInput, opts ExemplarOptions) []Quote {
	var out []Quote
	mine := map[passage]bool{}
	voiced := map[string]bool{}
	used := make([]bool, len(cands))
	take := func(i int, q Quote, p passage) {
		used[i], mine[p], taken[p], voiced[q.Participant] = true, true, true, true
		out = append(out, q)
	}
	for step := 1; step <= 4 && len(out) < opts.PerCode; step++ {
		for i, cd := range cands {
			if len(out) == opts.PerCode {
				break
			}
			if used[i] {
				continue
			}
			q, p := excerpt(*cd.c, in, opts)
			q.Code, q.Pinned = name, cd.pinned >= 0
			if overlapsAny(p, mine) {
				used[i] = true
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

// TestPickForSameAsEager builds random studies (few sources and sentences,
// so that passages overlap and participants repeat; some codings pinned)
// and picks every code's exemplars with pickFor and refPickFor, in the
// order SelectExemplars uses and sharing the taken passages as it does.
func TestPickForSameAsEager(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 9))
	words := strings.Fields("trust was built slowly over many weeks of coffee and small talk until one day she said so")
	for round := range 300 {
		turns := map[string][]corpus.Turn{}
		part := map[string]string{}
		for s := range 1 + r.IntN(4) {
			src := fmt.Sprintf("P%d", s+1)
			part[src] = fmt.Sprintf("R%d", r.IntN(3))
			for n := range 1 + r.IntN(3) {
				var b strings.Builder
				for j := range 10 + r.IntN(60) {
					if j > 0 {
						b.WriteString(" ")
					}
					b.WriteString(words[r.IntN(len(words))])
					if r.IntN(8) == 0 {
						b.WriteString(".")
					}
				}
				turns[src] = append(turns[src], corpus.Turn{N: n + 1, Text: b.String()})
			}
		}
		codes := []string{"A", "B", "C"}
		var cs []coding.Coding
		var pinned []string
		for i := range 2 + r.IntN(30) {
			src := fmt.Sprintf("P%d", 1+r.IntN(len(turns)))
			n := 1 + r.IntN(len(turns[src]))
			text := []rune(turns[src][n-1].Text)
			start := r.IntN(len(text) - 1)
			end := start + 1 + r.IntN(min(len(text)-start-1, 40))
			c := coding.Coding{ID: fmt.Sprintf("c%02d", i), Code: codes[r.IntN(len(codes))], Source: src, Turn: n,
				Start: start, End: end, Quote: string(text[start:end])}
			cs = append(cs, c)
			if r.IntN(6) == 0 {
				pinned = append(pinned, c.ID)
			}
		}
		in := ExemplarInput{Codes: codes, Codings: cs, Turns: turns, Participant: part, Pinned: pinned}
		opts := ExemplarOptions{PerCode: 1 + r.IntN(4), MaxChars: 30 + r.IntN(200)}
		pinAt := map[string]int{}
		for i, id := range pinned {
			pinAt[id] = i
		}
		byCode := map[string][]candidate{}
		for i := range cs {
			c := &cs[i]
			p, ok := pinAt[c.ID]
			if !ok {
				p = -1
			}
			byCode[codebook.Key(c.Code)] = append(byCode[codebook.Key(c.Code)], candidate{c: c, pinned: p})
		}
		takenNew, takenOld := map[passage]bool{}, map[passage]bool{}
		for _, name := range codes {
			cands := byCode[codebook.Key(name)]
			sortCandidates(cands)
			got := pickFor(name, cands, takenNew, in, opts)
			want := refPickFor(name, cands, takenOld, in, opts)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, code %s: pickFor\n%+v\nwant (every excerpt cut)\n%+v", round, name, got, want)
			}
		}
		if !reflect.DeepEqual(takenNew, takenOld) {
			t.Fatalf("round %d: taken passages differ", round)
		}
	}
}
