package coderagree

import (
	"cmp"
	"slices"

	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// computeSpans is Compute at unit span: the character-level alpha of
// agreement.UnitizedAlpha per item, each source a continuum, and overall
// with every (source, item) pair a continuum.
func computeSpans(in *Input, coders []string, level report.Level) (*Report, error) {
	use, skipped, _ := joint(in, coders, len(coders))
	if len(use) == 0 {
		return nil, noJoint(coders, skipped, len(coders))
	}
	var ids []string
	lengths := map[string]int{}
	for _, s := range use {
		ids = append(ids, s.ID)
		lengths[s.ID] = in.Texts.Len(s.ID)
	}
	r := newReport(coders, level, UnitSpan, ids, skipped)
	coderIndex := map[string]int{}
	for i, c := range coders {
		coderIndex[coderKey(c)] = i
	}
	g := report.NewGrouping(in.Codebook, level)
	perItem := map[int][]agreement.Span{}
	for _, c := range in.Codings {
		ci, ok := coderIndex[coderKey(c.Coder)]
		if !ok || c.Orphaned {
			continue
		}
		if _, counted := lengths[c.Source]; !counted {
			continue
		}
		start, end, ok := in.Texts.SourceSpan(c)
		if !ok || start == end {
			continue
		}
		for _, it := range g.Of(c.Code) {
			perItem[it] = append(perItem[it], agreement.Span{Continuum: c.Source, Coder: coders[ci], Category: g.Names[it], Start: start, End: end})
		}
	}
	pooledLengths := map[string]int{}
	var pooled []agreement.Span
	total := 0
	for _, n := range lengths {
		total += n
	}
	for it, name := range g.Names {
		spans := perItem[it]
		if spans == nil {
			continue
		}
		row := Row{Name: name, Units: total, Coded: marked(spans, coders)}
		var err error
		if row.Alpha, err = stat(agreement.UnitizedAlpha(lengths, coders, spans, name)); err != nil {
			return nil, err
		}
		r.Rows = append(r.Rows, row)
		for _, id := range ids {
			pooledLengths[id+"\x00"+name] = lengths[id]
		}
		for _, sp := range spans {
			sp.Continuum += "\x00" + name
			sp.Category = "*"
			pooled = append(pooled, sp)
		}
	}
	r.Overall = Row{Name: "Overall (pooled)", Units: total * len(r.Rows), Coded: marked(pooled, coders)}
	var err error
	if r.Overall.Alpha, err = stat(agreement.UnitizedAlpha(pooledLengths, coders, pooled, "*")); err != nil {
		return nil, err
	}
	if len(r.Rows) == 0 {
		r.Overall.Alpha = &Stat{Note: "none of the coders applied a code in the jointly coded sources"}
	}
	return r, nil
}

// marked counts, per coder, the code points inside the coder's spans
// (overlapping spans merged).
func marked(spans []agreement.Span, coders []string) []int {
	out := make([]int, len(coders))
	byCoder := map[string][]agreement.Span{}
	for _, s := range spans {
		byCoder[s.Coder] = append(byCoder[s.Coder], s)
	}
	for i, c := range coders {
		list := byCoder[c]
		slices.SortFunc(list, func(a, b agreement.Span) int {
			return cmp.Or(cmp.Compare(a.Continuum, b.Continuum), cmp.Compare(a.Start, b.Start))
		})
		cont, end := "", 0
		for _, s := range list {
			if s.Continuum != cont {
				cont, end = s.Continuum, 0
			}
			if s.End <= end {
				continue
			}
			out[i] += s.End - max(s.Start, end)
			end = s.End
		}
	}
	return out
}
