package cli

import (
	"fmt"
	"path/filepath"
)

// refuseProjectFile refuses an output file (-o, --svg ...) that is one of
// the project's own files (codebook.yaml, grounded.yaml, a codings, source
// or history file, the index ...): an export written there would replace
// the project's data. It is called before anything is written, so a
// refused export writes nothing. Outside a project there is nothing to
// protect.
func refuseProjectFile(f *Factory, path string) error {
	p, err := f.Project()
	if err != nil {
		return nil
	}
	rel, owned := p.OwnedPath(path)
	if !owned {
		return nil
	}
	return &UsageError{Err: fmt.Errorf("will not write to %s: it is the project's own %s, which the export would replace; "+
		"write it outside the project's data (for example exports/%s or a file outside the project)", path, describeOwned(rel), suggestName(path))}
}

func describeOwned(rel string) string {
	if rel == "." {
		return "directory"
	}
	return "file " + rel
}

// suggestName is the base name to suggest instead of path.
func suggestName(path string) string {
	base := filepath.Base(path)
	if base == "." || base == string(filepath.Separator) {
		return "export.txt"
	}
	return base
}
