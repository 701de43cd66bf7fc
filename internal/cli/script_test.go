package cli

import (
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/grounded-qda/grounded/examples"
)

// TestMain lets the test binary act as the grounded command inside
// testscript scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"grounded": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script. Each runs in
// a fresh directory with HOME inside it, a fixed clock and coder, and the
// bundled examples copied to $WORK/examples.
//
// Update golden output inside scripts with: go test ./internal/cli -run TestScripts -update
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: false,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"writebytes": cmdWriteBytes,
			"capture":    cmdCapture,
			"docxtext":   cmdDocxText, // docx_test.go
			"nowordin":   cmdNoWordIn, // script_purge_test.go
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			env.Setenv("GROUNDED_CODER", "tester")
			env.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00Z")
			env.Setenv("GROUNDED_LOCK_TIMEOUT", "10s")
			env.Setenv("NO_COLOR", "1")
			return copyExamples(filepath.Join(env.WorkDir, "examples"))
		},
	})
}

// cmdWriteBytes is the script command "writebytes FILE HEX...": it writes
// the bytes given in hexadecimal (spaces between them are ignored) to FILE,
// for inputs a txtar archive cannot hold (NUL bytes, Windows-1252, CRLF).
func cmdWriteBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: writebytes FILE HEX...")
	}
	data, err := hex.DecodeString(strings.Join(args[1:], ""))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// cmdCapture is the script command "capture VAR REGEXP": it sets the
// environment variable VAR to the first submatch of REGEXP in the standard
// output of the last command, e.g. a coding id for a later uncode.
func cmdCapture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: capture VAR REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	m := re.FindStringSubmatch(ts.ReadFile("stdout"))
	if len(m) < 2 {
		ts.Fatalf("capture: no match for %q in stdout", args[1])
	}
	ts.Setenv(args[0], m[1])
}

func copyExamples(dst string) error {
	return fs.WalkDir(examples.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(examples.FS(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
