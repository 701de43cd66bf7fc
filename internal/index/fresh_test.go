package index

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// editSourceYAML replaces old by new (of the same length) in a source's
// source.yaml, in place, and sets its modification time back to what it
// was: the size and modification time alone do not show the change.
func editSourceYAML(t *testing.T, p *project.Project, id, old, new string) {
	t.Helper()
	if len(old) != len(new) {
		t.Fatal("old and new differ in length")
	}
	file := p.Path(project.SourcesDir, id, project.SourceMetaFile)
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(data, []byte(old), []byte(new), 1)
	if bytes.Equal(edited, data) {
		t.Fatalf("%s has no %q", file, old)
	}
	f, err := os.OpenFile(file, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(edited, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Chtimes(file, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// ageFiles sets the modification times of every file of the project
// (outside .grounded) an hour back.
func ageFiles(t *testing.T, p *project.Project) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(p.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() == project.CacheDir {
			if err == nil {
				return filepath.SkipDir
			}
			return err
		}
		return os.Chtimes(path, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func withoutChangeTime(t *testing.T) {
	useChangeTime = false
	t.Cleanup(func() { useChangeTime = true })
}

// A participant changed inside source.yaml, in place and with the same
// size and modification time, is seen: by the change time, or, where
// there is none, by the content of the files written less than racyWindow
// before they were indexed.
func TestParticipantChangeInSourceYAML(t *testing.T) {
	for _, ctime := range []bool{true, false} {
		name := map[bool]string{true: "change time", false: "no change time"}[ctime]
		t.Run(name, func(t *testing.T) {
			if !ctime {
				withoutChangeTime(t)
			}
			p := fixture(t)
			ix, _ := openSync(t, p)
			defer ix.Close()
			editSourceYAML(t, p, "P10", "participant: Cy", "participant: Dy")
			st, err := ix.Sync(p)
			if err != nil || st.Updated != 1 || st.Added+st.Removed != 0 || st.Docs != 9 {
				t.Fatalf("sync: %+v %v", st, err)
			}
			if r := find(t, ix, Query{Participants: []string{"Dy"}}); !reflect.DeepEqual(sortedRefs(r), []string{"P10#1", "P10#2"}) {
				t.Errorf("participant Dy: %v", refs(r))
			}
			if r := find(t, ix, Query{Participants: []string{"Cy"}}); r.Total != 0 {
				t.Errorf("participant Cy: %v", refs(r))
			}
		})
	}
}

// Entries recorded while racy keep a content hash until a Sync finds the
// files old enough; that Sync writes the manifest without them.
func TestRacyEntriesSettle(t *testing.T) {
	withoutChangeTime(t)
	p := fixture(t)
	ix, _ := openSync(t, p)
	defer ix.Close()
	man := readManifestT(t, p)
	for id, e := range man.Sources {
		if e.Content == "" {
			t.Errorf("%s: just written, but no content hash: %+v", id, e)
		}
	}
	ageFiles(t, p) // changes the stamps, not the content: none re-indexed
	if st, err := ix.Sync(p); err != nil || !reflect.DeepEqual(st, SyncStats{Docs: 9}) {
		t.Fatalf("after ageing: %+v %v", st, err)
	}
	for id, e := range readManifestT(t, p).Sources {
		if e.Content != "" {
			t.Errorf("%s: old files, but a content hash: %+v", id, e)
		}
	}
	// Nothing changed: nothing to do.
	if st, err := ix.Sync(p); err != nil || !reflect.DeepEqual(st, SyncStats{Docs: 9}) {
		t.Errorf("unchanged: %+v %v", st, err)
	}
}

func readManifestT(t *testing.T, p *project.Project) *manifest {
	t.Helper()
	m, err := readManifest(filepath.Join(indexDir(p), ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// snapshotDir returns the size, modification time and content of every
// file under dir but the lock.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == LockFile {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[path] = fi.ModTime().String() + " " + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A search of an index that is up to date writes nothing: bleve has it
// open for reading only.
func TestNoWritesWhenUpToDate(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	before := snapshotDir(t, indexDir(p))
	for range 2 {
		ix, st := openSync(t, p)
		if !reflect.DeepEqual(st, SyncStats{Docs: 9}) {
			t.Errorf("sync: %+v", st)
		}
		if !ix.readOnly {
			t.Error("an index that is up to date is open for writing")
		}
		if r := find(t, ix, Query{Text: "trust"}); r.Total == 0 {
			t.Error("no hits")
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := snapshotDir(t, indexDir(p)); !reflect.DeepEqual(before, after) {
		for f := range after {
			if before[f] != after[f] {
				t.Errorf("%s changed", f)
			}
		}
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
	// A change is written to a new generation.
	ix, _ = openSync(t, p)
	defer ix.Close()
	writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
	gen := ix.gen
	if st, err := ix.Sync(p); err != nil || st.Updated != 1 || ix.gen == gen {
		t.Errorf("after a change: %+v %v, generation %s then %s", st, err, gen, ix.gen)
	}
	if r := find(t, ix, Query{Codes: []string{"kindness"}}); !reflect.DeepEqual(refs(r), []string{"P10#2"}) {
		t.Errorf("kindness: %v", refs(r))
	}
}

// editManifest rewrites the manifest on disk through f.
func editManifest(t *testing.T, p *project.Project, f func(m *manifest)) {
	t.Helper()
	m := readManifestT(t, p)
	f(m)
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(indexDir(p), ManifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// An index that holds another number of turns than its manifest lists
// (bleve fell back to an older snapshot) is rebuilt, and says so.
func TestDocCountGuard(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	editManifest(t, p, func(m *manifest) {
		e := m.Sources["P2"]
		e.Turns++
		m.Sources["P2"] = e
	})
	ix, st := openSync(t, p)
	ix.Close()
	if !st.Rebuilt || st.Added != 3 || st.Docs != 9 || !strings.Contains(st.Notice, "holds 9 documents where its manifest lists 10") || !strings.Contains(st.Notice, "rebuilt") {
		t.Errorf("count mismatch: %+v", st)
	}

}

// makeReadOnly makes dir read-only until the test ends: by permissions
// for a normal user, by a read-only bind mount for root (who ignores
// permissions).
func makeReadOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if out, err := exec.Command("chmod", "-R", "a-w", dir).CombinedOutput(); err != nil {
			t.Fatalf("chmod: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chmod", "-R", "u+w", dir).Run() })
		return
	}
	if out, err := exec.Command("mount", "--bind", dir, dir).CombinedOutput(); err != nil {
		t.Skipf("mount --bind is not permitted here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
}

// On a read-only project, an index that is up to date is searched; one
// that is out of date is searched with a notice; one that is missing or
// damaged is built in memory, with a notice, and left as it is.
func TestReadOnlyProject(t *testing.T) {
	for _, c := range []struct {
		name   string
		before func(t *testing.T, p *project.Project) // before it is made read-only
		notice string
		kind   int // hits for the code kindness
	}{
		{"up to date", func(*testing.T, *project.Project) {}, "", 0},
		{"out of date", func(t *testing.T, p *project.Project) {
			writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
		}, "out of date (1 of 3 sources changed or removed since it was last updated) and cannot be updated", 0},
		{"no lock file", func(t *testing.T, p *project.Project) {
			os.Remove(filepath.Join(indexDir(p), LockFile))
		}, "", 0},
		{"no lock file, out of date", func(t *testing.T, p *project.Project) {
			os.Remove(filepath.Join(indexDir(p), LockFile))
			writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
		}, "out of date (1 of 3 sources changed or removed since it was last updated) and cannot be updated (cannot lock the search index", 0},
		{"no lock file, count mismatch", func(t *testing.T, p *project.Project) {
			os.Remove(filepath.Join(indexDir(p), LockFile))
			editManifest(t, p, func(m *manifest) {
				e := m.Sources["P2"]
				e.Turns++
				m.Sources["P2"] = e
			})
		}, "the project was indexed in memory for this command", 0},
		{"missing", func(t *testing.T, p *project.Project) {
			writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
			os.RemoveAll(p.Path(project.CacheDir))
		}, "the project was indexed in memory for this command", 1},
		{"damaged", func(t *testing.T, p *project.Project) {
			os.WriteFile(filepath.Join(indexDir(p), ManifestFile), []byte("{"), 0o644)
		}, "the project was indexed in memory for this command", 0},
		{"count mismatch", func(t *testing.T, p *project.Project) {
			editManifest(t, p, func(m *manifest) {
				e := m.Sources["P2"]
				e.Turns++
				m.Sources["P2"] = e
			})
		}, "the project was indexed in memory for this command", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := fixture(t)
			ix, _ := openSync(t, p)
			ix.Close()
			c.before(t, p)
			before := snapshotDir(t, p.Root)
			makeReadOnly(t, p.Root)
			ix, st := openSync(t, p)
			defer ix.Close()
			if !strings.Contains(st.Notice, c.notice) || (c.notice == "") != (st.Notice == "") {
				t.Errorf("notice %q, want %q", st.Notice, c.notice)
			}
			if r := find(t, ix, Query{Text: "trusting", Codes: []string{"trust"}}); !reflect.DeepEqual(sortedRefs(r), []string{"P1#2", "P2#2"}) {
				t.Errorf("search: %v", refs(r))
			}
			if r := find(t, ix, Query{Codes: []string{"kindness"}}); len(r.Hits) != c.kind {
				t.Errorf("kindness: %v, want %d hits", refs(r), c.kind)
			}
			if err := ix.Close(); err != nil {
				t.Error(err)
			}
			if after := snapshotDir(t, p.Root); !reflect.DeepEqual(before, after) {
				t.Error("the read-only project changed")
			}
		})
	}
}

// An index built in two steps whose newest segment is cut short: bleve
// may fall back to the older snapshot, which lacks a source, or fail to
// open; either way the next Sync must give every turn again.
func TestRollbackToOlderSnapshot(t *testing.T) {
	log.SetOutput(io.Discard) // bleve's "unable to load snapshot"
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	for attempt := range 3 {
		p := fixture(t)
		removeSource(t, p, "P10")
		ix, _ := openSync(t, p)
		ix.Close()
		writeSource(t, p, "P10", "Cy", turnsOf("Interviewer: What about the staff?", "Cy: The staff were kind."))
		ix, _ = openSync(t, p)
		ix.Close()
		zaps, err := filepath.Glob(filepath.Join(curGen(t, indexDir(p)), "store", "*.zap"))
		if err != nil || len(zaps) == 0 {
			t.Fatalf("no segments: %v", err)
		}
		if err := os.Truncate(zaps[len(zaps)-1], 100); err != nil { // the newest: the names count up
			t.Fatal(err)
		}
		ix, st := openSync(t, p)
		t.Logf("attempt %d: %d segments; %+v", attempt+1, len(zaps), st)
		if st.Docs != 9 {
			t.Errorf("attempt %d: %d turns after the newest segment was cut short, want 9: %+v", attempt+1, st.Docs, st)
		}
		if r := find(t, ix, Query{Text: "staff"}); r.Total != 5 {
			t.Errorf("attempt %d: staff: %v", attempt+1, refs(r))
		}
		ix.Close()
	}
}

// A copy of a project (cp -a keeps the modification times, not the change
// times) is not re-indexed: the content of the sources whose stamps
// differ is compared (issue 17).
func TestCopiedProjectNotReindexed(t *testing.T) {
	p := fixture(t)
	ageFiles(t, p)
	ix, _ := openSync(t, p)
	ix.Close()
	dst := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-a", p.Root, dst).CombinedOutput(); err != nil {
		t.Skipf("cp -a: %v %s", err, out)
	}
	q, err := project.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	ix, st := openSync(t, q)
	defer ix.Close()
	if !reflect.DeepEqual(st, SyncStats{Docs: 9}) {
		t.Errorf("the copy: %+v", st)
	}
	// A real change is still seen.
	writeCodings(t, q, "ana", "P10", []coding.Coding{{Code: "Kindness", Turn: 2, Start: 15, End: 19, Quote: "kind"}})
	if st, err := ix.Sync(q); err != nil || st.Updated != 1 {
		t.Errorf("after a change: %+v %v", st, err)
	}
}

// index rebuild on a read-only project says that it could not write.
func TestRebuildReadOnly(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	makeReadOnly(t, p.Root)
	ix, err := Open(indexDir(p), Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Rebuild(p)
	if !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EROFS) || !strings.Contains(fmt.Sprint(err), "cannot rebuild the search index") {
		t.Errorf("Rebuild: %+v %v", st, err)
	}
	if r := find(t, ix, Query{Text: "trusting"}); r.Total != 4 {
		t.Errorf("search after a failed rebuild: %v", refs(r))
	}
}

// A coding file is named in its source's stamps by its path from the
// project's root, with forward slashes (cut from the listed path, not
// computed by filepath.Rel): a coding file that moves to another coder's
// directory changes the fingerprint, whatever its time stamps.
func TestStampNamesCodingFiles(t *testing.T) {
	p := fixture(t)
	scan, err := scanSources(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scan {
		if s.id != "P1" {
			continue
		}
		var buf []byte
		st := openStatter(p.Root + string(filepath.Separator))
		defer st.close()
		if _, err := stampSource(p, st, p.Path(project.SourcesDir)+string(filepath.Separator), &s, &buf); err != nil {
			t.Fatal(err)
		}
		for _, coder := range []string{"ana", "Bo"} {
			if want := fmt.Sprintf("coding %q ", project.ShardRel(coder, "P1")); !bytes.Contains(buf, []byte(want)) {
				t.Errorf("the stamps of P1 do not name %s:\n%s", want, buf)
			}
		}
		return
	}
	t.Fatal("no P1 in the scan")
}
