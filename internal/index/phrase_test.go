package index

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// hitsOf runs q over every turn with locations and returns each hit's id,
// score and sorted highlights.
func hitsOf(t *testing.T, ix *Index, q query.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 100000, 0, false)
	req.Fields = storedFields
	req.IncludeLocations = true
	req.SortByCustom(search.SortOrder{&search.SortDocID{}})
	sr, err := ix.idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range sr.Hits {
		h := toHit(d)
		out = append(out, fmt.Sprintf("%s %v %v", d.ID, d.Score, h.Highlights))
	}
	return append(out, fmt.Sprint("total ", sr.Total))
}

// The phrases of a query string find, with exactPhraseQuery, the turns,
// scores and highlights that bleve's PhraseSearcher finds, alone or within
// other queries, with repeated words, and in a corpus where the phrase's
// words are often near each other but not adjacent.
func TestExactPhraseAsBleve(t *testing.T) {
	p := genCorpus(t, 6, 80)
	ix := syncMem(t, p)
	for _, text := range []string{
		`"no one"`, `"No one"`, `"I'm not"`, `"you are"`, `"of the"`, `"the a"`, `"the the"`,
		`"peer support worker"`, `"support worker"`, `"don’t do"`, `"it's it"`, `"no no no"`,
		`"a"`, `"zzz qqq"`, `"one zzz"`, `"3.5 42"`,
		`+"peer support" -"no one"`, `"you are" OR "of the"`, `"peer support"^3 recovery`,
		`text:"you are"`, `"you are" speaker:S`, `+"of the" +"the a"`,
	} {
		q, err := parseText(text)
		if err != nil {
			t.Fatal(err)
		}
		want := hitsOf(t, ix, q)
		got := hitsOf(t, ix, exactPhrases(q))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: exactPhraseQuery\n%v\nbleve\n%v", text, got, want)
		}
		if len(want) < 2 && text != `"zzz qqq"` && text != `"one zzz"` && text != `"3.5 42"` {
			t.Logf("%s finds nothing", text)
		}
	}
}

// Search uses exactPhraseQuery: its result is bleve's, page by page.
func TestExactPhraseSearch(t *testing.T) {
	p := genCorpus(t, 6, 80)
	ix := syncMem(t, p)
	for _, q := range []Query{
		{Text: `"no one"`, Limit: 20},
		{Text: `"you are"`, Limit: 5, Offset: 10},
		{Text: `"of the"`, Limit: 0},
	} {
		got := find(t, ix, q)
		main, err := parseText(q.Text)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ix.ranked(q, main, main) // bleve's phrase searcher
		if err != nil {
			t.Fatal(err)
		}
		if err := newTurnTexts(ix.proj).fill(want.Hits); err != nil { // hittext.go
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\n%+v\nwant\n%+v", q, got, want)
		}
	}
}
