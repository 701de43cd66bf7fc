package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdNoWordIn is the script command "nowordin DIR WORD...": it fails when
// any file under DIR (hidden ones, the cache and the history included)
// contains one of the words, case-insensitively, as text or in the JSON
// escapes grounded writes. "! nowordin" checks that a word is there (so
// that the check itself is known to look).
func cmdNoWordIn(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: nowordin DIR WORD...")
	}
	var found []string
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := strings.ToLower(string(data))
		for _, w := range args[1:] {
			if strings.Contains(text, strings.ToLower(w)) {
				found = append(found, w+" in "+path)
			}
		}
		return nil
	})
	ts.Check(err)
	if neg {
		if len(found) == 0 {
			ts.Fatalf("none of %s found under %s", strings.Join(args[1:], ", "), args[0])
		}
		return
	}
	if len(found) > 0 {
		ts.Fatalf("found: %s", strings.Join(found, "; "))
	}
}
