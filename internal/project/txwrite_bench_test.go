package project

import (
	"bytes"
	"fmt"
	"testing"
)

// BenchmarkCommitFiles commits transactions of n new files of 40 kB,
// three to a directory as an ingest writes them, made durable one by one
// (fsync) or by a Batch (syncfs): the measurement that chose batchMin
// (docs/reliability.md, "Durability of large transactions").
func BenchmarkCommitFiles(b *testing.B) {
	names := []string{"original.txt", SourceTurnsFile, SourceMetaFile}
	data := bytes.Repeat([]byte("Interviewer: and then?\n"), 40<<10/23)
	for _, n := range []int{3, 9, 24, 48, 96, 192, 384} {
		for _, mode := range []string{"fsync", "syncfs"} {
			b.Run(fmt.Sprintf("files=%d/%s", n, mode), func(b *testing.B) {
				p := benchTxProject(b)
				p.batching.min = 1 << 30 // never
				if mode == "syncfs" {
					p.batching.min = 1
				}
				seq := 0
				for b.Loop() {
					tx := p.Begin()
					for i := range n {
						tx.WriteFile(fmt.Sprintf("sources/B%d/%s", seq+i/3, names[i%3]), data)
					}
					seq += n
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// benchTxProject is newProject for a benchmark.
func benchTxProject(b *testing.B) *Project {
	b.Helper()
	p, err := Init(b.TempDir()+"/study", InitOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return p
}
