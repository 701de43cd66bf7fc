package fsx

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
)

// Making many files durable at once
//
// WriteTemp makes each temporary file durable with its own fsync, and a
// directory is made durable with SyncDir. For thousands of files (an
// ingest of a thousand transcripts writes three thousand), those calls
// wait on the disk one after another. A Batch instead writes them
// without an fsync each and makes them all durable with one syncfs(2) of
// the file system that holds its directory (Sync): the kernel writes
// back every dirty page and inode of that file system and the file
// system commits its journal, once. Sync is at least as strong as the
// fsyncs it replaces: it also covers the directory entries of the new
// files and the directories made for them.
//
// While files are written, the Batch starts a syncfs in the background
// after every flushEvery files (one at a time), so that the disk writes
// them back while the program goes on, as it did with the fsyncs, and
// the last Sync has little left to wait for. Those background calls only
// start writeback early: durability is promised by Sync alone, after the
// last file is written; an error of a background call is kept and
// returned by Sync.
//
// Two conditions make that exact:
//
//   - syncfs covers one file system. Batch.WriteTemp compares the device
//     of each file it creates with the device of the Batch's directory
//     and fsyncs, as WriteTemp does, a file on another one (a mount point
//     inside the project); Covers says which directories Sync covers.
//   - syncfs must report a failed writeback of any of those files (an I/O
//     error), or a file could be named by a journal with content that
//     never reached the disk. Linux reports writeback errors to syncfs
//     only since 5.8 (before, it reported the file system's own sync
//     error alone), through an error sequence sampled when the directory
//     is opened. NewBatch therefore refuses (ErrNoBatch) on an older
//     kernel and on other systems, where callers keep the per-file
//     fsyncs, and it opens the directory before any file of the batch is
//     written, so that no error in between is missed.
//
// The price of syncfs is that it also writes back other programs' dirty
// data on the same file system, and Sync waits for it; callers use a
// Batch only for many files, where that wait is shorter than theirs.

// ErrNoBatch is returned by NewBatch where syncfs cannot be relied on: a
// system other than Linux, or Linux before 5.8.
var ErrNoBatch = errors.New("syncfs does not report writeback errors here")

// flushEvery is the number of files written without an fsync after which
// a Batch starts a syncfs in the background.
const flushEvery = 64

// A Batch writes files that one Sync makes durable together. WriteTemp
// and Covers may be called from several goroutines at once; Sync and
// Close only once every WriteTemp has returned.
type Batch struct {
	dir *os.File // opened by NewBatch, before the files are written
	dev uint64   // the device of dir
	// syncfs is the system call Sync makes (unix.Syncfs); tests replace it.
	syncfs func(fd int) error
	// deferred counts the files written without an fsync of their own
	// since NewBatch or the last Sync; unflushed those since the last
	// background syncfs started.
	deferred, unflushed atomic.Int64
	flushing            atomic.Bool    // a background syncfs is running
	background          sync.WaitGroup // the background syncfs
	bgErr               atomic.Pointer[error]
}

// WriteTemp writes data to a new temporary file beside path and returns
// its name, as the function WriteTemp does, but without an fsync when the
// file is on the Batch's file system: Sync makes it durable. A file on
// another file system is fsynced at once.
func (b *Batch) WriteTemp(path string, data []byte, perm os.FileMode) (string, error) {
	return writeTemp(path, data, perm, b.deferIfCovered)
}

// deferIfCovered is WriteTemp's decision for the open file f: true (no
// fsync now; Sync makes it durable) when f is on the Batch's file system.
func (b *Batch) deferIfCovered(f *os.File) bool {
	dev, err := deviceOf(f)
	if err != nil || dev != b.dev {
		return false
	}
	b.deferred.Add(1)
	if b.unflushed.Add(1) >= flushEvery && b.flushing.CompareAndSwap(false, true) {
		b.unflushed.Store(0)
		b.background.Add(1)
		go b.flush()
	}
	return true
}

// flush is a background syncfs: it keeps its error for Sync.
func (b *Batch) flush() {
	defer b.background.Done()
	defer b.flushing.Store(false)
	if err := b.syncfs(int(b.dir.Fd())); err != nil {
		b.bgErr.CompareAndSwap(nil, &err)
	}
}

// Deferred returns the number of files written by WriteTemp without an
// fsync of their own since NewBatch or the last Sync.
func (b *Batch) Deferred() int { return int(b.deferred.Load()) }

// Covers reports whether Sync makes changes in dir (an existing
// directory: entries renamed into it or removed from it) durable, that is
// whether dir is on the Batch's file system.
func (b *Batch) Covers(dir string) bool {
	st, err := os.Stat(dir)
	if err != nil {
		return false
	}
	dev, ok := statDevice(st)
	return ok && dev == b.dev
}

// Sync makes durable every change to the Batch's file system made before
// it: the files WriteTemp wrote, their directories, renames and removals.
// It fails when the file system reports a writeback error since NewBatch
// (to Sync or to a background syncfs): the files written must then be
// taken as lost.
func (b *Batch) Sync() error {
	b.background.Wait()
	err := b.syncfs(int(b.dir.Fd()))
	if bg := b.bgErr.Swap(nil); bg != nil && err == nil {
		err = *bg
	}
	if err != nil {
		return fmt.Errorf("sync the file system of %s: %w", b.dir.Name(), err)
	}
	b.deferred.Store(0)
	return nil
}

// Close releases the Batch's directory. It does not sync.
func (b *Batch) Close() error {
	b.background.Wait()
	return b.dir.Close()
}
