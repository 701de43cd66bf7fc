package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// buildProject is a project for comparing full builds: generated sources
// with speakers, time stamps and codings by two coders (on turns and on
// spans of the text), the long turns of longProject, and a source whose
// codings cannot be read (skipped).
func buildProject(t *testing.T) *project.Project {
	p := longProject(t)
	r := rand.New(rand.NewPCG(3, 4))
	codes := []string{"Trust", "Peer support", "Stigma", "Waiting"}
	for s := range 24 {
		id := fmt.Sprintf("G%d", s+1)
		var turns []corpus.Turn
		for n := range 40 + r.IntN(40) {
			var b strings.Builder
			for range 3 + r.IntN(30) {
				b.WriteString(genVocabulary[r.IntN(len(genVocabulary))])
				b.WriteString(genPunct[r.IntN(len(genPunct))])
			}
			tu := corpus.Turn{N: n + 1, Speaker: []string{"Interviewer", "Ana", "Jordan Lee", ""}[r.IntN(4)], Text: strings.TrimSpace(b.String())}
			if s%3 == 0 {
				tu.Start = fmt.Sprintf("00:%02d:%02d.000", n/60, n%60)
			}
			turns = append(turns, tu)
		}
		writeSource(t, p, id, fmt.Sprintf("Part%d", s%7), turns)
		for _, coder := range []string{"ana", "Bo"} {
			var cs []coding.Coding
			for k := range r.IntN(12) {
				n := 1 + r.IntN(len(turns))
				c := coding.Coding{Code: codes[r.IntN(len(codes))], Turn: n, Start: 0, End: 1, Quote: turns[n-1].Text[:1], ID: fmt.Sprintf("%s-%s-%d", coder, id, k)}
				if k%4 == 3 { // a span of the plain text over two turns
					_, offs := corpus.PlainText(turns)
					c.Turn, c.Start, c.End = 0, offs[n-1], offs[n-1]+turns[n-1].Len()+2
					c.Quote = ""
				}
				cs = append(cs, c)
			}
			writeCodings(t, p, coder, id, cs)
		}
	}
	writeSource(t, p, "Bad", "", turnsOf("Ana: trust me"))
	commit(t, p, func(tx *project.Tx) { tx.WriteFile(project.ShardRel("ana", "Bad"), []byte("{not json\n")) })
	return p
}

// buildQueries are queries of every kind over buildProject.
func buildQueries(t *testing.T, p *project.Project) []Query {
	var qs []Query
	for i, q := range longQueries(t, p) {
		if i%2 == 0 {
			qs = append(qs, q)
		}
	}
	for _, w := range genVocabulary {
		qs = append(qs, Query{Text: w})
	}
	qs = append(qs,
		Query{Text: `"no one"`}, Query{Text: `"peer support"`}, Query{Text: `"I'm not"`}, Query{Text: `"don’t"`},
		Query{Text: "+peer -support"}, Query{Text: "+no +one -nobody"}, Query{Text: "support worker recovery"},
		Query{Text: "codes:trust"}, Query{Text: `codes:"peer support"`}, Query{Text: "coders:Bo"}, Query{Text: "+coders:ana +help"},
		Query{Text: `speaker:"Jordan Lee" +help`}, Query{Text: "participant:Part3"}, Query{Text: "source:G7"},
		Query{Text: "turn:>30 +support"}, Query{Text: "turn:<=3"},
		Query{Text: "fonction*"}, Query{Text: "recovry~1"}, Query{Text: "/supp.*/"},
		Query{Text: "help", Codes: []string{"stigma", "Waiting"}},
		Query{Text: "", Codes: []string{"Trust"}, Speakers: []string{"Ana"}},
		Query{Text: "peer", Participants: []string{"Part1", "Part5"}},
		Query{Text: "cafe", Limit: 5}, Query{Text: "cafe", Limit: 5, Offset: 5}, Query{Text: "the", Limit: 20, Offset: 100},
	)
	return qs
}

// syncDisk builds the index of p in a new directory, serially or not.
func syncDisk(t *testing.T, p *project.Project, serial bool) (*Index, SyncStats) {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if serial {
		ix.offlineOverride = (*Index).offlineSerial
	}
	st, err := ix.Sync(p)
	if err != nil {
		t.Fatal(err)
	}
	return ix, st
}

// TestParallelBuildSameAsSerial builds the same project with the serial
// build (bleve's builder fed maps of fields) and the parallel one
// (build.go), in small segments that are merged in several rounds, with
// sources prepared in several pieces, and
// compares the manifests, the numbers of documents and the whole results
// (totals, hits in order, scores, texts, highlights) of many queries. The
// parallel build is made twice: with the term tables of a real build
// (every term has an id), and with tables smaller than the project's
// vocabulary (some 60 terms of 70 words), so that its segments hold terms
// with ids and terms without (textfreq.go, termIDs) and the workers
// compute the terms of words their tables no longer hold.
func TestParallelBuildSameAsSerial(t *testing.T) {
	withChunkBytes(t, 700)
	oldBatch, oldMerge, oldPiece := buildBatchSize, buildMergeMax, pieceDocs
	buildBatchSize, buildMergeMax, pieceDocs = 97, 3, 7 // sources in pieces
	t.Cleanup(func() { buildBatchSize, buildMergeMax, pieceDocs = oldBatch, oldMerge, oldPiece })
	p := buildProject(t)
	serial, sst := syncDisk(t, p, true)
	qs := buildQueries(t, p)
	for _, size := range [][2]int{{termTableSize, termIDsSize}, {20, 30}} {
		t.Run(fmt.Sprintf("tables_%d_%d", size[0], size[1]), func(t *testing.T) {
			withTermTables(t, size[0], size[1])
			par, pst := syncDisk(t, p, false)
			sameBuild(t, serial, par, sst, pst, qs)
		})
	}
}

// sameBuild compares the index par and its sync's stats pst with the
// serial build's (serial, sst): see TestParallelBuildSameAsSerial.
func sameBuild(t *testing.T, serial, par *Index, sst, pst SyncStats, qs []Query) {
	t.Helper()
	if !reflect.DeepEqual(sst, pst) {
		t.Errorf("sync: serial %+v, parallel %+v", sst, pst)
	}
	if len(pst.Skipped) != 1 || pst.Added < 27 {
		t.Errorf("the project should have 27 sources indexed and one skipped: %+v", pst)
	}
	// Content is set when files were written less than racyWindow before
	// the build: a matter of time, not of the build.
	noContent := func(m map[string]manifestEntry) map[string]manifestEntry {
		out := map[string]manifestEntry{}
		for id, e := range m {
			e.Content = ""
			out[id] = e
		}
		return out
	}
	if !reflect.DeepEqual(noContent(serial.man.Sources), noContent(par.man.Sources)) {
		t.Errorf("manifests differ:\n%v\n%v", serial.man.Sources, par.man.Sources)
	}
	sn, _ := serial.idx.DocCount()
	pn, _ := par.idx.DocCount()
	if sn != pn || pn != par.man.docs() {
		t.Errorf("documents: serial %d, parallel %d, manifest %d", sn, pn, par.man.docs())
	}
	found, hits := 0, 0
	for _, q := range qs {
		a, b := find(t, serial, q), find(t, par, q)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: serial %d hits %v, parallel %d hits %v", q, a.Total, refs(a), b.Total, refs(b))
			for i := range min(len(a.Hits), len(b.Hits)) {
				if !reflect.DeepEqual(a.Hits[i], b.Hits[i]) {
					t.Errorf("first difference, hit %d:\n%+v\n%+v", i, a.Hits[i], b.Hits[i])
					break
				}
			}
			continue
		}
		if a.Total > 0 {
			found++
			hits += len(a.Hits)
		}
	}
	if found < len(qs)*3/4 || hits < 5000 {
		t.Errorf("only %d of %d queries found something (%d hits): the comparison proves little", found, len(qs), hits)
	}
	t.Logf("%d queries, %d found something, %d hits compared", len(qs), found, hits)
}

// A parallel build whose sources cannot all be read, or have no turn,
// makes an index all the same; an empty project too.
func TestParallelBuildEmpty(t *testing.T) {
	p := newProject(t)
	writeSource(t, p, "E", "", nil)
	ix, st := syncDisk(t, p, false)
	if st.Added != 1 || st.Docs != 0 {
		t.Errorf("%+v", st)
	}
	if res := find(t, ix, Query{Text: "trust"}); res.Total != 0 {
		t.Errorf("%+v", res)
	}
	if !slices.Contains([]int{0}, len(st.Skipped)) {
		t.Errorf("skipped %v", st.Skipped)
	}
}

// offlineSerial is offline as it was before the documents were prepared
// on every core: each document given to the builder as a map of fields,
// with bleve's default batches. The tests compare the two.
func (ix *Index) offlineSerial(p *project.Project, path string, m *mapping.IndexMappingImpl, man *manifest, jobs []job) (res offlineResult, err error) {
	// The builder is made for the first document it is given: it fails
	// on an index without any.
	var bl bleve.Builder
	defer func() {
		if err != nil && bl != nil {
			_ = bl.Close()
		}
	}()
	for i, j := range jobs {
		ds, turns, err := buildDocs(p, j.src)
		switch {
		case err != nil:
			res.skipped = append(res.skipped, err.Error())
		case len(ds) != turns:
			// Long turns in chunks: the builder batches by number of
			// documents alone; they are indexed later, in batches
			// bounded in bytes.
			res.later = append(res.later, j)
		default:
			if bl == nil && len(ds) > 0 {
				bl, err = bleve.NewBuilder(path, m, map[string]any{
					"batchSize":       batchSize,
					"buildPathPrefix": ix.dir,
				})
				if err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
			}
			for _, d := range ds {
				if err := bl.Index(d.id, d.fields); err != nil {
					return res, fmt.Errorf("search index: %w", err)
				}
			}
			e := newEntry(j, turns, len(ds))
			e.Speakers, e.Unspoken = speakersOf(ds)
			man.Sources[j.src.ID] = e
			res.added++
			res.docs += turns
		}
		if ix.progress != nil {
			ix.progress(i+1, len(jobs))
		}
	}
	if bl != nil {
		err, bl = bl.Close(), nil
		if err != nil {
			return res, fmt.Errorf("search index: %w", err)
		}
		res.built = true
	}
	return res, nil
}
