package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/internal/fsx"
)

var errCrash = errors.New("simulated crash")

// crashAt makes the next commits stop at point, as if the process died
// there, until the test ends.
func crashAt(t *testing.T, point string) {
	t.Helper()
	crashHook = func(p string) error {
		if p == point {
			return errCrash
		}
		return nil
	}
	t.Cleanup(func() { crashHook = nil })
}

// seed writes the files a transaction will change, in their old state.
func seed(t *testing.T, p *Project) {
	t.Helper()
	for rel, data := range map[string]string{
		"sources/A/original.txt":  "old codings\n",
		"codebook.yaml":           "version: 1\n",
		"sources/A/original.log":  "line 1\n",
		"sources/A/original.gone": "old memo\n",
	} {
		if err := os.MkdirAll(filepath.Dir(p.Path(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p.Path(rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// change stages the transaction whose effects checkNew verifies.
func change(p *Project) *Tx {
	tx := p.Begin()
	tx.WriteFile("sources/A/original.txt", []byte("new codings\n"))
	tx.WriteFile("codebook.yaml", []byte("version: 1\ncodes:\n  - name: New\n"))
	tx.WriteFile("sources/B/original.txt", []byte("bob's first\n"))
	tx.AppendFile("sources/A/original.log", []byte("line 2\n"))
	tx.AppendFile("sources/A/original.log", []byte("line 3\n"))
	tx.Remove("sources/A/original.gone")
	return tx
}

func checkNew(t *testing.T, p *Project) {
	t.Helper()
	for rel, want := range map[string]string{
		"sources/A/original.txt": "new codings\n",
		"codebook.yaml":          "version: 1\ncodes:\n  - name: New\n",
		"sources/B/original.txt": "bob's first\n",
		"sources/A/original.log": "line 1\nline 2\nline 3\n",
	} {
		if got := readFile(t, p.Path(rel)); got != want {
			t.Errorf("%s = %q, want %q", rel, got, want)
		}
	}
	if exists(p.Path("sources/A/original.gone")) {
		t.Error("sources/A/original.gone was not removed")
	}
	if exists(p.Path(JournalFile)) {
		t.Error("the journal is still there")
	}
	checkNoTemps(t, p)
}

func checkOld(t *testing.T, p *Project) {
	t.Helper()
	for rel, want := range map[string]string{
		"sources/A/original.txt":  "old codings\n",
		"codebook.yaml":           "version: 1\n",
		"sources/A/original.log":  "line 1\n",
		"sources/A/original.gone": "old memo\n",
	} {
		if got := readFile(t, p.Path(rel)); got != want {
			t.Errorf("%s = %q, want %q", rel, got, want)
		}
	}
	if exists(p.Path("sources/B/original.txt")) {
		t.Error("a new file appeared")
	}
}

func temps(t *testing.T, p *Project) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(p.Root, func(path string, d os.DirEntry, err error) error {
		if err == nil && fsx.IsTemp(d.Name()) {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func checkNoTemps(t *testing.T, p *Project) {
	t.Helper()
	if ts := temps(t, p); len(ts) > 0 {
		t.Errorf("temporary files left: %v", ts)
	}
}

func TestTxCommit(t *testing.T) {
	p := newProject(t)
	seed(t, p)
	lock(t, p)
	if err := change(p).Commit(); err != nil {
		t.Fatal(err)
	}
	checkNew(t, p)
	if p.Recovered() {
		t.Error("a clean commit reports a recovery")
	}
}

func TestTxEmptyAndSingle(t *testing.T) {
	p := newProject(t)
	if !p.Begin().Empty() {
		t.Error("new Tx is not empty")
	}
	if err := p.Begin().Commit(); err != nil {
		t.Fatal(err)
	}
	// A single write needs no journal: nothing can be half done.
	crashAt(t, "before-journal")
	tx := p.Begin()
	tx.WriteFile("memos/one.md", []byte("x"))
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if readFile(t, p.Path("memos/one.md")) != "x" {
		t.Error("single write not done")
	}
	// Remove after write cancels the write, and the reverse.
	tx = p.Begin()
	tx.WriteFile("a", []byte("x"))
	tx.Remove("a")
	tx.Remove("b")
	tx.WriteFile("b", []byte("y"))
	if len(tx.writes) != 1 || len(tx.removes) != 1 || !tx.removes["a"] || string(tx.writes["b"]) != "y" {
		t.Errorf("writes %v removes %v", tx.writes, tx.removes)
	}
}

func TestTxRefusesEscapingPaths(t *testing.T) {
	p := newProject(t)
	for _, rel := range []string{"../outside", "/etc/passwd", "a/../../b"} {
		tx := p.Begin()
		tx.WriteFile("codebook.yaml", []byte("version: 1\n"))
		tx.WriteFile(rel, []byte("x"))
		if err := tx.Commit(); err == nil || !strings.Contains(err.Error(), "escapes the project") {
			t.Errorf("%s: err = %v", rel, err)
		}
		checkNoTemps(t, p)
	}
}

// TestCrashAfterJournal: the process dies after the journal (the commit
// point) is written. The next command that takes the lock finishes the
// transaction: every file is in its new state.
func TestCrashAfterJournal(t *testing.T) {
	p := newProject(t)
	seed(t, p)
	crashAt(t, "after-journal")
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	if err := change(p).Commit(); !errors.Is(err, errCrash) {
		t.Fatalf("Commit = %v", err)
	}
	l.Unlock()
	crashHook = nil
	checkOld(t, p)
	if !exists(p.Path(JournalFile)) {
		t.Fatal("no journal after the commit point")
	}
	if len(temps(t, p)) != 3 {
		t.Errorf("temps = %v", temps(t, p))
	}

	journal := readFile(t, p.Path(JournalFile))

	// Check sees the pending change.
	r, err := p.Check(false)
	if err != nil {
		t.Fatal(err)
	}
	if !hasProblem(r, "error", JournalFile, "an interrupted change is pending") {
		t.Errorf("check: %+v", r.Problems)
	}

	// Another process (another Project value) takes the lock: recovery.
	q, err := Open(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	l2, err := q.Lock()
	if err != nil {
		t.Fatal(err)
	}
	l2.Unlock()
	if !q.Recovered() {
		t.Error("Recovered() is false after a replay")
	}
	checkNew(t, p)

	// Replay is idempotent: replaying the same journal again (as after a
	// crash during the replay, before the journal was removed) changes
	// nothing.
	for range 2 {
		if err := os.WriteFile(p.Path(JournalFile), []byte(journal), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := q.recover(); err != nil {
			t.Fatal(err)
		}
		checkNew(t, p)
	}
}

// TestReplayAfterPartialReplay: a crash in the middle of a replay leaves
// some files renamed and some not; the next replay finishes the job.
func TestReplayAfterPartialReplay(t *testing.T) {
	p := newProject(t)
	seed(t, p)
	crashAt(t, "after-journal")
	l := lock(t, p)
	if err := change(p).Commit(); !errors.Is(err, errCrash) {
		t.Fatalf("Commit = %v", err)
	}
	crashHook = nil
	// Do half of the replay by hand: the first rename and a partial append.
	j := readFile(t, p.Path(JournalFile))
	first := temps(t, p)[0]
	var dst string
	for _, rel := range []string{"codebook.yaml", "sources/A/original.txt", "sources/B/original.txt"} {
		if strings.HasPrefix(filepath.Base(first), ".tmp-"+filepath.Base(rel)) && filepath.Dir(first) == filepath.Dir(p.Path(rel)) {
			dst = p.Path(rel)
		}
	}
	if dst == "" || !strings.Contains(j, `"appends"`) {
		t.Fatalf("unexpected journal %s / temp %s", j, first)
	}
	if err := os.Rename(first, dst); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.Path("sources/A/original.log"), []byte("line 1\nline 2\nli"), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Unlock()
	if _, err := p.Lock(); err != nil {
		t.Fatal(err)
	}
	checkNew(t, p)
}

// TestCrashBeforeJournal: the process dies after writing the temporary
// files but before the journal. Nothing has changed; check reports the
// stray temporary files and --repair removes them.
func TestCrashBeforeJournal(t *testing.T) {
	p := newProject(t)
	seed(t, p)
	crashAt(t, "before-journal")
	l := lock(t, p)
	if err := change(p).Commit(); !errors.Is(err, errCrash) {
		t.Fatalf("Commit = %v", err)
	}
	l.Unlock()
	crashHook = nil
	if exists(p.Path(JournalFile)) {
		t.Fatal("journal written before the commit point")
	}
	stray := temps(t, p)
	if len(stray) != 3 {
		t.Fatalf("temps = %v", stray)
	}
	// The next command does not replay anything: the old state stands.
	q, _ := Open(p.Root)
	l2, err := q.Lock()
	if err != nil {
		t.Fatal(err)
	}
	if q.Recovered() {
		t.Error("recovered without a journal")
	}
	checkOld(t, p)

	r, err := q.Check(false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, pr := range r.Problems {
		if pr.Severity == "warning" && strings.Contains(pr.Message, "temporary file left by an interrupted command") {
			n++
		}
	}
	if n != 3 || r.Errors() != 0 {
		t.Errorf("check without repair: %+v", r.Problems)
	}
	if len(temps(t, p)) != 3 {
		t.Error("check without --repair removed files")
	}
	r, err = q.Check(true)
	if err != nil {
		t.Fatal(err)
	}
	fixed := 0
	for _, pr := range r.Problems {
		if pr.Fixed && strings.HasSuffix(pr.Message, "; removed") {
			fixed++
		}
	}
	if fixed != 3 {
		t.Errorf("check --repair: %+v", r.Problems)
	}
	l2.Unlock()
	checkNoTemps(t, p)
	checkOld(t, p)
}

func TestRecoverDamagedJournal(t *testing.T) {
	p := newProject(t)
	if err := os.WriteFile(p.Path(JournalFile), []byte(`{"version":1,"wri`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Lock(); err == nil || !strings.Contains(err.Error(), "is damaged") {
		t.Errorf("Lock = %v", err)
	}
	if err := os.WriteFile(p.Path(JournalFile), []byte(`{"version":7}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.RLock(); err == nil || !strings.Contains(err.Error(), "journal version 7") {
		t.Errorf("RLock = %v", err)
	}
	// The failed recovery released the lock.
	os.Remove(p.Path(JournalFile))
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
}

// TestRLockRecovers: a reader that finds a journal finishes it first.
func TestRLockRecovers(t *testing.T) {
	p := newProject(t)
	seed(t, p)
	crashAt(t, "after-journal")
	l := lock(t, p)
	if err := change(p).Commit(); !errors.Is(err, errCrash) {
		t.Fatal(err)
	}
	l.Unlock()
	crashHook = nil
	q, _ := Open(p.Root)
	rl, err := q.RLock()
	if err != nil {
		t.Fatal(err)
	}
	rl.Unlock()
	checkNew(t, p)
}

func hasProblem(r *CheckReport, sev, file, msg string) bool {
	for _, pr := range r.Problems {
		if pr.Severity == sev && strings.HasPrefix(pr.File, file) && strings.Contains(pr.Message, msg) {
			return true
		}
	}
	return false
}

// TestFailureAfterCommitPoint: when putting a committed change in place
// fails, Commit says the change was made (CommittedError), never that
// nothing was written, and the next command finishes it.
func TestFailureAfterCommitPoint(t *testing.T) {
	p := newProject(t)
	seed(t, p)
	crashAt(t, "replay")
	l := lock(t, p)
	err := change(p).Commit()
	var ce *CommittedError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "the change was made") {
		t.Fatalf("Commit = %v, want a CommittedError", err)
	}
	l.Unlock()
	crashHook = nil
	q, _ := Open(p.Root)
	l2, err := q.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Unlock()
	if !q.Recovered() {
		t.Error("the next command did not finish the change")
	}
	checkNew(t, p)
}
