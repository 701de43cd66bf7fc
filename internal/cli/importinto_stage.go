package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/grounded-qda/grounded/internal/fsx"
)

// stagedDir builds a new directory at dir atomically, for 'import qdpx
// --into': when dir does not exist or is an empty directory, build writes
// the project into a hidden directory beside it (.NAME.grounded-import),
// which is renamed to dir only when build has succeeded. A process killed
// half-way leaves dir as it was, and the next attempt removes what it
// left and starts again (issue 17, item 9: a killed import used to leave a
// half-made project that the retry refused). When dir is a directory that
// already holds files, the project is built in place, as before.
func stagedDir(dir string, build func(into string) error) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(abs)
	switch {
	case err == nil && len(entries) > 0:
		return build(dir)
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return err
	}
	stage := filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".grounded-import")
	if err := os.RemoveAll(stage); err != nil { // left by a killed attempt
		return fmt.Errorf("cannot remove %s, left by an interrupted import: %w", stage, err)
	}
	if err := build(stage); err != nil {
		os.RemoveAll(stage)
		return err
	}
	if err := os.Rename(stage, abs); err != nil {
		os.RemoveAll(stage)
		return err
	}
	return fsx.SyncDir(filepath.Dir(abs))
}
