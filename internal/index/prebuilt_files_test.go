package index

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	zap "github.com/blevesearch/zapx/v17"
)

// persistingBuilder is a bleve.Builder that does with a segment what
// scorch's builder does (Persist into its directory), failing from its
// failAt-th segment on (0: never) before persisting it.
type persistingBuilder struct {
	dir    string
	n      int
	failAt int
}

func (b *persistingBuilder) Index(id string, data any) error {
	b.n++
	if b.failAt > 0 && b.n >= b.failAt {
		return errors.New("index failed")
	}
	p := data.(*document.Document).Fields[0].(interface{ Prebuilt() *zap.Prebuilt }).Prebuilt()
	return p.Persist(filepath.Join(b.dir, fmt.Sprintf("%06d.zap", b.n)))
}

func (b *persistingBuilder) Close() error { return nil }

// heldUnder is what this process holds open (/proc/self/fd) or mapped
// (/proc/self/maps) under dir.
func heldUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		if l, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(l, dir+string(os.PathSeparator)) {
			out = append(out, l)
		}
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(maps, []byte("\n")) {
		if i := bytes.Index(line, []byte(" "+dir+string(os.PathSeparator))); i >= 0 {
			out = append(out, "mapped "+string(line[i+1:]))
		}
	}
	return out
}

// TestSegBuildsClosesFiles: whether a build succeeds, fails while a
// group is being merged, or the builder refuses a segment file it was
// given, segBuilds leaves no segment file open nor mapped (in its
// working directory or the builder's), and its working directory is gone
// once close returns (checked through /proc on Linux; Windows could not
// remove a file still open).
func TestSegBuildsClosesFiles(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	docs := func(prefix string, n int, bad bool) []*document.Document { return segDocs(prefix, n, 20, bad) }
	for _, c := range []struct {
		name   string
		sizes  []int
		bad    int // the segment that cannot be built, or -1
		failAt int // persistingBuilder's
		fails  bool
	}{
		{"built", []int{30, 20, 1, 5, 40, 3, 7}, -1, 0, false},
		{"a segment fails while a group merges", []int{30, 20, 40, 5, 6, 7}, 4, 0, true},
		{"the builder refuses a merged file", []int{30, 20, 40, 5, 6}, -1, 1, true},
		{"the builder refuses the last group's file", []int{30, 20, 40, 5, 6}, -1, 3, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			b := &persistingBuilder{dir: t.TempDir(), failAt: c.failAt}
			s := newSegBuilds(b, 2, 2, parent)
			var err error
			for i, n := range c.sizes {
				if err = s.add(docs(fmt.Sprintf("s%d-", i), n, i == c.bad)); err != nil {
					break
				}
			}
			if err == nil {
				err = s.flush()
			}
			if (err != nil) != c.fails {
				t.Fatalf("error %v, want one: %v", err, c.fails)
			}
			if err := s.close(); err != nil {
				t.Fatal(err)
			}
			if held := append(heldUnder(t, parent), heldUnder(t, b.dir)...); len(held) > 0 {
				t.Errorf("held after close: %v", held)
			}
			if left, _ := os.ReadDir(parent); len(left) > 0 {
				t.Errorf("left in the parent directory: %v", left)
			}
		})
	}
}
