package project

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/corpus"
)

// Tests added by the fourth session's mutation triage (docs/mutation/
// fourth-session.md); each names the mutants it kills.

// TestDecodeSourceFastReadsEveryPlainValue: the fast source.yaml reader
// reads, to the same Source as yaml.v3, every value of the forms its
// doc comment promises, at the edges of each form: the numbers 0 and 9,
// a number of 18 digits (the longest it reads), a fraction of one digit
// and fractions with the digit 0. A reader that declined them would still
// give the right Source through yaml.v3, but every listing of a study
// would pay yaml.v3's price for those files (sourceyaml.go 128:23, 128:53,
// 132:25, 173:16, 177:15).
func TestDecodeSourceFastReadsEveryPlainValue(t *testing.T) {
	base := time.Date(2026, 11, 27, 19, 33, 56, 0, time.UTC)
	for _, v := range []func(*corpus.Source){
		func(s *corpus.Source) { s.Turns = 0 },
		func(s *corpus.Source) { s.Turns, s.Chars = 9, 99 },
		func(s *corpus.Source) { s.Chars = 123456789012345678 },
		func(s *corpus.Source) { s.Chars = 900000000000000009 },
		func(s *corpus.Source) { s.Ingested = base.Add(500 * time.Millisecond) },      // .5
		func(s *corpus.Source) { s.Ingested = base.Add(100 * time.Millisecond) },      // .1
		func(s *corpus.Source) { s.Ingested = base.Add(102030405 * time.Nanosecond) }, // .102030405
		func(s *corpus.Source) { s.Ingested = base.Add(999999999 * time.Nanosecond) }, // .999999999
	} {
		s := sampleSource()
		v(s)
		data := EncodeSource(s)
		if !sameAsYAML(t, data) {
			t.Errorf("the fast reader declined what EncodeSource wrote:\n%s", data)
		}
	}
	// One digit more than it reads is left to yaml.v3.
	if sameAsYAML(t, []byte("chars: 1234567890123456789\n")) {
		t.Error("the fast reader accepted a number of 19 digits")
	}
}

// TestDecodeSourceFastCommaFirst: a value that starts with a comma is a
// flow indicator to YAML, which refuses `id: ,P1`; the fast reader must
// leave it to yaml.v3 (and its error) instead of reading the id ",P1". A
// comma inside a value is the plain word's (sourceyaml.go 113:10, both
// mutants).
func TestDecodeSourceFastCommaFirst(t *testing.T) {
	for _, d := range []string{"id: ,P1\n", "original_name: ,\n", "participant: ,Lee\n"} {
		if sameAsYAML(t, []byte(d)) {
			t.Errorf("the fast reader accepted %q", d)
		}
		if _, err := decodeSourceYAML([]byte(d)); err == nil {
			t.Errorf("yaml.v3 read %q; the premise of this test is wrong", d)
		}
	}
	for _, d := range []string{"original_name: Lee, Jordan.txt\n", "participant: a,b\n"} {
		if !sameAsYAML(t, []byte(d)) {
			t.Errorf("the fast reader declined %q", d)
		}
	}
}

// TestParseAheadOnlySmallFiles: the parse stream parses ahead every file of at most
// parseAheadMax bytes (a file of exactly that size included) and none
// larger, so that the memory of large files is never taken by several
// at once; two small files are already parsed ahead (ingestparse.go
// 48:18 boundary and negation, 52:16 boundary and negation).
func TestParseAheadOnlySmallFiles(t *testing.T) {
	fill := func(n int) []byte {
		head := "**A:** "
		b := []byte(head + strings.Repeat("w", n-len(head)-1) + "\n")
		if len(b) != n {
			t.Fatalf("made %d bytes, want %d", len(b), n)
		}
		return b
	}
	small := IngestFile{Path: "P1.txt", Data: []byte(transcript)}
	atMax := IngestFile{Path: "at.md", Data: fill(parseAheadMax)}
	over := IngestFile{Path: "over.md", Data: fill(parseAheadMax + 1)}

	for _, tc := range []struct {
		name  string
		files []IngestFile
		ahead []bool
	}{
		{"two small", []IngestFile{small, small}, []bool{true, true}},
		{"at the limit", []IngestFile{atMax, small}, []bool{true, true}},
		{"over the limit", []IngestFile{over, small, small}, []bool{false, true, true}},
	} {
		s := newParseStream(tc.files)
		for i, f := range tc.files {
			ahead := s.ready[i] != nil
			r := s.take(i)
			if ahead != tc.ahead[i] {
				t.Errorf("%s: file %d (%d bytes) parsed ahead: %v, want %v", tc.name, i, len(f.Data), ahead, tc.ahead[i])
			}
			if r.err != nil || r.textSHA != parseFile(f).textSHA {
				t.Errorf("%s: file %d parsed to %+v", tc.name, i, r)
			}
		}
		s.close()
	}
}

// TestWriteTempsFailureLeavesNothing: when one file of a transaction
// cannot be written (its directory is a file), the temporary files
// written for the others are removed: the project holds what it held
// (txwrite.go 50:8, which no test reached).
func TestWriteTempsFailureLeavesNothing(t *testing.T) {
	p := newProject(t)
	if err := os.WriteFile(p.Path("plain"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := func() []string {
		var out []string
		err := filepath.WalkDir(p.Path(), func(path string, d fs.DirEntry, err error) error {
			out = append(out, path)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := list()
	rels := []string{"a.txt", "plain/b.txt", "c.txt", "d/e.txt"}
	data := map[string][]byte{"a.txt": []byte("a"), "plain/b.txt": []byte("b"), "c.txt": []byte("c"), "d/e.txt": []byte("e")}
	if temps, err := p.writeTemps(rels, data); err == nil || !strings.Contains(err.Error(), "plain") {
		t.Fatalf("writeTemps = %v, %v; want the error of plain/b.txt", temps, err)
	}
	after := list()
	for _, f := range after {
		if !slices.Contains(before, f) && !strings.HasSuffix(f, string(filepath.Separator)+"d") {
			t.Errorf("left behind: %s", f)
		}
	}
}
