//go:build unix

package faults

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/bench/gen"
	"github.com/grounded-qda/grounded/corpus"
)

// treeSnapshot lists every file under dir (the project's parent, so that
// files written beside the project are seen too), without the search
// index and the lock.
func treeSnapshot(t *testing.T, dir string) map[string]string {
	return snapshot(t, dir)
}

// TestHostileNames gives ids and names that try to escape the project or
// are not valid file names: each is refused, and nothing is written
// anywhere.
func TestHostileNames(t *testing.T) {
	p, _ := newProject(t, 1, 10)
	top := filepath.Dir(p.Dir)
	in := filepath.Join(top, "in")
	write := func(name string) string {
		path := filepath.Join(in, name)
		if err := os.WriteFile(path, []byte(gen.Transcript(1, 9, 6)), 0o644); err != nil {
			t.Fatalf("cannot create %q: %v", name, err)
		}
		return path
	}
	good := write("good.txt")
	long := strings.Repeat("a", 200)
	cases := []struct {
		name string
		args []string
	}{
		{"--id ../../etc/x", []string{"ingest", "--id", "../../etc/x", good}},
		{"--id with a slash", []string{"ingest", "--id", "a/b", good}},
		{"--id /abs", []string{"ingest", "--id", "/tmp/x", good}},
		{"--id ..", []string{"ingest", "--id", "..", good}},
		{"--id with a backslash", []string{"ingest", "--id", `a\b`, good}},
		{"--id with a newline", []string{"ingest", "--id", "a\nb", good}},
		{"--id with a control character", []string{"ingest", "--id", "a\x01b", good}},
		{"--id with a space", []string{"ingest", "--id", "P 01", good}},
		{"--id of 200 characters", []string{"ingest", "--id", long, good}},
		{"--id starting with a dot", []string{"ingest", "--id", ".hidden", good}},
		{"--id starting with a dash", []string{"ingest", "--id=-rf", good}},
		{"--participant ../x", []string{"ingest", "--id", "ok1", "--participant", "../x", good}},
		{"file name with a newline", []string{"ingest", write("bad\nname.txt")}},
		{"file name with a space", []string{"ingest", write("P 01.txt")}},
		{"file name ..txt", []string{"ingest", write("..txt")}},
		{"non-ASCII file name", []string{"ingest", write("Zoë.txt")}},
		{"file name of 200 characters", []string{"ingest", write(long + ".txt")}},
		{"file name with a quote and a semicolon", []string{"ingest", write(`a";rm -rf x.txt`)}},
		{"reference escaping the project", []string{"code", "add", "Trust", "../../etc/passwd#1"}},
		{"reference with a slash", []string{"code", "add", "Trust", "a/b#1"}},
		{"coder with slashes", []string{"--coder", "../../evil", "code", "add", "Trust", "S1#1"}},
		{"coder with a newline", []string{"--coder", "a\nb", "code", "add", "Trust", "S1#1"}},
		{"empty code name", []string{"code", "add", " ", "S1#1"}},
		{"show ../x", []string{"show", "../x"}},
		{"memo about a source escaping the project", []string{"memo", "add", "--source", "../../x", "-m", "hi"}},
	}
	before := treeSnapshot(t, top)
	for _, c := range cases {
		r := p.run(c.args...)
		if r.Code == 0 {
			t.Errorf("%s: accepted:\n%s", c.name, r)
		} else if r.Code != 1 && r.Code != 2 {
			t.Errorf("%s: exit %d, want 1 or 2:\n%s", c.name, r.Code, r)
		}
		if strings.Contains(r.Stderr, "panic") || strings.TrimSpace(r.Stderr) == "" {
			t.Errorf("%s: no clear error:\n%s", c.name, r)
		}
		if d := diffSnapshots(before, treeSnapshot(t, top)); d != "" {
			t.Errorf("%s: files were written: %s", c.name, d)
			before = treeSnapshot(t, top)
		}
		t.Logf("%-40s exit %d: %s", c.name, r.Code, firstLines(r.Stderr, 1))
	}
	p.requireCheck()
	// The same file under a valid id goes in.
	p.ok("ingest", "--id", "ok2", good)
	// A code name is not a file name: white space in it, a newline
	// included, is cleaned to single spaces.
	p.ok("code", "add", "a\n\tb", "S1#1")
	var codes []struct{ Name string }
	p.okJSON(&codes, "code", "list", "--json")
	if len(codes) != 1 || codes[0].Name != "a b" {
		t.Errorf("code names: %+v, want [a b]", codes)
	}
	p.requireCheck()
}

// peakRSS formats a peak resident set size.
func peakRSS(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }

// TestLargeTranscript ingests a generated transcript of 5 MB (50 MB with
// the long flag), searches and codes it, and bounds the peak memory of
// ingest.
func TestLargeTranscript(t *testing.T) {
	mb := 5
	if long() {
		mb = 50
	}
	p, _ := newProject(t, 0, 0)
	// Turns of about 300 bytes: a 5 MB transcript has ~17,000 turns.
	turns := mb << 20 / 280
	text := gen.Transcript(3, 1, turns)
	path := filepath.Join(t.TempDir(), "Big.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	size := len(text)
	r := p.run("ingest", "--json", path)
	if r.Code != 0 {
		t.Fatalf("ingest: %s", r)
	}
	var res []struct{ Turns, Chars int }
	if err := json.Unmarshal([]byte(r.Stdout), &res); err != nil || len(res) != 1 {
		t.Fatalf("ingest --json: %v\n%s", err, r.Stdout)
	}
	t.Logf("ingest of a %.1f MB transcript (%d turns): %s, peak RSS %s", float64(size)/(1<<20), res[0].Turns, r.Dur.Round(time.Millisecond), peakRSS(r.MaxRSSKB))
	// Memory: bounded by a small multiple of the file, plus the runtime.
	limit := int64(size)/1024*20 + 150*1024
	if r.MaxRSSKB > limit {
		t.Errorf("ingest of %d MB used %s, more than %s", mb, peakRSS(r.MaxRSSKB), peakRSS(limit))
	}
	s := p.run("search", "--json", "-n", "3", `"warm handoff"`)
	if s.Code != 0 || !strings.Contains(s.Stdout, "Big#") {
		t.Fatalf("search: %s", s)
	}
	t.Logf("search: %s, peak RSS %s", s.Dur.Round(time.Millisecond), peakRSS(s.MaxRSSKB))
	c := p.run("code", "add", "Trust", fmt.Sprintf("Big#%d:0-5", res[0].Turns))
	if c.Code != 0 {
		t.Fatalf("code add: %s", c)
	}
	t.Logf("code add: %s, peak RSS %s", c.Dur.Round(time.Millisecond), peakRSS(c.MaxRSSKB))
	ch := p.run("check")
	if ch.Code != 0 {
		t.Fatalf("check: %s", ch)
	}
	t.Logf("check: %s, peak RSS %s", ch.Dur.Round(time.Millisecond), peakRSS(ch.MaxRSSKB))
}

// TestLongTurn: one turn of 300,000 characters can be ingested, searched
// and coded, by offsets and by quote, near its end.
func TestLongTurn(t *testing.T) {
	p, _ := newProject(t, 0, 0)
	text := gen.LongTurnTranscript(5, 300_000)
	path := filepath.Join(t.TempDir(), "Long.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := corpus.Parse(path, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	turn := tr.Turns[gen.LongTurn-1]
	n := turn.Len()
	if n < 300_000 {
		t.Fatalf("the long turn has %d characters", n)
	}
	r := p.run("ingest", path)
	if r.Code != 0 {
		t.Fatalf("ingest: %s", r)
	}
	t.Logf("ingest of one %d-character turn: %s, peak RSS %s", n, r.Dur.Round(time.Millisecond), peakRSS(r.MaxRSSKB))
	s := p.run("search", "--json", "-n", "1", "trust")
	if s.Code != 0 || !strings.Contains(s.Stdout, fmt.Sprintf(`"Long#%d"`, gen.LongTurn)) {
		t.Fatalf("search: %s", firstLines(s.String(), 5))
	}
	t.Logf("search: %s", s.Dur.Round(time.Millisecond))
	// By offsets, near the end.
	ref := fmt.Sprintf("Long#%d:%d-%d", gen.LongTurn, n-60, n-10)
	want, _ := corpus.Slice(turn.Text, n-60, n-10)
	c := p.run("code", "add", "--json", "Trust", ref)
	if c.Code != 0 || !strings.Contains(c.Stdout, jsonString(want)) {
		t.Fatalf("code add %s: want quote %q: %s", ref, want, c)
	}
	t.Logf("code add by offsets: %s", c.Dur.Round(time.Millisecond))
	// By quote: the last sentence of the turn, unique there.
	words := strings.Fields(turn.Text)
	quote := strings.Join(words[len(words)-12:], " ")
	if strings.Count(turn.Text, quote) != 1 {
		t.Skipf("quote %q is not unique in the turn", quote)
	}
	q := p.run("code", "add", "--json", "Hope", fmt.Sprintf("Long#%d", gen.LongTurn), "--quote", quote)
	if q.Code != 0 || !strings.Contains(q.Stdout, jsonString(quote)) {
		t.Fatalf("code add --quote: %s", q)
	}
	t.Logf("code add by quote: %s", q.Dur.Round(time.Millisecond))
	p.requireCheck()
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
