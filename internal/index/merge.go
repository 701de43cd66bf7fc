package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Merging segments
//
// Every batch that an update writes into a generation becomes a segment
// of its own (one per batch, and a long turn's chunks take batches of
// maxBatchBytes), and the writer is closed as soon as the changes are
// made, before scorch's background merger has had its turn. So segments
// would pile up over incremental ingests: a search reads every segment's
// dictionary for every term, and holds every segment's mapping in memory
// (27 segments held 235 MB at 10,000 sources, 82 MB once merged).
//
// So an update that leaves more than maxSegments segments merges them
// before the generation is closed and named in the manifest, with scorch's
// tiered plan (mergeplan.DefaultMergePlanOptions, the background merger's
// own, keeping at most maxSegments/2 segments of a size class): it merges
// the small segments of the same size class together and leaves the large
// ones be, so that a sync that adds one source rewrites a few small
// segments, not the whole index. A merge keeps every document, stored
// field and term vector as they were. A generation that is named is never
// written again (see "Generations"), so readers are not concerned.

// maxSegments is the number of segments a generation may have after an
// update without a merge (a variable for the tests).
var maxSegments = 6

// mergePlan is the plan of a merge after an update.
func mergePlan() *mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentsPerTier = max(maxSegments/2, 1)
	return &o
}

// segmentCount is the number of segments of a bleve index (scorch).
func segmentCount(idx bleve.Index) (int, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return 0, err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return 0, fmt.Errorf("the index is not a scorch index (%T)", adv)
	}
	r, err := s.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("the index reader is not a scorch snapshot (%T)", r)
	}
	return len(snap.Segments()), nil
}

// mergeSegments merges the segments of the writable index w when there
// are more than maxSegments, and waits until the merged segments are
// persisted (so that closing w keeps them).
func mergeSegments(w bleve.Index) error {
	n, err := segmentCount(w)
	if err != nil || n <= maxSegments {
		return err
	}
	adv, err := w.Advanced()
	if err != nil {
		return err
	}
	s := adv.(*scorch.Scorch) // segmentCount checked it
	// ForceMerge waits until the merge is done, but not for a merge that
	// fails: scorch reports its error on a channel that the context holds
	// under its own key, mergeDoneKey. On an error, the caller closes w,
	// which ends ForceMerge.
	done := make(chan error, 1)
	//lint:ignore SA1029 the key is scorch's own (merge.go: mergeDoneKey, a string)
	ctx := context.WithValue(context.Background(), "mergeDone", done)
	forced := make(chan error, 1)
	go func() { forced <- s.ForceMerge(ctx, mergePlan()) }()
	select {
	case err = <-done:
		if err == nil {
			err = <-forced
		}
	case err = <-forced:
	}
	if err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	// A batch waits until its snapshot is persisted, the merged segments
	// with it: an empty one writes no document.
	if err := w.Batch(w.NewBatch()); err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	return nil
}
