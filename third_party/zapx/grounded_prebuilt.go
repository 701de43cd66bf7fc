package zap

import (
	"errors"
	"fmt"
	"os"

	index "github.com/blevesearch/bleve_index_api"
)

// grounded (PATCHES.md, the fifth patch): a segment built beforehand.

// Prebuilt is a segment that New built beforehand, on any goroutine, to
// be handed to a builder that builds segments one at a time under a
// mutex (scorch's offline Builder): given to New as a PrebuiltField of
// the only document of its results, it is what New returns, without
// building anything. Its Persist writes the segment without syncing the
// file: it is meant for a builder's intermediate files, which the
// builder merges (a merge syncs its output) or renames into the index;
// the caller makes the finished index durable. A Prebuilt opened from a
// file (OpenPrebuilt) is that file: its Persist renames it.
type Prebuilt struct {
	*SegmentBase
	file *Segment // the segment's file, opened; nil: in memory
}

// NewPrebuilt builds a segment of results, as New does, to be given to
// New later as a PrebuiltField.
func (z *ZapPlugin) NewPrebuilt(results []index.Document) (*Prebuilt, error) {
	seg, _, err := z.newWithChunkMode(results, DefaultChunkMode, nil)
	if err != nil {
		return nil, err
	}
	return &Prebuilt{SegmentBase: seg.(*SegmentBase)}, nil
}

// OpenPrebuilt opens the segment file at path (one that New, Prebuilt's
// Persist or Merge wrote) as a Prebuilt, to be given to New as a
// PrebuiltField: its Persist renames the file, and closes it.
func (z *ZapPlugin) OpenPrebuilt(path string) (*Prebuilt, error) {
	s, err := z.Open(path)
	if err != nil {
		return nil, err
	}
	seg, ok := s.(*Segment)
	if !ok {
		_ = s.Close()
		return nil, fmt.Errorf("zap: %s opened as a %T", path, s)
	}
	return &Prebuilt{SegmentBase: &seg.SegmentBase, file: seg}, nil
}

// Persist writes the segment to path, as SegmentBase.Persist does, but
// does not sync the file; a Prebuilt opened from a file closes that
// file and renames it to path.
func (p *Prebuilt) Persist(path string) error {
	if p.file == nil {
		return persistSegmentBase(p.SegmentBase, path, false)
	}
	// Closed (unmapped) first: Windows refuses to rename a file that is
	// open or mapped.
	from := p.file.path
	cerr := p.Close()
	return errors.Join(renameFile(from, path), cerr)
}

// renameFile renames a Prebuilt's file; tests check what is open then.
var renameFile = os.Rename

// Close closes the file of a Prebuilt opened from one (once: later calls
// do nothing); a segment in memory has nothing to close.
func (p *Prebuilt) Close() error {
	if p.file == nil {
		return nil
	}
	f := p.file
	p.file, p.SegmentBase = nil, nil
	return f.Close()
}

// PrebuiltField is a field that carries a Prebuilt segment. A document
// with such a field, given alone to New, stands for the segment: New
// returns it and reads nothing else of the document (scorch's builder
// adds an _id field to every document it is given).
type PrebuiltField interface {
	index.Field
	Prebuilt() *Prebuilt
}

// prebuiltOf is the segment of the PrebuiltField of results' only
// document, or nil.
func prebuiltOf(results []index.Document) (p *Prebuilt) {
	if len(results) != 1 || results[0] == nil {
		return nil
	}
	results[0].VisitFields(func(f index.Field) {
		if pf, ok := f.(PrebuiltField); ok && p == nil {
			p = pf.Prebuilt()
		}
	})
	return p
}
