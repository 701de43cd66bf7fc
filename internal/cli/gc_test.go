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

// TestBulkGCKeepsItsRegime: after bulkGC, collections that leave little
// alive keep the collector off below bulkGCLimit (the finalizer arms
// itself again each time); one that leaves half the limit alive restores
// the defaults.
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
	if gcMode.Load() != gcBulkMode || debug.SetGCPercent(-1) != -1 {
		t.Fatalf("after three small collections the regime is %d, want bulk (%d) with the collector off", gcMode.Load(), gcBulkMode)
	}
	if !keepBulkGC(bulkGCLimit/2-1) || keepBulkGC(bulkGCLimit/2) {
		t.Error("keepBulkGC: the bulk regime must end when half the limit survives a collection")
	}
	keep := make([]byte, bulkGCLimit/2+1<<20)
	runtime.GC()
	deadline := time.Now().Add(2 * time.Second)
	for gcMode.Load() == gcBulkMode && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(keep)
	if gcMode.Load() != gcDefaultMode || debug.SetGCPercent(100) != 100 {
		t.Fatalf("with %d MB alive the regime is %d, want the defaults", len(keep)>>20, gcMode.Load())
	}
}
