package project

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// open returns another Project value for the same directory, as a second
// grounded process would have. flock locks belong to the open file, so two
// values conflict even inside one test process.
func open(t *testing.T, p *Project) *Project {
	t.Helper()
	q, err := Open(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestLockExclusive(t *testing.T) {
	p := newProject(t)
	t.Setenv("GROUNDED_LOCK_TIMEOUT", "200ms")
	a, b := open(t, p), open(t, p)
	la, err := a.Lock()
	if err != nil {
		t.Fatal(err)
	}
	if !la.Exclusive() {
		t.Error("write lock is not exclusive")
	}
	start := time.Now()
	_, err = b.Lock()
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock = %v, want ErrLocked", err)
	}
	// The lower bound is the timeout itself; the upper one only tells the
	// 200 ms of GROUNDED_LOCK_TIMEOUT from the default of 30 s, with room
	// for a loaded machine.
	if d := time.Since(start); d < 150*time.Millisecond || d > 20*time.Second {
		t.Errorf("waited %v, want about 200ms (GROUNDED_LOCK_TIMEOUT), far less than the default", d)
	}
	for _, want := range []string{"another grounded command has held", LockFile, "200ms", "GROUNDED_LOCK_TIMEOUT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not contain %q", err, want)
		}
	}
	if _, err := b.RLock(); !errors.Is(err, ErrLocked) {
		t.Errorf("RLock while written = %v, want ErrLocked", err)
	}
	if err := la.Unlock(); err != nil {
		t.Fatal(err)
	}
	lb, err := b.Lock()
	if err != nil {
		t.Fatalf("Lock after Unlock = %v", err)
	}
	lb.Unlock()
}

func TestLockShared(t *testing.T) {
	p := newProject(t)
	t.Setenv("GROUNDED_LOCK_TIMEOUT", "200ms")
	a, b, c := open(t, p), open(t, p), open(t, p)
	ra, err := a.RLock()
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.RLock()
	if err != nil {
		t.Fatalf("second reader = %v", err)
	}
	if ra.Exclusive() || rb.Exclusive() {
		t.Error("read locks are exclusive")
	}
	if _, err := c.Lock(); !errors.Is(err, ErrLocked) {
		t.Fatalf("writer while read = %v, want ErrLocked", err)
	}
	ra.Unlock()
	if _, err := c.Lock(); !errors.Is(err, ErrLocked) {
		t.Fatalf("writer while one reader is left = %v", err)
	}
	rb.Unlock()
	lc, err := c.Lock()
	if err != nil {
		t.Fatal(err)
	}
	lc.Unlock()
}

// TestLockWaits: a writer waits for the lock rather than failing at once.
func TestLockWaits(t *testing.T) {
	p := newProject(t)
	t.Setenv("GROUNDED_LOCK_TIMEOUT", "5s")
	a, b := open(t, p), open(t, p)
	la, err := a.Lock()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(100 * time.Millisecond)
		la.Unlock()
	}()
	lb, err := b.Lock()
	if err != nil {
		t.Fatalf("Lock did not wait: %v", err)
	}
	lb.Unlock()
}

func TestEditNeedsWriteLock(t *testing.T) {
	p := newProject(t)
	rl, err := p.RLock()
	if err != nil {
		t.Fatal(err)
	}
	defer rl.Unlock()
	if _, err := p.Edit(rl, "alice", "x"); !errors.Is(err, ErrNotLocked) {
		t.Errorf("Edit under a read lock = %v", err)
	}
	if _, err := p.Edit(nil, "alice", "x"); !errors.Is(err, ErrNotLocked) {
		t.Errorf("Edit without a lock = %v", err)
	}
}

func TestLockTimeoutSetting(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"": DefaultLockTimeout, "1m": time.Minute, "7": 7 * time.Second, "0": 0, "junk": DefaultLockTimeout, "-1s": DefaultLockTimeout,
	} {
		t.Setenv("GROUNDED_LOCK_TIMEOUT", in)
		if got := LockTimeout(); got != want {
			t.Errorf("LockTimeout(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestLockDeletedUnderWriter: 'git clean -fdX' deletes the lock file while
// a writer holds it; a second writer could then lock a new file. The first
// writer's commit is refused and writes nothing.
func TestLockDeletedUnderWriter(t *testing.T) {
	p := newProject(t)
	t.Setenv("GROUNDED_LOCK_TIMEOUT", "200ms")
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	if err := os.Remove(p.Path(LockFile)); err != nil {
		t.Fatal(err)
	}
	q := open(t, p)
	lq, err := q.Lock() // succeeds: the new file is not locked
	if err != nil {
		t.Fatal(err)
	}
	defer lq.Unlock()
	before := readFile(t, p.Path(CodebookFile))
	for _, two := range []bool{false, true} {
		tx := p.Begin()
		tx.WriteFile(CodebookFile, []byte("version: 1\n# changed\n"))
		if two {
			tx.WriteFile(ParticipantsFile, []byte("participants: []\n"))
		}
		if err := tx.Commit(); !errors.Is(err, ErrLockLost) || !strings.Contains(err.Error(), "nothing was written") {
			t.Errorf("Commit under a lost lock = %v", err)
		}
	}
	if readFile(t, p.Path(CodebookFile)) != before || exists(p.Path(ParticipantsFile)) && readFile(t, p.Path(ParticipantsFile)) == "participants: []\n" {
		t.Error("a file was written under a lost lock")
	}
	checkNoTemps(t, p)
}

// TestWriterNotStarved: while readers keep the project lock shared, a
// waiting writer holds the waiting lock, so a new reader waits behind it.
func TestWriterNotStarved(t *testing.T) {
	p := newProject(t)
	t.Setenv("GROUNDED_LOCK_TIMEOUT", "300ms")
	r1, err := open(t, p).RLock()
	if err != nil {
		t.Fatal(err)
	}
	// A writer starts waiting (it cannot get the lock while r1 reads).
	w := open(t, p)
	wctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wait, err := w.passWaiting(wctx, true)
	if err != nil || wait.fl == nil {
		t.Fatalf("writer could not queue: %v", err)
	}
	// A new reader must not overtake the waiting writer.
	if _, err := open(t, p).RLock(); !errors.Is(err, ErrLocked) {
		t.Errorf("a reader overtook a waiting writer: %v", err)
	}
	wait.release()
	r1.Unlock()
	lw, err := w.Lock()
	if err != nil {
		t.Fatalf("writer: %v", err)
	}
	lw.Unlock()
}
