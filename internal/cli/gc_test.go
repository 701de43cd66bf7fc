package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcSettings reads the collector's settings without changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// TestDeferGC: Main's collector is off until the first collection, and
// back to the defaults after it; GOGC or GOMEMLIMIT leave it alone.
func TestDeferGC(t *testing.T) {
	defer restoreGC()
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		restoreGC()
		if deferGC(func(k string) string { return map[string]string{env: "200"}[k] }) {
			t.Errorf("with %s set, deferGC changed the collector", env)
		}
		if p, l := gcSettings(); p != 100 || l != math.MaxInt64 {
			t.Errorf("with %s set: GOGC %d, limit %d; want 100 and none", env, p, l)
		}
	}
	if !deferGC(func(string) string { return "" }) {
		t.Fatal("deferGC did nothing without GOGC or GOMEMLIMIT")
	}
	if p, l := gcSettings(); p != -1 || l != startGCAt {
		t.Fatalf("after deferGC: GOGC %d, limit %d; want off and %d", p, l, startGCAt)
	}
	// The finalizer runs in its own goroutine after a collection: collect
	// until it has (a bounded number of times, no clock).
	for i := 0; i < 100; i++ {
		runtime.GC()
		runtime.Gosched()
		if p, _ := gcSettings(); p == 100 {
			break
		}
	}
	if p, l := gcSettings(); p != 100 || l != math.MaxInt64 {
		t.Errorf("after the first collection: GOGC %d, limit %d; want 100 and none", p, l)
	}
}

// TestBulkGCKeepsItsRegime: after bulkGC, collections keep the collector
// off below bulkGCLimit (the finalizer arms itself again each time); when
// more survives, the limit follows the live heap (bulkLimit).
func TestBulkGCKeepsItsRegime(t *testing.T) {
	defer restoreGC()
	bulkGC(false)
	if gcMode.Load() == gcBulkMode {
		t.Fatal("bulkGC changed the collector though Main had not deferred it (GOGC or GOMEMLIMIT given)")
	}
	bulkGC(true)
	for range 3 {
		runtime.GC()
		time.Sleep(20 * time.Millisecond) // the finalizer runs on its own goroutine
	}
	if percent, limit := gcSettings(); gcMode.Load() != gcBulkMode || percent != -1 || limit != bulkGCLimit {
		t.Fatalf("after three small collections: regime %d, GOGC %d, limit %d; want bulk (%d), off, %d", gcMode.Load(), percent, limit, gcBulkMode, bulkGCLimit)
	}
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{1 << 20, bulkGCLimit},          // small: the floor
		{64 << 20, bulkGCLimit},         // 64 + 96 = 160
		{100 << 20, 196 << 20},          // plus 96 MB
		{150 << 20, 246 << 20},          // the final merge at 10,000 (docs/bench/mem10k.md)
		{400 << 20, 600 << 20},          // plus half
		{math.MaxUint64, math.MaxInt64}, // unknown: no limit
	} {
		if got := bulkLimit(c.live); got != c.want {
			t.Errorf("bulkLimit(%d MB alive) = %d MB, want %d MB", c.live>>20, got>>20, c.want>>20)
		}
	}
	keep := make([]byte, 160<<20)
	runtime.GC()
	deadline := time.Now().Add(2 * time.Second)
	for {
		if _, limit := gcSettings(); limit >= 256<<20 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(keep)
	if percent, limit := gcSettings(); gcMode.Load() != gcBulkMode || percent != -1 || limit < 256<<20 {
		t.Fatalf("with %d MB alive: regime %d, GOGC %d, limit %d MB; want bulk, off, at least 256 MB", len(keep)>>20, gcMode.Load(), percent, limit>>20)
	}
}
