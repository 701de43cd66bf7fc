package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	zap "github.com/blevesearch/zapx/v17"
)

// textFieldOf maps a document whose text is text with the index mapping
// and returns its text field, not analysed.
func textFieldOf(t testing.TB, text string) *document.TextField {
	t.Helper()
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	d := document.NewDocument("x")
	if err := m.MapDocument(d, map[string]any{FieldText: text, FieldSpeaker: "S"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range d.Fields {
		if tf, ok := f.(*document.TextField); ok && tf.Name() == FieldText {
			return tf
		}
	}
	t.Fatalf("no text field in %v", d.Fields)
	return nil
}

// freqsDiff describes how the analysis (n, got) differs from bleve's
// analysis of the text field of text, or is "".
func freqsDiff(t testing.TB, text string, n int, got index.TokenFrequencies) string {
	f := textFieldOf(t, text)
	f.Analyze()
	want := f.AnalyzedTokenFrequencies()
	if n != f.AnalyzedLength() {
		return fmt.Sprintf("%q: %d words, want %d", text, n, f.AnalyzedLength())
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%q: %d terms %v, want %d %v", text, len(got), slices.Sorted(mapKeys(got)), len(want), slices.Sorted(mapKeys(want)))
	}
	for term, w := range want {
		g := got[term]
		switch {
		case g == nil:
			return fmt.Sprintf("%q: no term %q", text, term)
		case string(g.Term) != string(w.Term) || string(g.Term) != term:
			return fmt.Sprintf("%q: term %q has Term %q, want %q", text, term, g.Term, w.Term)
		case g.Frequency() != w.Frequency():
			return fmt.Sprintf("%q: term %q has frequency %d, want %d", text, term, g.Frequency(), w.Frequency())
		case len(g.Locations) != len(w.Locations):
			return fmt.Sprintf("%q: term %q has %d locations, want %d", text, term, len(g.Locations), len(w.Locations))
		}
		for i, wl := range w.Locations {
			gl := g.Locations[i]
			if gl.Position != wl.Position || gl.Start != wl.Start || gl.End != wl.End || !slices.Equal(gl.ArrayPositions, wl.ArrayPositions) {
				return fmt.Sprintf("%q: term %q location %d is %+v, want %+v", text, term, i, *gl, *wl)
			}
		}
	}
	return ""
}

func mapKeys(m index.TokenFrequencies) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestTextTermsAsAnalyzer checks textTerms against bleve's analysis of
// the text field (the index mapping's textAnalyzer, then
// analysis.TokenFrequency), term by term and location by location: on the
// example transcripts line by line and whole, the stemmer's texts, and
// random texts of the tokenizer's tests, ASCII and not, valid UTF-8 or
// not. One textTerms analyses them all in turn, as a worker does, and
// then again with a table of 3 words, so that both the words it keeps
// and those it does not are checked.
func TestTextTermsAsAnalyzer(t *testing.T) {
	texts := stemTexts(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "transcripts", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	r := rand.New(rand.NewPCG(5, 6))
	mixed := append(append([]string(nil), asciiAtoms...), otherAtoms...)
	for range 3000 {
		texts = append(texts, randomText(r, asciiAtoms, 40, 128), randomText(r, mixed, 40, 256))
	}
	long := strings.Repeat("Ab", maxTableWord/2)
	texts = append(texts, "", " ", "trust trust Trust TRUST trusted trusting", "don't don’t DON'T Ana's ana’s",
		long+" "+long+"c "+long+" trust "+long+"c "+strings.ToUpper(long))
	for _, size := range [][2]int{{termTableSize, termIDsSize}, {3, 5}} {
		withTermTables(t, size[0], size[1])
		ids := newTermIDs()
		// Two workers' tables, one ids, as in a build.
		tts := []*textTerms{newTextTerms(ids), newTextTerms(ids)}
		failed := 0
		byID := map[uint32]string{}
		for k, text := range texts {
			tt := tts[k%2]
			n, terms := tt.analyze([]byte(text), nil)
			d := freqsDiff(t, text, n, (&termsField{terms: terms}).AnalyzedTokenFrequencies())
			if d == "" {
				d = idTermsDiff(text, terms, byID)
			}
			if d != "" {
				t.Error(d)
				if failed++; failed == 10 {
					t.Fatal("and more")
				}
			}
		}
		if size[0] == 3 && (len(tts[0].terms) != 3 || len(ids.ids) != 5) {
			t.Errorf("table of 3 words holds %d, ids of 5 terms %d", len(tts[0].terms), len(ids.ids))
		}
	}
}

// withTermTables sets termTableSize and termIDsSize for the test, and sets
// them back when it ends, failed or not (a test stopped by t.Fatal must
// not leave small tables to the tests after it).
func withTermTables(t *testing.T, table, ids int) {
	t.Helper()
	oldTable, oldIDs := termTableSize, termIDsSize
	termTableSize, termIDsSize = table, ids
	t.Cleanup(func() { termTableSize, termIDsSize = oldTable, oldIDs })
}

// idTermsDiff describes what is wrong with the terms of a turn, or is "":
// a term given twice, a Freq that is not its term's, an id that stands
// for another term in byID (the terms of the ids seen so far, which it
// completes).
func idTermsDiff(text string, terms []zap.IDTerm, byID map[uint32]string) string {
	seen := map[string]bool{}
	for _, t := range terms {
		if seen[t.Term] {
			return fmt.Sprintf("%q: term %q listed twice", text, t.Term)
		}
		seen[t.Term] = true
		if t.Freq == nil || string(t.Freq.Term) != t.Term {
			return fmt.Sprintf("%q: term %q has frequencies %+v", text, t.Term, t.Freq)
		}
		if t.ID == 0 {
			continue
		}
		if other, ok := byID[t.ID]; ok && other != t.Term {
			return fmt.Sprintf("%q: id %d is %q and %q", text, t.ID, other, t.Term)
		}
		byID[t.ID] = t.Term
	}
	return ""
}

// TestPreparerTextTerms checks that a full build's documents carry the
// analysis of textTerms for the text field, and bleve's for the others.
func TestPreparerTextTerms(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	text := "We built trust, trust that lasts. Don’t rush."
	d := doc{id: "S1#1", fields: map[string]any{FieldText: text, FieldSpeaker: "Ana Díaz", FieldCodes: []string{"trust", "rapport"}}}
	out, err := newPreparer(m, nil, nil).doc(d)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range out.Fields {
		switch f.Name() {
		case FieldText:
			seen++
			tf, ok := f.(*termsField)
			if !ok {
				t.Fatalf("text field is a %T, not a *termsField", f)
			}
			if diff := freqsDiff(t, text, tf.AnalyzedLength(), tf.AnalyzedTokenFrequencies()); diff != "" {
				t.Error(diff)
			}
		case FieldSpeaker: // the keyword analyzer
			seen++
			if _, ok := f.(*termsField); !ok {
				t.Errorf("field %s is a %T", f.Name(), f)
			}
			if len(f.AnalyzedTokenFrequencies()) != 1 {
				t.Errorf("field %s: %d terms", f.Name(), len(f.AnalyzedTokenFrequencies()))
			}
		case FieldCodes: // grounded_code: bleve's
			seen++
			if _, ok := f.(analyzedField); !ok {
				t.Errorf("field %s is a %T", f.Name(), f)
			}
			if len(f.AnalyzedTokenFrequencies()) != 1 {
				t.Errorf("field %s: %d terms", f.Name(), len(f.AnalyzedTokenFrequencies()))
			}
		}
	}
	if seen != 4 { // text, speaker, two codes
		t.Errorf("%d fields seen", seen)
	}
	// When the text's analyzer is not textAnalyzer, bleve analyses it.
	for _, name := range []string{codeAnalyzer, "no such analyzer"} {
		pr := newPreparer(m, nil, nil)
		pr.text = m.AnalyzerNamed(name)
		out, err := pr.doc(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Fields {
			if f.Name() == FieldText {
				if _, ok := f.(analyzedField); !ok {
					t.Errorf("analyzer %s: text field is a %T", name, f)
				}
			}
		}
	}
}

// FuzzTextTerms checks textTerms against bleve's analysis on any text.
func FuzzTextTerms(f *testing.F) {
	for _, s := range []string{"don't 3.5 1,000 a.b.c e.g. U.S. x_y 'quoted'\r\n", "Don’t stop, don't", "a\xffb c", "Ærøskøbing naïve café", "王芳 说", ""} {
		f.Add(s)
	}
	tt := newTextTerms(nil)
	byID := map[uint32]string{}
	f.Fuzz(func(t *testing.T, text string) {
		n, terms := tt.analyze([]byte(text), nil)
		d := freqsDiff(t, text, n, (&termsField{terms: terms}).AnalyzedTokenFrequencies())
		if d == "" {
			d = idTermsDiff(text, terms, byID)
		}
		if d != "" {
			t.Fatal(d)
		}
	})
}

// TestPreparerAsBleve checks every document a full build prepares for
// buildProject (texts, keywords, codes, chunks of long turns, stored and
// numeric fields) against what bleve makes of it (MapDocument, then
// Analyze on each indexed field): the same fields, each with the same
// number of words and the same frequencies and locations, and terms
// listed once, under ids that stand for one term each.
func TestPreparerAsBleve(t *testing.T) {
	withChunkBytes(t, 700)
	p := buildProject(t)
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	// With the tables of a real build (every term has an id), and with
	// tables smaller than the project's vocabulary (terms without ids).
	for _, size := range [][2]int{{termTableSize, termIDsSize}, {20, 30}} {
		withTermTables(t, size[0], size[1])
		pr := newPreparer(m, nil, nil)
		byID := map[string]map[uint32]string{}
		kinds := map[string]int{}
		for _, s := range srcs {
			ds, _, err := buildDocs(p, s)
			if err != nil {
				continue
			}
			for _, d := range ds {
				got, err := pr.doc(d)
				if err != nil {
					t.Fatal(err)
				}
				want := document.NewDocument(d.id)
				if err := m.MapDocument(want, d.fields); err != nil {
					t.Fatal(err)
				}
				if len(got.Fields) != len(want.Fields) {
					t.Fatalf("%s: %d fields, want %d", d.id, len(got.Fields), len(want.Fields))
				}
				g, w := append([]document.Field(nil), got.Fields...), append([]document.Field(nil), want.Fields...)
				sort.Slice(g, func(i, j int) bool { return fieldKey(g[i]) < fieldKey(g[j]) })
				sort.Slice(w, func(i, j int) bool { return fieldKey(w[i]) < fieldKey(w[j]) })
				for i := range g {
					if fieldKey(g[i]) != fieldKey(w[i]) {
						t.Fatalf("%s: field %s, want %s", d.id, fieldKey(g[i]), fieldKey(w[i]))
					}
					if !w[i].Options().IsIndexed() {
						continue
					}
					w[i].Analyze()
					if g[i].AnalyzedLength() != w[i].AnalyzedLength() || !reflect.DeepEqual(g[i].AnalyzedTokenFrequencies(), w[i].AnalyzedTokenFrequencies()) {
						t.Fatalf("%s: field %s (%T) analysed as %d %v, want %d %v", d.id, g[i].Name(), g[i], g[i].AnalyzedLength(), g[i].AnalyzedTokenFrequencies(), w[i].AnalyzedLength(), w[i].AnalyzedTokenFrequencies())
					}
					kinds[fmt.Sprintf("%T", g[i])]++
					if tl, ok := g[i].(zap.TermIDField); ok {
						if byID[g[i].Name()] == nil {
							byID[g[i].Name()] = map[uint32]string{}
						}
						if diff := idTermsDiff(d.id, tl.IDTerms(), byID[g[i].Name()]); diff != "" {
							t.Fatal(diff)
						}
						if len(tl.IDTerms()) != len(w[i].AnalyzedTokenFrequencies()) {
							t.Fatalf("%s: field %s lists %d terms, want %d", d.id, g[i].Name(), len(tl.IDTerms()), len(w[i].AnalyzedTokenFrequencies()))
						}
					}
				}
			}
		}
		if kinds["*index.termsField"] < 1000 || kinds["index.analyzedField"] < 100 {
			t.Errorf("fields compared, by type: %v", kinds)
		}
		t.Logf("fields compared, by type: %v", kinds)
	}
}

// TestKeywordFieldAsBleve checks keywordField against bleve's analysis of
// the same field with the keyword analyzer (TextField.Analyze), on values
// that grounded's documents do not all have (an empty one, spaces,
// invalid UTF-8), stored or not, with doc values or not, an array's
// element or not: the same length (1, even for ""), the same frequencies
// (no locations), its one term listed without id, and the value left as
// it was.
func TestKeywordFieldAsBleve(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	kw := m.AnalyzerNamed("keyword")
	if kw == nil {
		t.Fatal("no keyword analyzer")
	}
	values := []string{"", " ", "Ana Díaz", "  two  spaces ", "a\xffb", "SRC#12", strings.Repeat("long ", 200)}
	optss := []index.FieldIndexingOptions{
		index.IndexField,
		index.IndexField | index.StoreField,
		index.IndexField | index.DocValues,
		index.IndexField | index.StoreField | index.DocValues,
	}
	for _, v := range values {
		for _, opts := range optss {
			for _, ap := range [][]uint64{nil, {}, {3}} {
				mk := func() *document.TextField {
					return document.NewTextFieldCustom("k", ap, []byte(v), opts, kw)
				}
				want := mk()
				want.Analyze()
				got := keywordField(mk())
				got.Analyze() // a no-op, as the builder calls it
				name := fmt.Sprintf("%q %v %v", v, opts, ap)
				if got.AnalyzedLength() != want.AnalyzedLength() {
					t.Errorf("%s: length %d, want %d", name, got.AnalyzedLength(), want.AnalyzedLength())
				}
				terms := got.IDTerms()
				if len(terms) != 1 || terms[0].ID != 0 || terms[0].Term != v || terms[0].Freq == nil ||
					string(terms[0].Freq.Term) != v || terms[0].Freq.Frequency() != 1 || terms[0].Freq.Locations != nil {
					t.Errorf("%s: terms %+v", name, terms)
				}
				if !reflect.DeepEqual(got.AnalyzedTokenFrequencies(), want.AnalyzedTokenFrequencies()) {
					t.Errorf("%s: frequencies %v, want %v", name, got.AnalyzedTokenFrequencies(), want.AnalyzedTokenFrequencies())
				}
				if string(got.Value()) != v || got.Name() != "k" || got.Options() != opts {
					t.Errorf("%s: field %q %q %v", name, got.Name(), got.Value(), got.Options())
				}
			}
		}
	}
}

// TestPreparerAfterPanic checks that a worker whose analysis of a turn
// stopped midway (a panic, which piece turns into the source's error, the
// build going on with the worker) analyses the next turns as before: the
// turn's terms that textTerms had noted by id (slot) or by text (other)
// are not taken for the next turns'. The panic is made by breaking the
// shared table of ids while a turn is analysed; with a table of two ids,
// gamma, then delta and epsilon, have none.
func TestPreparerAfterPanic(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{termTableSize, termIDsSize}, {termTableSize, 2}} {
		withTermTables(t, size[0], size[1])
		ids := newTermIDs()
		pr := newPreparer(m, nil, ids)
		run := func(text string) *piece {
			pc := &piece{in: []doc{{id: "S#1", fields: map[string]any{FieldText: text}}}}
			pr.piece(pc)
			return pc
		}
		if pc := run("alpha beta gamma"); pc.err != nil {
			t.Fatal(pc.err)
		}
		table := ids.ids
		ids.ids = nil // the first new term panics
		if pc := run("gamma beta alpha beta zeta"); pc.err == nil {
			t.Fatal("no panic")
		}
		ids.ids = table
		for _, text := range []string{"delta epsilon gamma beta alpha", "alpha beta alpha", "zeta beta gamma", "beta gamma"} {
			pc := run(text)
			if pc.err != nil {
				t.Errorf("ids %d: after a panic: %q: %v", size[1], text, pc.err)
				continue
			}
			for _, f := range pc.out[0].Fields {
				if f.Name() != FieldText {
					continue
				}
				if diff := freqsDiff(t, text, f.AnalyzedLength(), f.AnalyzedTokenFrequencies()); diff != "" {
					t.Errorf("ids %d: after a panic: %s", size[1], diff)
				}
			}
		}
	}
}

// TestTermIDsConcurrent has several goroutines take the ids of the same
// terms from one termIDs at once, as a build's workers do, with a table
// that fills up: each term has one id (or none, for all), and no two
// terms the same; the ids given are 1 to termIDsSize. (Without the
// mutex, the map is written concurrently: the runtime stops the test, or
// the ids differ.)
func TestTermIDsConcurrent(t *testing.T) {
	const terms, workers = 20000, 4
	withTermTables(t, termTableSize, terms*3/4)
	ids := newTermIDs()
	got := make([][]uint32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[w] = make([]uint32, terms)
			for k := range terms {
				i := (k*7919 + w*terms/workers) % terms // each in its own order
				got[w][i] = ids.id(fmt.Sprintf("t%d", i))
			}
		}()
	}
	wg.Wait()
	byID := map[uint32]int{}
	for i := range terms {
		id := got[0][i]
		for w := 1; w < workers; w++ {
			if got[w][i] != id {
				t.Fatalf("term t%d: id %d for one worker, %d for another", i, id, got[w][i])
			}
		}
		if id == 0 {
			continue
		}
		if j, ok := byID[id]; ok {
			t.Fatalf("id %d: terms t%d and t%d", id, j, i)
		}
		byID[id] = i
	}
	if len(byID) != termIDsSize {
		t.Fatalf("%d ids given, want %d", len(byID), termIDsSize)
	}
	for id := range byID {
		if id < 1 || int(id) > termIDsSize {
			t.Fatalf("id %d out of 1..%d", id, termIDsSize)
		}
	}
}

// TestTextTermsLongWordSameTerm: a word over maxTableWord bytes has no id,
// but its term may be that of a shorter word, which has one (a plural's
// s that the stemmer drops, an accent that folding drops, a capital
// letter of two bytes that lowers to one). In one turn, both words are
// the one term, listed once with the frequency of both (as bleve counts
// them); zap would otherwise record the document twice in the term's
// postings list.
func TestTextTermsLongWordSameTerm(t *testing.T) {
	short := strings.Repeat("ab", maxTableWord/2)    // 64 bytes: kept, an id
	accents := strings.Repeat("é", maxTableWord/2+1) // 66 bytes, folds to 33
	texts := []string{
		short + " " + short + "s",
		short + "s " + short + " " + short + "s",
		accents + " " + strings.Repeat("e", maxTableWord/2+1),
		strings.Repeat("e", maxTableWord/2+1) + " " + accents + " x " + accents,
	}
	for _, size := range [][2]int{{termTableSize, termIDsSize}, {1, 1}} {
		withTermTables(t, size[0], size[1])
		tt := newTextTerms(nil)
		byID := map[uint32]string{}
		for _, text := range texts {
			n, terms := tt.analyze([]byte(text), nil)
			d := idTermsDiff(text, terms, byID)
			if d == "" {
				d = freqsDiff(t, text, n, (&termsField{terms: terms}).AnalyzedTokenFrequencies())
			}
			if d != "" {
				t.Errorf("tables %v: %s", size, d)
			}
		}
	}
}
