package index

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/examples"
	"github.com/grounded-qda/grounded/internal/project"
)

// The ground truth of a phrase search: the turns whose words contain the
// phrase's words in a row, found without bleve. A word is a run of
// letters, marks, digits and underscores, with apostrophes inside it (can't
// is one word) and, in a number, points and commas inside it (3.5, 1,000),
// as Unicode's word boundaries have it; case is ignored, the apostrophes
// ’ and ' are the same character, and accents are ignored (so that
// fonctionnalite finds fonctionnalité).
var truthWord = regexp.MustCompile(`\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}_]+(?:'[\p{L}\p{M}\p{N}_]+)*`)

func truthWords(s string) []string {
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return truthWord.FindAllString(b.String(), -1)
}

func truthContains(text string, phrase []string) bool {
	words := truthWords(text)
	for i := 0; i+len(phrase) <= len(words); i++ {
		if slices.Equal(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// checkGroundTruth compares, for each phrase, the turns Search finds for
// it (quoted) with the turns that contain it by truthContains.
func checkGroundTruth(t *testing.T, p *project.Project, ix *Index, phrases []string) {
	t.Helper()
	type turn struct{ ref, text string }
	var all []turn
	srcs, err := p.ListSources()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		ts, err := p.ReadTurns(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, tu := range ts {
			all = append(all, turn{DocID(s.ID, tu.N), tu.Text})
		}
	}
	for _, ph := range phrases {
		words := truthWords(ph)
		var want []string
		for _, tu := range all {
			if truthContains(tu.text, words) {
				want = append(want, tu.ref)
			}
		}
		res := find(t, ix, Query{Text: strconv.Quote(ph)})
		got := sortedRefs(res)
		slices.Sort(want)
		if int(res.Total) != len(want) || !slices.Equal(got, want) {
			t.Errorf("search %q: %d turns %v; the text has it in %d turns %v", ph, res.Total, got, len(want), want)
			continue
		}
		if len(want) == 0 {
			t.Errorf("search %q: no turn has it; the test proves nothing", ph)
		}
		// The highlights are the typed words, in the original text.
		for _, h := range res.Hits {
			for _, sp := range h.Highlights {
				w := string([]rune(h.Text)[sp.Start:sp.End])
				if hw := truthWords(w); len(hw) == 0 || slices.ContainsFunc(hw, func(x string) bool { return !slices.Contains(words, x) }) {
					t.Errorf("search %q: %s highlights %q", ph, h.Ref, w)
				}
			}
		}
	}
}

// demoProject ingests the bundled demo transcripts.
func demoProject(t *testing.T) *project.Project {
	t.Helper()
	p := newProject(t)
	var files []project.IngestFile
	for _, name := range examples.Transcripts() {
		data, err := fs.ReadFile(examples.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, project.IngestFile{Path: name, Data: data})
	}
	plans, err := p.PlanIngest(files, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	e, err := p.Edit(l, "ana", "ingest")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyIngest(plans); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Commit("ingest"); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGroundTruthDemo(t *testing.T) {
	p := demoProject(t)
	ix := syncMem(t, p)
	checkGroundTruth(t, p, ix, []string{
		"no one", "I'm not", "I’m not", "been where you are", "can't", "can’t",
		"don't", "don’t", "DON'T", "I don't know", "it's", "that's", "4",
		"the", "a", "of the", "you are", "I", "was", "is", "not",
	})
}

// genVocabulary is the words of the generated corpus: contractions with
// either apostrophe, stop words, numbers, accented words and words whose
// stems differ from those of the phrases searched.
var genVocabulary = []string{
	"no", "No", "one", "someone", "no-one", "none", "nobody",
	"I'm", "I’m", "i'm", "not", "Not", "I", "am",
	"don't", "don’t", "Don’t", "do", "can't", "can’t", "cannot", "it's", "it’s", "its", "it",
	"been", "where", "you", "are", "were", "the", "a", "of", "and", "to",
	"2019", "3.5", "1,000", "42", "7",
	"fonctionnalité", "fonctionnalite", "Fonctionnalité", "café", "cafe", "naïve", "Zoë", "Zoe", "résumé",
	"peer", "support", "worker", "recovery", "help",
}

var genPunct = []string{" ", " ", " ", " ", ", ", ". ", "; ", " — ", "? ", " (", ") ", " “", "” ", " '", "' "}

func genCorpus(t *testing.T, sources, turns int) *project.Project {
	p := newProject(t)
	r := rand.New(rand.NewPCG(1, 2))
	for s := range sources {
		var lines []corpus.Turn
		for n := range turns {
			var b strings.Builder
			for range 3 + r.IntN(25) {
				b.WriteString(genVocabulary[r.IntN(len(genVocabulary))])
				b.WriteString(genPunct[r.IntN(len(genPunct))])
			}
			lines = append(lines, corpus.Turn{N: n + 1, Speaker: "S", Text: norm.NFC.String(strings.TrimSpace(b.String()))})
		}
		writeSource(t, p, fmt.Sprintf("G%d", s+1), "", lines)
	}
	return p
}

func TestGroundTruthGenerated(t *testing.T) {
	p := genCorpus(t, 6, 80)
	ix := syncMem(t, p)
	checkGroundTruth(t, p, ix, []string{
		"no one", "No one", "one", "I'm not", "I’m not", "i’m", "don't", "don’t", "can't",
		// Not "its" nor "it": a single word is found by its stem, and the
		// stem of its is it (the test of stemming is TestStemming).
		"it's", "it’s", "you are", "the", "a", "of the",
		"2019", "3.5", "1,000", "42", "7",
		"fonctionnalité", "fonctionnalite", "FONCTIONNALITE", "café", "cafe", "naïve", "naive", "Zoe", "zoë", "résumé", "resume",
		"peer support", "support worker",
	})
}

// TestTextAnalyzer pins the terms of the text field: no word dropped,
// apostrophes unified, accents and case folded, a word with an apostrophe
// not stemmed, others stemmed, offsets zeroed, and each position the word
// of the original text that wordSpans gives for it (the highlights).
func TestTextAnalyzer(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(textAnalyzer)
	text := "No one TRUSTING don’t it’s Fonctionnalité the"
	var got []string
	words := wordSpans(text)
	for _, tok := range a.Analyze([]byte(text)) {
		if tok.Start != 0 || tok.End != 0 {
			t.Errorf("%s: offsets %d-%d, want none", tok.Term, tok.Start, tok.End)
		}
		w := words[tok.Position-1]
		got = append(got, fmt.Sprintf("%s@%d:%s", tok.Term, tok.Position, text[w.Start:w.End]))
	}
	want := []string{"no@1:No", "on@2:one", "trust@3:TRUSTING", "don't@4:don’t", "it's@5:it’s", "fonctionnalit@6:Fonctionnalité", "the@7:the"}
	if !slices.Equal(got, want) {
		t.Errorf("terms\n got %q\nwant %q", got, want)
	}
}

// Query words, with or without a field, and wildcard, prefix and fuzzy terms
// are folded like the text.
func TestWildcardFolded(t *testing.T) {
	p := newProject(t)
	writeSource(t, p, "P1", "", turnsOf("A: la fonctionnalité est là", "B: Don’t go"))
	ix := syncMem(t, p)
	for q, want := range map[string]string{"Fonctionnalit*": "P1#1", "FONCTIONNAL*": "P1#1", "fonctiônn*": "P1#1", "don’*": "P1#2", "DON'T~1": "P1#2", "fonctionnalite": "P1#1", "FONCTIONNALITÉ": "P1#1", "don't": "P1#2", "+text:don’t": "P1#2"} {
		if got := refs(find(t, ix, Query{Text: q})); !slices.Equal(got, []string{want}) {
			t.Errorf("%s: %v, want %s", q, got, want)
		}
	}
}

func BenchmarkTextAnalyzer(b *testing.B) {
	m, err := newMapping()
	if err != nil {
		b.Fatal(err)
	}
	a := m.AnalyzerNamed(textAnalyzer)
	text := []byte("Interviewer: And when you say you've been where they are, what do you mean? I don’t know, it's like no one else gets it. Fonctionnalité, café, naïve. Trusting people took me 3.5 years.")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Analyze(text)
	}
}

func BenchmarkEnglishAnalyzer(b *testing.B) {
	m, err := newMapping()
	if err != nil {
		b.Fatal(err)
	}
	a := m.AnalyzerNamed("en")
	text := []byte("Interviewer: And when you say you've been where they are, what do you mean? I don’t know, it's like no one else gets it. Fonctionnalité, café, naïve. Trusting people took me 3.5 years.")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Analyze(text)
	}
}
