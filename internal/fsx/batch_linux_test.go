package fsx

import "testing"

// TestSyncfsReportsErrors: a Batch is made on Linux 5.8 and later only.
func TestSyncfsReportsErrors(t *testing.T) {
	for release, want := range map[string]bool{
		"6.18.44-fc-v782": true, "5.8.0": true, "5.10.0-rc1": true, "5.15.0-91-generic": true,
		"5.7.19": false, "4.19.0-25-amd64": false, "3.10.0-1160.el7.x86_64": false,
		"": false, "x.y": false, "6": false,
	} {
		if got := syncfsReportsErrors(release); got != want {
			t.Errorf("syncfsReportsErrors(%q) = %v, want %v", release, got, want)
		}
	}
}
