//go:build unix

package faults

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"

	"github.com/grounded-qda/grounded/bench/gen"
	"github.com/grounded-qda/grounded/corpus"
)

// The memory bounds of the input limit cases (peak resident set size of
// the ingest process, in MB). They are bounds by design, not measurements:
// docs/reliability.md lists what was measured beside them.
const (
	// A refused file costs no more than a command that reads nothing; a
	// .docx whose document.xml passes MaxDocxPart is refused from its
	// declared size before it is read, so it is held to the same bound.
	refusedRSSMB = 100
)

// resetPeakRSS resets this test process's own peak resident set size
// (VmHWM). os/exec starts a child with vfork semantics (clone with
// CLONE_VM), and Linux carries the peak of the memory the child shared at
// exec, the test process's, into the child's rusage: without the reset a
// child's "peak RSS" is at least the test process's peak so far.
// The test process's memory is returned to the system first, so that
// what the child inherits is small.
func resetPeakRSS(t *testing.T) {
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Logf("cannot reset the peak RSS of the test process (%v): peaks of commands may include it", err)
	}
}

// treeHashes is snapshot with a hash for each file instead of its
// content, so that the test process does not hold the files (and its
// memory does not count in the commands' peaks, see resetPeakRSS).
func treeHashes(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range snapshot(t, root) {
		sum := sha256.Sum256([]byte(v))
		out[k] = hex.EncodeToString(sum[:])
	}
	return out
}

// bombDocx writes a .docx whose word/document.xml is one paragraph of
// about size bytes of text (a zip bomb: highly compressible), and returns
// its path. With lie, the zip entry claims to be 1 MB uncompressed.
func bombDocx(t *testing.T, dir, name string, size int, lie bool) string {
	t.Helper()
	var raw bytes.Buffer
	fw, err := flate.NewWriter(&raw, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	n := 0
	write := func(s string) {
		if _, err := io.WriteString(w, s); err != nil {
			t.Fatal(err)
		}
		n += len(s)
	}
	write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Participant: `)
	chunk := strings.Repeat("We talked about the warm handoff and how trust grows slowly. ", 1000)
	for n < size {
		write(chunk)
	}
	write(`</w:t></w:r></w:p></w:body></w:document>`)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	claimed := uint64(n)
	if lie {
		claimed = 1 << 20
	}
	zf, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: claimed})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zf.Write(raw.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// tinyTurns writes a text transcript of n turns of a few bytes each.
func tinyTurns(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		b.WriteString([]string{"A: ok\n", "B: so\n"}[i%2])
	}
	path := filepath.Join(dir, "Tiny.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInputLimits ingests files that the limits refuse: a zip bomb .docx
// (one paragraph of 190 MB, with an honest and with a lying size in the
// zip), a transcript of 1,000,000 tiny turns, /dev/zero and a FIFO. Each
// must fail with exit 1 and a message naming the file and the limit, write
// nothing, stay under a memory bound, and leave search working.
func TestInputLimits(t *testing.T) {
	p, _ := newProject(t, 1, 20)
	in := t.TempDir()
	fifo := filepath.Join(in, "Pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		path  string
		want  []string // in stderr, besides the path
		rssMB int64
	}{
		{"zip bomb", bombDocx(t, in, "Bomb.docx", 190<<20, false), []string{"larger than 64 MB uncompressed", "zip bomb"}, refusedRSSMB},
		{"zip bomb, lying size", bombDocx(t, in, "Liar.docx", 190<<20, true), []string{"damaged"}, refusedRSSMB},
		{"1,000,000 tiny turns", tinyTurns(t, in, 1_000_000), []string{fmt.Sprintf("more than %d turns", corpus.MaxTurns)}, refusedRSSMB + 10*6},
		{"/dev/zero", "/dev/zero", []string{"is a device, not a regular file", "nothing was read"}, refusedRSSMB},
		{"FIFO", fifo, []string{"is a named pipe (FIFO)", "nothing was read"}, refusedRSSMB},
	}
	top := filepath.Dir(p.Dir)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p.t = t
			if st, err := os.Stat(tc.path); err == nil && st.Mode().IsRegular() {
				t.Logf("%s: %s", filepath.Base(tc.path), peakRSS(st.Size()/1024))
			}
			before := treeHashes(t, top)
			resetPeakRSS(t)
			r := p.run("ingest", tc.path)
			t.Logf("ingest %s: exit %d, %s, peak RSS %s: %s", tc.name, r.Code, r.Dur.Round(1e6), peakRSS(r.MaxRSSKB), firstLines(r.Stderr, 2))
			if r.Code != 1 || r.Signaled {
				t.Fatalf("want exit 1: %s", r)
			}
			for _, w := range append([]string{tc.path}, tc.want...) {
				if !strings.Contains(r.Stderr, w) {
					t.Errorf("stderr does not say %q: %s", w, r.Stderr)
				}
			}
			if d := diffSnapshots(before, treeHashes(t, top)); d != "" {
				t.Errorf("a refused ingest wrote: %s", d)
			}
			if r.MaxRSSKB > tc.rssMB<<10 {
				t.Errorf("peak RSS %s, more than the bound of %d MB", peakRSS(r.MaxRSSKB), tc.rssMB)
			}
			s := p.run("search", "--json", "-n", "1", "trust")
			if s.Code != 0 || !strings.Contains(s.Stdout, `"S1#`) {
				t.Errorf("search after the refused ingest: %s", s)
			}
		})
	}
}

// TestHugeTurn ingests a transcript whose one turn is 50 MB of text (5 MB
// in the default run), into an empty project (the index is built offline)
// and into a project that has a source (the index is updated in batches):
// it is accepted, split into turns of at most corpus.MaxTurnChars
// characters with a warning on stderr, stays under the memory bound, and
// is found by search.
func TestHugeTurn(t *testing.T) {
	mb := 5
	if long() {
		mb = 50
	}
	text, endWord, endAt, phrase, phraseAt := hugeTurnText(t, mb)
	path := filepath.Join(t.TempDir(), "Huge.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		sources int
		perMB   int64 // the bound: perMB × file size + 150 MB
	}{
		// The 20 of TestLargeTranscript: the index takes a long turn in
		// chunks of about 8 KB (internal/index, chunk.go), so that
		// indexing it no longer holds all its terms and positions at
		// once. Before, 5 MB peaked at 270–310 MB (50 × was the bound);
		// see docs/reliability.md, finding 15.
		{"empty project", 0, 20},
		{"project with a source", 1, 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newProject(t, tc.sources, 20)
			resetPeakRSS(t)
			r := p.run("ingest", path)
			t.Logf("ingest of one turn of %d MB into a %s: exit %d, %s, peak RSS %s", mb, tc.name, r.Code, r.Dur.Round(1e6), peakRSS(r.MaxRSSKB))
			if r.Code != 0 {
				t.Fatalf("%s", r)
			}
			if !strings.Contains(r.Stderr, "Huge.txt: a turn of Jordan Lee had") || !strings.Contains(r.Stderr, "so it was split") {
				t.Errorf("no warning about the split turn: %s", r.Stderr)
			}
			limit := int64(len(text))/1024*tc.perMB + 150*1024
			if r.MaxRSSKB > limit {
				t.Errorf("peak RSS %s, more than the bound of %d × file size + 150 MB (%s)", peakRSS(r.MaxRSSKB), tc.perMB, peakRSS(limit))
			}
			s := p.run("search", "--json", "-n", "100", "trust")
			if s.Code != 0 || !strings.Contains(s.Stdout, `"Huge#`) {
				t.Errorf("search: %s", firstLines(s.String(), 5))
			}
			t.Logf("search: %s, peak RSS %s", s.Dur.Round(1e6), peakRSS(s.MaxRSSKB))
			// The last word of the first 500,000-character turn, and a
			// phrase across the end of its first chunk: each found in
			// that turn, once, highlighted where it is.
			hugeTurnFind(t, p, endWord, "Huge#4", []int{endAt})
			hugeTurnFind(t, p, `"`+phrase+`"`, "Huge#4", []int{phraseAt})
			p.requireCheck()
		})
	}
}

// hugeTurnLen is the length of turn 4 of hugeTurnText's transcript, the
// first piece of its long turn, in bytes (and characters: it is ASCII).
var hugeTurnLen int

// hugeTurnText is gen.LongTurnTranscript of mb MB, with the last words of
// the first turn that its long turn is split into (turn 4, cut at the last
// sentence end before corpus.MaxTurnChars characters) replaced by a word
// found nowhere else, endWord, at byte endAt of the turn. phrase is the words of turn 4 around its
// 8,192nd byte, across the end of its first chunk in the index, at byte
// phraseAt of the turn.
func hugeTurnText(t *testing.T, mb int) (text, endWord string, endAt int, phrase string, phraseAt int) {
	text = gen.LongTurnTranscript(7, mb<<20)
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			t.Fatalf("the generated transcript is not ASCII (byte %d): the offsets below count bytes", i)
		}
	}
	const head = "Jordan Lee: "
	start := strings.Index(text, "Anywhere.\n"+head) + len("Anywhere.\n"+head)
	// The first piece ends at the last sentence end of its window.
	window := text[start : start+corpus.MaxTurnChars]
	end := 0
	for _, e := range []string{". ", "? ", "! ", "\n"} {
		end = max(end, strings.LastIndex(window, e)+1)
	}
	// The last words of the turn, from the last space at least 8 bytes
	// before its end, become one word of the same length.
	w := strings.LastIndexByte(window[:end-8], ' ') + 1
	word := window[w : end-1]
	if strings.ContainsAny(word, ".?!\n") {
		t.Fatalf("the end of turn 4, %q, holds a sentence end", word)
	}
	endWord = ("qxzv" + strings.Repeat("q", len(word)))[:len(word)]
	text = text[:start+w] + endWord + text[start+end-1:]
	hugeTurnLen = end
	// Whole words from 60 bytes before the 8,192nd to 60 after it.
	const at = 8192
	lo := strings.IndexByte(window[at-60:], ' ') + at - 60 + 1
	hi := strings.LastIndexByte(window[:at+60], ' ')
	return text, endWord, w, window[lo:hi], lo
}

// hugeTurnFind searches for q and requires ref among the hits, once, with
// a highlight starting at each byte offset of at (the text is ASCII).
func hugeTurnFind(t *testing.T, p *proj, q, ref string, at []int) {
	t.Helper()
	s := p.run("search", "--json", "-n", "0", q)
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Ref        string `json:"ref"`
			Text       string `json:"text"`
			Highlights []struct {
				Start int `json:"start"`
			} `json:"highlights"`
		} `json:"hits"`
	}
	if s.Code != 0 || json.Unmarshal([]byte(s.Stdout), &res) != nil {
		t.Fatalf("search %s: %s", q, firstLines(s.String(), 5))
	}
	seen := map[string]int{}
	for _, h := range res.Hits {
		seen[h.Ref]++
		if h.Ref != ref {
			continue
		}
		if len(h.Text) != hugeTurnLen {
			t.Errorf("search %s: %s has %d bytes of text, not %d", q, ref, len(h.Text), hugeTurnLen)
		}
		for _, a := range at {
			found := false
			for _, hl := range h.Highlights {
				found = found || hl.Start == a
			}
			if !found {
				t.Errorf("search %s: no highlight at %d in %s: %v", q, a, ref, h.Highlights)
			}
		}
	}
	for r, n := range seen {
		if n > 1 {
			t.Errorf("search %s: %s is %d hits", q, r, n)
		}
	}
	if seen[ref] != 1 || res.Total != len(res.Hits) {
		t.Errorf("search %s: %d hits (total %d), %s %d times", q, len(res.Hits), res.Total, ref, seen[ref])
	}
	t.Logf("search %s: %d hits, %s, peak RSS %s", shorten(q), res.Total, s.Dur.Round(1e6), peakRSS(s.MaxRSSKB))
}

func shorten(s string) string {
	if len(s) > 30 {
		return s[:30] + "…"
	}
	return s
}
