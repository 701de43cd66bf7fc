package project

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// tree lists every file and directory under the project root with a hash
// of each file's content: what "nothing was written" compares.
func tree(t *testing.T, p *Project) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(p.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p.Root, path)
		if rel == LockFile {
			return nil // the lock's, not a change's
		}
		if rel == CacheDir {
			return fs.SkipDir // the lock's wait file
		}
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("%s %x", rel, sha256.Sum256(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// manyFiles returns n small transcripts P1.txt ... Pn.txt, each different,
// read on demand (IngestFile.Read) and counting the reads in reads.
func manyFiles(n int, reads *atomic.Int64) []IngestFile {
	var files []IngestFile
	for i := range n {
		data := []byte(strings.Replace(transcript, "trust", fmt.Sprintf("trust %d", i), 1))
		files = append(files, IngestFile{Path: fmt.Sprintf("P%d.txt", i+1), Size: int64(len(data)), Read: func() ([]byte, error) {
			reads.Add(1)
			return data, nil
		}})
	}
	return files
}

// editIngest runs Edit.Ingest under the write lock and commits it
// unless it fails; it returns the plans and the error.
func editIngest(t *testing.T, p *Project, replace bool, files []IngestFile, progress func(done, total int)) ([]*IngestPlan, error) {
	t.Helper()
	l := lock(t, p)
	defer l.Unlock()
	e, err := p.Edit(l, "lead", "ingest")
	if err != nil {
		t.Fatal(err)
	}
	plans, err := e.Ingest(files, replace, progress)
	if err != nil {
		return nil, err
	}
	if _, err := e.Commit("ingested"); err != nil {
		e.Discard()
		return nil, err
	}
	return plans, nil
}

// TestEditIngestSameAsPlanThenApply: putting each file in the edit as it
// is planned (spilling its writes) writes the same project as planning
// every file first and applying the plans, for added and replaced
// sources, and the plans say the same about each file without holding
// its bytes or turns.
func TestEditIngestSameAsPlanThenApply(t *testing.T) {
	var reads atomic.Int64
	files := manyFiles(30, &reads)
	big := IngestFile{Path: "big.md", Data: []byte("**A:** " + strings.Repeat("words ", parseAheadMax/6+1) + "\n")}
	files = append(files, big)
	changed := []IngestFile{{Path: "P2.txt", Data: []byte("Jordan: Hello.\n\n" + transcript)}, files[4]}

	a, b := newProject(t), newProject(t)
	var inA []IngestFile
	for _, f := range files {
		data, _ := f.read()
		inA = append(inA, IngestFile{Path: f.Path, Data: data})
	}
	plansA := planApply(t, a, false, inA)
	plansB, err := editIngest(t, b, false, files, nil)
	if err != nil {
		t.Fatal(err)
	}
	comparePlans(t, plansA, plansB)
	if ta, tb := tree(t, a), tree(t, b); stripHistory(ta) != stripHistory(tb) {
		t.Errorf("the projects differ:\n%s\n---\n%s", ta, tb)
	}

	// Replace one source (its codings re-anchored) and keep another.
	c := codingAt(t, a, "Trust", "lead", "P2", "same bench")
	code(t, a, "lead", c)
	code(t, b, "lead", c)
	plansA = planApply(t, a, true, changed)
	plansB, err = editIngest(t, b, true, changed, nil)
	if err != nil {
		t.Fatal(err)
	}
	comparePlans(t, plansA, plansB)
	if plansB[0].Action != IngestReplace || plansB[1].Action != IngestUnchanged {
		t.Errorf("actions %s %s", plansB[0].Action, plansB[1].Action)
	}
	if ta, tb := tree(t, a), tree(t, b); stripHistory(ta) != stripHistory(tb) {
		t.Errorf("the projects differ after a replacement:\n%s\n---\n%s", ta, tb)
	}
	if got, want := allCodings(t, b), allCodings(t, a); len(got) != 1 || got[0].Turn != 3 || got[0].Turn != want[0].Turn || got[0].Start != want[0].Start {
		t.Errorf("codings %+v, want %+v", got, want)
	}
	checkNoTemps(t, b)
}

// planApply ingests files by PlanIngest and ApplyIngest.
func planApply(t *testing.T, p *Project, replace bool, files []IngestFile) []*IngestPlan {
	t.Helper()
	l := lock(t, p)
	defer l.Unlock()
	plans, err := p.PlanIngest(files, replace, Now())
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Edit(l, "lead", "ingest")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ApplyIngest(plans); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Commit("ingested"); err != nil {
		t.Fatal(err)
	}
	return plans
}

// comparePlans: the same plans, except that b's hold no bytes or turns.
func comparePlans(t *testing.T, a, b []*IngestPlan) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d plans, want %d", len(b), len(a))
	}
	for i := range a {
		pa, pb := *a[i], *b[i]
		if pb.File.Data != nil || pb.Turns != nil || pb.turnsJSON != nil {
			t.Errorf("%s: the plan still holds the file's bytes or turns", pb.File.Path)
		}
		pa.File, pb.File = IngestFile{Path: pa.File.Path}, IngestFile{Path: pb.File.Path}
		pa.Turns, pa.turnsJSON = nil, nil
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("plan %d:\n%+v\nwant\n%+v", i, pb, pa)
		}
	}
}

// stripHistory drops the history files' lines from a tree: their entries
// carry a fresh id each time.
func stripHistory(tree string) string {
	var keep []string
	for _, l := range strings.Split(tree, "\n") {
		if !strings.HasPrefix(l, HistoryDir+"/") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestEditIngestRefusedWritesNothing: when a file late in the list is
// refused, after the files before it were written to their temporary
// files, the project is left exactly as it was: no temporary file, no
// directory made for one, and the first problem in the order given is
// the one reported.
func TestEditIngestRefusedWritesNothing(t *testing.T) {
	var reads atomic.Int64
	files := manyFiles(40, &reads)
	for _, tc := range []struct {
		name  string
		files []IngestFile
		want  string
	}{
		{"a parse error last", append(files[:40:40], IngestFile{Path: "P90.txt"}), "P90.txt"},
		{"the same id last", append(files[:40:40], IngestFile{Path: "x/P3.txt", Data: []byte(transcript)}), `would both become source "P3"`},
		{"a parse error before a bad id", append(files[:40:40], IngestFile{Path: "P90.txt"}, IngestFile{Path: "my interview.txt", Data: []byte(transcript)}), "P90.txt"},
		{"a read error", append(files[:40:40], IngestFile{Path: "P91.txt", Size: 10, Read: func() ([]byte, error) { return nil, errors.New("P91.txt: unreadable") }}), "P91.txt: unreadable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, existing := range []bool{false, true} {
				p := newProject(t)
				if existing {
					ingest(t, p, "lead", false, map[string]string{"Q1.txt": transcript})
				}
				before := tree(t, p)
				_, err := editIngest(t, p, false, tc.files, nil)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
				if after := tree(t, p); after != before {
					t.Errorf("something was written (existing source: %v):\n%s\n---\n%s", existing, before, after)
				}
			}
		})
	}
}

// TestEditIngestReadsAheadBounded: the files read and not yet planned
// are bounded (parseLookahead per core, and the one being planned),
// however many files are given.
func TestEditIngestReadsAheadBounded(t *testing.T) {
	var reads atomic.Int64
	files := manyFiles(300, &reads)
	bound := int64(parseLookahead*runtime.GOMAXPROCS(0) + 1)
	var most int64
	p := newProject(t)
	_, err := editIngest(t, p, false, files, func(done, total int) {
		most = max(most, reads.Load()-int64(done))
	})
	if err != nil {
		t.Fatal(err)
	}
	if most > bound {
		t.Errorf("up to %d files were read ahead of the plan, more than %d", most, bound)
	}
	if reads.Load() != int64(len(files)) {
		t.Errorf("%d reads of %d files", reads.Load(), len(files))
	}
}

// TestEditIngestHoldsNoContents: the edit's transaction holds no file
// content in memory once the files are planned: each is in its temporary
// file.
func TestEditIngestHoldsNoContents(t *testing.T) {
	var reads atomic.Int64
	p := newProject(t)
	l := lock(t, p)
	e, err := p.Edit(l, "lead", "ingest")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Ingest(manyFiles(20, &reads), false, nil); err != nil {
		t.Fatal(err)
	}
	e.Tx.spill.wait()
	if len(e.Tx.writes) != 0 || len(e.Tx.spill.staged) != 60 {
		t.Errorf("%d contents held, %d spilled; want 0 and 60", len(e.Tx.writes), len(e.Tx.spill.staged))
	}
	if n := len(temps(t, p)); n != 60 {
		t.Errorf("%d temporary files, want 60", n)
	}
	e.Discard()
	checkNoTemps(t, p)
	if entries, _ := os.ReadDir(p.Path(SourcesDir)); len(entries) != 0 {
		t.Errorf("discard left %d directories in sources/", len(entries))
	}
}

// TestEditIngestCrash: an ingest that spilled its writes and died before
// its commit point leaves the project as it was, but for temporary files
// that check reports and repair removes; one that died after it is
// finished by the next command, and Discard then does not take its
// temporary files away.
func TestEditIngestCrash(t *testing.T) {
	var reads atomic.Int64
	t.Run("before-journal", func(t *testing.T) {
		p := newProject(t)
		before := state(t, p)
		crashAt(t, "before-journal")
		l := lock(t, p)
		e, err := p.Edit(l, "lead", "ingest")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Ingest(manyFiles(10, &reads), false, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Commit("ingested"); !errors.Is(err, errCrash) {
			t.Fatalf("Commit = %v", err)
		}
		l.Unlock() // the process dies here: nothing discards
		crashHook = nil
		if len(temps(t, p)) != 30 {
			t.Errorf("%d temporary files, want 30", len(temps(t, p)))
		}
		if state(t, p) != before || exists(p.Path(JournalFile)) {
			t.Error("a change before the commit point")
		}
		r, err := p.Check(true)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Problems) == 0 {
			t.Error("check does not report the temporary files")
		}
		checkNoTemps(t, p)
	})
	t.Run("after-journal", func(t *testing.T) {
		p := newProject(t)
		crashAt(t, "after-journal")
		l := lock(t, p)
		e, err := p.Edit(l, "lead", "ingest")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Ingest(manyFiles(10, &reads), false, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Commit("ingested"); !errors.Is(err, errCrash) {
			t.Fatalf("Commit = %v", err)
		}
		e.Discard() // as the command line does on an error: must keep what the journal names
		l.Unlock()
		crashHook = nil
		l2 := lock(t, p) // recovers
		l2.Unlock()
		srcs, err := p.ListSources()
		if err != nil || len(srcs) != 10 {
			t.Fatalf("%d sources after recovery, %v", len(srcs), err)
		}
		checkNoTemps(t, p)
	})
}
