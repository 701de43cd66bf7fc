package index

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// withChunkBytes sets chunkBytes for the test.
func withChunkBytes(t *testing.T, n int) {
	old := chunkBytes
	chunkBytes = n
	t.Cleanup(func() { chunkBytes = old })
}

// longVocab are fictional words; few enough that phrases recur.
var longVocab = strings.Fields("zorp blen quiv marl tessa fonctionnalité dovi kran pell sume " +
	"wix trust trusting Zoë can't 3.5 ombra lune heddle cask brio vanta pesk yolm")

func longText(r *rand.Rand, words int) string {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteString([]string{" ", " ", " ", ", ", ". ", " — ", "\n"}[r.IntN(7)])
		}
		b.WriteString(longVocab[r.IntN(len(longVocab))])
	}
	return b.String()
}

// TestChunkText checks the chunks of random texts (checkChunks).
func TestChunkText(t *testing.T) {
	withChunkBytes(t, 600)
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		text := longText(r, 20+r.IntN(2000))
		if n == 0 {
			text = strings.Repeat("x", 5000) // one word longer than a chunk
		}
		checkChunks(t, text)
	}
}

// FuzzChunkText checks the chunks of any text (checkChunks), cut at 200
// bytes.
func FuzzChunkText(f *testing.F) {
	f.Add(strings.Repeat("zorp blen, quiv. ", 40))
	f.Add(strings.Repeat("Zoë can't 3.5 — ", 30) + strings.Repeat("x", 300))
	f.Add(strings.Repeat("日本語の文章です。", 40))
	f.Add(strings.Repeat("a\u200db ", 100))
	f.Fuzz(func(t *testing.T, text string) {
		old := chunkBytes
		chunkBytes = 200
		defer func() { chunkBytes = old }()
		checkChunks(t, text)
	})
}

// checkChunks checks that the chunks of text cover it, meet, move on,
// stay near chunkBytes, and that every run of PhraseWords words lies
// inside one of them.
func checkChunks(t *testing.T, text string) {
	t.Helper()
	cs := chunkText(text)
	if len(text) <= chunkBytes {
		if cs != nil {
			t.Fatalf("a short text has chunks: %v", cs)
		}
		return
	}
	if len(cs) == 0 || cs[0].start != 0 || cs[len(cs)-1].end != len(text) {
		t.Fatalf("text of %d bytes: %v", len(text), cs)
	}
	words := wordTokenizer.Tokenize([]byte(text))
	longest := 0
	for _, w := range words {
		longest = max(longest, w.End-w.Start)
	}
	for k, c := range cs {
		if k > 0 && (c.start > cs[k-1].end || c.start <= cs[k-1].start) {
			t.Fatalf("chunk %d %v after %v", k, c, cs[k-1])
		}
		// At most chunkBytes, or 2*PhraseWords words and their gaps.
		if c.end-c.start > max(chunkBytes, 2*PhraseWords*(longest+8)) && k < len(cs)-1 {
			t.Errorf("chunk %d: %d bytes", k, c.end-c.start)
		}
	}
	for i := 0; i+PhraseWords <= len(words); i++ {
		s, e := words[i].Start, words[i+PhraseWords-1].End
		if !slices.ContainsFunc(cs, func(c chunkSpan) bool { return c.start <= s && e <= c.end }) {
			t.Fatalf("words %d to %d (bytes %d-%d) are in no chunk of %v", i, i+PhraseWords-1, s, e, cs)
		}
	}
}

// longProject has short turns and long ones, in three sources.
func longProject(t *testing.T) *project.Project {
	p := newProject(t)
	r := rand.New(rand.NewPCG(7, 8))
	for s, id := range []string{"P1", "P2", "P10"} {
		var turns []corpus.Turn
		for n := 1; n <= 12; n++ {
			words := 3 + r.IntN(40)
			if n%4 == s%4 {
				words = 300 + r.IntN(1500) // long
			}
			sp := []string{"Interviewer", "Ana", "Ben"}[n%3]
			turns = append(turns, corpus.Turn{N: n, Speaker: sp, Text: longText(r, words)})
		}
		writeSource(t, p, id, "Part"+id, turns)
	}
	return p
}

// longQueries returns queries over p: words, phrases from a long turn's
// text (of 2, 5, PhraseWords and 3*PhraseWords words, at many places, so
// that some cross from a chunk to the next), booleans, wildcards, fuzzy
// words and filters.
func longQueries(t *testing.T, p *project.Project) []Query {
	qs := []Query{
		{Text: "zorp"}, {Text: "trusting"}, {Text: "fonctionnalite"}, {Text: "can't"}, {Text: "3.5"},
		{Text: "zorp blen"}, {Text: "+zorp +blen"}, {Text: "+zorp -blen"}, {Text: "-zorp"},
		{Text: "+heddle +cask +brio -vanta"}, {Text: "+zorp +speaker:Ana"},
		{Text: "quiv*"}, {Text: "tesa~1"}, {Text: "/pe.k/"},
		{Text: "zorp", Speakers: []string{"Ana"}}, {Text: "", Speakers: []string{"Ben"}},
		{Text: "marl", Participants: []string{"PartP2"}},
		{Text: `"zorp blen"`}, {Text: `"blen zorp" -quiv`},
	}
	src, err := p.ReadSource("P1")
	if err != nil {
		t.Fatal(err)
	}
	turns, err := p.ReadTurns(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tn := range turns {
		var words []string
		for _, w := range wordTokenizer.Tokenize([]byte(tn.Text)) {
			words = append(words, string(w.Term))
		}
		if len(words) < 300 {
			continue
		}
		for _, n := range []int{2, 5, PhraseWords, PhraseWords + 1, 3 * PhraseWords} {
			for i := n; i+n <= len(words); i += 173 {
				qs = append(qs, Query{Text: `"` + strings.Join(words[i:i+n], " ") + `"`})
			}
		}
		// Not in the text: the same words with two swapped.
		w := slices.Clone(words[10 : 10+2*PhraseWords])
		w[PhraseWords], w[PhraseWords+1] = w[PhraseWords+1], w[PhraseWords]
		if w[PhraseWords] != w[PhraseWords+1] {
			qs = append(qs, Query{Text: `"` + strings.Join(w, " ") + `"`})
		}
	}
	return qs
}

// TestLongTurnsAsWhole compares the search of an index with long turns in
// chunks with that of an index of whole turns: the same turns (once
// each), totals, texts and highlights, for every query of longQueries.
func TestLongTurnsAsWhole(t *testing.T) {
	p := longProject(t)
	withChunkBytes(t, 1<<30)
	whole := syncMem(t, p)
	chunkBytes = 700
	chunked := syncMem(t, p)
	if long, n := chunked.man.chunks(); !long || n <= 36 {
		t.Fatalf("no chunks: %v %d", long, n)
	}
	if dc, _ := chunked.idx.DocCount(); dc != chunked.man.docs() || chunked.man.turns() != 36 {
		t.Fatalf("%d documents, manifest %d documents, %d turns", dc, chunked.man.docs(), chunked.man.turns())
	}
	type hit struct {
		text string
		hs   []Span
	}
	asMap := func(r *Result) map[string]hit {
		m := map[string]hit{}
		for _, h := range r.Hits {
			if _, dup := m[h.Ref]; dup {
				t.Errorf("%s twice", h.Ref)
			}
			m[h.Ref] = hit{h.Text, h.Highlights}
		}
		return m
	}
	nonEmpty, longHits, longPhrases := 0, 0, 0
	qs := longQueries(t, p)
	for k, q := range qs {
		a, b := find(t, whole, q), find(t, chunked, q)
		if a.Total != b.Total || !slices.Equal(sortedRefs(a), sortedRefs(b)) {
			t.Errorf("%+v: whole turns %d %v, chunks %d %v", q, a.Total, sortedRefs(a), b.Total, sortedRefs(b))
			continue
		}
		if a.Total > 0 {
			nonEmpty++
			if strings.Count(q.Text, " ") >= PhraseWords {
				longPhrases++
			}
		}
		ma, mb := asMap(a), asMap(b)
		for ref, ha := range ma {
			hb := mb[ref]
			if len(ha.text) > 700 {
				longHits++
			}
			if ha.text != hb.text {
				t.Errorf("%q %s: text differs (%d and %d bytes)", q.Text, ref, len(ha.text), len(hb.text))
			}
			if !slices.Equal(ha.hs, hb.hs) {
				t.Errorf("%q %s: highlights %v, in chunks %v", q.Text, ref, ha.hs, hb.hs)
			}
		}
		if k%4 != 0 {
			continue
		}
		// Pages of 3 in a row are the whole list.
		var paged []string
		for off := 0; off < int(b.Total)+3; off += 3 {
			r := find(t, chunked, Query{Text: q.Text, Speakers: q.Speakers, Participants: q.Participants, Limit: 3, Offset: off})
			if r.Total != b.Total {
				t.Fatalf("%q offset %d: total %d, not %d", q.Text, off, r.Total, b.Total)
			}
			paged = append(paged, refs(r)...)
		}
		if !slices.Equal(paged, refs(b)) {
			t.Errorf("%q: pages %v, all %v", q.Text, paged, refs(b))
		}
	}
	if nonEmpty < 40 || longHits < 40 || longPhrases < 10 {
		t.Errorf("only %d queries found something, %d of them phrases of more than %d words; %d hits in long turns", nonEmpty, longPhrases, PhraseWords, longHits)
	}
	t.Logf("%d queries, %d found something, %d of them phrases of more than %d words; %d hits in long turns", len(qs), nonEmpty, longPhrases, PhraseWords, longHits)
}

// A turn re-indexed with fewer chunks, or none, leaves none behind.
func TestLongTurnShortened(t *testing.T) {
	withChunkBytes(t, 700)
	p := newProject(t)
	r := rand.New(rand.NewPCG(3, 4))
	long := longText(r, 2000) + " endword"
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: "first"}, {N: 2, Speaker: "Ana", Text: long}})
	ix, err := Open(indexDir(p), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Sync(p)
	if err != nil || st.Docs != 2 {
		t.Fatalf("%+v %v", st, err)
	}
	if res := find(t, ix, Query{Text: "endword"}); res.Total != 1 || refs(res)[0] != "P1#2" {
		t.Fatalf("%+v", res)
	}
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: "first"}, {N: 2, Speaker: "Ana", Text: long[:3000]}})
	if st, err = ix.Sync(p); err != nil || st.Updated != 1 || st.Docs != 2 {
		t.Fatalf("%+v %v", st, err)
	}
	if res := find(t, ix, Query{Text: "endword"}); res.Total != 0 {
		t.Errorf("a chunk is left: %v", refs(res))
	}
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: "first"}, {N: 2, Speaker: "Ana", Text: "short now"}})
	if st, err = ix.Sync(p); err != nil || st.Docs != 2 {
		t.Fatalf("%+v %v", st, err)
	}
	if n, _ := ix.idx.DocCount(); n != 2 || ix.man.docs() != 2 {
		t.Errorf("%d documents, manifest %d", n, ix.man.docs())
	}
	// Reopened: the manifest accounts for every document.
	ix.Close()
	ix2, err := Open(indexDir(p), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if st, err := ix2.Sync(p); err != nil || st.Notice != "" || st.Docs != 2 {
		t.Errorf("%+v %v", st, err)
	}
	if res := find(t, ix2, Query{Text: "short"}); res.Total != 1 {
		t.Errorf("%+v", res)
	}
}

// A long turn's hits give the turn's whole text and the highlights at
// their places in it, for a word only at the very end, and for a phrase
// that crosses from one chunk into the next.
func TestLongTurnHighlights(t *testing.T) {
	withChunkBytes(t, 700)
	p := newProject(t)
	r := rand.New(rand.NewPCG(5, 6))
	text := longText(r, 3000) + " finalword."
	cs := chunkText(text)
	// The five words around the end of the first chunk.
	words := wordTokenizer.Tokenize([]byte(text))
	i := slices.IndexFunc(words, func(w *analysis.Token) bool { return w.End >= cs[0].end })
	phrase := words[i-2 : i+3]
	var pw []string
	for _, w := range phrase {
		pw = append(pw, string(w.Term))
	}
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: text}})
	ix := syncMem(t, p)
	for _, c := range []struct {
		q    string
		want []Span // byte ranges
	}{
		{"finalword", []Span{{len(text) - 10, len(text) - 1}}},
		{`"` + strings.Join(pw, " ") + `"`, nil},
	} {
		res := find(t, ix, Query{Text: c.q})
		if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Ref != "P1#1" || res.Hits[0].Text != text {
			t.Fatalf("%s: %d hits %v", c.q, res.Total, refs(res))
		}
		got := res.Hits[0].Highlights
		var marked []string
		rs := []rune(text)
		for _, s := range got {
			marked = append(marked, string(rs[s.Start:s.End]))
		}
		if c.want != nil {
			if want := spansToRunes(text, c.want); !slices.Equal(got, want) {
				t.Errorf("%s: highlights %v (%q), want %v", c.q, got, marked, want)
			}
			continue
		}
		// Every occurrence of the phrase is highlighted, the one across
		// the chunks among them.
		crossing := spansToRunes(text, []Span{{phrase[0].Start, phrase[0].End}})[0]
		if !slices.Contains(got, crossing) || len(marked)%len(pw) != 0 {
			t.Errorf("%s: highlights %v (%q), want among them %v", c.q, got, marked, crossing)
		}
		for k, m := range marked {
			if FoldWord(m) != FoldWord(pw[k%len(pw)]) {
				t.Errorf("%s: highlight %d is %q", c.q, k, m)
			}
		}
	}
}

func TestLongTurnCountOnce(t *testing.T) {
	withChunkBytes(t, 700)
	p := newProject(t)
	text := strings.Repeat("blen zorp quiv. ", 1000)
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: "zorp"}, {N: 2, Speaker: "Ben", Text: text}})
	ix := syncMem(t, p)
	for _, q := range []Query{{Text: "zorp"}, {Text: "zorp", Limit: 1}, {Text: "zorp", Limit: 1, Offset: 1}, {Text: `"zorp quiv" zorp`}} {
		res := find(t, ix, q)
		if res.Total != 2 || len(res.Hits) != cmp.Or(q.Limit, 2) {
			t.Errorf("%+v: %d turns, %v", q, res.Total, refs(res))
		}
	}
	if res := find(t, ix, Query{Text: `"zorp quiv"`}); res.Total != 1 || refs(res)[0] != "P1#2" {
		t.Errorf("phrase: %d, %v", res.Total, refs(res))
	}
	if res := find(t, ix, Query{Text: "zorp", Speakers: []string{"Ben"}}); res.Total != 1 || refs(res)[0] != "P1#2" {
		t.Errorf("speaker filter: %d, %v", res.Total, refs(res))
	}
	if res := find(t, ix, Query{Text: "zorp", Speakers: []string{"Ana"}}); res.Total != 1 || refs(res)[0] != "P1#1" {
		t.Errorf("speaker filter: %d, %v", res.Total, refs(res))
	}
	if res := find(t, ix, Query{Text: fmt.Sprintf("%q", strings.Repeat("blen zorp quiv ", 40))}); res.Total != 1 || refs(res)[0] != "P1#2" {
		t.Errorf("long phrase: %d, %v", res.Total, refs(res))
	}
}

// A phrase of more than PhraseWords words whose stretches are all in a
// long turn, but not one after the other, is not found; the phrase as
// the text has it is, across chunks.
func TestLongPhraseChecked(t *testing.T) {
	withChunkBytes(t, 700)
	p := newProject(t)
	r := rand.New(rand.NewPCG(9, 10))
	text := longText(r, 3000)
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: text}})
	ix := syncMem(t, p)
	var words []string
	for _, w := range wordTokenizer.Tokenize([]byte(text)) {
		words = append(words, string(w.Term))
	}
	phrase := func(parts ...[]string) string { return `"` + strings.Join(slices.Concat(parts...), " ") + `"` }
	if res := find(t, ix, Query{Text: phrase(words[100:132], words[132:164])}); res.Total != 1 {
		t.Errorf("the text's phrase: %d turns", res.Total)
	}
	if res := find(t, ix, Query{Text: phrase(words[100:132], words[2000:2032])}); res.Total != 0 {
		t.Errorf("two stretches apart: %d turns", res.Total)
	}
}

// A query that bleve refuses when it runs is a *QueryError in an index
// with long turns too.
func TestLongQueryError(t *testing.T) {
	withChunkBytes(t, 700)
	ix := syncMem(t, longProject(t))
	for _, q := range []string{`trust~9`, `/[a/`} {
		_, err := ix.Search(Query{Text: q})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: error %v, want a *QueryError", q, err)
		}
	}
}

// The score of a long turn for a word or a phrase is its best chunk's
// score for it.
func TestLongTurnScore(t *testing.T) {
	withChunkBytes(t, 700)
	ix := syncMem(t, longProject(t))
	for _, text := range []string{"zorp", `"zorp blen"`, "quiv*", "tesa~1"} {
		q, err := parseText(text)
		if err != nil {
			t.Fatal(err)
		}
		sr, err := ix.idx.Search(bleve.NewSearchRequestOptions(q, 100000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		best := map[string]float64{}
		for _, d := range sr.Hits {
			if ref := turnOfDoc(d.ID); ref != d.ID {
				best[ref] = max(best[ref], d.Score)
			}
		}
		res := find(t, ix, Query{Text: text})
		n := 0
		for _, h := range res.Hits {
			if b, ok := best[h.Ref]; ok {
				n++
				if roundScore(b) != roundScore(h.Score) {
					t.Errorf("%s %s: score %v, best chunk's %v", text, h.Ref, h.Score, b)
				}
			}
		}
		if n == 0 || n != len(best) {
			t.Errorf("%s: %d long turns among the hits, %d with chunks that match", text, n, len(best))
		}
	}
}
