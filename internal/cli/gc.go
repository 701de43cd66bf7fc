package cli

import (
	"math"
	"runtime"
	"runtime/debug"
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
	// The finalizer of an object nothing refers to runs after the first
	// collection. It must not be a tiny allocation (under 16 bytes
	// without pointers), which the runtime may never finalize.
	sentinel := &gcSentinel{}
	runtime.SetFinalizer(sentinel, func(*gcSentinel) { restoreGC() })
	return true
}

type gcSentinel struct {
	_ *byte
	_ [16]byte
}

// restoreGC sets the collector back to the runtime's defaults.
func restoreGC() {
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}
