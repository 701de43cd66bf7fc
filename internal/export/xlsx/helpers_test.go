package xlsx_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from the writer's output")

// parts returns the workbook's zip entries, in archive order.
func parts(t testing.TB, data []byte) ([]string, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		out[f.Name] = string(b)
	}
	return names, out
}

// part returns one entry of the workbook.
func part(t testing.TB, data []byte, name string) string {
	t.Helper()
	_, all := parts(t, data)
	p, ok := all[name]
	if !ok {
		t.Fatalf("the workbook has no %s", name)
	}
	return p
}

// allParts is every entry, each after a "== name" line.
func allParts(t testing.TB, data []byte) string {
	t.Helper()
	names, all := parts(t, data)
	var b strings.Builder
	for _, n := range names {
		b.WriteString("== " + n + "\n" + all[n] + "\n")
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("the workbook's parts differ from %s (go test -update rewrites it after a deliberate change):\n%s", path, got)
	}
}
