package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestFuzzyMatchesEditDistance checks fuzzy terms (trust~1, trust~2)
// against an independent computation: a term matches when its optimal
// string alignment distance (insertions, deletions, substitutions and
// swaps of neighbours, each 1) from the query is at most the fuzziness.
//
// bleve answers fuzzy terms with vellum's Levenshtein automata, which
// grounded's patched copy of vellum (third_party/vellum, PATCHES.md)
// builds on first use instead of at start-up: this test guards that
// patch, and the first fuzzy query of a process (the lazy build) is one
// of the queries checked.
func TestFuzzyMatchesEditDistance(t *testing.T) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = keyword.Name
	ix, err := bleve.New(filepath.Join(t.TempDir(), "ix"), m) // scorch, as grounded's index
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r := rand.New(rand.NewPCG(17, 2025))
	word := func() string {
		b := make([]rune, 3+r.IntN(4))
		for i := range b {
			b[i] = []rune("abcé")[r.IntN(4)] // a small alphabet: many near words
		}
		return string(b)
	}
	var terms []string
	b := ix.NewBatch()
	for i := range 400 {
		w := word()
		terms = append(terms, w)
		if err := b.Index(fmt.Sprint(i), map[string]string{"w": w}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Batch(b); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		q, fuzziness := word(), 1+i%2
		var want []string
		for _, w := range terms {
			if osaDistance(q, w) <= fuzziness && !slices.Contains(want, w) {
				want = append(want, w)
			}
		}
		fq := query.NewFuzzyQuery(q)
		fq.SetFuzziness(fuzziness)
		fq.SetField("w")
		req := bleve.NewSearchRequestOptions(fq, 1000, 0, false)
		req.Fields = []string{"w"}
		res, err := ix.Search(req)
		if err != nil {
			t.Fatalf("%s~%d: %v", q, fuzziness, err)
		}
		var got []string
		for _, h := range res.Hits {
			if w, _ := h.Fields["w"].(string); !slices.Contains(got, w) {
				got = append(got, w)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s~%d matched %q, want the terms within distance %d: %q", q, fuzziness, got, fuzziness, want)
		}
	}
}

// osaDistance is the optimal string alignment distance of a and b, in
// characters (runes): the textbook dynamic programme.
func osaDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
