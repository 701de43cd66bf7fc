//go:build linux

package project

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// batchStraceEnv names the project and the number of files the child
// process of TestCommitSyscallOrder commits ("DIR:N"); the test binary
// re-runs itself under strace with it set.
const batchStraceEnv = "GROUNDED_BATCH_STRACE_CHILD"

// TestBatchStraceChild is not a test on its own: it is the process
// TestCommitSyscallOrder traces. It does nothing unless batchStraceEnv is
// set.
func TestBatchStraceChild(t *testing.T) {
	dir, n, ok := strings.Cut(os.Getenv(batchStraceEnv), ":")
	if !ok {
		t.Skip("helper process of TestCommitSyscallOrder")
	}
	files, _ := strconv.Atoi(n)
	p, err := Init(dir, InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := p.Lock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	tx := p.Begin()
	for i := range files {
		tx.WriteFile(fmt.Sprintf("sources/T%d/original.txt", i), []byte(fmt.Sprintf("transcript %d\n", i)))
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestCommitSyscallOrder traces the system calls of a real commit (no
// hook) and checks the order durability needs. With batchMin files or
// more: no temporary file is fsynced; a syncfs starts after the last one
// is closed and ends before the journal is opened; the journal is in
// place before the first file is renamed; a syncfs starts after the last
// rename and ends before the journal is removed. Under batchMin: every
// temporary file is fsynced while open, and there is no syncfs.
//
// Planted bugs it catches: Batch.WriteTemp deferring without a Sync
// (writeTemps not syncing the Batch), the syncfs after the renames left
// out, the threshold ignored. It needs strace and skips without it.
func TestCommitSyscallOrder(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace not installed (apt-get install strace); the syscall order is not checked")
	}
	for _, n := range []int{batchMin + 36, batchMin / 4} {
		t.Run(fmt.Sprintf("files=%d", n), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "study")
			trace := filepath.Join(t.TempDir(), "trace")
			cmd := exec.Command(strace, "-f", "-o", trace,
				"-e", "trace=openat,close,fsync,fdatasync,syncfs,rename,renameat,renameat2,unlink,unlinkat",
				os.Args[0], "-test.run=^TestBatchStraceChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s:%d", batchStraceEnv, dir, n))
			if out, err := cmd.CombinedOutput(); err != nil {
				if strings.Contains(string(out), "ptrace") || strings.Contains(string(out), "Operation not permitted") {
					t.Skipf("strace cannot trace here: %s", out)
				}
				t.Fatalf("traced child failed: %v\n%s", err, out)
			}
			calls := readTrace(t, trace)
			if n >= batchMin {
				checkBatchOrder(t, calls, n)
			} else {
				checkPerFileOrder(t, calls, n)
			}
		})
	}
}

// A call is one system call in an strace -f trace: the index of the line
// where it starts and of the line where it returns.
type call struct {
	name, args string
	ret        int
	start, end int
}

var (
	straceLine    = regexp.MustCompile(`^(\d+) +(\w+)\((.*?)(?: <unfinished \.\.\.>|\) += (-?\d+).*)$`)
	straceResumed = regexp.MustCompile(`^(\d+) +<\.\.\. (\w+) resumed>(.*?)\) += (-?\d+)`)
)

// readTrace parses an strace -f output file into its calls, in the order
// they started.
func readTrace(t *testing.T, path string) []*call {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls []*call
	pending := map[string]*call{} // by pid
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		line := sc.Text()
		if m := straceResumed.FindStringSubmatch(line); m != nil {
			if c := pending[m[1]]; c != nil && c.name == m[2] {
				c.args += m[3]
				c.ret, _ = strconv.Atoi(m[4])
				c.end = i
				delete(pending, m[1])
			}
			continue
		}
		m := straceLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		c := &call{name: m[2], args: m[3], start: i, end: i}
		if m[4] == "" {
			pending[m[1]] = c
			c.end = 1 << 30
		} else {
			c.ret, _ = strconv.Atoi(m[4])
		}
		calls = append(calls, c)
	}
	return calls
}

// traced is what checkBatchOrder and checkPerFileOrder look at in a
// commit's trace.
type traced struct {
	temps         int // temporary files of the transcripts opened
	tempFsyncs    int // fsyncs of them while open
	lastTempClose int // the line where the last one was closed
	journalOpen   int // the line where the journal's temporary file is opened
	journalIn     int // the line where the journal is renamed into place
	firstRename   int // the first rename of a transcript into place
	lastRename    int // the line where the last one returned
	journalRemove int // the line where the journal is removed
	syncfs        []*call
}

// scanTrace finds in calls what checkBatchOrder and checkPerFileOrder
// look at. It takes the calls in the order they returned, when their
// effect on the descriptors is made.
func scanTrace(calls []*call) *traced {
	tr := &traced{journalOpen: -1, journalIn: -1, firstRename: -1, journalRemove: -1}
	open := map[string]bool{} // the descriptors of transcripts' temporary files
	byEnd := slices.Clone(calls)
	slices.SortStableFunc(byEnd, func(a, b *call) int { return a.end - b.end })
	for _, c := range byEnd {
		switch {
		case c.name == "openat" && strings.Contains(c.args, "/.tmp-original.txt.") && strings.Contains(c.args, "O_CREAT"):
			tr.temps++
			open[strconv.Itoa(c.ret)] = true
		case c.name == "openat" && strings.Contains(c.args, "/.tmp-"+JournalFile+".") && tr.journalOpen < 0:
			tr.journalOpen = c.start
		case (c.name == "fsync" || c.name == "fdatasync") && open[fdArg(c.args)]:
			tr.tempFsyncs++
		case c.name == "close" && open[fdArg(c.args)]:
			delete(open, fdArg(c.args))
			tr.lastTempClose = max(tr.lastTempClose, c.end)
		case c.name == "syncfs":
			tr.syncfs = append(tr.syncfs, c)
		case strings.HasPrefix(c.name, "rename") && strings.Contains(c.args, "/.tmp-"+JournalFile+"."):
			tr.journalIn = c.end
		case strings.HasPrefix(c.name, "rename") && strings.Contains(c.args, "/.tmp-original.txt."):
			if tr.firstRename < 0 {
				tr.firstRename = c.start
			}
			tr.lastRename = max(tr.lastRename, c.end)
		case strings.HasPrefix(c.name, "unlink") && strings.Contains(c.args, "/"+JournalFile+`"`):
			tr.journalRemove = c.start
		}
	}
	return tr
}

// fdArg returns the first argument of a call on a descriptor.
func fdArg(args string) string {
	fd, _, _ := strings.Cut(args, ",")
	return strings.TrimSpace(fd)
}

// syncfsBetween reports whether a syncfs started after line from and
// returned before line to.
func (tr *traced) syncfsBetween(from, to int) bool {
	for _, c := range tr.syncfs {
		if c.start > from && c.end < to && c.ret == 0 {
			return true
		}
	}
	return false
}

func checkBatchOrder(t *testing.T, calls []*call, n int) {
	t.Helper()
	tr := scanTrace(calls)
	if tr.temps != n || tr.journalOpen < 0 || tr.journalIn < 0 || tr.firstRename < 0 || tr.journalRemove < 0 {
		t.Fatalf("trace incomplete: %d temporary files (want %d), journal opened at %d, in place at %d, first rename at %d, journal removed at %d", tr.temps, n, tr.journalOpen, tr.journalIn, tr.firstRename, tr.journalRemove)
	}
	if tr.tempFsyncs != 0 {
		t.Errorf("%d of %d temporary files fsynced one by one in a transaction of %d (batchMin %d)", tr.tempFsyncs, n, n, batchMin)
	}
	if !tr.syncfsBetween(tr.lastTempClose, tr.journalOpen) {
		t.Errorf("no syncfs between the last temporary file (line %d) and the journal (line %d); syncfs calls %v", tr.lastTempClose+1, tr.journalOpen+1, lines(tr.syncfs))
	}
	if tr.journalIn > tr.firstRename {
		t.Errorf("a file was renamed into place (line %d) before the journal was (line %d)", tr.firstRename+1, tr.journalIn+1)
	}
	if !tr.syncfsBetween(tr.lastRename, tr.journalRemove) {
		t.Errorf("no syncfs between the last rename (line %d) and the removal of the journal (line %d); syncfs calls %v", tr.lastRename+1, tr.journalRemove+1, lines(tr.syncfs))
	}
}

func checkPerFileOrder(t *testing.T, calls []*call, n int) {
	t.Helper()
	tr := scanTrace(calls)
	if tr.temps != n {
		t.Fatalf("%d temporary files in the trace, want %d", tr.temps, n)
	}
	if tr.tempFsyncs != n {
		t.Errorf("%d of %d temporary files fsynced in a transaction under batchMin (%d)", tr.tempFsyncs, n, batchMin)
	}
	if len(tr.syncfs) != 0 {
		t.Errorf("syncfs in a transaction of %d files (under batchMin %d): %v", n, batchMin, lines(tr.syncfs))
	}
}

// lines returns the line numbers where calls started.
func lines(calls []*call) []int {
	var out []int
	for _, c := range calls {
		out = append(out, c.start+1)
	}
	return out
}
