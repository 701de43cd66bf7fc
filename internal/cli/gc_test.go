package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
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
