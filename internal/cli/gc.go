package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// The garbage collector of a short-lived command.
//
// Go's collector starts when the heap reaches 4 MB and then at twice what
// survived, so a command that reads a study of 17 interviews (some 15 MB
// allocated, most of it alive until the command prints) collects four or
// five times, to free almost nothing, before it exits and the operating
// system takes everything back. Main therefore turns the collector off
// until the process has used startGCAt bytes (a memory limit, which the
// runtime enforces by collecting); at the first collection it restores
// the defaults (GOGC=100, no limit), so that a command that reads 100,000
// codings collects as it always did once it is past that size, and its
// peak memory stays what it was. A long-running command (serve) restores
// the defaults when it starts. GOGC or GOMEMLIMIT in the environment
// leave the runtime as they set it.

// startGCAt is the memory limit below which a command does not collect:
// larger than what an everyday command at a study's usual size allocates,
// small beside the documented memory bounds (a refused ingest stays under
// 100 MB, docs/reliability.md).
const startGCAt = 48 << 20

// deferGC turns the collector off until the process has used startGCAt
// bytes, unless getenv names GOGC or GOMEMLIMIT. It reports whether it
// did.
func deferGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(startGCAt)
	debug.SetGCPercent(-1)
	gcMode.Store(gcDeferredMode)
	// The finalizer of an object nothing refers to runs after the first
	// collection. It must not be a tiny allocation (under 16 bytes
	// without pointers), which the runtime may never finalize.
	sentinel := &gcSentinel{}
	runtime.SetFinalizer(sentinel, func(*gcSentinel) {
		if gcMode.CompareAndSwap(gcDeferredMode, gcDefaultMode) {
			restoreGC()
		}
	})
	return true
}

// The collector of a bulk command.
//
// An ingest or a full build of the index allocates gigabytes at 1,000
// interviews while what survives stays small (the ingest holds names, not
// contents: internal/project's spilled transaction), so the default
// collector (at twice what survived) runs hundreds of times: a third more
// CPU than the build itself needs. bulkGC makes the collector run when
// the heap reaches bulkGCLimit, or what survived the last collection
// plus bulkHeadroom or half of it, whichever is more, when that is more
// (bulkLimit): the limit follows what the process needs, so memory is
// never held back from it. Measured at 1,000 transcripts
// (docs/benchmarks.md, "Round four"): 70.9 s of CPU with the defaults,
// 57.3 s with a limit of 160 MB. At 10,000 an earlier version, which went
// back to the defaults once 80 MB survived, spent 130 s of CPU
// collecting (GODEBUG=gctrace=1); three times the live heap was faster
// there but broke the documented bound of one 5 MB transcript
// (TestLargeTranscript: 275 MB against 249). Twice the live heap (the
// default goal) let the final merge of a 10,000-interview index, whose
// live heap rises for a moment with one term's postings, reach an
// anonymous peak of 297 MB, and the build was killed in a memory cgroup
// of 300 MB (docs/bench/mem10k.md); the headroom is now 96 MB, or half
// the live heap past 192 MB alive. While the heap alive is small (55 MB in
// that build) the limit is bulkGCLimit, as before.

// bulkGCLimit is the heap at which a bulk command collects, and
// bulkHeadroom the least it may grow past what survived.
const (
	bulkGCLimit  = 160 << 20
	bulkHeadroom = 96 << 20
)

// gcMode is the collector's regime: which of deferGC, bulkGC or the
// defaults set it last. The runtime's settings are the process's own, so
// this is too.
var gcMode atomic.Int32

const (
	gcDefaultMode int32 = iota
	gcDeferredMode
	gcBulkMode
)

// bulkGC sets the collector of a bulk command, when Main deferred it
// (deferred is false when GOGC or GOMEMLIMIT were given, or in tests that
// run commands in process).
func bulkGC(deferred bool) {
	if !deferred {
		return
	}
	gcMode.Store(gcBulkMode)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(bulkGCLimit)
	armBulkGC()
}

// armBulkGC leaves an object whose finalizer runs after the next
// collection: it sets the limit from the live heap, and arms itself
// again.
func armBulkGC() {
	sentinel := &gcSentinel{}
	runtime.SetFinalizer(sentinel, func(*gcSentinel) {
		if gcMode.Load() != gcBulkMode {
			return
		}
		debug.SetMemoryLimit(bulkLimit(liveHeap()))
		armBulkGC()
	})
}

// bulkLimit is the memory limit of a bulk command after a collection that
// left live bytes alive: bulkGCLimit, or live plus bulkHeadroom or half
// of live, whichever is more, when that is more.
func bulkLimit(live uint64) int64 {
	if live > math.MaxInt64/3 {
		return math.MaxInt64 // unknown
	}
	l := int64(live)
	return max(bulkGCLimit, l+max(bulkHeadroom, l/2))
}

// liveHeap is the heap that survived the last collection, in bytes.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return math.MaxUint64 // unknown: the defaults
	}
	return s[0].Value.Uint64()
}

type gcSentinel struct {
	_ *byte
	_ [16]byte
}

// restoreGC sets the collector back to the runtime's defaults.
func restoreGC() {
	gcMode.Store(gcDefaultMode)
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}
