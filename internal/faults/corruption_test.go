//go:build unix

package faults

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// queries are searched before and after the index is damaged; the hits
// must be the same.
var queries = []string{"trust", "recovery", `"warm handoff"`, "relapse -detox", "boundaries peer"}

// searchRefs runs a search and returns the references of all its hits, and
// stderr.
func (p *proj) searchRefs(q string) ([]string, string) {
	p.t.Helper()
	r := p.run("search", "--json", "-n", "0", q)
	if r.Code != 0 {
		p.t.Fatalf("search %s: %s", q, r)
	}
	var res struct {
		Hits []struct{ Ref string }
	}
	if err := json.Unmarshal([]byte(r.Stdout), &res); err != nil {
		p.t.Fatalf("search %s: %v", q, err)
	}
	var refs []string
	for _, h := range res.Hits {
		refs = append(refs, h.Ref)
	}
	slices.Sort(refs)
	return refs, r.Stderr
}

// allHits searches every query and returns the hits and all of stderr.
func (p *proj) allHits() (map[string][]string, string) {
	out := map[string][]string{}
	var stderr strings.Builder
	for _, q := range queries {
		refs, e := p.searchRefs(q)
		out[q] = refs
		stderr.WriteString(e)
	}
	return out, stderr.String()
}

func indexFiles(t *testing.T, p *proj) []string {
	var files []string
	_ = filepath.WalkDir(filepath.Join(p.Dir, ".grounded", "index"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "lock" {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no index files")
	}
	return files
}

// TestDamagedIndex deletes or damages the search index in several ways;
// the next search must work, give the same hits as before, and say on
// stderr that the index was rebuilt when it was damaged.
func TestDamagedIndex(t *testing.T) {
	p, _ := newProject(t, 3, 60)
	want, _ := p.allHits()
	if len(want["trust"]) == 0 {
		t.Fatal("no hits for trust: the corpus is too small")
	}
	garbage := []byte(strings.Repeat("\x00\xffgarbage\x13\x37", 700))
	cases := []struct {
		name   string
		damage func()
		notice bool // stderr must say the index was rebuilt (all do)
	}{
		{"deleted .grounded", func() {
			if err := os.RemoveAll(filepath.Join(p.Dir, ".grounded")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"garbage in every file", func() {
			for _, f := range indexFiles(t, p) {
				os.WriteFile(f, garbage, 0o644)
			}
		}, true},
		{"garbage manifest", func() {
			os.WriteFile(filepath.Join(p.Dir, ".grounded", "index", "manifest.json"), garbage, 0o644)
		}, true},
		// Near the start of a segment: its stored fields, which every
		// search with hits reads. (Since the index stopped storing the
		// text, schema 5, they are the first ~10% of a segment, no longer
		// the first ~30%. Garbage in the postings of words no query reads
		// goes unnoticed, as it always did: bleve keeps no checksum it
		// checks, and the hits stay right.)
		{"garbage inside the segments", func() {
			for _, f := range indexFiles(t, p) {
				if strings.HasSuffix(f, ".zap") {
					overwrite(t, f, garbage, 0.05)
				}
			}
		}, true},
		{"garbage at the end of the segments", func() {
			for _, f := range indexFiles(t, p) {
				if strings.HasSuffix(f, ".zap") {
					overwrite(t, f, garbage[:200], 1)
				}
			}
		}, true},
		{"truncated segments", func() {
			for _, f := range indexFiles(t, p) {
				if strings.HasSuffix(f, ".zap") {
					os.Truncate(f, 100)
				}
			}
		}, true},
		{"empty root.bolt", func() {
			for _, f := range indexFiles(t, p) {
				if filepath.Base(f) == "root.bolt" {
					os.Truncate(f, 0)
				}
			}
		}, true},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			// Each case damages the index the previous one left, as it
			// was rebuilt by a search (index rebuild would hide some
			// damage: it starts an index with a single snapshot).
			p.t = t
			c.damage()
			got, stderr := p.allHits()
			for _, q := range queries {
				if !slices.Equal(got[q], want[q]) {
					t.Errorf("search %s after %s: %d hits, want %d", q, c.name, len(got[q]), len(want[q]))
				}
			}
			if c.notice && !strings.Contains(stderr, "rebuilt") {
				t.Errorf("after %s, stderr does not say the index was rebuilt:\n%s", c.name, stderr)
			}
			t.Logf("%s: stderr %q", c.name, firstLines(stderr, 3))
			// And once rebuilt, quietly fine.
			if _, again := p.allHits(); strings.Contains(again, "damaged") {
				t.Errorf("the index is still damaged on the second search:\n%s", again)
			}
		})
	}
}

// overwrite writes data into file at the fraction at of its length (1:
// the last bytes), keeping its size.
func overwrite(t *testing.T, file string, data []byte, at float64) {
	fh, err := os.OpenFile(file, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	n := min(int64(len(data)), st.Size())
	off := int64(float64(st.Size()-n) * at)
	if _, err := fh.WriteAt(data[:n], off); err != nil {
		t.Fatal(err)
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestTornCodingsFile cuts the last line of a codings file as a crash or
// a full disk would: commands name the file and line, and 'check
// --repair' moves the broken line aside and keeps the others.
func TestTornCodingsFile(t *testing.T) {
	p, trs := newProject(t, 1, 40)
	sl := &slicer{trs: trs}
	for range 5 {
		p.ok("code", "add", "Trust", sl.next(t))
	}
	file := filepath.Join(p.Dir, "codings", "tester", "S1.jsonl")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	torn := `{"id":"0123456789ab","code":"Trust","source":"S1","tu`
	if err := os.WriteFile(file, append(data, torn...), 0o644); err != nil {
		t.Fatal(err)
	}
	loc := regexp.MustCompile(`codings/tester/S1\.jsonl:6\b`)
	for _, args := range [][]string{{"codings", "list"}, {"code", "add", "Trust", sl.next(t)}, {"check"}} {
		r := p.run(args...)
		if r.Code == 0 {
			t.Errorf("grounded %s succeeded on a torn codings file", strings.Join(args, " "))
		}
		if !loc.MatchString(r.Stdout + r.Stderr) {
			t.Errorf("grounded %s does not name the file and line:\n%s", strings.Join(args, " "), r)
		}
	}
	r := p.run("check", "--repair")
	if !strings.Contains(r.Stdout, "fixed") {
		t.Errorf("check --repair did not fix the torn line:\n%s", r)
	}
	p.requireCheck()
	if got, _ := os.ReadFile(file); string(got) != string(data) {
		t.Errorf("after repair the file is\n%s\nwant the lines before the torn one:\n%s", got, data)
	}
	if rej, _ := os.ReadFile(file + ".rejected"); string(rej) != torn+"\n" {
		t.Errorf("%s.rejected holds %q, want the torn line", file, rej)
	}
	if n := len(p.codings()); n != 5 {
		t.Errorf("%d codings after repair, want 5", n)
	}
	p.ok("code", "add", "Trust", sl.next(t))
}

// TestCodebookSyntaxError: a hand edit that breaks codebook.yaml gives an
// error naming the file and the line.
func TestCodebookSyntaxError(t *testing.T) {
	p, _ := newProject(t, 1, 10)
	bad := "version: 1\ncodes:\n  - name: Trust\n    description: \"unclosed\n  - name: Hope\n"
	if err := os.WriteFile(filepath.Join(p.Dir, "codebook.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	loc := regexp.MustCompile(`codebook\.yaml:\d+`)
	for _, args := range [][]string{{"code", "list"}, {"code", "add", "Trust", "S1#1"}, {"check"}} {
		r := p.run(args...)
		if r.Code == 0 || !loc.MatchString(r.Stdout+r.Stderr) {
			t.Errorf("grounded %s on a broken codebook: want an error naming codebook.yaml:LINE, got\n%s", strings.Join(args, " "), r)
		}
	}
	if n := len(p.codings()); n != 0 {
		t.Errorf("%d codings were written", n)
	}
}

// TestTranscriptTampered: turns.jsonl changed behind the tool's back is
// detected, and the message names the file and says what to do.
func TestTranscriptTampered(t *testing.T) {
	p, _ := newProject(t, 2, 20)
	p.ok("code", "add", "Trust", "S1#2:0-5")
	file := filepath.Join(p.Dir, "sources", "S1", "turns.jsonl")
	data, _ := os.ReadFile(file)
	edited := strings.Replace(string(data), "Interviewer", "Interviewr", 1)
	if edited == string(data) {
		t.Fatal("nothing to edit")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"show", "S1"}, {"code", "add", "Hope", "S1#2:6-9"}, {"check"}} {
		r := p.run(args...)
		out := r.Stdout + r.Stderr
		if r.Code == 0 {
			t.Errorf("grounded %s succeeded on a tampered transcript", strings.Join(args, " "))
		}
		for _, want := range []string{"sources/S1/turns.jsonl", "changed outside grounded", "git checkout", "ingest --replace"} {
			if !strings.Contains(out, want) {
				t.Errorf("grounded %s: the message does not say %q:\n%s", strings.Join(args, " "), want, out)
			}
		}
	}
	// Search still works for the other source, and says S1 is left out.
	r := p.run("search", "trust")
	if r.Code != 0 || !strings.Contains(r.Stderr, "S1") {
		t.Errorf("search with a tampered source: want success and a note on S1, got\n%s", r)
	}
	t.Logf("search with a tampered source, stderr: %q", firstLines(r.Stderr, 2))
	// Restoring the file makes the project whole again.
	os.WriteFile(file, data, 0o644)
	p.requireCheck()
}

// TestIndexRollback damages the newest segment of an index that was
// built in two steps (two ingests). bleve may then fall back to the older
// snapshot it keeps, which lacks the second source's turns (whether it
// still has one depends on the timing of its background merges); the
// search must not silently miss them. The test tries three times, and
// goes on until the rollback has happened once (grounded then reports that
// the index holds fewer turns than its manifest lists, and rebuilds it), at
// most twenty times; it fails if the rollback never happened, as it would
// otherwise pass without testing what it is for. The rollback happens in
// about two attempts of five (locally, with round nine's code and with
// round ten's alike), so six attempts missed it about once in twenty runs:
// CI failed so once; twenty miss it about once in 30,000.
func TestIndexRollback(t *testing.T) {
	rolledBack := regexp.MustCompile(`holds \d+ documents where its manifest lists \d+`)
	const maxAttempts = 20
	rollbacks, attempts := 0, 0
	for attempts < maxAttempts && (attempts < 3 || rollbacks == 0) {
		attempts++
		p, trs := newProject(t, 1, 60)
		extra := writeTranscript(t, filepath.Dir(trs[0].Path), "S2", 42, 2, 60)
		p.ok("ingest", extra.Path)
		want, _ := p.allHits()
		var newest string
		for _, f := range indexFiles(t, p) {
			if strings.HasSuffix(f, ".zap") && f > newest {
				newest = f
			}
		}
		if err := os.Truncate(newest, 100); err != nil {
			t.Fatal(err)
		}
		got, stderr := p.allHits()
		for _, q := range queries {
			if !slices.Equal(got[q], want[q]) {
				t.Errorf("attempt %d: search %s after the newest segment was cut short: %d hits, want %d, and stderr %q", attempts, q, len(got[q]), len(want[q]), firstLines(stderr, 2))
			}
		}
		if rolledBack.MatchString(stderr) {
			rollbacks++
		}
		t.Logf("attempt %d: %s", attempts, firstLines(stderr, 1))
	}
	if rollbacks == 0 {
		t.Errorf("in %d attempts the index never fell back to its older snapshot (no stderr matched %q), so the rollback was not tested", attempts, rolledBack)
	}
}
