package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// A syncSeen is what the project looked like when a commit synced its
// Batch (p.batching.sync).
type syncSeen struct {
	deferred int  // files the Batch wrote without an fsync of their own
	temps    int  // temporary files in the project
	journal  bool // whether the journal was written
}

// watchSyncs makes p use a Batch from min files on, and records every
// Sync of it; fail (nil: never) gives the error of the n-th Sync (from
// 1), which is then not made. It skips where there is no Batch.
func watchSyncs(t *testing.T, p *Project, min int, fail func(n int) error) *[]syncSeen {
	t.Helper()
	b, err := fsx.NewBatch(p.Root)
	if errors.Is(err, fsx.ErrNoBatch) {
		t.Skip("no syncfs here (not Linux 5.8 or later): commits fsync each file")
	}
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	var seen []syncSeen
	p.batching = batching{min: min, sync: func(b *fsx.Batch) error {
		seen = append(seen, syncSeen{deferred: b.Deferred(), temps: len(temps(t, p)), journal: exists(p.Path(JournalFile))})
		if fail != nil {
			if err := fail(len(seen)); err != nil {
				return err
			}
		}
		return b.Sync()
	}}
	return &seen
}

// bigChange stages n new transcripts' originals (sources/Sk/original.txt)
// and the replacement of the seeded sources/A/original.txt; it spills
// when spill is set.
func bigChange(p *Project, n int, spill bool) *Tx {
	tx := p.Begin()
	if spill {
		tx.SpillWrites()
	}
	for i := range n {
		tx.WriteFile(fmt.Sprintf("sources/S%d/original.txt", i), []byte(fmt.Sprintf("transcript %d\n", i)))
	}
	tx.WriteFile("sources/A/original.txt", []byte("new codings\n"))
	return tx
}

// checkBig fails unless bigChange(p, n, …) is in place, without a
// journal or a temporary file.
func checkBig(t *testing.T, p *Project, n int) {
	t.Helper()
	for i := range n {
		if got, want := readFile(t, p.Path(fmt.Sprintf("sources/S%d/original.txt", i))), fmt.Sprintf("transcript %d\n", i); got != want {
			t.Fatalf("sources/S%d/original.txt = %q, want %q", i, got, want)
		}
	}
	if got := readFile(t, p.Path("sources/A/original.txt")); got != "new codings\n" {
		t.Fatalf("sources/A/original.txt = %q", got)
	}
	if exists(p.Path(JournalFile)) {
		t.Fatal("the journal is still there")
	}
	checkNoTemps(t, p)
}

// checkNothing fails unless bigChange(p, n, …) left no trace: the seeded
// file as it was, no new source, no journal, no temporary file.
func checkNothing(t *testing.T, p *Project, n int) {
	t.Helper()
	if got := readFile(t, p.Path("sources/A/original.txt")); got != "old codings\n" {
		t.Fatalf("sources/A/original.txt = %q after a failed commit", got)
	}
	for i := range n {
		if exists(p.Path(fmt.Sprintf("sources/S%d/original.txt", i))) {
			t.Fatalf("sources/S%d/original.txt exists after a failed commit", i)
		}
	}
	if exists(p.Path(JournalFile)) {
		t.Fatal("a journal was written")
	}
	checkNoTemps(t, p)
}

// TestLargeCommitSyncsOnce: a transaction of at least batchMin files
// writes its temporary files without an fsync each and syncs them with
// one syncfs, after the last is written and before the journal; a second
// syncfs follows the renames, before the journal is removed. With
// spilling, the first batchMin-1 files are fsynced one by one (their
// number is not known yet) and the Batch writes the others.
//
// Planted bugs it catches: writeTemps, or spiller.temps, not syncing the
// Batch (no first sync); spiller.temps syncing before finish (temporary
// files still being written); replay not syncing after the renames; the
// threshold ignored (TestSmallCommitFsyncs).
func TestLargeCommitSyncsOnce(t *testing.T) {
	const n, min = 12, 8 // 13 files in all
	for _, spill := range []bool{false, true} {
		t.Run(fmt.Sprintf("spill=%v", spill), func(t *testing.T) {
			p := newProject(t)
			seed(t, p)
			seen := watchSyncs(t, p, min, nil)
			lock(t, p)
			if err := bigChange(p, n, spill).Commit(); err != nil {
				t.Fatal(err)
			}
			checkBig(t, p, n)
			deferred := n + 1
			if spill {
				deferred = n + 1 - (min - 1)
			}
			want := []syncSeen{
				{deferred: deferred, temps: n + 1, journal: false}, // every temp file, no journal yet
				{deferred: 0, temps: 0, journal: true},             // every file renamed, the journal still there
			}
			if fmt.Sprint(*seen) != fmt.Sprint(want) {
				t.Fatalf("syncs saw %+v, want %+v", *seen, want)
			}
		})
	}
}

// TestSmallCommitFsyncs: under the threshold a commit fsyncs each file
// and makes no syncfs.
func TestSmallCommitFsyncs(t *testing.T) {
	const min = 8
	for _, spill := range []bool{false, true} {
		p := newProject(t)
		seed(t, p)
		seen := watchSyncs(t, p, min, nil)
		lock(t, p)
		if err := bigChange(p, min-2, spill).Commit(); err != nil { // min-1 files
			t.Fatal(err)
		}
		checkBig(t, p, min-2)
		if len(*seen) != 0 {
			t.Fatalf("spill=%v: %d files (under %d) made %d syncfs: %+v", spill, min-1, min, len(*seen), *seen)
		}
	}
}

// TestBatchSyncErrorBeforeJournal: when the syncfs before the journal
// fails, Commit fails (not committed) and leaves nothing: no journal, no
// temporary file, no new file, the replaced file as it was.
//
// Planted bug it catches: the error of that Sync ignored (the commit
// goes on and the files appear), or the temporary files not removed.
func TestBatchSyncErrorBeforeJournal(t *testing.T) {
	const n, min = 12, 8
	for _, spill := range []bool{false, true} {
		t.Run(fmt.Sprintf("spill=%v", spill), func(t *testing.T) {
			p := newProject(t)
			seed(t, p)
			watchSyncs(t, p, min, func(int) error { return syscall.EIO })
			lock(t, p)
			tx := bigChange(p, n, spill)
			err := tx.Commit()
			var committed *CommittedError
			if !errors.Is(err, syscall.EIO) || errors.As(err, &committed) {
				t.Fatalf("Commit = %v, want EIO before the commit point", err)
			}
			tx.Discard() // as the command does (cli.change)
			checkNothing(t, p, n)
			if spill {
				if _, err := os.Stat(p.Path("sources/S0")); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("the directory made for a spilled file is left: %v", err)
				}
			}
		})
	}
}

// TestBatchSyncErrorAfterRenames: when the syncfs after the renames
// fails, the change is committed (CommittedError) and the journal stays;
// the next command that takes the lock replays it (syncing again) and
// finishes it.
//
// Planted bug it catches: replay removing the journal although the
// renames were not made durable (the error of that Sync ignored).
func TestBatchSyncErrorAfterRenames(t *testing.T) {
	const n, min = 12, 8
	p := newProject(t)
	seed(t, p)
	seen := watchSyncs(t, p, min, func(k int) error {
		if k == 2 {
			return syscall.EIO
		}
		return nil
	})
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	err = bigChange(p, n, true).Commit()
	l.Unlock()
	var committed *CommittedError
	if !errors.As(err, &committed) || !errors.Is(err, syscall.EIO) {
		t.Fatalf("Commit = %v, want a CommittedError of EIO", err)
	}
	if !exists(p.Path(JournalFile)) {
		t.Fatal("the journal was removed although the renames were not made durable")
	}
	q, err := Open(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	q.batching = p.batching // the third Sync, in the replay, succeeds
	l2, err := q.Lock()
	if err != nil {
		t.Fatal(err)
	}
	l2.Unlock()
	if !q.Recovered() {
		t.Fatal("the next command did not replay the journal")
	}
	checkBig(t, p, n)
	if len(*seen) != 3 || !(*seen)[2].journal {
		t.Fatalf("syncs %+v: want a third, by the replay, before the journal is removed", *seen)
	}
}

// TestReplaySyncsDirsOfEarlierRenames: a replay after a crash that came
// after some renames syncs the directories of those files too (their
// renames may not be durable), not only of the files it renames itself.
//
// Planted bug it catches: replayWrites skipping a file renamed before
// the crash without adding its directory.
func TestReplaySyncsDirsOfEarlierRenames(t *testing.T) {
	p := newProject(t)
	var writes []journalWrite
	for _, id := range []string{"A", "B"} {
		rel := "sources/" + id + "/original.txt"
		content := []byte("transcript " + id + "\n")
		tmp, err := fsx.WriteTemp(p.Path(rel), content, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		relTmp, _ := filepath.Rel(p.Root, tmp)
		writes = append(writes, journalWrite{Path: rel, Temp: filepath.ToSlash(relTmp), SHA256: SHA256(content)})
	}
	if err := os.Rename(p.Path(writes[0].Temp), p.Path(writes[0].Path)); err != nil { // renamed before the crash
		t.Fatal(err)
	}
	dirs := map[string]bool{}
	if err := p.replayWrites(writes, dirs); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{p.Path("sources/A"): true, p.Path("sources/B"): true}
	if fmt.Sprint(dirs) != fmt.Sprint(want) {
		t.Fatalf("directories to sync %v, want %v", dirs, want)
	}
}
