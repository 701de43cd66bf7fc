package project

import (
	"fmt"
	"os"
	"sync"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// Writing a large transaction
//
// Every temporary file of a transaction is durable before the journal
// names it, and every rename is durable before the journal is removed.
// A small transaction gets there with an fsync of each temporary file
// and of each directory a file was renamed into (or removed from), up to
// ioWorkers at once (the file system serves concurrent fsyncs together:
// ext4 commits them in one journal transaction).
//
// A transaction of batchMin files or more (an ingest of a thousand
// transcripts writes three thousand, in a thousand directories) would
// wait on the disk for thousands of those calls. It uses an fsx.Batch
// instead (Linux 5.8 and later; see fsx "Making many files durable at
// once"): its temporary files are written without an fsync each and one
// syncfs of the project's file system makes them all durable before the
// journal is written (writeTemps; a transaction that spilled fsyncs the
// first batchMin-1 files it is given, not knowing yet how many will
// come, and spiller.temps syncs the rest); after the renames, one more
// syncfs replaces the fsyncs of the directories (replay, syncRenamed).
//
// The order of the steps does not change: temporary files durable,
// journal written and fsynced, renames, renames durable, journal
// removed. An error of a syncfs fails the commit at the step where an
// error of the fsyncs it replaces would have: before the journal,
// nothing has changed and the temporary files are removed; after the
// renames, Commit returns a CommittedError and leaves the journal for
// the next command, whose replay syncs again. Where there is no Batch
// (another system, an older kernel, a root that cannot be opened) a
// large transaction makes each file durable itself, as a small one does;
// a file or directory on another file system than the project's root (a
// mount point inside the project) is fsynced on its own too.
//
// batchMin was chosen by measurement (BenchmarkCommitFiles,
// docs/reliability.md "Durability of large transactions"): up to about
// twenty-five files the two ways take the same time within the noise of
// a shared disk, while a syncfs also waits for other programs' dirty
// data on the same file system; from about fifty files one syncfs is
// faster, more so the more files.

// ioWorkers is the number of files written, or directories synced, at
// once.
const ioWorkers = 8

// batchMin is the number of files (written, or renamed and removed) from
// which a transaction makes them durable with one syncfs instead of an
// fsync each.
const batchMin = 64

// batching is how a project's commits use an fsx.Batch; the zero value
// is the default. Tests change it.
type batching struct {
	min  int                    // the threshold; 0 means batchMin
	sync func(*fsx.Batch) error // called instead of Batch.Sync when set
}

// batchMin returns the number of files from which a commit of p uses a
// Batch.
func (p *Project) batchMin() int {
	if p.batching.min > 0 {
		return p.batching.min
	}
	return batchMin
}

// newBatch returns a Batch on the project's root, or nil where there is
// none (the transaction then fsyncs each file).
func (p *Project) newBatch() *fsx.Batch {
	b, err := fsx.NewBatch(p.Root)
	if err != nil {
		return nil
	}
	return b
}

// syncBatch makes what was written through b, and every change to its
// file system so far, durable (Batch.Sync).
func (p *Project) syncBatch(b *fsx.Batch) error {
	if p.batching.sync != nil {
		return p.batching.sync(b)
	}
	return b.Sync()
}

// writeTemps writes data[rel] to a new temporary file beside each path
// of rels and makes it durable; it returns their names, in the order of
// rels. On error it removes those it wrote and returns the error of the
// first path (in the order of rels) that failed, or of the syncfs.
func (p *Project) writeTemps(rels []string, data map[string][]byte) ([]string, error) {
	var b *fsx.Batch
	if len(rels) >= p.batchMin() {
		if b = p.newBatch(); b != nil {
			defer b.Close()
		}
	}
	temps := make([]string, len(rels))
	errs := make([]error, len(rels))
	parallel(len(rels), func(i int) {
		if b != nil {
			temps[i], errs[i] = b.WriteTemp(p.Path(rels[i]), data[rels[i]], 0o644)
		} else {
			temps[i], errs[i] = fsx.WriteTemp(p.Path(rels[i]), data[rels[i]], 0o644)
		}
	})
	for i, err := range errs {
		if err != nil {
			removeTemps(temps)
			return nil, errs[i]
		}
	}
	if b != nil {
		if err := p.syncBatch(b); err != nil {
			removeTemps(temps)
			return nil, fmt.Errorf("commit: %w", err)
		}
	}
	return temps, nil
}

// removeTemps removes the temporary files named (empty names skipped).
func removeTemps(temps []string) {
	for _, t := range temps {
		if t != "" {
			_ = os.Remove(t)
		}
	}
}

// syncRenamed makes the renames and removals in dirs durable: with one
// syncfs of b (nil: none) for those on its file system, and an fsync of
// each of the others (syncDirs).
func (p *Project) syncRenamed(dirs map[string]bool, b *fsx.Batch) error {
	if b == nil {
		return syncDirs(dirs)
	}
	others := map[string]bool{}
	for dir := range dirs {
		if !b.Covers(dir) {
			others[dir] = true
		}
	}
	if err := syncDirs(others); err != nil {
		return err
	}
	return p.syncBatch(b)
}

// syncDirs makes the directories durable; it returns the error of the
// first one (in sorted order) that failed.
func syncDirs(dirs map[string]bool) error {
	list := sortedKeys(dirs)
	errs := make([]error, len(list))
	parallel(len(list), func(i int) { errs[i] = fsx.SyncDir(list[i]) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// parallel calls f(0), …, f(n-1), up to ioWorkers at once, and returns
// when all have returned.
func parallel(n int, f func(i int)) {
	if n <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(ioWorkers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
