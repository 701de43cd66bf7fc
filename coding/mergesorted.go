package coding

import "container/heap"

// MergeSorted returns the codings of runs, each a file's codings in file order,
// as one slice sorted as Sort sorts: the result is what sorting the
// concatenation of the runs gives. Runs that are already sorted (every
// file grounded wrote) are merged without sorting them again; the others
// are sorted first. When two codings compare equal (a duplicated id, which
// 'check' reports), the concatenation is sorted as before, so the order is
// exactly the old one.
func MergeSorted(runs [][]Coding) []Coding {
	n := 0
	for _, r := range runs {
		n += len(r)
	}
	if n == 0 {
		return nil
	}
	all := make([]Coding, 0, n)
	h := make(mergeHeap, 0, len(runs))
	strict := true
	for _, r := range runs {
		if len(r) == 0 {
			continue
		}
		for i := 1; i < len(r) && strict; i++ {
			if Compare(r[i-1], r[i]) >= 0 {
				strict = false
			}
		}
		h = append(h, r)
	}
	if !strict || len(h) == 1 {
		for _, r := range h {
			all = append(all, r...)
		}
		if !strict {
			Sort(all)
		}
		return all
	}
	heap.Init(&h)
	for len(h) > 0 {
		r := h[0]
		all = append(all, r[0])
		if len(all) > 1 && Compare(all[len(all)-2], r[0]) == 0 {
			// A tie between files: fall back to the old way exactly.
			all = all[:0]
			for _, r := range runs {
				all = append(all, r...)
			}
			Sort(all)
			return all
		}
		if len(r) == 1 {
			heap.Pop(&h)
		} else {
			h[0] = r[1:]
			heap.Fix(&h, 0)
		}
	}
	return all
}

// mergeHeap holds the unmerged rest of each run, least first element first.
type mergeHeap [][]Coding

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return Compare(h[i][0], h[j][0]) < 0 }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.([]Coding)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
