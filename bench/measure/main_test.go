//go:build linux

package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRssAnonKB(t *testing.T) {
	dir := t.TempDir()
	status := "Name:\tgrounded\nVmHWM:\t  1572932 kB\nVmRSS:\t  1368792 kB\nRssAnon:\t  140532 kB\nRssFile:\t 1228260 kB\n"
	p := filepath.Join(dir, "status")
	if err := os.WriteFile(p, []byte(status), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := rssAnonKB(p); got != 140532 {
		t.Errorf("rssAnonKB = %d, want 140532 (the RssAnon line, not VmRSS or RssFile)", got)
	}
	if got := rssAnonKB(filepath.Join(dir, "gone")); got != 0 {
		t.Errorf("rssAnonKB of a process that is gone = %d, want 0", got)
	}
}

func TestSampleAnonOwnProcess(t *testing.T) {
	c := make(chan int64)
	go sampleAnon(os.Getpid(), c)
	c <- 0
	if kb := <-c; kb <= 0 {
		t.Errorf("sampleAnon of the test's own process = %d kB, want more than 0", kb)
	}
}
