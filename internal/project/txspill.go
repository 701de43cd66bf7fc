package project

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// Spilling a large transaction
//
// A Tx keeps the new content of each file in memory until Commit writes
// it to its temporary file. An ingest of ten thousand transcripts would
// hold them all (3.5 GB for 547 MB of files). After SpillWrites, WriteFile
// instead hands each content to ioWorkers writers at once, which write it
// to its temporary file beside its path and make it durable, exactly as
// Commit would have; the transaction keeps the temporary file's name and
// the SHA-256 of the content, and the memory it holds is bounded by
// spillInFlight, whatever the number and size of the files. Commit then
// writes the journal naming those temporary files: the order of the steps
// of a commit, and the journal, are the same as without spilling (every
// temporary file is durable before the journal names it).
//
// Temporary files are written before the commit point, so a transaction
// that spilled must be committed or discarded (Discard): a refused
// request removes what it spilled and the directories it created, and
// leaves the project as it was. A crash before the commit point leaves
// temporary files (.tmp-*) that no journal names, as a crash inside
// Commit always could; Check reports them and repair removes them.
//
// Paths are checked (checkPath) before anything is written to them, and
// again at Commit, as without spilling; a problem with a path or a write
// is kept and returned by Commit (the first in the order of the paths,
// as without spilling), so that the caller's own checks, made in the
// order it was given its input, come first.

// spillInFlight is the most content bytes handed to the writers and not
// yet written; WriteFile waits while more are (a content larger than
// that is written alone).
const spillInFlight = 8 << 20

// staged is a write spilled to its temporary file.
type staged struct {
	temp string // absolute; "" until written, or when err is set
	sum  string // hex SHA-256 of the content
	err  error  // of checkPath or of the write
}

// spiller writes a transaction's contents to their temporary files.
type spiller struct {
	p    *Project
	jobs chan spillJob
	wg   sync.WaitGroup // the writers
	mu   sync.Mutex
	cond *sync.Cond // signalled when inFlight falls
	// inFlight is the bytes handed to the writers and not written yet;
	// pending the number of such contents.
	inFlight, pending int
	staged            map[string]*staged // by project-relative path
	// dirs are the directories made for temporary files, parents first:
	// Discard removes those left empty.
	dirs []string
	// journaled is set once the journal names the temporary files: they
	// belong to the project from then on.
	journaled bool
	// written counts the contents staged. From the batchMin-th on, they
	// are written through batch, without an fsync each, and temps makes
	// them durable with its Sync (see "Writing a large transaction");
	// batch is nil before, and where there is no Batch.
	written    int
	batch      *fsx.Batch
	batchTried bool
}

type spillJob struct {
	rel   string
	data  []byte
	st    *staged
	batch *fsx.Batch // nil: fsx.WriteTemp
}

// SpillWrites makes WriteFile write each content to its temporary file
// at once instead of holding it until Commit (see "Spilling a large
// transaction"). The transaction must then be committed or discarded.
func (tx *Tx) SpillWrites() {
	if tx.spill != nil {
		return
	}
	sp := &spiller{p: tx.p, jobs: make(chan spillJob), staged: map[string]*staged{}}
	sp.cond = sync.NewCond(&sp.mu)
	for range ioWorkers {
		sp.wg.Add(1)
		go sp.writer()
	}
	tx.spill = sp
	for _, rel := range sortedKeys(tx.writes) { // held before: spill them too
		data := tx.writes[rel]
		delete(tx.writes, rel)
		sp.stage(rel, data)
	}
}

// writer writes the contents handed to it.
func (sp *spiller) writer() {
	defer sp.wg.Done()
	for j := range sp.jobs {
		var temp string
		var err error
		if j.batch != nil {
			temp, err = j.batch.WriteTemp(sp.p.Path(j.rel), j.data, 0o644)
		} else {
			temp, err = fsx.WriteTemp(sp.p.Path(j.rel), j.data, 0o644)
		}
		sum := SHA256(j.data)
		sp.mu.Lock()
		j.st.temp, j.st.sum, j.st.err = temp, sum, err
		sp.inFlight -= len(j.data)
		sp.pending--
		sp.cond.Broadcast()
		sp.mu.Unlock()
	}
}

// stage hands data, the new content of rel, to the writers, replacing an
// earlier content of rel.
func (sp *spiller) stage(rel string, data []byte) {
	sp.unstage(rel)
	st := &staged{}
	sp.staged[rel] = st
	if err := sp.p.checkPath("", "", rel); err != nil {
		st.err = err
		return
	}
	if err := sp.makeDir(filepath.Dir(sp.p.Path(rel))); err != nil {
		st.err = err
		return
	}
	sp.mu.Lock()
	for sp.inFlight > 0 && sp.inFlight+len(data) > spillInFlight {
		sp.cond.Wait()
	}
	sp.inFlight += len(data)
	sp.pending++
	sp.mu.Unlock()
	sp.jobs <- spillJob{rel: rel, data: data, st: st, batch: sp.nextBatch()}
}

// nextBatch counts a content staged and returns the Batch to write it
// through: nil (an fsync of its own) for the first batchMin-1, and where
// there is no Batch.
func (sp *spiller) nextBatch() *fsx.Batch {
	sp.written++
	if sp.written >= sp.p.batchMin() && !sp.batchTried {
		sp.batchTried = true
		sp.batch = sp.p.newBatch()
	}
	return sp.batch
}

// makeDir makes dir and its missing parents, remembering those it made.
func (sp *spiller) makeDir(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) || d == sp.p.Root || filepath.Dir(d) == d {
			return err
		}
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		sp.dirs = append(sp.dirs, missing[i])
	}
	return nil
}

// unstage forgets the content staged for rel, removing its temporary file.
func (sp *spiller) unstage(rel string) {
	st, ok := sp.staged[rel]
	if !ok {
		return
	}
	sp.wait()
	if st.temp != "" {
		_ = os.Remove(st.temp)
	}
	delete(sp.staged, rel)
}

// wait returns when every content handed to the writers is written.
func (sp *spiller) wait() {
	sp.mu.Lock()
	for sp.pending > 0 {
		sp.cond.Wait()
	}
	sp.mu.Unlock()
}

// finish waits for the writers and stops them; the spiller takes no more
// contents.
func (sp *spiller) finish() {
	if sp.jobs != nil {
		close(sp.jobs)
		sp.wg.Wait()
		sp.jobs = nil
	}
}

// closeBatch closes the spiller's Batch, if any.
func (sp *spiller) closeBatch() {
	if sp.batch != nil {
		_ = sp.batch.Close()
		sp.batch = nil
	}
}

// temps returns the temporary files and content hashes of rels, which
// are all staged, once they are all durable (the Sync of the batch that
// wrote some of them without an fsync), or the error of the first of
// them (in the order of rels) whose path or write failed, or of the
// Sync.
func (sp *spiller) temps(rels []string) (temps, sums []string, err error) {
	sp.finish()
	for _, rel := range rels {
		st := sp.staged[rel]
		if st.err != nil {
			return nil, nil, st.err
		}
		temps = append(temps, st.temp)
		sums = append(sums, st.sum)
	}
	if sp.batch != nil {
		err := sp.p.syncBatch(sp.batch)
		sp.closeBatch()
		if err != nil {
			return nil, nil, fmt.Errorf("commit: %w", err)
		}
	}
	return temps, sums, nil
}

// Discard removes what a transaction that spilled (SpillWrites) wrote
// before its commit point: its temporary files, and the directories made
// for them that are left empty. It does nothing once the journal is
// written (the temporary files then belong to the committed change), nor
// for a transaction that did not spill. The transaction must not be used
// afterwards.
func (tx *Tx) Discard() {
	sp := tx.spill
	if sp == nil || sp.journaled {
		return
	}
	sp.finish()
	sp.closeBatch()
	for _, st := range sp.staged {
		if st.temp != "" {
			_ = os.Remove(st.temp)
		}
	}
	sp.staged = map[string]*staged{}
	for i := len(sp.dirs) - 1; i >= 0; i-- {
		_ = os.Remove(sp.dirs[i]) // fails, as it should, when not empty
	}
	sp.dirs = nil
}

// Discard drops the edit's transaction (Tx.Discard): call it when an edit
// is not committed, or its Commit failed.
func (e *Edit) Discard() { e.Tx.Discard() }
