package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// Tests added by the fourth session's mutation triage (docs/mutation/
// fourth-session.md); each names the mutants it kills.

// ---- manifest_read.go ----

// mut4Manifest is the manifest.json of a few sources, with every optional
// field, in the layout manifest.write produces.
func mut4Manifest(t *testing.T, m *manifest) []byte {
	t.Helper()
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// A manifest cut short at any byte (a crash, a full disk) is read as
// json.Unmarshal reads it: an error, never a panic or a partial manifest
// (manifest_read.go 53:16: a string cut short; 75:8: a number at the end).
func TestManifestCutShort(t *testing.T) {
	data := mut4Manifest(t, &manifest{Schema: SchemaVersion, Gen: "bleve-7", Sources: map[string]manifestEntry{
		"P1": {Fingerprint: "f1", Turns: 12, Docs: 30, Content: "c1", Hash: "h1"},
		"P2": {Fingerprint: "f2", Turns: 3, Hash: "h2"},
	}})
	for i := range len(data) {
		compareDecoders(t, data[:i])
	}
}

// What manifest.write writes is read by the fast reader (a fifth of a
// search's time otherwise), at the edges of what it reads: the number 0,
// the digit 9, a number of 15 digits, strings with spaces
// (manifest_read.go 62:23, 78:26, 78:55).
func TestManifestLayoutEdges(t *testing.T) {
	for _, m := range []*manifest{
		{Schema: 0, Gen: "bleve-0", Sources: map[string]manifestEntry{"P1": {Fingerprint: "f", Turns: 0, Hash: "h"}}},
		{Schema: 9, Gen: "bleve 9", Sources: map[string]manifestEntry{"P9": {Fingerprint: "a b", Turns: 99, Docs: 909, Content: "x y", Hash: "h h"}}},
		{Schema: SchemaVersion, Gen: "g", Sources: map[string]manifestEntry{"P1": {Fingerprint: "f", Turns: 999999999999999, Docs: 100000000000000, Hash: "h"}}},
	} {
		data := mut4Manifest(t, m)
		var fast manifest
		if !readManifestLayout(data, &fast) {
			t.Errorf("the layout of manifest.write is not read fast:\n%s", data)
		}
		compareDecoders(t, data)
	}
	// One digit more is left to encoding/json.
	data := mut4Manifest(t, &manifest{Schema: SchemaVersion, Gen: "g", Sources: map[string]manifestEntry{"P1": {Fingerprint: "f", Turns: 1000000000000000, Hash: "h"}}})
	if readManifestLayout(data, &manifest{}) {
		t.Error("a number of 16 digits was read fast")
	}
	compareDecoders(t, data)
}

// ---- hittext.go ----

// A hit on a turn that the project no longer has (its source cut to fewer
// turns after the index was synced) is stale, and says that the turn is
// gone, not that it changed (hittext.go 130:35: the mutant read past the
// file's lines and panicked; 169:45: the mutant said "has changed").
func TestHitTextTurnGoneSaysSo(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	if res := find(t, ix, Query{Text: "never"}); len(res.Hits) != 1 || res.Hits[0].Ref != "P2#3" {
		t.Fatalf("before the change: %+v", res.Hits)
	}
	// P2 loses its third turn; the index is not synced.
	writeSource(t, p, "P2", "Ben", turnsOf(
		"Interviewer: What about the staff?",
		"Ben: Zoë said “trust” is earned, not given.",
	))
	_, err := ix.Search(Query{Text: "never"})
	var se *StaleError
	if !errors.As(err, &se) || se.Ref != "P2#3" || se.Reason != "is no longer in the project" {
		t.Fatalf("turn gone: %v, want a StaleError for P2#3 that says it is no longer in the project", err)
	}
}

// A turns.jsonl whose first line is blank (which the store reads past) is
// read whole: a hit on turn 1 shows turn 1 (hittext.go 133:28: the mutant
// took the blank line's no turn for one and panicked; 145:7: the mutant
// lost turn 1 of a file read whole and called the hit stale).
func TestHitTextBlankFirstLineTurnOne(t *testing.T) {
	p := newProject(t)
	turns := turnsOf("Ana: We slept in the car.", "Interviewer: Where did you sleep?", "Ana: In the shelter, some nights.")
	data := append([]byte("\n"), project.EncodeTurns(turns)...)
	src := &corpus.Source{
		ID: "P1", Participant: "Ana", Format: "txt", Encoding: "utf-8",
		Original: "original.txt", OriginalName: "P1.txt", TextSHA256: project.SHA256(data),
		Turns: len(turns), Chars: corpus.CharCount(turns), Speakers: corpus.Speakers(turns), Ingested: t0,
	}
	commit(t, p, func(tx *project.Tx) {
		tx.WriteFile(project.SourceRel("P1", project.SourceTurnsFile), data)
		tx.WriteFile(project.SourceRel("P1", project.SourceMetaFile), project.EncodeSource(src))
	})
	ix := syncMem(t, p)
	for _, q := range []string{"car", "car OR shelter", "shelter OR car"} {
		res := find(t, ix, Query{Text: q})
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hit", q)
		}
		for _, h := range res.Hits {
			if h.Text != turns[h.Turn-1].Text || h.Speaker != turns[h.Turn-1].Speaker {
				t.Errorf("%s: hit %s is %q by %q", q, h.Ref, h.Text, h.Speaker)
			}
		}
	}
}

// ---- phrase.go ----

// phraseKinds counts the exact phrase queries and bleve's phrase queries
// in q.
func phraseKinds(q query.Query) (exact, bleves int) {
	add := func(qs ...query.Query) {
		for _, s := range qs {
			e, b := phraseKinds(s)
			exact, bleves = exact+e, bleves+b
		}
	}
	switch q := q.(type) {
	case exactPhraseQuery:
		exact++
	case *query.MatchPhraseQuery:
		bleves++
	case *query.BooleanQuery:
		add(q.Must, q.Should, q.MustNot, q.Filter)
	case *query.ConjunctionQuery:
		add(q.Conjuncts...)
	case *query.DisjunctionQuery:
		add(q.Disjuncts...)
	}
	return exact, bleves
}

// Every phrase on the text that a query string makes is searched by the
// exact phrase searcher (a quarter of such a search's time otherwise),
// however deep in the query; a phrase with fuzziness is left to bleve
// (phrase.go 45:12, 65:45).
func TestExactPhrasesEverywhere(t *testing.T) {
	for _, tc := range []struct {
		text          string
		exact, bleves int
	}{
		{`"peer support"`, 1, 0},
		{`+"peer support" -"no one"`, 2, 0},
		{`"you are" OR "of the" recovery`, 2, 0},
		{`+"of the" +"the a" speaker:S`, 2, 0},
		{`text:"warm handoff" recovery`, 1, 0},
	} {
		q, err := parseText(tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if e, b := phraseKinds(exactPhrases(q)); e != tc.exact || b != tc.bleves {
			t.Errorf("%s: %d exact phrase queries and %d of bleve's, want %d and %d", tc.text, e, b, tc.exact, tc.bleves)
		}
	}
	fuzzy := query.NewMatchPhraseQuery("peer support")
	fuzzy.Fuzziness = 1
	for _, q := range []query.Query{fuzzy, query.NewBooleanQuery([]query.Query{fuzzy}, nil, nil)} {
		if e, b := phraseKinds(exactPhrases(q)); e != 0 || b != 1 {
			t.Errorf("a fuzzy phrase: %d exact, %d of bleve's; want it left to bleve", e, b)
		}
	}
}

// plainTerms takes a phrase of two or more analysed terms, one at each
// position, with the index's analyzer, and leaves any other phrase to
// bleve: one word, and any phrase when synonyms are in play (phrase.go
// 110:9, 110:60, 118:10, 122:8, 126:17 both, 131:17, 131:25, 131:43).
func TestPlainTerms(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	m := ix.idx.Mapping()
	ctx := context.Background()
	for _, tc := range []struct {
		phrase string
		terms  []string
	}{
		{"peer support", []string{"peer", "support"}},
		{"Trusting the staff", []string{"trust", "the", "staff"}},
		{"warm handoff", []string{"warm", "handoff"}},
		{"support", nil},
		{"", nil},
	} {
		mq := query.NewMatchPhraseQuery(tc.phrase)
		mq.SetField(FieldText)
		terms, field, ok := exactPhraseQuery{mq}.plainTerms(ctx, m)
		if ok != (tc.terms != nil) || !reflect.DeepEqual(terms, tc.terms) || ok && field != FieldText {
			t.Errorf("%q: terms %q in %q, %v; want %q", tc.phrase, terms, field, ok, tc.terms)
		}
	}
	// The default field, and the field's analyzer, when the query names none.
	mq := query.NewMatchPhraseQuery("peer support")
	if terms, field, ok := (exactPhraseQuery{mq}).plainTerms(ctx, m); !ok || field != m.DefaultSearchField() || len(terms) != 2 {
		t.Errorf("no field named: terms %q in %q, %v", terms, field, ok)
	}
	// An analyzer the mapping does not have: left to bleve (and its error).
	mq.Analyzer = "no-such-analyzer"
	if _, _, ok := (exactPhraseQuery{mq}).plainTerms(ctx, m); ok {
		t.Error("a phrase with an unknown analyzer was taken")
	}
	// With synonyms in the context.
	syn := context.WithValue(ctx, search.FieldTermSynonymMapKey, search.FieldTermSynonymMap{})
	if _, _, ok := (exactPhraseQuery{query.NewMatchPhraseQuery("peer support")}).plainTerms(syn, m); ok {
		t.Error("a phrase was taken with synonyms in the context")
	}
}

// ---- merge.go ----

// segmentsApart counts the segments of the generation the index names by
// reading its scorch snapshot, not with segmentCount (which the merge
// uses, so that a count of 0 would hide a merge that never runs).
func segmentsApart(t *testing.T, ix *Index) int {
	t.Helper()
	r, err := openGen(ix.genPath(ix.gen), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	adv, err := r.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := adv.(*scorch.Scorch).Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	return len(rd.(*scorch.IndexSnapshot).Segments())
}

// Incremental syncs with a bound of one segment leave one segment,
// counted apart from the merge's own count (merge.go 46:9, 54:9:
// segmentCount answered 0, so no merge ran, and TestSegmentsBounded, which
// counts with segmentCount, saw 0 too: this test counts more than one). A
// bound of 2 is not tested: the tiered plan keeps a segment of each size
// class, and how many classes there are depends on scorch's background
// merger (3 segments were seen), so the doc's promise is per size class.
func TestSegmentsMergedCountedApart(t *testing.T) {
	defer func(n int) { maxSegments = n }(maxSegments)
	for _, bound := range []int{1} {
		maxSegments = bound
		p := fixture(t)
		ix, _ := openSync(t, p)
		ix.Close()
		most := 0
		for i := range 16 {
			writeSource(t, p, fmt.Sprintf("Q%d", i), "Ana", turnsOf(fmt.Sprintf("Ana: The warm handoff, number %d.", i)))
			if i%3 == 2 {
				writeSource(t, p, fmt.Sprintf("Q%d", i-2), "Ben", turnsOf(fmt.Sprintf("Ben: trust again %d", i)))
			}
			ix, _ := openSync(t, p)
			most = max(most, segmentsApart(t, ix))
			ix.Close()
		}
		if most > bound {
			t.Errorf("bound %d: up to %d segments after an update", bound, most)
		}
		ix, _ = openSync(t, p)
		got := find(t, ix, Query{Text: "handoff OR trust", Limit: 0})
		ix.Close()
		if want := find(t, syncMem(t, p), Query{Text: "handoff OR trust", Limit: 0}); !reflect.DeepEqual(got, want) {
			t.Errorf("bound %d: after merges %v, in one build %v", bound, refs(got), refs(want))
		}
	}
}

// ---- participants.go ----

// forgeParticipantsCache rewrites the cache file in its documented format
// (head, key, hash of the payload, payload) with body as its payload, for
// the same key; it returns the file's size.
func forgeParticipantsCache(t *testing.T, cache, body string) int {
	t.Helper()
	c, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(c), "\n", 4)
	if len(lines) != 4 || lines[0]+"\n" != participantsCacheHead {
		t.Fatalf("the cache is not in its format:\n%s", c)
	}
	sum := sha256.Sum256([]byte(body))
	out := lines[0] + "\n" + lines[1] + "\n" + hex.EncodeToString(sum[:]) + "\n" + body
	if err := os.WriteFile(cache, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return len(out)
}

// The cache is what answers when it is valid and of at most twice the
// size of participants.yaml and 64 KiB: shown by a cache written, for the
// right key, with another role than the file's (a planted cache is the
// only way to see which answered). A valid cache of exactly the limit is
// used, one byte more is not (participants.go 56:32, 56:42, 78:55 both,
// 82:16, 82:33 both).
func TestParticipantsCacheAnswers(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	cache := filepath.Join(p.IndexDir(), ParticipantsCacheFile)
	role := func() string {
		t.Helper()
		ps, err := Participants(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, pt := range ps.List {
			if pt.ID == "P2" {
				return pt.Attributes["role"]
			}
		}
		t.Fatalf("no P2 in %+v", ps.List)
		return ""
	}
	for _, n := range []int{3, 4000} { // a small file, and one whose cache is over 64 KiB
		var y strings.Builder
		y.WriteString("version: 1\nattributes: [role]\nparticipants:\n")
		for i := range n {
			fmt.Fprintf(&y, "  - id: P%d\n    role: Nurse\n", i+1)
		}
		writeParticipants(t, p, y.String())
		if got := role(); got != "Nurse" { // decoded, and the cache written
			t.Fatalf("%d participants: role %q", n, got)
		}
		c, err := os.ReadFile(cache)
		if err != nil {
			t.Fatal(err)
		}
		if n > 100 && len(c) <= 64<<10 {
			t.Fatalf("the cache of %d participants is only %d bytes", n, len(c))
		}
		body := strings.SplitN(string(c), "\n", 4)[3]
		forgeParticipantsCache(t, cache, strings.Replace(body, `"P2" "role" "Nurse"`, `"P2" "role" "Planted"`, 1))
		if got := role(); got != "Planted" {
			t.Errorf("%d participants: a valid cache was not used (role %q)", n, got)
		}
	}

	// At the limit: 2*len(participants.yaml) + 64 KiB.
	y := "version: 1\nattributes: [role]\nparticipants:\n  - id: P2\n    role: Nurse\n"
	writeParticipants(t, p, y)
	role()
	limit := 2*len(y) + 64<<10
	for _, extra := range []int{0, 1} {
		pad := 0
		for range 2 { // the size is linear in the padding: one correction
			size := forgeParticipantsCache(t, cache, fmt.Sprintf("\"role\"\n\"P2\" \"role\" \"Planted\" \"pad\" %q\n", strings.Repeat("x", pad)))
			pad += limit + extra - size
		}
		size := forgeParticipantsCache(t, cache, fmt.Sprintf("\"role\"\n\"P2\" \"role\" \"Planted\" \"pad\" %q\n", strings.Repeat("x", pad)))
		if size != limit+extra {
			t.Fatalf("forged %d bytes, want %d", size, limit+extra)
		}
		if got, want := role(), map[int]string{0: "Planted", 1: "Nurse"}[extra]; got != want {
			t.Errorf("a cache of the limit and %d bytes: role %q, want %q", extra, got, want)
		}
	}
}

// The cache holds values with escapes (quotes, backslashes, control
// characters) and is used for them; a line that is not quoted strings,
// or a string cut short, is refused, never half read (participants.go
// 185:75, 185:89 both, 189:48, 192:40).
func TestParticipantsCacheStrings(t *testing.T) {
	ps := &corpus.Participants{
		Attributes: []string{`say "hi"`, `back\slash`, "tab\there"},
		List: []corpus.Participant{
			{ID: "P1", Attributes: map[string]string{`say "hi"`: `"quoted"`, `back\slash`: `C:\x`, "tab\there": "a\nb"}},
			{ID: "P2", Attributes: map[string]string{}},
		},
	}
	got, ok := decodeParticipantsCache(encodeParticipantsCache(ps, "k"), "k")
	if !ok || !reflect.DeepEqual(got, ps) {
		t.Errorf("round trip with escapes: %v %#v, want %#v", ok, got, ps)
	}
	forged := func(body string) []byte {
		sum := sha256.Sum256([]byte(body))
		return []byte(participantsCacheHead + "k\n" + hex.EncodeToString(sum[:]) + "\n" + body)
	}
	for _, body := range []string{
		"-\nx\" \"a\" \"b\"\n", // a line that does not start with a quote
		"-\n\"P1\n",            // a string cut short
		"-\n\"\n",              // a lone quote
		"-\n\"P1\" \"a\n",      // the second string cut short
		"\"a\n",                // the attribute line cut short
	} {
		if ps, ok := decodeParticipantsCache(forged(body), "k"); ok {
			t.Errorf("%q was read: %#v", body, ps)
		}
	}
}

// ---- build.go ----

// A full build on a machine with more cores than a batch has pieces
// (buildBatchSize/pieceDocs) builds the index (build.go 229:36: the
// mutant made a channel of negative capacity and panicked).
func TestBuildOnManyCores(t *testing.T) {
	cores := buildBatchSize/pieceDocs + 6
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cores))
	p := fixture(t)
	ix, st := openSync(t, p)
	defer ix.Close()
	if st.Added != 3 {
		t.Fatalf("built %+v", st)
	}
	if res := find(t, ix, Query{Text: "staff", Limit: 0}); len(res.Hits) != 5 {
		t.Errorf("staff: %v", refs(res))
	}
}

// ---- long.go ----

// A page that starts at an offset and has no limit holds every hit from
// the offset on, in an index with long turns too. (A real bug, fixed with
// this test: the hits of short turns were skipped twice, once by the
// search of short turns and again after the merge, and the page lost
// them. long.go 86:13 lived because of it.)
func TestLongOffsetWithoutLimit(t *testing.T) {
	withChunkBytes(t, 700)
	ix := syncMem(t, longProject(t))
	for _, text := range []string{"zorp", "+heddle -vanta", "blen"} {
		all := find(t, ix, Query{Text: text})
		if len(all.Hits) < 6 {
			t.Fatalf("%s: only %d hits", text, len(all.Hits))
		}
		for _, off := range []int{1, 2, 5, len(all.Hits), len(all.Hits) + 3} {
			for _, limit := range []int{0, -1} {
				got := find(t, ix, Query{Text: text, Offset: off, Limit: limit})
				want := refs(all)[min(off, len(all.Hits)):]
				if got.Total != all.Total || !slices.Equal(refs(got), want) {
					t.Errorf("%s offset %d limit %d: %d of %d, %v; want %v", text, off, limit, len(got.Hits), got.Total, refs(got), want)
				}
			}
		}
	}
}

// mut4LongProject has long turns that differ in which words they hold
// (longProject's hold every word of its vocabulary), so that +must, -must
// not and either clauses each keep some and drop others.
func mut4LongProject(t *testing.T) *project.Project {
	p := newProject(t)
	rep := func(s string) string { return strings.Repeat(s+". ", 120) }
	writeSource(t, p, "P1", "Ana", []corpus.Turn{
		{N: 1, Speaker: "Ana", Text: rep("zorp quiv marl")},
		{N: 2, Speaker: "Ana", Text: "zorp blen"},
		{N: 3, Speaker: "Ben", Text: rep("blen zorp tessa")},
		{N: 4, Speaker: "Ben", Text: "quiv"},
	})
	writeSource(t, p, "P2", "Ben", []corpus.Turn{
		{N: 1, Speaker: "Ben", Text: rep("blen kran pell")},
		{N: 2, Speaker: "Ana", Text: "blen"},
		{N: 3, Speaker: "Ana", Text: rep("dovi sume wix")},
	})
	return p
}

// Boolean queries over long turns that differ match the turns that an
// index of whole turns matches (long.go 176:9: a conjunction that kept
// only its last clause's turns; 233:11 and 251:56, 260:10: a must with an
// either clause, a query of must-not clauses alone, and a must-not that
// found no long turn; 237:33: an optional either clause made required).
func TestLongBooleansOfDifferentTurns(t *testing.T) {
	p := mut4LongProject(t)
	withChunkBytes(t, 1<<30)
	whole := syncMem(t, p)
	chunkBytes = 700
	chunked := syncMem(t, p)
	if long, _ := chunked.man.chunks(); !long {
		t.Fatal("no chunks")
	}
	longSeen := 0
	for _, text := range []string{
		"+zorp +blen", "+blen +zorp", "+zorp +blen +tessa", "+quiv +marl +zorp",
		"+zorp blen", "+blen zorp", "+zorp kran", "+blen -zorp", "+zorp -blen",
		"zorp -blen", "-zorp", "-zorp -kran", "-blen", "zorp blen -quiv",
	} {
		a, b := find(t, whole, Query{Text: text}), find(t, chunked, Query{Text: text})
		if a.Total != b.Total || !slices.Equal(sortedRefs(a), sortedRefs(b)) {
			t.Errorf("%s: whole turns %d %v, chunks %d %v", text, a.Total, sortedRefs(a), b.Total, sortedRefs(b))
		}
		for _, h := range b.Hits {
			if len(h.Text) > 700 {
				longSeen++
			}
		}
	}
	if longSeen < 15 {
		t.Errorf("only %d hits on long turns", longSeen)
	}
}

// The score of a long turn for a conjunction, or a must clause with an
// either clause, is the sum of its scores for each clause (the package's
// rule: the sum over the leaves it matches of their best chunk's score;
// long.go 182:20, and 240:20, which only TestLongBooleansOfDifferentTurns
// reaches; positions of the first run, before the fix of 86:13).
func TestLongConjunctionScore(t *testing.T) {
	withChunkBytes(t, 700)
	ix := syncMem(t, mut4LongProject(t))
	score := func(text, ref string) float64 {
		t.Helper()
		for _, h := range find(t, ix, Query{Text: text}).Hits {
			if h.Ref == ref {
				return h.Score
			}
		}
		t.Fatalf("%s: no hit %s", text, ref)
		return 0
	}
	for _, ref := range []string{"P1#3"} {
		zorp, blen := score("zorp", ref), score("blen", ref)
		for _, text := range []string{"+zorp +blen", "+zorp blen"} {
			if both := score(text, ref); zorp <= 0 || blen <= 0 || roundScore(both) != roundScore(zorp+blen) {
				t.Errorf("%s: %s scores %v, zorp %v and blen %v", ref, text, both, zorp, blen)
			}
		}
	}
}

// A phrase longer than PhraseWords words is found where the turn ends with
// it (long.go 449:27: the last place was not tried), and its score is the
// sum of its stretches' scores, each stretch counted once, also when the
// phrase is a multiple of PhraseWords words long (long.go 404:16: the last
// stretch counted twice).
func TestLongPhraseAtTheEnd(t *testing.T) {
	withChunkBytes(t, 700)
	p := newProject(t)
	r := rand.New(rand.NewPCG(11, 12))
	text := longText(r, 3000)
	writeSource(t, p, "P1", "Ana", []corpus.Turn{{N: 1, Speaker: "Ana", Text: text}})
	ix := syncMem(t, p)
	var words []string
	for _, w := range wordTokenizer.Tokenize([]byte(text)) {
		words = append(words, string(w.Term))
	}
	phrase := func(ws []string) string { return `"` + strings.Join(ws, " ") + `"` }
	for _, n := range []int{PhraseWords + 3, 2 * PhraseWords} {
		end := words[len(words)-n:]
		res := find(t, ix, Query{Text: phrase(end)})
		if res.Total != 1 {
			t.Errorf("the last %d words: %d turns", n, res.Total)
			continue
		}
		if got := marked(res.Hits[0].Text, res.Hits[0].Highlights); len(got) == 0 {
			t.Errorf("the last %d words: nothing marked", n)
		}
	}
	two := words[500 : 500+2*PhraseWords]
	res := find(t, ix, Query{Text: phrase(two)})
	a := find(t, ix, Query{Text: phrase(two[:PhraseWords])})
	b := find(t, ix, Query{Text: phrase(two[PhraseWords:])})
	if res.Total != 1 || a.Total != 1 || b.Total != 1 {
		t.Fatalf("%d, %d, %d turns", res.Total, a.Total, b.Total)
	}
	if roundScore(res.Hits[0].Score) != roundScore(a.Hits[0].Score+b.Hits[0].Score) {
		t.Errorf("a phrase of two stretches scores %v, the stretches %v and %v", res.Hits[0].Score, a.Hits[0].Score, b.Hits[0].Score)
	}
}
