package index

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// Tests that need another process run the test binary again with
// helperEnv set to what it should do and the project's root as its last
// argument (see TestMain and runHelper).
const helperEnv = "GROUNDED_INDEX_TEST_HELPER"

// helperResult is what a helper prints on its last line.
type helperResult struct {
	Stats SyncStats
	Total uint64
	Err   string
}

// runHelper is the helper process:
//
//   - "search": Open, Sync, Search trust, Close; prints a helperResult;
//   - "hold": the same, but says "ready" after the search and keeps the
//     index open until its standard input is closed, then searches again
//     with the index it has had open all along.
func runHelper(mode, root string) int {
	out := func(st SyncStats, total uint64, err error) int {
		r := helperResult{Stats: st, Total: total}
		if err != nil {
			r.Err = err.Error()
		}
		data, _ := json.Marshal(r)
		fmt.Println(string(data))
		return 0
	}
	p, err := project.Open(root)
	if err != nil {
		return out(SyncStats{}, 0, err)
	}
	ix, err := Open(p.Path(project.CacheDir, "index"), Options{Timeout: 2 * time.Second})
	if err != nil {
		return out(SyncStats{}, 0, err)
	}
	defer ix.Close()
	st, err := ix.Sync(p)
	if err != nil {
		return out(st, 0, err)
	}
	res, err := ix.Search(Query{Text: "trust"})
	if err != nil {
		return out(st, 0, err)
	}
	if mode == "hold" {
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin)
		if res, err = ix.Search(Query{Text: "trust"}); err != nil {
			return out(st, 0, err)
		}
	}
	return out(st, res.Total, nil)
}

// helper starts the test binary as a helper.
func helper(t *testing.T, mode string, p *project.Project) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$", p.Root)
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	return cmd
}

func parseHelper(t *testing.T, out []byte) helperResult {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	var r helperResult
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		t.Fatalf("helper output %q: %v", out, err)
	}
	return r
}

// A process that keeps the index open for reading (as a long-running
// workbench would) holds up neither readers nor writers: 20 searches and
// 5 Syncs that write a change complete, none with ErrBusy, and the holder
// still searches its own generation afterwards.
func TestReadersNeverBlock(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	want := find(t, ix, Query{Text: "trust"}).Total
	ix.Close()

	hold := helper(t, "hold", p)
	stdin, err := hold.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	hold.Stderr = os.Stderr
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer hold.Process.Kill()
	rd := bufio.NewReader(stdout)
	if line, err := rd.ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("holder: %q %v", line, err)
	}

	searches, writes := 0, 0
	for i := range 25 {
		if i%5 == 4 {
			// A write: a codings change, then a Sync that writes it.
			code := fmt.Sprintf("Code %d", i)
			writeCodings(t, p, "ana", "P10", []coding.Coding{{Code: code, Turn: 2, Start: 15, End: 19, Quote: "kind"}})
			ix, err := Open(indexDir(p), Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			st, err := ix.Sync(p)
			if err != nil || st.Updated != 1 {
				t.Fatalf("write %d: %+v %v", i, st, err)
			}
			if r := find(t, ix, Query{Codes: []string{code}}); r.Total != 1 {
				t.Errorf("write %d: %d hits for the new code", i, r.Total)
			}
			ix.Close()
			writes++
			continue
		}
		ix, st := openSync(t, p)
		if r := find(t, ix, Query{Text: "trust"}); r.Total != want || st.Notice != "" {
			t.Errorf("search %d: %d hits, want %d; %+v", i, r.Total, want, st)
		}
		ix.Close()
		searches++
	}
	stdin.Close()
	rest, _ := io.ReadAll(rd)
	if err := hold.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	if r := parseHelper(t, rest); r.Err != "" || r.Total != want {
		t.Errorf("holder, after the writes: %+v, want %d hits", r, want)
	}
	if searches != 20 || writes != 5 {
		t.Fatalf("%d searches, %d writes", searches, writes)
	}
	// The replaced generations are gone.
	gens, _ := filepath.Glob(filepath.Join(indexDir(p), GenPrefix+"*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v", gens)
	}
}

// A root.bolt cut short or with a flipped bit must not crash a search
// (bolt maps the file: reading past its end is SIGBUS, which no recover
// catches); the index is rebuilt and says so when it could not be used.
// Each search runs in its own process, so that a crash fails the test
// instead of killing it.
func TestDamagedRootBolt(t *testing.T) {
	p := fixture(t)
	ix, _ := openSync(t, p)
	want := find(t, ix, Query{Text: "trust"}).Total
	ix.Close()

	type damage struct {
		name string
		do   func(data []byte) []byte
	}
	var cases []damage
	for _, n := range []int{0, 100, 4096, 4096 + 200, 8192, 3 * 4096, -4096, -1} {
		cases = append(cases, damage{fmt.Sprintf("cut to %d", n), func(d []byte) []byte {
			if n < 0 {
				return d[:max(len(d)+n, 0)]
			}
			return d[:min(n, len(d))]
		}})
	}
	for _, off := range []int{16 + 8, 16 + 40, 4096 + 16 + 40, 4096 + 16 + 16, 2*4096 + 3, 3*4096 + 16 + 8, 3*4096 + 40, 4*4096 + 20, 5*4096 + 30} {
		for _, bit := range []byte{0x01, 0x10, 0x80} {
			cases = append(cases, damage{fmt.Sprintf("bit %#x at %d", bit, off), func(d []byte) []byte {
				if off < len(d) {
					d[off] ^= bit
				}
				return d
			}})
		}
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			bolt := filepath.Join(curGen(t, indexDir(p)), "store", "root.bolt")
			data, err := os.ReadFile(bolt)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bolt, c.do(bytes.Clone(data)), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := helper(t, "search", p)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("the search crashed: %v\n%s", err, stderr.Bytes())
			}
			r := parseHelper(t, out)
			if r.Err != "" || r.Total != want {
				t.Errorf("%+v, want %d hits", r, want)
			}
			if r.Stats.Rebuilt != (r.Stats.Notice != "") || r.Stats.Rebuilt && !strings.Contains(r.Stats.Notice, "rebuilt") {
				t.Errorf("rebuilt %v, notice %q", r.Stats.Rebuilt, r.Stats.Notice)
			}
			t.Logf("rebuilt %v: %s", r.Stats.Rebuilt, r.Stats.Notice)
		})
	}
}
