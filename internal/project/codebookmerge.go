package project

import (
	"errors"
	"io/fs"
	"os"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/internal/fsx"
)

// MergeCodebookFiles merges ours and theirs, two versions of codebook.yaml
// descending from base, item by item (codebook.Merge3), and writes the
// result to ours. A missing base is an empty codebook. The conflicts are
// also listed in a comment block at the top of the result, which is always
// a valid codebook. When no valid codebook can be made, or a version does
// not decode, ours is left as it was and err says why.
func MergeCodebookFiles(base, ours, theirs string) ([]codebook.Conflict, error) {
	var data [3][]byte
	for i, f := range []string{base, ours, theirs} {
		b, err := os.ReadFile(f)
		if errors.Is(err, fs.ErrNotExist) && i == 0 {
			continue
		}
		if err != nil {
			return nil, err
		}
		// Decoded here first so that an error names the file and line.
		if _, err := codebook.Decode(f, b); err != nil {
			return nil, err
		}
		data[i] = b
	}
	merged, conflicts, err := codebook.Merge3(data[0], data[1], data[2])
	if err != nil {
		return conflicts, err
	}
	if err := fsx.WriteFile(ours, merged, 0o644); err != nil {
		return nil, err
	}
	return conflicts, nil
}
