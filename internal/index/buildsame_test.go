package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	index "github.com/blevesearch/bleve_index_api"
	"github.com/grounded-qda/grounded/corpus"
)

// indexDump is everything the index ix holds, one line per item, sorted:
// each field's terms with, for each document (by its id), the frequency,
// the norm and the locations; and each document's stored fields. Two
// builds of one project that made the same index have the same dump,
// whatever their segments and the order of their documents.
func indexDump(t *testing.T, ix *Index) []string {
	t.Helper()
	r := indexReader(t, ix)
	defer r.Close()
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ids := map[string]bool{}
	for _, field := range fields {
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, e.Term)
			out = append(out, fmt.Sprintf("dict %s %q %d", field, e.Term, e.Count))
		}
		dict.Close()
		for _, term := range terms {
			tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			for {
				d, err := tfr.Next(nil)
				if err != nil {
					t.Fatal(err)
				}
				if d == nil {
					break
				}
				id, err := r.ExternalID(d.ID)
				if err != nil {
					t.Fatal(err)
				}
				ids[id] = true
				var locs strings.Builder
				for _, v := range d.Vectors {
					fmt.Fprintf(&locs, " %s%v@%d[%d:%d]", v.Field, v.ArrayPositions, v.Pos, v.Start, v.End)
				}
				out = append(out, fmt.Sprintf("post %s %q %s freq %d norm %v%s", field, term, id, d.Freq, d.Norm, locs.String()))
			}
			tfr.Close()
		}
	}
	for id := range ids {
		doc, err := r.Document(id)
		if err != nil {
			t.Fatal(err)
		}
		doc.VisitFields(func(f index.Field) {
			out = append(out, fmt.Sprintf("stored %s %s%v %q %v", id, f.Name(), f.ArrayPositions(), f.Value(), f.Options()))
		})
	}
	slices.Sort(out)
	return out
}

// indexReader is a reader of ix's bleve index; the caller closes it.
func indexReader(t *testing.T, ix *Index) index.IndexReader {
	t.Helper()
	ai, err := ix.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// dumpDiff describes the first lines where two dumps differ, or is "".
func dumpDiff(a, b []string) string {
	if slices.Equal(a, b) {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "%d lines, %d lines\n", len(a), len(b))
	i, j, n := 0, 0, 0
	for (i < len(a) || j < len(b)) && n < 10 {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i++
			j++
			continue
		case j == len(b) || i < len(a) && a[i] < b[j]:
			fmt.Fprintf(&s, "- %s\n", a[i])
			i++
		default:
			fmt.Fprintf(&s, "+ %s\n", b[j])
			j++
		}
		n++
	}
	return s.String()
}

// TestParallelBuildSameIndex checks the claim of build.go, docfields.go
// and textfreq.go directly: the parallel build (docMaker, textTerms, in
// small segments merged in several rounds, with a term table that fills
// up) writes the index the serial build writes, term by term: the same
// dictionaries, postings, frequencies, norms and positions, and the same
// stored fields. The project has the texts of buildProject and turns of
// Unicode, typographic apostrophes, contractions, numbers and long
// words, and a long turn that is one chunk (indexed by the builder).
func TestParallelBuildSameIndex(t *testing.T) {
	withChunkBytes(t, 700)
	oldBatch, oldMerge, oldPiece, oldTable := buildBatchSize, buildMergeMax, pieceDocs, termTableSize
	buildBatchSize, buildMergeMax, pieceDocs, termTableSize = 97, 3, 7, 50
	t.Cleanup(func() {
		buildBatchSize, buildMergeMax, pieceDocs, termTableSize = oldBatch, oldMerge, oldPiece, oldTable
	})
	p := buildProject(t)
	r := rand.New(rand.NewPCG(11, 12))
	atoms := []string{"Don’t", "don't", "DONʼT", "Ana’s", "ana's", "ŉ", "l’été", "Ærøskøbing", "naïve", "İstanbul", "straße",
		"trusting", "Trusted", "3.5", "1,000", "e.g.", "U.S.A.", "x_y", "王芳", "说", "😀", "ﬁne", "Ⅻ", "ǅ", "'quoted'",
		"rock`n`roll", "it´s", "five′", "Zoë", "résumé", "co-operate", " ", " ", ", ", ". ", "\n", " — "}
	var turns []corpus.Turn
	for n := range 60 {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(atoms[r.IntN(len(atoms))])
			b.WriteString(" ")
		}
		turns = append(turns, corpus.Turn{N: n + 1, Speaker: "Ana", Text: b.String()})
	}
	// A turn longer than a chunk but of few words: one chunk, which the
	// builder indexes with its numeric fields.
	turns = append(turns, corpus.Turn{N: 61, Speaker: "Ana", Text: "trust " + strings.Repeat("Supercalifragilistic", 60) + " trust"})
	writeSource(t, p, "U1", "PartU", turns)
	serial, _ := syncDisk(t, p, true)
	par, _ := syncDisk(t, p, false)
	a, b := indexDump(t, serial), indexDump(t, par)
	if d := dumpDiff(a, b); d != "" {
		t.Errorf("the indexes differ (serial -, parallel +):\n%s", d)
	}
	if len(a) < 10000 || !slices.ContainsFunc(a, func(s string) bool { return strings.HasPrefix(s, "stored U1#61/1 offset") }) {
		t.Errorf("the dump has %d lines, or no chunk built by the builder: the comparison proves little", len(a))
	}
	t.Logf("%d lines compared", len(a))
}

// TestParallelBuildLongWordSameTerm: a turn where a word over
// maxTableWord bytes has the term of a shorter word (a plural, an
// accented spelling) is indexed by the parallel build as by the serial
// one: the document once in the term's postings, with the frequency and
// positions of both words, and the turns after it intact.
func TestParallelBuildLongWordSameTerm(t *testing.T) {
	short := strings.Repeat("ab", maxTableWord/2)
	accents := strings.Repeat("é", maxTableWord/2+1)
	p := newProject(t)
	writeSource(t, p, "L1", "PartL", turnsOf(
		"Ana: before "+short+" trust",
		"Ana: "+short+" and "+short+"s, trust",
		"Bo: "+strings.Repeat("e", maxTableWord/2+1)+" "+accents+" trust "+accents,
		"Ana: after "+short+"s trust trust",
	))
	writeSource(t, p, "L2", "PartL", turnsOf("Bo: "+short+" trust", "Ana: trust "+short+"s "+short))
	serial, _ := syncDisk(t, p, true)
	par, _ := syncDisk(t, p, false)
	a, b := indexDump(t, serial), indexDump(t, par)
	if d := dumpDiff(a, b); d != "" {
		t.Errorf("the indexes differ (serial -, parallel +):\n%s", d)
	}
	for _, q := range []Query{{Text: short}, {Text: "trust"}, {Text: `"and ` + short + `"`}, {Text: strings.Repeat("e", maxTableWord/2+1)}} {
		if x, y := find(t, serial, q), find(t, par, q); !reflect.DeepEqual(x, y) {
			t.Errorf("%.20q: serial %d hits %v, parallel %d hits %v", q.Text, x.Total, refs(x), y.Total, refs(y))
		}
	}
}
