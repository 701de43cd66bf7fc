package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/fsx"
)

// Merging with git (docs/format.md): codings and history files are sets of
// records with ids, so git's line merge is the wrong tool for them. A line
// union resurrects removed codings and duplicates renamed ones; a plain
// text merge conflicts on neighbouring lines. MergeFiles is the three-way
// merge git runs through the merge drivers that .gitattributes names.

// MergeKind is what a merged file holds.
type MergeKind string

// The kinds of files MergeFiles merges.
const (
	MergeCodings  MergeKind = "codings"
	MergeHistory  MergeKind = "history"
	MergeCodebook MergeKind = "codebook"
)

// MergeDrivers maps the merge driver names used in .gitattributes to the
// kinds they merge.
var MergeDrivers = map[string]MergeKind{
	"grounded-codings":  MergeCodings,
	"grounded-history":  MergeHistory,
	"grounded-codebook": MergeCodebook,
}

// ParseMergeKind returns the kind called name.
func ParseMergeKind(name string) (MergeKind, error) {
	switch k := MergeKind(name); k {
	case MergeCodings, MergeHistory:
		return k, nil
	}
	return "", fmt.Errorf("unknown kind of file %q (want %q or %q)", name, MergeCodings, MergeHistory)
}

// MergeFiles merges ours and theirs, two versions of a codings or history
// file descending from base, record by record (by id), and writes the
// result to ours. A missing base is an empty file. It returns the ids of
// the records both sides changed differently; the result then holds, for
// each, both versions between conflict markers (<<<<<<< ======= >>>>>>>),
// which every reader reports at their line until they are resolved.
func MergeFiles(kind MergeKind, base, ours, theirs string) (conflicts []string, err error) {
	switch kind {
	case MergeCodings:
		return mergeFiles(base, ours, theirs, coding.Merge3, func(b []byte, c coding.Coding) []byte {
			c.Created = c.Created.UTC()
			return coding.AppendJSONL(b, c)
		})
	case MergeHistory:
		return mergeFiles(base, ours, theirs, MergeHistories, func(b []byte, e Entry) []byte {
			return coding.AppendJSONL(b, e)
		})
	}
	return nil, fmt.Errorf("unknown kind of file %q", kind)
}

func mergeFiles[T any](base, ours, theirs string, merge func(b, o, t []T) ([]T, []coding.MergeConflict[T]), enc func([]byte, T) []byte) ([]string, error) {
	var sides [3][]T
	for i, f := range []string{base, ours, theirs} {
		data, err := os.ReadFile(f)
		if errors.Is(err, fs.ErrNotExist) && i == 0 {
			continue
		}
		if err != nil {
			return nil, err
		}
		if sides[i], err = coding.ReadJSONL[T](f, bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	merged, conflicts := merge(sides[0], sides[1], sides[2])
	var out []byte
	conflicted := map[string]bool{}
	for _, c := range conflicts {
		conflicted[c.ID] = true
	}
	for _, m := range merged {
		if !conflicted[idOf(m)] {
			out = enc(out, m)
		}
	}
	for _, c := range conflicts {
		out = append(out, "<<<<<<< ours (record "+c.ID+")\n"...)
		if c.Ours != nil {
			out = enc(out, *c.Ours)
		} else {
			out = append(out, "(removed)\n"...)
		}
		out = append(out, "=======\n"...)
		if c.Theirs != nil {
			out = enc(out, *c.Theirs)
		} else {
			out = append(out, "(removed)\n"...)
		}
		out = append(out, ">>>>>>> theirs\n"...)
	}
	if err := fsx.WriteFile(ours, out, 0o644); err != nil {
		return nil, err
	}
	return coding.ConflictIDs(conflicts), nil
}

// idOf returns the id of a coding or a history entry.
func idOf(v any) string {
	switch x := v.(type) {
	case coding.Coding:
		return x.ID
	case Entry:
		return x.ID
	}
	return ""
}

// MergeHistories merges two versions of one coder's history descending
// from base by entry id (see coding.MergeByID), in the order of the
// entries' times (the order of the changes).
func MergeHistories(base, ours, theirs []Entry) ([]Entry, []coding.MergeConflict[Entry]) {
	merged, conflicts := coding.MergeByID(base, ours, theirs, func(e Entry) string { return e.ID })
	slices.SortStableFunc(merged, func(a, b Entry) int { return a.Time.Compare(b.Time) })
	return merged, conflicts
}

// gitattributesBlock is the part of .gitattributes that grounded writes:
// its own files are kept byte for byte (no line-end conversion, which
// would change a transcript's checksum under core.autocrlf), and codings
// and history are merged by the merge drivers.
const gitattributesBlock = `# grounded: project files are kept byte for byte (-text: no line-end
# conversion); codings and history are merged record by record by
# 'grounded merge-driver', the codebook item by item by 'grounded codebook
# merge' (registered in each clone by 'grounded git setup').
/grounded.yaml -text
/codebook.yaml -text merge=grounded-codebook
/participants.yaml -text
/sources/** -text
/memos/*.md -text
/codings/**/*.jsonl -text merge=grounded-codings
/history/*.jsonl -text merge=grounded-history
`

// oldGitattributes are the lines of earlier versions' block, replaced by
// GitAttributes.
var oldGitattributes = []string{
	"# grounded: codings and history lines are records with their own ids;",
	"# a merge keeps the lines of both sides.",
	"/codings/**/*.jsonl merge=union",
	"/history/*.jsonl merge=union",
}

// GitAttributes returns old (the content of a .gitattributes file, or
// nil) with grounded's block in it: added once, and replacing the union
// rules of earlier versions.
func GitAttributes(old []byte) []byte {
	if bytes.Contains(old, []byte("merge=grounded-codebook")) {
		return old
	}
	if bytes.Contains(old, []byte("merge=grounded-codings")) {
		// The block of a version before the codebook driver: name it on
		// the codebook's line, or add the line.
		lines := strings.SplitAfter(string(old), "\n")
		for i, line := range lines {
			if strings.TrimRight(line, "\r\n") == "/codebook.yaml -text" {
				lines[i] = "/codebook.yaml -text merge=grounded-codebook\n"
				return []byte(strings.Join(lines, ""))
			}
		}
		s := string(old)
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		return []byte(s + "/codebook.yaml -text merge=grounded-codebook\n")
	}
	var keep []string
	for _, line := range strings.SplitAfter(string(old), "\n") {
		if !slices.Contains(oldGitattributes, strings.TrimRight(line, "\r\n")) && line != "" {
			keep = append(keep, line)
		}
	}
	s := strings.Join(keep, "")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	if strings.TrimSpace(s) != "" {
		s += "\n"
	} else {
		s = ""
	}
	return []byte(s + gitattributesBlock)
}

// MergeDriverCommand returns the command git runs for a merge driver of
// kind (git's %O %A %B are the base, ours and theirs).
func MergeDriverCommand(kind MergeKind) string {
	if kind == MergeCodebook {
		return "grounded codebook merge %O %A %B"
	}
	return "grounded merge-driver " + string(kind) + " %O %A %B"
}
