package project

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Files parsed ahead on every core are planned as if each were parsed in
// turn: the same plans, and the first problem in the order given is the
// one reported, whether it is found by parsing or by the checks before.
func TestParseAheadSameAsInTurn(t *testing.T) {
	p := newProject(t)
	var files []IngestFile
	for i := range 40 {
		files = append(files, IngestFile{Path: fmt.Sprintf("P%d.txt", i+1), Data: []byte(strings.Replace(transcript, "trust", fmt.Sprintf("trust %d", i), 1))})
	}
	files = append(files, IngestFile{Path: "big.md", Data: []byte("**A:** " + strings.Repeat("words ", parseAheadMax/6+1) + "\n")})
	got, err := plan(t, p, false, files...)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		r := parseFile(f)
		if r.err != nil {
			t.Fatal(r.err)
		}
		pl := got[i]
		if !reflect.DeepEqual(pl.Turns, r.tr.Turns) || !reflect.DeepEqual(pl.Diagnostics, r.tr.Diagnostics) ||
			pl.Source.TextSHA256 != SHA256(EncodeTurns(r.tr.Turns)) || pl.Source.Format != r.tr.Format || pl.File.Path != f.Path {
			t.Errorf("%s: planned %+v", f.Path, pl.Source)
		}
	}

	bad := func(name string) IngestFile { return IngestFile{Path: name, Data: nil} } // empty: a parse error
	for _, tc := range []struct {
		files []IngestFile
		want  string
	}{
		{append(files[:3:3], bad("P90.txt"), IngestFile{Path: "my interview.txt", Data: []byte(transcript)}), "P90.txt"},
		{append(files[:3:3], IngestFile{Path: "my interview.txt", Data: []byte(transcript)}, bad("P90.txt")), "my interview"},
		{append(files[:3:3], bad("P90.txt"), bad("P91.txt")), "P90.txt"},
		{append(files[:3:3], IngestFile{Path: "x/P1.md", Data: []byte(transcript)}, bad("P91.txt")), `would both become source "P1"`},
	} {
		_, err := plan(t, p, false, tc.files...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
}
