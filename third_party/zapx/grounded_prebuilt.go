package zap

import index "github.com/blevesearch/bleve_index_api"

// grounded (PATCHES.md, the fifth patch): a segment built beforehand.

// Prebuilt is a segment that New built beforehand, on any goroutine, to
// be handed to a builder that builds segments one at a time under a
// mutex (scorch's offline Builder): given to New as a PrebuiltField of
// the only document of its results, it is what New returns, without
// building anything. Its Persist writes the segment without syncing the
// file: it is meant for a builder's intermediate files, which the
// builder merges (a merge syncs its output) or renames into the index;
// the caller makes the finished index durable.
type Prebuilt struct {
	*SegmentBase
}

// NewPrebuilt builds a segment of results, as New does, to be given to
// New later as a PrebuiltField.
func (z *ZapPlugin) NewPrebuilt(results []index.Document) (*Prebuilt, error) {
	seg, _, err := z.newWithChunkMode(results, DefaultChunkMode, nil)
	if err != nil {
		return nil, err
	}
	return &Prebuilt{seg.(*SegmentBase)}, nil
}

// Persist writes the segment to path, as SegmentBase.Persist does, but
// does not sync the file.
func (p *Prebuilt) Persist(path string) error {
	return persistSegmentBase(p.SegmentBase, path, false)
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
