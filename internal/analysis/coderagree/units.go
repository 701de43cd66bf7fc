package coderagree

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// More units of analysis (see [ComputeUnit]).
const (
	// UnitSource: a code is present in a document or not, as MAXQDA's
	// "code existence in document" offers.
	UnitSource = "source"
	// UnitSegment: coded segments, two codings agreeing when they
	// overlap by at least a share of their union.
	UnitSegment = "segment"
)

// DefaultOverlap is the overlap threshold of unit segment when none is
// given.
const DefaultOverlap = 0.8

// ParticipantTurns returns an Include function keeping the turns whose
// speaker is not an interviewer, given a function telling interviewer
// turns.
func ParticipantTurns(interviewer func(source string, turn int) bool) func(string, int) bool {
	return func(source string, turn int) bool { return !interviewer(source, turn) }
}

// included reports whether a coding counts under in.Include: a coding
// counts when one of the turns it lies in is included.
func (in *Input) included(c coding.Coding) bool {
	if c.Orphaned {
		return false
	}
	if in.Include == nil {
		return true
	}
	for _, t := range in.Texts.TurnsOf(c) {
		if in.Include(c.Source, t) {
			return true
		}
	}
	return false
}

// ComputeUnit computes agreement at unit turn or span (as [Compute]),
// source or segment. overlap is the threshold of unit segment (0 means
// DefaultOverlap); unit segment compares exactly two coders. The pooled
// row is named by its units (PooledName).
func ComputeUnit(in *Input, opts Options, overlap float64) (*Report, error) {
	r, err := computeUnit(in, opts, overlap)
	if err != nil {
		return nil, err
	}
	r.Overall.Name = PooledName(r.Unit, r.Level)
	return r, nil
}

func computeUnit(in *Input, opts Options, overlap float64) (*Report, error) {
	switch opts.Unit {
	case UnitSource:
		coders, err := ResolveCoders(in.Codings, opts.Coders)
		if err != nil {
			return nil, err
		}
		return computeSources(in, coders, opts.Level)
	case UnitSegment:
		coders, err := ResolveCoders(in.Codings, opts.Coders)
		if err != nil {
			return nil, err
		}
		if overlap == 0 {
			overlap = DefaultOverlap
		}
		if overlap <= 0 || overlap > 1 {
			return nil, fmt.Errorf("overlap must be a share in (0, 1], got %v", overlap)
		}
		return computeSegments(in, coders, opts.Level, overlap)
	}
	return Compute(in, opts)
}

// computeSources: units are the jointly coded sources; a coder gives a
// source 1 for an item when one of their (included) codings of it lies
// in the source, 0 otherwise.
func computeSources(in *Input, coders []string, level report.Level) (*Report, error) {
	use, skipped, rated := joint(in, coders, 2)
	if len(use) == 0 {
		return nil, noJoint(coders, skipped, 2)
	}
	ci := coderIndexOf(coders)
	g := report.NewGrouping(in.Codebook, level)
	units := make([]string, len(use))
	uix := map[string]int{}
	for i, s := range use {
		units[i], uix[s.ID] = s.ID, i
	}
	present := map[int]map[int][]bool{} // item -> unit -> coder
	for _, c := range in.Codings {
		k, ok := ci[coderKey(c.Coder)]
		u, ok2 := uix[c.Source]
		if !ok || !ok2 || !in.included(c) {
			continue
		}
		for _, it := range g.Of(c.Code) {
			if present[it] == nil {
				present[it] = map[int][]bool{}
			}
			if present[it][u] == nil {
				present[it][u] = make([]bool, len(coders))
			}
			present[it][u][k] = true
		}
	}
	isRated := func(u, c int) bool { return rated[use[u].ID][c] }
	r := newReport(coders, level, UnitSource, units, skipped)
	var pu []string
	var pp, pr [][]bool
	for it, name := range g.Names {
		p := present[it]
		if p == nil {
			continue
		}
		row, err := turnRow(name, agreement.Binary(units, coders, func(u, c int) bool { return p[u] != nil && p[u][c] }, isRated))
		if err != nil {
			return nil, err
		}
		r.Rows = append(r.Rows, row)
		for u := range units {
			pu = append(pu, units[u]+" "+name)
			row := make([]bool, len(coders))
			if p[u] != nil {
				copy(row, p[u])
			}
			pp, pr = append(pp, row), append(pr, rated[use[u].ID])
		}
	}
	overall, err := turnRow(PooledName(UnitSource, level), agreement.Binary(pu, coders,
		func(u, c int) bool { return pp[u][c] }, func(u, c int) bool { return pr[u][c] }))
	if err != nil {
		return nil, err
	}
	r.Overall = overall
	return r, nil
}

func coderIndexOf(coders []string) map[string]int {
	m := map[string]int{}
	for i, c := range coders {
		m[coderKey(c)] = i
	}
	return m
}

// segment is one coding placed in its source's plain text.
type segment struct {
	source     string
	start, end int
	item       int
}

// SegmentOverlap is |a ∩ b| / |a ∪ b| of two spans [s, e) (1 for two
// identical empty spans, 0 for disjoint ones).
func SegmentOverlap(as, ae, bs, be int) float64 {
	inter := min(ae, be) - max(as, bs)
	union := max(ae, be) - min(as, bs)
	switch {
	case union <= 0:
		if as == bs {
			return 1
		}
		return 0
	case inter <= 0:
		return 0
	}
	return float64(inter) / float64(union)
}

// computeSegments: for each item, the two coders' segments in jointly
// coded sources are matched one to one, greedily by largest overlap
// (|∩|/|∪|), when the overlap reaches the threshold. A matched pair is a
// unit both coded (agreement); an unmatched segment is a unit only its
// coder coded (disagreement). There are no units that both left uncoded,
// so only percent agreement (the share of matched units) is given: kappa
// and alpha need agreement on absence, which segments do not have.
func computeSegments(in *Input, coders []string, level report.Level, threshold float64) (*Report, error) {
	if len(coders) != 2 {
		return nil, fmt.Errorf("unit segment compares exactly two coders, not %d", len(coders))
	}
	use, skipped, _ := joint(in, coders, 2)
	if len(use) == 0 {
		return nil, noJoint(coders, skipped, 2)
	}
	joint := map[string]bool{}
	var ids []string
	for _, s := range use {
		joint[s.ID] = true
		ids = append(ids, s.ID)
	}
	ci := coderIndexOf(coders)
	g := report.NewGrouping(in.Codebook, level)
	segs := [2][]segment{}
	for _, c := range in.Codings {
		k, ok := ci[coderKey(c.Coder)]
		if !ok || !joint[c.Source] || !in.included(c) {
			continue
		}
		s, e, ok := in.Texts.SourceSpan(c)
		if !ok {
			return nil, fmt.Errorf("coding %s of %s#%d cannot be placed in its source's text", c.ID, c.Source, c.Turn)
		}
		for _, it := range g.Of(c.Code) {
			segs[k] = append(segs[k], segment{c.Source, s, e, it})
		}
	}
	r := newReport(coders, level, UnitSegment, ids, skipped)
	var total, matchedAll int
	totalCoded := make([]int, 2)
	for it, name := range g.Names {
		var a, b []segment
		for _, s := range segs[0] {
			if s.item == it {
				a = append(a, s)
			}
		}
		for _, s := range segs[1] {
			if s.item == it {
				b = append(b, s)
			}
		}
		if len(a)+len(b) == 0 {
			continue
		}
		m := matchSegments(a, b, threshold)
		units := len(a) + len(b) - m
		row := Row{Name: name, Units: units, Coded: []int{len(a), len(b)}, Percent: percentStat(m, units)}
		row.Alpha = &Stat{Note: "not computed at unit segment: there are no units both coders left uncoded; read percent agreement"}
		r.Rows = append(r.Rows, row)
		total += units
		matchedAll += m
		totalCoded[0] += len(a)
		totalCoded[1] += len(b)
	}
	r.Overall = Row{Name: PooledName(UnitSegment, level), Units: total, Coded: totalCoded, Percent: percentStat(matchedAll, total),
		Alpha: &Stat{Note: "not computed at unit segment; read percent agreement"}}
	return r, nil
}

func percentStat(agree, units int) *Stat {
	if units == 0 {
		return &Stat{Note: "no segment"}
	}
	v := float64(agree) / float64(units)
	return &Stat{Value: &v, Units: units}
}

// matchSegments counts one-to-one matches of a and b with overlap at
// least threshold, taking the pairs with the largest overlap first.
func matchSegments(a, b []segment, threshold float64) int {
	type pair struct {
		i, j int
		o    float64
	}
	var ps []pair
	for i, x := range a {
		for j, y := range b {
			if x.source != y.source {
				continue
			}
			if o := SegmentOverlap(x.start, x.end, y.start, y.end); o >= threshold-1e-12 {
				ps = append(ps, pair{i, j, o})
			}
		}
	}
	slices.SortStableFunc(ps, func(p, q pair) int {
		return cmp.Or(cmp.Compare(q.o, p.o), cmp.Compare(p.i, q.i), cmp.Compare(p.j, q.j))
	})
	usedA, usedB := map[int]bool{}, map[int]bool{}
	n := 0
	for _, p := range ps {
		if !usedA[p.i] && !usedB[p.j] {
			usedA[p.i], usedB[p.j] = true, true
			n++
		}
	}
	return n
}

// PooledName is the name of the pooled row, saying what its units are.
func PooledName(unit string, level report.Level) string {
	item := level.String()
	switch unit {
	case UnitSource:
		return "Overall (pooled: " + item + " × source units)"
	case UnitSegment:
		return "Overall (pooled: " + item + " segments)"
	case UnitSpan:
		return "Overall (pooled: " + item + " × source continua)"
	}
	return "Overall (pooled: " + item + " × turn units)"
}

// UnitStatement says in words what a unit is, and for open codes that
// reliability during inductive open coding is contested.
func UnitStatement(unit string, level report.Level, overlap float64, participantsOnly bool) string {
	who := "every turn"
	if participantsOnly {
		who = "participant turns only (interviewer turns left out)"
	}
	var s string
	switch unit {
	case UnitSource:
		s = fmt.Sprintf("Unit: the document. A coder marks a code present in a transcript when they applied it anywhere in it (%s); agreement is on presence, not on where.", who)
	case UnitSegment:
		if overlap == 0 {
			overlap = DefaultOverlap
		}
		s = fmt.Sprintf("Unit: the coded segment. Two codings of a code agree when their overlap is at least %.0f%% of their union (%s); a segment only one coder made is a disagreement. Only percent agreement is given.", 100*overlap, who)
	case UnitSpan:
		s = fmt.Sprintf("Unit: the character. Agreement on which characters carry a code (%s).", who)
	default:
		s = fmt.Sprintf("Unit: the turn. A coder marks a code present in a turn when one of their codings of it lies there (%s); the pooled row counts each turn once per code.", who)
	}
	if level == report.LevelCode {
		s += " These are open codes: reliability figures during inductive open coding are contested, since the codes are still being made; use them to refine the codebook and show how disagreements were settled rather than as a test (MacPhail et al. 2016; O'Connor & Joffe 2020)."
	}
	return s
}

// Confusion is, for two coders, which code one applied where the other
// applied another: Counts[i][j] counts coder A's codings of Codes[i]
// overlapping coder B's codings of Codes[j]. The last code, "(none)",
// stands for a coding that no coding of the other coder overlaps.
type Confusion struct {
	Coders [2]string `json:"coders"`
	Codes  []string  `json:"codes"`
	Counts [][]int   `json:"counts"`
}

// NoCode labels codings the other coder did not overlap at all.
const NoCode = "(none)"

// ConfusionOf builds the confusion table of coders a and b (as spelled
// in the codings) over the jointly coded sources, at the level's items.
// A coding of A overlapping codings of B counts once for each distinct
// item of B it overlaps; a coding with no overlap counts under "(none)",
// and so does each coding of B that no coding of A overlaps.
func ConfusionOf(in *Input, a, b string, level report.Level) (*Confusion, error) {
	coders, err := ResolveCoders(in.Codings, []string{a, b})
	if err != nil {
		return nil, err
	}
	use, skipped, _ := joint(in, coders, 2)
	if len(use) == 0 {
		return nil, noJoint(coders, skipped, 2)
	}
	joint := map[string]bool{}
	for _, s := range use {
		joint[s.ID] = true
	}
	g := report.NewGrouping(in.Codebook, level)
	var cs [2][]coding.Coding
	ci := coderIndexOf(coders)
	for _, c := range in.Codings {
		if k, ok := ci[coderKey(c.Coder)]; ok && joint[c.Source] && in.included(c) {
			cs[k] = append(cs[k], c)
		}
	}
	used := map[int]bool{}
	counts := map[[2]int]int{}
	none := -1
	overlapping := func(x coding.Coding, others []coding.Coding) []int {
		var items []int
		for _, y := range others {
			if in.Texts.Overlaps(x, y) {
				for _, it := range g.Of(y.Code) {
					if !slices.Contains(items, it) {
						items = append(items, it)
					}
				}
			}
		}
		return items
	}
	for _, x := range cs[0] {
		ys := overlapping(x, cs[1])
		for _, i := range g.Of(x.Code) {
			used[i] = true
			if len(ys) == 0 {
				counts[[2]int{i, none}]++
			}
			for _, j := range ys {
				used[j] = true
				counts[[2]int{i, j}]++
			}
		}
	}
	for _, y := range cs[1] {
		for _, j := range g.Of(y.Code) {
			used[j] = true
			if len(overlapping(y, cs[0])) == 0 {
				counts[[2]int{none, j}]++
			}
		}
	}
	conf := &Confusion{Coders: [2]string{coders[0], coders[1]}, Codes: []string{}}
	pos := map[int]int{}
	for it, name := range g.Names {
		if used[it] {
			pos[it] = len(conf.Codes)
			conf.Codes = append(conf.Codes, name)
		}
	}
	pos[none] = len(conf.Codes)
	conf.Codes = append(conf.Codes, NoCode)
	conf.Counts = make([][]int, len(conf.Codes))
	for i := range conf.Counts {
		conf.Counts[i] = make([]int, len(conf.Codes))
	}
	for k, n := range counts {
		conf.Counts[pos[k[0]]][pos[k[1]]] += n
	}
	return conf, nil
}
