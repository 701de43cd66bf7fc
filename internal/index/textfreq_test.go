package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
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
	texts = append(texts, "", " ", "trust trust Trust TRUST trusted trusting", "don't don’t DON'T Ana's ana’s")
	for _, size := range []int{termTableSize, 3} {
		old := termTableSize
		termTableSize = size
		tt := newTextTerms()
		failed := 0
		for _, text := range texts {
			n, got := tt.analyze([]byte(text))
			if d := freqsDiff(t, text, n, got); d != "" {
				t.Error(d)
				if failed++; failed == 10 {
					t.Fatal("and more")
				}
			}
		}
		if size == 3 && len(tt.terms) != 3 {
			t.Errorf("table of 3 words holds %d", len(tt.terms))
		}
		termTableSize = old
	}
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
	out, err := newPreparer(m, nil).doc(d)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range out.Fields {
		switch f.Name() {
		case FieldText:
			seen++
			tf, ok := f.(termsField)
			if !ok {
				t.Fatalf("text field is a %T, not a termsField", f)
			}
			if diff := freqsDiff(t, text, tf.AnalyzedLength(), tf.AnalyzedTokenFrequencies()); diff != "" {
				t.Error(diff)
			}
		case FieldSpeaker, FieldCodes:
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
		pr := newPreparer(m, nil)
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
	tt := newTextTerms()
	f.Fuzz(func(t *testing.T, text string) {
		n, got := tt.analyze([]byte(text))
		if d := freqsDiff(t, text, n, got); d != "" {
			t.Fatal(d)
		}
	})
}
