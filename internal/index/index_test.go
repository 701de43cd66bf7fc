package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/gofrs/flock"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

func TestStemming(t *testing.T) {
	ix := syncMem(t, fixture(t))
	res := find(t, ix, Query{Text: "trusting"})
	want := []string{"P1#1", "P1#2", "P2#2", "P2#3"}
	if got := sortedRefs(res); !reflect.DeepEqual(got, want) {
		t.Errorf("trusting: got %v, want %v", got, want)
	}
	if res.Total != uint64(len(want)) {
		t.Errorf("Total = %d, want %d", res.Total, len(want))
	}
	for _, h := range res.Hits {
		if h.Ref == "P1#2" {
			if want := []Span{{0, 8}}; !reflect.DeepEqual(h.Highlights, want) {
				t.Errorf("P1#2 highlights %v, want %v", h.Highlights, want)
			}
			if h.Source != "P1" || h.Turn != 2 || h.Speaker != "Jordan Lee" || h.Participant != "Ana" || !strings.HasPrefix(h.Text, "Trusting them") {
				t.Errorf("P1#2 hit %+v", h)
			}
		}
	}
}

func TestPhrase(t *testing.T) {
	ix := syncMem(t, fixture(t))
	res := find(t, ix, Query{Text: `"peer support"`})
	if got, want := sortedRefs(res), []string{"P1#2", "P1#3"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("phrase: got %v, want %v (P1#4 has both words, not the phrase)", got, want)
	}
	for _, h := range res.Hits {
		if h.Ref == "P1#3" {
			// "Tell me about peer support." : each word of the phrase is
			// highlighted; they are not touching, so two spans.
			if want := []Span{{14, 18}, {19, 26}}; !reflect.DeepEqual(h.Highlights, want) {
				t.Errorf("P1#3 highlights %v, want %v", h.Highlights, want)
			}
		}
	}
	// Without quotes, any of the words.
	res = find(t, ix, Query{Text: `peer support`})
	if got, want := sortedRefs(res), []string{"P1#2", "P1#3", "P1#4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("words: got %v, want %v", got, want)
	}
}

func TestMustAndNot(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"+staff +trust", []string{"P1#1"}},
		{"+staff -trust", []string{"P1#4", "P10#1", "P10#2", "P2#1"}},
		{"trust -never", []string{"P1#1", "P1#2", "P2#2"}},
		{"-staff", []string{"P1#2", "P1#3", "P2#2", "P2#3"}},
	} {
		res := find(t, ix, Query{Text: c.q})
		if got := sortedRefs(res); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.q, got, c.want)
		}
	}
}

func TestSpeakerFilter(t *testing.T) {
	ix := syncMem(t, fixture(t))
	res := find(t, ix, Query{Text: "staff", Speakers: []string{"Interviewer"}})
	if got, want := sortedRefs(res), []string{"P1#1", "P10#1", "P2#1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("filter: got %v, want %v", got, want)
	}
	res = find(t, ix, Query{Text: "staff speaker:Interviewer"}) // any of the two
	if res.Total != 6 {
		t.Errorf("staff speaker:Interviewer: %d hits, want 6: %v", res.Total, refs(res))
	}
	res = find(t, ix, Query{Text: "+staff +speaker:Interviewer"})
	if got, want := sortedRefs(res), []string{"P1#1", "P10#1", "P2#1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("+speaker:Interviewer: got %v, want %v", got, want)
	}
	res = find(t, ix, Query{Text: `speaker:"Jordan Lee"`})
	if got, want := sortedRefs(res), []string{"P1#2", "P1#4"}; !reflect.DeepEqual(got, want) {
		t.Errorf(`speaker:"Jordan Lee": got %v, want %v`, got, want)
	}
	// Exact: neither a word of the name nor another case matches.
	for _, s := range []string{"Jordan", "interviewer"} {
		if res := find(t, ix, Query{Speakers: []string{s}}); res.Total != 0 {
			t.Errorf("speaker %q matched %v", s, refs(res))
		}
	}
	res = find(t, ix, Query{Speakers: []string{"Ben", "Cy"}})
	if got, want := sortedRefs(res), []string{"P10#2", "P2#2", "P2#3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Ben or Cy: got %v, want %v", got, want)
	}
}

func TestParticipantFilter(t *testing.T) {
	ix := syncMem(t, fixture(t))
	res := find(t, ix, Query{Text: "staff", Participants: []string{"Ben", "Cy"}})
	if got, want := sortedRefs(res), []string{"P10#1", "P10#2", "P2#1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	res = find(t, ix, Query{Participants: []string{"Ana"}})
	if res.Total != 4 {
		t.Errorf("participant Ana: %d turns, want 4", res.Total)
	}
	res = find(t, ix, Query{Text: "participant:Ana AND"}) // AND is a word
	if res.Total == 0 {
		t.Errorf("participant:Ana in the query string matched nothing")
	}
}

func TestCodeFilter(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, codes := range [][]string{{"trust"}, {"TRUST"}, {" Trust "}} {
		res := find(t, ix, Query{Codes: codes})
		if got, want := sortedRefs(res), []string{"P1#2", "P2#2"}; !reflect.DeepEqual(got, want) {
			t.Errorf("codes %q: got %v, want %v", codes, got, want)
		}
	}
	res := find(t, ix, Query{Codes: []string{"peer  SUPPORT", "nothing"}})
	if got, want := sortedRefs(res), []string{"P1#4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("peer support: got %v, want %v", got, want)
	}
	res = find(t, ix, Query{Text: `codes:"Peer Support"`})
	if got, want := sortedRefs(res), []string{"P1#4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("codes: in query: got %v, want %v", got, want)
	}
	res = find(t, ix, Query{Text: `coders:Bo`})
	if got, want := sortedRefs(res), []string{"P1#4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("coders:Bo: got %v, want %v", got, want)
	}
}

func TestCombinedFilters(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, c := range []struct {
		q    Query
		want []string
	}{
		{Query{Codes: []string{"trust"}, Participants: []string{"Ana"}}, []string{"P1#2"}},
		{Query{Codes: []string{"trust"}, Speakers: []string{"Ben"}}, []string{"P2#2"}},
		{Query{Codes: []string{"trust"}, Speakers: []string{"Interviewer"}}, nil},
		{Query{Text: "staff", Participants: []string{"Ana", "Cy"}, Speakers: []string{"Jordan Lee", "Cy"}}, []string{"P1#4", "P10#2"}},
		{Query{Text: "trust", Participants: []string{"Ben"}, Codes: []string{"Trust"}}, []string{"P2#2"}},
		{Query{Text: "-years", Codes: []string{"trust", "peer support"}}, []string{"P1#4", "P2#2"}},
	} {
		res := find(t, ix, c.q)
		if got := sortedRefs(res); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: got %v, want %v", c.q, got, c.want)
		}
		if res.Total != uint64(len(c.want)) {
			t.Errorf("%+v: Total %d, want %d", c.q, res.Total, len(c.want))
		}
	}
	// A filter does not change the scores.
	all := find(t, ix, Query{Text: "staff"})
	some := find(t, ix, Query{Text: "staff", Participants: []string{"Cy"}})
	for _, h := range some.Hits {
		for _, a := range all.Hits {
			if a.Ref == h.Ref && a.Score != h.Score {
				t.Errorf("%s: score %v with a filter, %v without", h.Ref, h.Score, a.Score)
			}
		}
	}
}

func TestOrderWithTies(t *testing.T) {
	p := newProject(t)
	// The same turns in every source, so that scores tie; sources written
	// in an order that is neither natural nor lexical.
	for _, id := range []string{"P10", "P2", "P1", "P02b", "P9"} {
		writeSource(t, p, id, "", turnsOf("A: We talked.", "B: Trust trust.", "A: And then?", "B: Trust came much later."))
	}
	ix := syncMem(t, p)
	res := find(t, ix, Query{Text: "trust"})
	var want []string
	for _, turn := range []string{"2", "4"} { // "Trust trust." scores higher
		for _, id := range []string{"P1", "P2", "P02b", "P9", "P10"} {
			want = append(want, id+"#"+turn)
		}
	}
	if got := refs(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("order:\n got %v\nwant %v", got, want)
	}
	// Pages put together give the same order, and Total counts them all.
	var paged []string
	for off := 0; off < len(want); off += 3 {
		r := find(t, ix, Query{Text: "trust", Limit: 3, Offset: off})
		if r.Total != uint64(len(want)) {
			t.Errorf("page at %d: Total %d, want %d", off, r.Total, len(want))
		}
		paged = append(paged, refs(r)...)
	}
	if !reflect.DeepEqual(paged, want) {
		t.Errorf("pages:\n got %v\nwant %v", paged, want)
	}
	// Filters only: every turn, in source then turn order.
	r := find(t, ix, Query{Speakers: []string{"A"}, Limit: 4})
	if got, want := refs(r), []string{"P1#1", "P1#3", "P2#1", "P2#3"}; !reflect.DeepEqual(got, want) || r.Total != 10 {
		t.Errorf("speaker A: got %v (total %d), want %v (total 10)", got, r.Total, want)
	}
	if r := find(t, ix, Query{Text: "trust", Offset: 100, Limit: 5}); len(r.Hits) != 0 || r.Total != 10 {
		t.Errorf("offset past the end: %v, total %d", refs(r), r.Total)
	}
}

func TestNaturalKey(t *testing.T) {
	ids := []string{"P10", "P2", "P1", "P02", "P2a", "P2.1", "P2-1", "P2_1", "a", "A", "P", "P100", "P09", "B7x3", "B7x12", "x", "9", "10", "S01-2", "S1-10", "S1-2", "P2x", "P02y", "P002", "x1", "x01a", "x1a"}
	byKey := slices.Clone(ids)
	slices.SortFunc(byKey, func(a, b string) int { return strings.Compare(naturalKey(a), naturalKey(b)) })
	byCompare := slices.Clone(ids)
	slices.SortFunc(byCompare, project.CompareIDs)
	if !reflect.DeepEqual(byKey, byCompare) {
		t.Errorf("naturalKey order differs from CompareIDs:\n key %v\n cmp %v", byKey, byCompare)
	}
}

func TestHighlightsNonASCII(t *testing.T) {
	ix := syncMem(t, fixture(t))
	res := find(t, ix, Query{Text: "trust", Participants: []string{"Ben"}})
	var found bool
	for _, h := range res.Hits {
		if h.Ref != "P2#2" {
			continue
		}
		found = true
		// Zoë said “trust” ...: 10 code points (but 13 bytes) before it.
		if want := []Span{{10, 15}}; !reflect.DeepEqual(h.Highlights, want) {
			t.Errorf("highlights %v, want %v", h.Highlights, want)
		}
		r := []rune(h.Text)
		if got := string(r[10:15]); got != "trust" {
			t.Errorf("highlighted %q", got)
		}
	}
	if !found {
		t.Fatalf("P2#2 not found: %v", refs(res))
	}
	if got, err := highlights("é ab", nil); got != nil || err != nil {
		t.Errorf("no locations: %v, %v", got, err)
	}
}

func TestHighlightsMerge(t *testing.T) {
	// Locations as bleve gives them: by term, unordered, overlapping.
	text := "ÀÀ trust trusting" // ÀÀ is 4 bytes: byte 5 is code point 3
	locs := map[string][]Span{"trust": {{11, 19}, {5, 10}}, "tru": {{5, 8}}, "bad": {{3, 40}, {7, 7}}}
	flat := func() (out []Span) {
		for _, ss := range locs {
			out = append(out, ss...)
		}
		return out
	}
	if got, want := spansToRunes(text, flat()), []Span{{3, 8}, {9, 17}}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	locs["space"] = []Span{{10, 11}} // touches both words
	if got, want := spansToRunes(text, flat()), []Span{{3, 17}}; !reflect.DeepEqual(got, want) {
		t.Errorf("touching: got %v, want %v", got, want)
	}
}

func TestQueryError(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, q := range []string{`"unclosed`, `staff:`, `speeker:Ben`, `+`, `trust~9`, `/[a/`} {
		_, err := ix.Search(Query{Text: q})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: error %v, want a *QueryError", q, err)
			continue
		}
		if qe.Query != q || !strings.Contains(err.Error(), "invalid query") || !strings.Contains(err.Error(), "Query-String-Query") {
			t.Errorf("%q: %v", q, err)
		}
	}
	_, err := ix.Search(Query{Text: "speeker:Ben"})
	if err == nil || !strings.Contains(err.Error(), `no field "speeker"`) {
		t.Errorf("unknown field: %v", err)
	}
	// Not errors: a colon escaped, stop words only, AND as a word.
	for _, q := range []string{`10\:30`, `the`, `trust AND staff`} {
		if _, err := ix.Search(Query{Text: q}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
}

func TestSyncIncremental(t *testing.T) {
	p := fixture(t)
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var progress [][2]int
	ix.SetProgress(func(done, total int) { progress = append(progress, [2]int{done, total}) })
	st, err := ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 3 || st.Updated != 0 || st.Removed != 0 || st.Docs != 9 || !st.Rebuilt || st.Notice != "" {
		t.Errorf("first sync: %+v", st)
	}
	if want := [][2]int{{1, 3}, {2, 3}, {3, 3}}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
	st, err = ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st, SyncStats{Docs: 9}) {
		t.Errorf("second sync: %+v", st)
	}

	// Code P10#2: only P10 is re-indexed.
	writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
	progress = nil
	st, err = ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 0 || st.Updated != 1 || st.Removed != 0 || st.Docs != 9 {
		t.Errorf("after coding: %+v", st)
	}
	if want := [][2]int{{1, 1}}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
	if got := sortedRefs(find(t, ix, Query{Codes: []string{"kindness"}})); !reflect.DeepEqual(got, []string{"P10#2"}) {
		t.Errorf("new code: %v", got)
	}

	// A source with fewer turns: the turns past the end go.
	writeSource(t, p, "P1", "Ana", turnsOf("Interviewer: Only one turn about trust now."))
	st, err = ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Updated != 1 || st.Docs != 6 {
		t.Errorf("after shrinking P1: %+v", st)
	}
	if got := sortedRefs(find(t, ix, Query{Participants: []string{"Ana"}})); !reflect.DeepEqual(got, []string{"P1#1"}) {
		t.Errorf("P1 turns: %v", got)
	}
	// P1's coding of turn 2 no longer lands anywhere.
	if got := sortedRefs(find(t, ix, Query{Codes: []string{"trust"}})); !reflect.DeepEqual(got, []string{"P2#2"}) {
		t.Errorf("trust codes: %v", got)
	}

	// A new participant for a source.
	writeSource(t, p, "P10", "Dee", turnsOf("Interviewer: What about the staff?", "Cy: The staff were kind."))
	if st, err = ix.Sync(p); err != nil || st.Updated != 1 {
		t.Fatalf("participant change: %+v %v", st, err)
	}
	if r := find(t, ix, Query{Participants: []string{"Dee"}}); r.Total != 2 {
		t.Errorf("participant Dee: %v", refs(r))
	}

	// Remove P2.
	removeSource(t, p, "P2")
	st, err = ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Removed != 1 || st.Updated != 0 || st.Added != 0 || st.Docs != 3 {
		t.Errorf("after removing P2: %+v", st)
	}
	if r := find(t, ix, Query{Text: "source:P2"}); r.Total != 0 {
		t.Errorf("P2 still indexed: %v", refs(r))
	}
	if r := find(t, ix, Query{}); r.Total != 3 {
		t.Errorf("all turns: %v", refs(r))
	}
}

func TestSyncSkipsBrokenSource(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	// Change P2's text behind the tool's back.
	file := p.Path(project.SourcesDir, "P2", project.SourceTurnsFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(data, data...), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Skipped) != 1 || !strings.Contains(st.Skipped[0], "P2") || st.Docs != 6 {
		t.Errorf("%+v", st)
	}
	if r := find(t, ix, Query{Text: "source:P2"}); r.Total != 0 {
		t.Errorf("P2 still indexed: %v", refs(r))
	}
	// Restored: indexed again.
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err = ix.Sync(p)
	if err != nil || st.Added != 1 || st.Docs != 9 || len(st.Skipped) != 0 {
		t.Errorf("after restoring: %+v %v", st, err)
	}
}

func indexDir(p *project.Project) string { return p.Path(project.CacheDir, "index") }

func openSync(t *testing.T, p *project.Project) (*Index, SyncStats) {
	t.Helper()
	ix, err := Open(indexDir(p), Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	st, err := ix.Sync(p)
	if err != nil {
		ix.Close()
		t.Fatal(err)
	}
	return ix, st
}

func TestOpenOnDisk(t *testing.T) {
	p := fixture(t)
	ix, st := openSync(t, p)
	if st.Added != 3 || st.Docs != 9 || !st.Rebuilt || st.Notice != "" {
		t.Errorf("first: %+v", st)
	}
	if r := find(t, ix, Query{Text: "trusting", Codes: []string{"trust"}}); !reflect.DeepEqual(sortedRefs(r), []string{"P1#2", "P2#2"}) {
		t.Errorf("search: %v", refs(r))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{LockFile, ManifestFile, curGen(t, indexDir(p))} {
		if _, err := os.Stat(filepath.Join(indexDir(p), filepath.Base(f))); err != nil {
			t.Errorf("layout: %v", err)
		}
	}

	ix, st = openSync(t, p)
	if !reflect.DeepEqual(st, SyncStats{Docs: 9}) {
		t.Errorf("reopened: %+v", st)
	}
	if r := find(t, ix, Query{Text: "trusting"}); r.Total != 4 {
		t.Errorf("reopened search: %v", refs(r))
	}
	writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
	removeSource(t, p, "P1")
	st, err := ix.Sync(p)
	if err != nil || st.Updated != 1 || st.Removed != 1 || st.Docs != 5 {
		t.Errorf("incremental: %+v %v", st, err)
	}
	ix.Close()

	ix, st = openSync(t, p)
	defer ix.Close()
	if !reflect.DeepEqual(st, SyncStats{Docs: 5}) {
		t.Errorf("reopened after changes: %+v", st)
	}
	if r := find(t, ix, Query{Codes: []string{"kindness"}}); !reflect.DeepEqual(refs(r), []string{"P10#2"}) {
		t.Errorf("kindness: %v", refs(r))
	}

	st, err = ix.Rebuild(p)
	if err != nil || st.Added != 2 || st.Docs != 5 || !st.Rebuilt {
		t.Errorf("rebuild: %+v %v", st, err)
	}
}

func TestDamagedIndex(t *testing.T) {
	for name, damage := range map[string]func(dir string) error{
		"garbage in every file": func(dir string) error {
			return filepath.WalkDir(filepath.Join(curGen(t, dir)), func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				return os.WriteFile(path, []byte("garbage, not an index"), 0o644)
			})
		},
		"root.bolt truncated": func(dir string) error {
			return os.Truncate(filepath.Join(curGen(t, dir), "store", "root.bolt"), 100)
		},
		"index_meta.json garbage": func(dir string) error {
			return os.WriteFile(filepath.Join(curGen(t, dir), "index_meta.json"), []byte("{"), 0o644)
		},
		"manifest garbage": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, ManifestFile), []byte("\x00\x01not json"), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			p := fixture(t)
			ix, _ := openSync(t, p)
			ix.Close()
			if err := damage(indexDir(p)); err != nil {
				t.Fatal(err)
			}
			ix, st := openSync(t, p)
			defer ix.Close()
			if !st.Rebuilt || st.Added != 3 || st.Docs != 9 || !strings.Contains(st.Notice, "the search index was damaged") || !strings.Contains(st.Notice, "has been rebuilt") {
				t.Errorf("%+v", st)
			}
			if r := find(t, ix, Query{Text: "trusting"}); r.Total != 4 {
				t.Errorf("search after rebuild: %v", refs(r))
			}
			// The notice is given once.
			if st, err := ix.Sync(p); err != nil || st.Notice != "" || st.Rebuilt {
				t.Errorf("second sync: %+v %v", st, err)
			}
		})
	}
}

func TestMissingIndex(t *testing.T) {
	for name, remove := range map[string]string{"whole directory": "", "bleve directory": "gen", "manifest": ManifestFile} {
		t.Run(name, func(t *testing.T) {
			p := fixture(t)
			ix, _ := openSync(t, p)
			ix.Close()
			if remove == "gen" {
				remove = filepath.Base(curGen(t, indexDir(p)))
			}
			if err := os.RemoveAll(filepath.Join(indexDir(p), remove)); err != nil {
				t.Fatal(err)
			}
			ix, st := openSync(t, p)
			defer ix.Close()
			if !st.Rebuilt || st.Added != 3 || st.Docs != 9 || st.Notice != "" {
				t.Errorf("%+v", st)
			}
		})
	}
}

func TestSchemaChangeRebuilds(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	editManifest(t, p, func(m *manifest) { m.Schema = 0 })
	ix, st := openSync(t, p)
	defer ix.Close()
	if !st.Rebuilt || st.Added != 3 || !strings.Contains(st.Notice, fmt.Sprintf("made by another version of grounded (index format 0, now %d) and has been rebuilt", SchemaVersion)) {
		t.Errorf("%+v", st)
	}
}

// A Sync that has to write waits for another writer and fails with
// ErrBusy; reading an index that is up to date waits for nothing.
func TestBusy(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	fl := flock.New(filepath.Join(indexDir(p), LockFile))
	if err := fl.Lock(); err != nil {
		t.Fatal(err)
	}
	defer fl.Unlock()
	// A reader of an index that is up to date.
	ix, st := openSync(t, p)
	if r := find(t, ix, Query{Text: "trust"}); r.Total == 0 || st.Notice != "" {
		t.Errorf("no hits, or %+v", st)
	}
	ix.Close()
	// A writer.
	writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
	ix, err := Open(indexDir(p), Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = ix.Sync(p)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "being updated by another grounded command") {
		t.Errorf("error %v, want ErrBusy", err)
	}
	fl.Unlock()
	if st, err := ix.Sync(p); err != nil || st.Updated != 1 {
		t.Errorf("Sync once the writer is gone: %+v %v", st, err)
	}
}

// curGen is the directory of the generation the manifest in dir names.
func curGen(t *testing.T, dir string) string {
	t.Helper()
	m, err := readManifest(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, m.Gen)
}

func TestClosed(t *testing.T) {
	ix, err := OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := ix.Search(Query{Text: "x"}); err == nil {
		t.Error("Search on a closed index succeeded")
	}
	if _, err := ix.Sync(newProject(t)); err == nil {
		t.Error("Sync on a closed index succeeded")
	}
}

// toLocations is a TermLocationMap as bleve gives it for the text: by
// term, each location a position (no offsets: positions.go).
func toLocations(m map[string][]int) search.TermLocationMap {
	out := search.TermLocationMap{}
	for term, poss := range m {
		for _, p := range poss {
			out[term] = append(out[term], &search.Location{Pos: uint64(p)})
		}
	}
	return out
}

// TestHighlightsFromPositions checks highlights (the memos' path): the
// words at the locations' positions, merged, in code points; and a
// position the text does not have is an error that says the index is
// damaged, not a highlight left out.
func TestHighlightsFromPositions(t *testing.T) {
	text := "ÀÀ trust, trusting" // ÀÀ is 4 bytes: "trust" is code points 3-8
	got, err := highlights(text, toLocations(map[string][]int{"trust": {3, 2}, "àà": {1}}))
	if want := []Span{{0, 2}, {3, 8}, {10, 18}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v, want %v", got, err, want)
	}
	if got, err := highlights(text, toLocations(map[string][]int{"trust": {2, 4}})); !errors.Is(err, ErrDamaged) {
		t.Errorf("position 4 of 3 words: %v, %v, want ErrDamaged", got, err)
	}
}

// An index built source by source (several segments, with deletions) gives
// the same answers, in the same order, as one built in one go.
func TestSameAnswersAcrossHistories(t *testing.T) {
	p := newProject(t)
	ix, err := Open(indexDir(p), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	texts := []string{
		"Interviewer: How was the staff?",
		"Sam: Trust came slowly, the staff were patient.",
		"Interviewer: And peer support?",
		"Sam: Peer support saved me. I trust my peers.",
		"Sam: Staff, staff, staff.",
	}
	for i, id := range []string{"P3", "P1", "P20", "P2", "P10", "P11"} {
		writeSource(t, p, id, "", turnsOf(texts[i%2:]...))
		writeCodings(t, p, "ana", id, []coding.Coding{{Code: "Trust", Turn: 2, Start: 0, End: 5, Quote: "x"}})
		if _, err := ix.Sync(p); err != nil {
			t.Fatal(err)
		}
	}
	// Replace one, remove one.
	writeSource(t, p, "P20", "", turnsOf(texts[:3]...))
	removeSource(t, p, "P11")
	if _, err := ix.Sync(p); err != nil {
		t.Fatal(err)
	}
	mem := syncMem(t, p)
	for _, q := range []Query{
		{Text: "staff"},
		{Text: "trust", Limit: 3},
		{Text: "trust", Limit: 3, Offset: 3},
		{Text: `"peer support"`},
		{Text: "staff", Codes: []string{"trust"}},
		{Speakers: []string{"Sam"}, Limit: 7},
		{Text: "+staff -patient", Participants: []string{"P1", "P2", "P10"}},
	} {
		a, b := find(t, ix, q), find(t, mem, q)
		if a.Total == 0 || len(a.Hits) == 0 {
			t.Errorf("%+v: no hits", q)
		}
		if !reflect.DeepEqual(refs(a), refs(b)) || a.Total != b.Total {
			t.Errorf("%+v:\n disk %v (%d)\n mem  %v (%d)", q, refs(a), a.Total, refs(b), b.Total)
		}
		for i := range a.Hits {
			if i < len(b.Hits) && !reflect.DeepEqual(a.Hits[i].Highlights, b.Hits[i].Highlights) {
				t.Errorf("%+v: %s highlights %v on disk, %v in memory", q, a.Hits[i].Ref, a.Hits[i].Highlights, b.Hits[i].Highlights)
			}
		}
	}
}

// SpeakerSources filters by who speaks where: a speaker in every source
// but some, a speaker in some sources only, and an entry that allows no
// source (a filter that matches nothing).
func TestSpeakerSources(t *testing.T) {
	ix := syncMem(t, fixture(t))
	for _, c := range []struct {
		ss   []SpeakerSources
		want []string
	}{
		{nil, []string{"P1#1", "P1#4", "P2#1", "P10#1", "P10#2"}},
		{[]SpeakerSources{{Speaker: "Interviewer"}}, []string{"P1#1", "P2#1", "P10#1"}},
		{[]SpeakerSources{{Speaker: "Interviewer", Except: []string{"P2"}}}, []string{"P1#1", "P10#1"}},
		{[]SpeakerSources{{Speaker: "Interviewer", Only: []string{"P2"}}, {Speaker: "Cy"}}, []string{"P2#1", "P10#2"}},
		{[]SpeakerSources{{Speaker: "Interviewer", Only: []string{"P1", "P10"}, Except: []string{"P10"}}}, []string{"P1#1"}},
		{[]SpeakerSources{{Speaker: "Interviewer", Only: []string{"P10", "P2", "P1"}}}, []string{"P1#1", "P2#1", "P10#1"}},
		{[]SpeakerSources{{Speaker: "Interviewer", Only: []string{"P10", "P2", "P1"}, Except: []string{"P2"}}}, []string{"P1#1", "P10#1"}},
		{[]SpeakerSources{{Speaker: "Interviewer", Only: []string{"P10", "P2", "P9"}}}, []string{"P2#1", "P10#1"}},
		{[]SpeakerSources{{Speaker: "Cy", Only: []string{}}}, nil},
		{[]SpeakerSources{{Speaker: "Cy", Only: []string{"P1"}}}, nil},
	} {
		res := find(t, ix, Query{Text: "staff", SpeakerSources: c.ss})
		got := refs(res)
		slices.SortFunc(got, func(a, b string) int { return strings.Compare(a, b) })
		want := slices.Clone(c.want)
		slices.SortFunc(want, func(a, b string) int { return strings.Compare(a, b) })
		if !slices.Equal(got, want) || res.Total != uint64(len(want)) {
			t.Errorf("%+v: %v (total %d), want %v", c.ss, got, res.Total, want)
		}
	}
}
