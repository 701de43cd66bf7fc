package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// benchTurns is the size of the generated project of the benchmarks;
// GROUNDED_BENCH_TURNS changes it (e.g. 200000).
func benchTurns() int {
	if n, err := strconv.Atoi(os.Getenv("GROUNDED_BENCH_TURNS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

const turnsPerSource = 200

var benchWords = strings.Fields(`trust staff peer support recovery family work housing
	money doctor nurse group meeting sponsor relapse craving shame hope friend
	church court probation counsellor medication waiting list phone letter
	community centre kitchen night morning weekend year month week`)

// genProject writes a project of about n turns in sources of
// turnsPerSource turns, with two coders' codings on a tenth of the turns.
func genProject(b testing.TB, n int) *project.Project {
	p := newProject(b)
	r := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "an", "el"}
	vocab := append([]string(nil), benchWords...)
	for len(vocab) < 3000 {
		var w strings.Builder
		for k := 2 + r.IntN(3); k > 0; k-- {
			w.WriteString(syll[r.IntN(len(syll))])
		}
		vocab = append(vocab, w.String())
	}
	codes := []string{"Trust", "Peer support", "Shame", "Hope", "Housing", "Family"}
	for s := 0; s*turnsPerSource < n; s++ {
		id := fmt.Sprintf("P%d", s+1)
		turns := make([]corpus.Turn, min(turnsPerSource, n-s*turnsPerSource))
		var cs []coding.Coding
		for i := range turns {
			speaker := "Interviewer"
			if i%2 == 1 {
				speaker = "Participant " + id
			}
			words := make([]string, 8+r.IntN(50))
			for j := range words {
				// Zipf-like: low indexes are much more frequent.
				words[j] = vocab[int(float64(len(vocab))*r.Float64()*r.Float64()*r.Float64())]
			}
			text := strings.Join(words, " ") + "."
			turns[i] = corpus.Turn{N: i + 1, Speaker: speaker, Text: text}
			if r.IntN(10) == 0 {
				cs = append(cs, coding.Coding{Code: codes[r.IntN(len(codes))], Turn: i + 1, Start: 0, End: 5, Quote: text[:5]})
			}
		}
		writeSource(b, p, id, "", turns)
		half := len(cs) / 2
		writeCodings(b, p, "ana", id, cs[:half])
		writeCodings(b, p, "bo", id, cs[half:])
	}
	return p
}

var (
	benchOnce sync.Once
	benchProj *project.Project
	benchDir  string
)

// benchProject returns the generated project, made once per test binary in
// a directory that TestMain removes.
func benchProject(b *testing.B) *project.Project {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "grounded-index-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = dir
		start := time.Now()
		benchProj = genProject(&dirTB{TB: b, dir: dir}, benchTurns())
		b.Logf("generated %d turns in %s", benchTurns(), time.Since(start).Round(time.Millisecond))
	})
	if benchProj == nil {
		b.Fatal("no project")
	}
	return benchProj
}

// dirTB is a testing.TB whose TempDir is a directory that outlives the
// benchmark that made it, so that several benchmarks share the project.
type dirTB struct {
	testing.TB
	dir string
}

func (d *dirTB) TempDir() string { return d.dir }

func TestMain(m *testing.M) {
	if helper := os.Getenv(helperEnv); helper != "" {
		os.Exit(runHelper(helper, os.Args[len(os.Args)-1]))
	}
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func BenchmarkSync(b *testing.B) {
	p := benchProject(b)
	b.Run("rebuild", func(b *testing.B) {
		dir := b.TempDir()
		for b.Loop() {
			ix, err := Open(dir, Options{})
			if err != nil {
				b.Fatal(err)
			}
			st, err := ix.Rebuild(p)
			if err != nil {
				b.Fatal(err)
			}
			if st.Docs != benchTurns() {
				b.Fatalf("%d docs", st.Docs)
			}
			if err := ix.Close(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(benchTurns()), "turns")
	})
	b.Run("unchanged", func(b *testing.B) {
		dir := b.TempDir()
		ix, _ := mustOpenSync(b, dir, p)
		ix.Close()
		for b.Loop() {
			ix, st := mustOpenSync(b, dir, p)
			if st.Added+st.Updated+st.Removed != 0 {
				b.Fatalf("%+v", st)
			}
			ix.Close()
		}
	})
	b.Run("one-source-changed", func(b *testing.B) {
		dir := b.TempDir()
		ix, _ := mustOpenSync(b, dir, p)
		defer ix.Close()
		cs, err := p.ReadShard("ana", "P1")
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			extra := coding.Coding{Code: fmt.Sprintf("Code %d", i), Turn: 1, Start: 0, End: 1, Quote: "x"}
			writeCodings(b, p, "ana", "P1", append(cs[:len(cs):len(cs)], extra))
			b.StartTimer()
			st, err := ix.Sync(p)
			if err != nil || st.Updated != 1 {
				b.Fatalf("%+v %v", st, err)
			}
		}
		b.StopTimer()
		writeCodings(b, p, "ana", "P1", cs)
	})
}

func mustOpenSync(b testing.TB, dir string, p *project.Project) (*Index, SyncStats) {
	ix, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	st, err := ix.Sync(p)
	if err != nil {
		b.Fatal(err)
	}
	return ix, st
}

func BenchmarkSearch(b *testing.B) {
	p := benchProject(b)
	dir := b.TempDir()
	ix, _ := mustOpenSync(b, dir, p)
	ix.Close()
	queries := map[string]Query{
		"word":          {Text: "trusting", Limit: 20},
		"common-word":   {Text: "staff", Limit: 20},
		"phrase":        {Text: `"peer support"`, Limit: 20},
		"must-not":      {Text: "+trust +family -shame", Limit: 20},
		"filters":       {Text: "hope", Speakers: []string{"Interviewer"}, Codes: []string{"trust", "hope"}, Limit: 20},
		"filters-only":  {Participants: []string{"P3", "P7"}, Limit: 20},
		"all-hits":      {Text: "recovery", Limit: 0},
		"deep-page":     {Text: "staff", Limit: 20, Offset: 1000},
		"wildcard":      {Text: "trust*", Limit: 20},
		"code-query":    {Text: `codes:"peer support"`, Limit: 20},
		"speaker-query": {Text: `+speaker:Interviewer +money`, Limit: 20},
	}
	ix, _ = mustOpenSync(b, dir, p)
	defer ix.Close()
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			var total uint64
			for b.Loop() {
				res, err := ix.Search(q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
	// A command's whole cost: open, check freshness, search, close.
	b.Run("open-sync-search-close", func(b *testing.B) {
		ix.Close()
		for b.Loop() {
			ix, st := mustOpenSync(b, dir, p)
			if st.Added+st.Updated != 0 {
				b.Fatalf("%+v", st)
			}
			if _, err := ix.Search(Query{Text: "trusting staff", Limit: 20}); err != nil {
				b.Fatal(err)
			}
			ix.Close()
		}
	})
}
