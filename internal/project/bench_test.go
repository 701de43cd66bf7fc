package project_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/bench/gen"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/project"
)

// benchProject returns a project with sources generated transcripts of 200
// turns and n codings by two coders (bench/gen).
func benchProject(b *testing.B, sources, n int) *project.Project {
	b.Helper()
	dir := b.TempDir()
	p, err := project.Init(filepath.Join(dir, "p"), project.InitOptions{Coder: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	paths, err := gen.WriteCorpus(dir, gen.Options{Seed: 1, Transcripts: sources})
	if err != nil {
		b.Fatal(err)
	}
	var files []project.IngestFile
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, project.IngestFile{Path: path, Data: data})
	}
	lock, err := p.Lock()
	if err != nil {
		b.Fatal(err)
	}
	plans, err := p.PlanIngest(files, false, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	e, err := p.Edit(lock, "bench", "ingest")
	if err != nil {
		b.Fatal(err)
	}
	if err := e.ApplyIngest(plans); err != nil {
		b.Fatal(err)
	}
	if _, err := e.Commit("ingest"); err != nil {
		b.Fatal(err)
	}
	lock.Unlock()
	if n > 0 {
		if _, err := gen.AddCodings(p.Root, gen.CodingOptions{Seed: 1, N: n}); err != nil {
			b.Fatal(err)
		}
	}
	return p
}

// BenchmarkTxCommit commits a transaction of two file replacements and an
// append: temporary files, the journal (the commit point), renames,
// the append and the fsyncs of each.
func BenchmarkTxCommit(b *testing.B) {
	p := benchProject(b, 0, 0)
	lock, err := p.Lock()
	if err != nil {
		b.Fatal(err)
	}
	defer lock.Unlock()
	data := []byte(fmt.Sprintf("%0500d\n", 0))
	b.Run("journal", func(b *testing.B) {
		for b.Loop() {
			tx := p.Begin()
			tx.WriteFile("codings/bench/A.jsonl", data)
			tx.WriteFile("codebook.yaml", []byte("version: 1\n"))
			tx.AppendFile("history/bench.jsonl", data)
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("single file", func(b *testing.B) {
		for b.Loop() {
			tx := p.Begin()
			tx.WriteFile("codings/bench/A.jsonl", data)
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEditCodeAdd is what 'grounded code add' does inside its
// process, on projects with 0 and 10,000 codings: take the write lock,
// resolve a reference, add one coding to its coder's file and commit it
// with its history entry.
func BenchmarkEditCodeAdd(b *testing.B) {
	for _, n := range []int{0, 10_000} {
		b.Run(fmt.Sprintf("codings=%d", n), func(b *testing.B) {
			p := benchProject(b, 10, n)
			src, err := p.ReadSource(gen.ID(1))
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				lock, err := p.Lock()
				if err != nil {
					b.Fatal(err)
				}
				turns, err := p.ReadTurns(src)
				if err != nil {
					b.Fatal(err)
				}
				t := turns[i%len(turns)]
				start := (i / len(turns)) % max(t.Len()-5, 1)
				sp, err := coding.Resolve(corpus.Ref{Source: src.ID, Turn: t.N, HasSpan: true, Start: start, End: start + 5}, turns)
				if err != nil {
					b.Fatal(err)
				}
				e, err := p.Edit(lock, "alice", "code add")
				if err != nil {
					b.Fatal(err)
				}
				c := coding.Coding{ID: coding.NewID(), Code: "Bench", Source: sp.Source, Turn: sp.Turn, Start: sp.Start, End: sp.End, Quote: sp.Quote, Coder: "alice", Created: time.Now()}
				if _, err := e.AddCoding(c); err != nil {
					b.Fatal(err)
				}
				if _, err := e.Commit("bench"); err != nil {
					b.Fatal(err)
				}
				lock.Unlock()
			}
		})
	}
}

// BenchmarkReadCodings10k loads every coding of a project with 10,000.
func BenchmarkReadCodings10k(b *testing.B) {
	p := benchProject(b, 10, 10_000)
	for b.Loop() {
		cs, err := p.ReadCodings("")
		if err != nil || len(cs) != 10_000 {
			b.Fatal(len(cs), err)
		}
	}
}
