package index

import (
	"errors"
	"github.com/gofrs/flock"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/internal/project"
)

// shortCause keeps a message of 120 bytes whole, cuts a longer one at 120
// bytes or before, never inside a character, and copes with bytes that
// start no character at all.
func TestShortCause(t *testing.T) {
	a120 := strings.Repeat("a", 120)
	for in, want := range map[string]string{
		a120:                            a120,
		"  " + a120 + "\nsecond line":   a120,
		a120 + "b":                      a120 + "…",
		strings.Repeat("a", 119) + "éé": strings.Repeat("a", 119) + "…", // é is 2 bytes: byte 120 is inside the first
		strings.Repeat("\x80", 130):     "…",
	} {
		got := shortCause(in)
		if got != want {
			t.Errorf("shortCause(%q) = %q, want %q", in, got, want)
		}
		if utf8.ValidString(in) && !utf8.ValidString(got) {
			t.Errorf("shortCause(%q) = %q: not UTF-8", in, got)
		}
	}
}

// A source stamped exactly racyWindow before the scan is still racy: the
// window is closed at its far end, on the safe side.
func TestRacyWindowEdge(t *testing.T) {
	now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	edge := now.Add(-racyWindow).UnixNano()
	for newest, want := range map[int64]bool{edge - 1: false, edge: true, edge + 1: true, now.UnixNano(): true} {
		s := scanned{newest: newest}
		if got := s.racy(now); got != want {
			t.Errorf("newest %d ns from the edge: racy %v, want %v", newest-edge, got, want)
		}
	}
}

// The fingerprints of the sources do not depend on where the project is:
// a project folder moved (or renamed) as a whole keeps its index fresh,
// without reading its files again.
func TestFingerprintsSurviveAMove(t *testing.T) {
	p := fixture(t)
	before, err := scanSources(p)
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(p.Root, moved); err != nil {
		t.Fatal(err)
	}
	q, err := project.Open(moved)
	if err != nil {
		t.Fatal(err)
	}
	after, err := scanSources(q)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || len(before) != 3 {
		t.Fatalf("%d sources before the move, %d after, want 3", len(before), len(after))
	}
	for i := range before {
		if before[i].id != after[i].id || before[i].fp != after[i].fp {
			t.Errorf("%s: fingerprint %s before the move, %s %s after", before[i].id, before[i].fp, after[i].id, after[i].fp)
		}
	}
}

// An index of another format that held no source is replaced without a
// remark: there was nothing to tell the user about.
func TestSchemaChangeOfAnEmptyIndex(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	editManifest(t, p, func(m *manifest) { m.Schema, m.Sources = 0, nil })
	ix, st := openSync(t, p)
	defer ix.Close()
	if st.Notice != "" || st.Added != 3 {
		t.Errorf("%+v, want the 3 sources added and no notice", st)
	}
}

// A generation whose root bolt file another process holds locked (only a
// writer that died with it open would) makes the index busy, not damaged.
func TestGenerationLockedIsBusy(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	fl := flock.New(filepath.Join(curGen(t, indexDir(p)), "store", "root.bolt"))
	if err := fl.Lock(); err != nil {
		t.Fatal(err)
	}
	defer fl.Unlock()
	ix, err := Open(indexDir(p), Options{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Sync(p)
	if !errors.Is(err, ErrBusy) {
		t.Errorf("Sync: %+v, %v; want ErrBusy", st, err)
	}
}

// A writer that cannot read the manifest (so knows no current generation)
// still names its new generation after every one in the directory: the
// one there may be open in a reader, and must not be removed and written
// again under the same name.
func TestNewGenerationAfterEveryOne(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	ix.Close()
	if g := filepath.Base(curGen(t, indexDir(p))); g != GenPrefix+"1" {
		t.Fatalf("first generation %s", g)
	}
	reader, err := Open(indexDir(p), Options{Timeout: time.Second, Project: p})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	want := find(t, reader, Query{Text: "trust"}).Total
	if err := os.WriteFile(filepath.Join(indexDir(p), ManifestFile), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, st := openSync(t, p)
	defer ix.Close()
	if g := filepath.Base(curGen(t, indexDir(p))); g != GenPrefix+"2" || !st.Rebuilt {
		t.Errorf("after a damaged manifest: generation %s (rebuilt %v), want %s2", g, st.Rebuilt, GenPrefix)
	}
	if got := find(t, reader, Query{Text: "trust"}).Total; got != want {
		t.Errorf("the reader of the old generation: %d hits, want %d", got, want)
	}
}

// A copy that cannot read its source fails; it does not leave a short
// file behind as if it had succeeded.
func TestCopyFileReadError(t *testing.T) {
	dir := t.TempDir()
	if err := copyFile(dir, filepath.Join(dir, "copy")); err == nil {
		t.Error("copying a directory succeeded")
	}
}
