//go:build unix

// Package faults holds fault and load tests of the grounded command (the
// reliability of the tool, not inter-coder reliability, which is
// internal/analysis).
// It has no code of its own: its tests build the real binary once (in
// TestMain, with 'go build' into a temporary directory) and run it as
// processes, the way researchers and scripts do, so that what is tested
// includes process start, locking between processes, the journal, fsync
// and the exit codes.
//
// # What is tested
//
//   - Crashes (crash_test.go): 'code add', 'code rename', 'code merge',
//     'memo add' and 'ingest' are started and killed with SIGKILL after a
//     random delay of 0–30 ms, over and over. After every kill the project
//     must load ('grounded check' exits 0, after at most one 'check
//     --repair'), every coding, memo and source whose command exited 0
//     must still be there, and the codings on disk must be exactly those
//     that the history says were added and not removed (a change and its
//     history entry are one transaction).
//   - Concurrency (concurrency_test.go): more than 20 processes adding
//     codings, memos and categories at once while another searches in a
//     loop. Afterwards the counts are exact, check passes, nothing hung,
//     and lock-wait failures ("busy") are counted.
//   - Corruption (corruption_test.go): a deleted or damaged search index,
//     a torn codings file, a codebook with a YAML error and a transcript
//     changed behind the tool's back, each with the message and the
//     repair the user is promised.
//   - Bad input (input_test.go): hostile source ids (path traversal,
//     slashes, control characters, 200 characters) are refused with
//     nothing written; a large transcript (5 MB, 50 MB with the long flag)
//     ingests within a memory bound; a 300,000-character turn can be
//     ingested, searched and coded.
//   - Full disk and permissions (disk_test.go): a read-only project
//     (non-root), or a full tmpfs (root); writes fail with a clear error
//     and leave the project as it was.
//
// # Running
//
//	go test ./internal/faults/                       # short: ~40 kills, 5 MB transcript
//	go test ./internal/faults/ -faults.iterations=500 -faults.long -v
//	GROUNDED_STRESS=1 go test ./internal/faults/ -v  # the same as the line above
//
// With -v the tests log what they tried and what happened (kills that
// landed mid-command, journals left behind, repairs needed, lock waits,
// peak memory); docs/reliability.md records the numbers of a run.
package faults
