package project

import (
	"os"
	"sync"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// Writing a large transaction
//
// An ingest of a thousand transcripts writes three thousand files in one
// transaction, and each temporary file is made durable (fsync) before
// the journal names it; each directory that a file was renamed into is
// made durable after the renames. One at a time, those calls wait on the
// disk in turn (about 1.4 ms each on a busy disk: 6 s for a thousand
// transcripts). They are independent, so writeTemps and syncDirs make up
// to ioWorkers of them at once, which the file system serves together
// (ext4 commits concurrent fsyncs in one journal transaction). The order
// of the steps of a commit does not change: every temporary file is
// durable before the journal is written, and every rename is durable
// before the journal is removed.

// ioWorkers is the number of files written, or directories synced, at
// once.
const ioWorkers = 8

// writeTemps writes data[rel] to a new temporary file beside each path
// of rels and makes it durable; it returns their names, in the order of
// rels. On error it removes those it wrote and returns the error of the
// first path (in the order of rels) that failed.
func (p *Project) writeTemps(rels []string, data map[string][]byte) ([]string, error) {
	temps := make([]string, len(rels))
	errs := make([]error, len(rels))
	parallel(len(rels), func(i int) {
		temps[i], errs[i] = fsx.WriteTemp(p.Path(rels[i]), data[rels[i]], 0o644)
	})
	for i, err := range errs {
		if err != nil {
			removeTemps(temps)
			return nil, errs[i]
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
