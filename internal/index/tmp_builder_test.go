package index

import (
	"testing"
	"time"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
)

func BenchmarkTmpBuilder(b *testing.B) {
	p := benchProject(b)
	srcs, _ := p.ListSources()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "bleve")
		m, _ := newMapping()
		start := time.Now()
		bl, err := bleve.NewBuilder(dir, m, map[string]any{"batchSize": 2000, "mergeMax": 20})
		if err != nil {
			b.Fatal(err)
		}
		var prep time.Duration
		for _, s := range srcs {
			t0 := time.Now()
			docs, err := buildDocs(p, s)
			prep += time.Since(t0)
			if err != nil {
				b.Fatal(err)
			}
			for _, d := range docs {
				if err := bl.Index(d.id, d.fields); err != nil {
					b.Fatal(err)
				}
			}
		}
		t1 := time.Now()
		if err := bl.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("index %s (prep %s), close %s", t1.Sub(start), prep, time.Since(t1))
		idx, err := bleve.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := idx.DocCount()
		b.Logf("docs %d", n)
		idx.Close()
	}
}
