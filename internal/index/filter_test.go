package index

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// filterProject is a project of eight sources (participants X1-X8) whose
// turns alternate between the interviewer and a participant speaker
// (Pat in odd sources, Sam in even ones), with random words and two
// coders' codings. With long, every seventh turn is 150 words long and
// indexed in chunks of 300 bytes (long.go), and every search takes the
// way of long turns.
func filterProject(t *testing.T, long bool) *Index {
	if long {
		withChunkBytes(t, 300)
	}
	p := newProject(t)
	r := rand.New(rand.NewPCG(7, 8))
	vocab := strings.Fields("trust staff peer support recovery relapse detox shame hope family housing money warm handoff")
	for s := 1; s <= 8; s++ {
		id := fmt.Sprintf("S%d", s)
		speaker := "Pat"
		if s%2 == 0 {
			speaker = "Sam"
		}
		var turns []corpus.Turn
		var cs []coding.Coding
		for i := 1; i <= 60; i++ {
			sp := "Interviewer"
			if i%2 == 0 {
				sp = speaker
			}
			words := make([]string, 3+r.IntN(12))
			if long && i%7 == 0 {
				words = make([]string, 150)
			}
			for j := range words {
				words[j] = vocab[int(float64(len(vocab))*r.Float64()*r.Float64())]
			}
			turns = append(turns, corpus.Turn{N: i, Speaker: sp, Text: strings.Join(words, " ") + "."})
			if i%5 == 0 {
				cs = append(cs, coding.Coding{Code: []string{"Trust", "Hope"}[i%2], Turn: i, Start: 0, End: 1, Quote: words[0][:1]})
			}
		}
		writeSource(t, p, id, fmt.Sprintf("X%d", s), turns)
		writeCodings(t, p, "ana", id, cs)
	}
	return syncMem(t, p)
}

// TestFilteredQueryAsBoolean checks filteredQuery (filter.go) against the
// bleve boolean query it replaces: for words, booleans with excluded words,
// phrases and the filters of every kind, alone and together, every hit and
// pages of hits have the same turns, scores, highlights and total.
func TestFilteredQueryAsBoolean(t *testing.T) {
	t.Run("short turns", func(t *testing.T) { testFilteredQueryAsBoolean(t, false) })
	t.Run("long turns", func(t *testing.T) { testFilteredQueryAsBoolean(t, true) })
}

func testFilteredQueryAsBoolean(t *testing.T, long bool) {
	ix := filterProject(t, long)
	if chunked, _ := ix.man.chunks(); chunked != long {
		t.Fatalf("chunks %v, want %v", chunked, long)
	}
	texts := []string{
		"trust", "+relapse -detox", "trust -detox", "trust peer -detox -relapse",
		"+trust +peer -detox", "+trust peer -shame", `"warm handoff" -trust`,
		`+"warm handoff" -trust`, "+. -detox", "+relapse -.", "+zzz -detox",
		"trust^3 -detox", "+tru* -det*", "+relapse -speaker:Interviewer",
		"+hope -turn:<20", "", `"warm handoff"`, "hope^2", "nosuchword", "speaker:Pat",
		"trust*", "trust-peer", "hope~1", "+trust peer", "+hope +peer",
		`trust -"warm handoff"`, `+hope -"peer support" -"warm handoff"`,
	}
	// Each word alone, and boosted: a word's score is multiplied by its
	// query weight, boost × idf × norm, which is exactly 1 for some idfs
	// and not for others; the norm must be the one bleve sets.
	if !long { // the way of long turns is slower; the words' norms are its short turns'
		for _, w := range strings.Fields("staff peer support recovery relapse detox shame family") {
			texts = append(texts, w, w+"^7")
		}
	}
	only := func(ids ...string) []string { return ids }
	filters := []struct {
		name string
		q    Query
	}{
		{"none", Query{}},
		{"speaker", Query{Speakers: []string{"Interviewer"}}},
		{"speakers", Query{Speakers: []string{"Pat", "Sam"}}},
		{"participants", Query{Participants: []string{"X1", "X4", "X7"}}},
		{"code", Query{Codes: []string{"Trust"}}},
		{"participant and speaker", Query{Participants: []string{"X2", "X3"}, Speakers: []string{"Sam"}}},
		// Everyone but the interviewer: applied as an exclusion (role.go).
		{"role by exclusion", Query{SpeakerSources: []SpeakerSources{{Speaker: "Pat"}, {Speaker: "Sam"}}}},
		{"role in sources", Query{SpeakerSources: []SpeakerSources{{Speaker: "Pat", Only: only("S1", "S3")}, {Speaker: "Interviewer", Only: only("S2")}}}},
		{"role and participants", Query{Participants: []string{"X1", "X2", "X5"}, SpeakerSources: []SpeakerSources{{Speaker: "Pat"}, {Speaker: "Sam"}}}},
		{"nobody", Query{SpeakerSources: []SpeakerSources{{Speaker: "Nobody", Only: only()}}}},
	}
	search := func(q Query, boolean bool) string {
		t.Helper()
		ix.booleanFilters = boolean
		res, err := ix.Search(q)
		ix.booleanFilters = false
		if err != nil {
			return "error: " + err.Error()
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	compared, hits := 0, uint64(0)
	for _, text := range texts {
		for _, f := range filters {
			pages := [][2]int{{0, 0}, {5, 0}, {5, 5}, {3, 17}}
			if long {
				pages = [][2]int{{0, 0}, {5, 5}}
			}
			for _, page := range pages {
				q := f.q
				q.Text, q.Limit, q.Offset = text, page[0], page[1]
				want := search(q, true)
				if got := search(q, false); got != want {
					t.Errorf("%q, %s, limit %d offset %d:\n got %.300s\nwant %.300s", text, f.name, page[0], page[1], got, want)
				}
				compared++
				if page[0] == 0 && !strings.HasPrefix(want, "error") {
					var r Result
					if err := json.Unmarshal([]byte(want), &r); err != nil {
						t.Fatal(err)
					}
					hits += r.Total
				}
			}
		}
	}
	// The comparison means something only if the queries found turns.
	if hits < 5000 {
		t.Errorf("%d searches compared, %d hits in all: too few", compared, hits)
	}
}

// TestFilteredQueryUsed checks that Search does take the new way for
// filters and for words with excluded words, and not for a query that
// needs no filtering.
func TestFilteredQueryUsed(t *testing.T) {
	ix := filterProject(t, false)
	for _, c := range []struct {
		text     string
		filtered bool
	}{
		{"trust", false}, {"+trust +peer", false}, {"-detox", false},
		{"+relapse -detox", true}, {"trust -detox", true}, {"+trust peer -detox", false},
	} {
		main, err := parseText(c.text)
		if err != nil {
			t.Fatal(err)
		}
		_, got := ix.withFilters(main, nil, nil).(filteredQuery)
		if got != c.filtered {
			t.Errorf("%q: filteredQuery %v, want %v", c.text, got, c.filtered)
		}
	}
	// A word alone is its query with the norm its disjunction would set.
	for _, text := range []string{"trust", "trust*", `"warm handoff"`} {
		main, err := parseText(text)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ix.withFilters(main, nil, nil).(normQuery); !ok {
			t.Errorf("%q: %T, want a normQuery", text, ix.withFilters(main, nil, nil))
		}
	}
}

// TestFilteredSearcherAdvance checks the filtering searcher's Advance
// directly (a search advances it only to turns that pass, in the page's
// second search, so TestFilteredQueryAsBoolean cannot tell an Advance that
// forgets the clauses): advanced to any match of the words, it returns
// the first turn at or after it that the filter and exclusion let
// through, or none.
func TestFilteredSearcherAdvance(t *testing.T) {
	ix := filterProject(t, false)
	k := newSearchKit(t, ix) // termset_test.go
	scored := search.SearcherOptions{}
	words, err := parseText("trust peer")
	if err != nil {
		t.Fatal(err)
	}
	pat := bleve.NewTermQuery("Pat")
	pat.SetField(FieldSpeaker)
	relapse := bleve.NewTermQuery("relaps") // stemmed, as indexed
	relapse.SetField(FieldText)
	q := filteredQuery{Main: words, Filter: pat, Exclude: relapse}
	all, passed := k.ids(words, scored), k.ids(q, scored)
	if len(passed) < 20 || len(all) < 2*len(passed) {
		t.Fatalf("%d matches, %d pass: the test needs more of both", len(all), len(passed))
	}
	for _, id := range all {
		d, err := k.searcher(q, scored).Advance(k.sctx, id)
		if err != nil {
			t.Fatal(err)
		}
		i := firstFrom(passed, id)
		switch {
		case i == len(passed) && d != nil:
			t.Errorf("Advance(%x) = %x, want none", id, d.IndexInternalID)
		case i < len(passed) && (d == nil || !d.IndexInternalID.Equals(passed[i])):
			t.Errorf("Advance(%x) = %v, want %x", id, d, passed[i])
		}
	}
}
