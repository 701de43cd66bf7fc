// Package whose decides whose codings count and how they are counted,
// for every figure computed from codings (hierarchy, code and category
// lists, model check, reports, exports).
//
// # Coders
//
// [FilterCoders] keeps the codings of the chosen coders (names compared
// ignoring case and surrounding space). An empty choice keeps every
// coding. A chosen coder with no coding is an error, so that a typo does
// not silently yield empty figures.
//
// # Counting passages
//
// When two coders code the same passage with the same code (double
// coding for reliability, or a consensus coder's copy), counting codings
// counts that passage twice. [Passages] groups the codings of one code in
// one turn (or, for codings with source-level offsets, in one source)
// whose spans overlap, directly or through a chain of overlapping
// codings, into one passage, whoever coded them. [Count] with
// [ModePassages] counts those passages; [ModeCodings] counts codings.
// Orphaned codings are left out of passages and counts.
package whose

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// FilterCoders returns the codings of the given coders (all codings when
// coders is empty), in their order. It fails when a coder has no coding.
func FilterCoders(cs []coding.Coding, coders []string) ([]coding.Coding, error) {
	if len(coders) == 0 {
		return cs, nil
	}
	want := map[string]bool{}
	for _, c := range coders {
		if k := coderKey(c); k != "" {
			want[k] = true
		}
	}
	has := map[string]bool{}
	var out []coding.Coding
	for _, c := range cs {
		k := coderKey(c.Coder)
		has[k] = true
		if want[k] {
			out = append(out, c)
		}
	}
	var missing []string
	for _, c := range coders {
		if k := coderKey(c); k != "" && !has[k] {
			missing = append(missing, strings.TrimSpace(c))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no codings by coder(s) %s; the coders are: %s", strings.Join(missing, ", "), strings.Join(Coders(cs), ", "))
	}
	return out, nil
}

// Coders lists the distinct coders of cs (first spelling seen), sorted.
func Coders(cs []coding.Coding) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if k := coderKey(c.Coder); !seen[k] {
			seen[k] = true
			out = append(out, c.Coder)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(coderKey(a), coderKey(b)) })
	return out
}

func coderKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Mode is how codings are counted.
type Mode int

// Modes.
const (
	// ModeCodings counts every coding.
	ModeCodings Mode = iota
	// ModePassages counts distinct passages (see the package comment).
	ModePassages
)

// ParseMode reads "codings" or "passages".
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "codings":
		return ModeCodings, nil
	case "passages":
		return ModePassages, nil
	}
	return 0, fmt.Errorf("unknown count %q: use codings or passages", s)
}

func (m Mode) String() string {
	if m == ModePassages {
		return "passages"
	}
	return "codings"
}

// Passage is one stretch of text coded with one code, by one or more
// coders.
type Passage struct {
	Code   string `json:"code"`
	Source string `json:"source"`
	Turn   int    `json:"turn"`
	// Start and End span every coding of the passage.
	Start   int             `json:"start"`
	End     int             `json:"end"`
	Coders  []string        `json:"coders"`
	Codings []coding.Coding `json:"codings"`
}

// Passages groups codings into passages (see the package comment), in
// file order (source, turn, start, code).
func Passages(cs []coding.Coding) []Passage {
	live := make([]coding.Coding, 0, len(cs))
	for _, c := range cs {
		if !c.Orphaned {
			live = append(live, c)
		}
	}
	slices.SortFunc(live, func(a, b coding.Coding) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), cmp.Compare(a.Turn, b.Turn),
			strings.Compare(codebook.Key(a.Code), codebook.Key(b.Code)), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	var out []Passage
	for _, c := range live {
		if n := len(out); n > 0 {
			p := &out[n-1]
			span := coding.Coding{Source: p.Source, Turn: p.Turn, Start: p.Start, End: p.End}
			if codebook.Key(p.Code) == codebook.Key(c.Code) && coding.Overlaps(span, c) {
				p.End = max(p.End, c.End)
				p.Codings = append(p.Codings, c)
				if !slices.ContainsFunc(p.Coders, func(x string) bool { return coderKey(x) == coderKey(c.Coder) }) {
					p.Coders = append(p.Coders, c.Coder)
				}
				continue
			}
		}
		out = append(out, Passage{Code: c.Code, Source: c.Source, Turn: c.Turn, Start: c.Start, End: c.End, Coders: []string{c.Coder}, Codings: []coding.Coding{c}})
	}
	slices.SortStableFunc(out, func(a, b Passage) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), cmp.Compare(a.Turn, b.Turn), cmp.Compare(a.Start, b.Start),
			strings.Compare(codebook.Key(a.Code), codebook.Key(b.Code)))
	})
	return out
}

// Count returns, per code (by codebook.Key), the number of codings or of
// passages. Orphaned codings are not counted.
func Count(cs []coding.Coding, m Mode) map[string]int {
	out := map[string]int{}
	if m == ModePassages {
		for _, p := range Passages(cs) {
			out[codebook.Key(p.Code)]++
		}
		return out
	}
	for _, c := range cs {
		if !c.Orphaned {
			out[codebook.Key(c.Code)]++
		}
	}
	return out
}

// Distinct returns one coding per passage (the earliest-starting one,
// the first coder's on a tie), for lists that must not show one passage
// twice.
func Distinct(cs []coding.Coding) []coding.Coding {
	ps := Passages(cs)
	out := make([]coding.Coding, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Codings[0])
	}
	return out
}

// Blind returns only the given coder's codings: what a coder sees while
// blind coding is on. Agreement is computed from all codings regardless.
// An empty coder sees nothing.
func Blind(cs []coding.Coding, coder string) []coding.Coding {
	k := coderKey(coder)
	out := []coding.Coding{}
	if k == "" {
		return out
	}
	for _, c := range cs {
		if coderKey(c.Coder) == k {
			out = append(out, c)
		}
	}
	return out
}
