package index

import (
	"testing"

	"github.com/grounded-qda/grounded/internal/project"
)

// TestSyncWhileSkippedInMemory: an index in memory (OpenMem, or a read-only
// project's) is changed in place by Sync, without a new generation. When a
// source it holds can no longer be read (its codings are broken), Sync
// deletes its documents and lists it in Skipped, counting nothing added,
// updated or removed: SyncWhile must not call the search that saw them
// fresh.
func TestSyncWhileSkippedInMemory(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	if got := refs(find(t, ix, Query{Text: "kind"})); len(got) != 1 || got[0] != "P10#2" {
		t.Fatalf("before: %v", got)
	}
	commit(t, p, func(tx *project.Tx) {
		tx.WriteFile(project.ShardRel("ana", "P10"), []byte("{not json\n"))
	})
	var res *Result
	var serr error
	st, fresh, err := ix.SyncWhile(p, func() { res, serr = ix.Search(Query{Text: "kind"}) })
	if err != nil || serr != nil {
		t.Fatalf("SyncWhile: %v, search: %v", err, serr)
	}
	after := refs(find(t, ix, Query{Text: "kind"}))
	if len(st.Skipped) != 1 || len(after) != 0 {
		t.Fatalf("setup: skipped %v, then %v", st.Skipped, after)
	}
	if fresh {
		t.Errorf("fresh, with the search's hits %v; Sync dropped P10 (skipped %v) and a search now finds %v", refs(res), st.Skipped, after)
	}
}

// TestSyncWhileConcurrentSyncInMemory: Index's methods may be called from
// several goroutines. When another Sync of an index in memory adds a
// source while SyncWhile's search runs (here, right after it), this Sync
// has nothing left to do and counts nothing; the index changed in place
// (same idx, gen ""), and SyncWhile calls fresh a search that did not see
// the source.
func TestSyncWhileConcurrentSyncInMemory(t *testing.T) {
	p := fixture(t)
	ix := syncMem(t, p)
	writeSource(t, p, "P3", "Dee", turnsOf("Dee: An okapi."))
	var res *Result
	var serr, oerr error
	st, fresh, err := ix.SyncWhile(p, func() {
		res, serr = ix.Search(Query{Text: "okapi"})
		_, oerr = ix.Sync(p) // another goroutine's, during the scan
	})
	if err != nil || serr != nil || oerr != nil {
		t.Fatalf("SyncWhile: %v, search: %v, Sync: %v", err, serr, oerr)
	}
	after := refs(find(t, ix, Query{Text: "okapi"}))
	if fresh && len(after) != len(res.Hits) {
		t.Errorf("fresh (%+v), with the search's hits %v; a search now finds %v", st, refs(res), after)
	}
}
