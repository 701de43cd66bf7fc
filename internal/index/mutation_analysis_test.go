package index

import (
	"slices"
	"testing"
)

// The fold filter at its edges: a capital at the start of a word (A is the
// first capital letter), a word with no ASCII letter at all (Greek, folded
// by the slow path, not merely lower-cased), and a word that starts with an
// apostrophe (the modifier letter apostrophe is a letter, so the tokenizer
// keeps it in front of the word): not stemmed, like every word with an
// apostrophe.
func TestFoldEdges(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(textAnalyzer)
	var got []string
	var kw []bool
	for _, tok := range a.Analyze([]byte("Ana ΣΟΦΊΑ Σοφία ʼties Z")) {
		got = append(got, string(tok.Term))
		kw = append(kw, tok.KeyWord)
	}
	want := []string{"ana", "σοφια", "σοφια", "'ties", "z"}
	if !slices.Equal(got, want) || !slices.Equal(kw, []bool{false, false, false, true, false}) {
		t.Errorf("terms %q (keyword %v), want %q with only 'ties a keyword", got, kw, want)
	}
	for w, want := range map[string]string{"É": "e", "ΣΟΦΊΑ": "σοφια", "Ana": "ana", "ʼtis": "'tis", "a\x80B": "a\uFFFDb"} {
		if got := FoldWord(w); got != want {
			t.Errorf("FoldWord(%q) = %q, want %q", w, got, want)
		}
	}
}
