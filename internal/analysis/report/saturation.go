package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
)

// SaturationReport is the result of [SaturationOf].
type SaturationReport struct {
	// Order is "ingest" or "attr:KEY".
	Order string `json:"order"`
	// K is the number of consecutive transcripts without a new code that
	// marks saturation.
	K     int    `json:"k"`
	Steps []Step `json:"steps"`
	// Reached reports whether the saturation point was found; Point is
	// then the 1-based position of the transcript after which K
	// transcripts brought no new code, and After its source id.
	Reached bool   `json:"reached"`
	Point   int    `json:"point,omitempty"`
	After   string `json:"after,omitempty"`
	// Uncoded lists the sources without codings, which are left out.
	Uncoded []string `json:"uncoded"`
}

// Step is one transcript in the saturation sequence.
type Step struct {
	N           int    `json:"n"`
	Source      string `json:"source"`
	Participant string `json:"participant"`
	// Value is the participant's attribute value when ordering by one.
	Value         string   `json:"value,omitempty"`
	NewCodes      []string `json:"new_codes"`
	NewCategories []string `json:"new_categories"`
	// Codes and Categories are the cumulative totals after this step.
	Codes      int `json:"codes"`
	Categories int `json:"categories"`
}

// SaturationOf computes the saturation sequence. order is "ingest" or
// "attr:KEY" (sources ordered by their participant's value of KEY, in
// natural order, participants without a value last, then in ingest order);
// k (at least 1) is the number of consecutive transcripts without a new
// code that marks saturation.
func SaturationOf(in *Input, order string, k int) (*SaturationReport, error) {
	if k < 1 {
		return nil, fmt.Errorf("k must be at least 1, got %d", k)
	}
	srcs := slices.Clone(in.Sources)
	var value func(participant string) string
	o := strings.TrimSpace(order)
	switch {
	case o == "" || strings.EqualFold(o, "ingest"):
		o = "ingest"
	case strings.HasPrefix(strings.ToLower(o), "attr:"):
		name, v, err := in.attribute(o[len("attr:"):])
		if err != nil {
			return nil, err
		}
		o, value = "attr:"+name, v
	default:
		return nil, fmt.Errorf("unknown order %q: use ingest or attr:KEY", order)
	}
	partOf := in.participantOf()
	if value != nil {
		slices.SortStableFunc(srcs, func(a, b *corpus.Source) int {
			return compareValues(value(partOf(a.ID)), value(partOf(b.ID)))
		})
	}
	codes := NewGrouping(in.Codebook, LevelCode)
	cats := NewGrouping(in.Codebook, LevelCategory)
	bySource := map[string][]string{}
	for _, c := range in.codings() {
		bySource[c.Source] = append(bySource[c.Source], c.Code)
	}
	r := &SaturationReport{Order: o, K: k, Steps: []Step{}, Uncoded: []string{}}
	seenCode, seenCat := map[int]bool{}, map[int]bool{}
	for _, s := range srcs {
		names := bySource[s.ID]
		if len(names) == 0 {
			r.Uncoded = append(r.Uncoded, s.ID)
			continue
		}
		st := Step{N: len(r.Steps) + 1, Source: s.ID, Participant: partOf(s.ID), NewCodes: []string{}, NewCategories: []string{}}
		if value != nil {
			st.Value = value(st.Participant)
		}
		var newCodes, newCats []int
		for _, name := range names {
			for _, i := range codes.Of(name) {
				if !seenCode[i] {
					seenCode[i] = true
					newCodes = append(newCodes, i)
				}
			}
			for _, i := range cats.Of(name) {
				if !seenCat[i] {
					seenCat[i] = true
					newCats = append(newCats, i)
				}
			}
		}
		slices.Sort(newCodes)
		slices.Sort(newCats)
		for _, i := range newCodes {
			st.NewCodes = append(st.NewCodes, codes.Names[i])
		}
		for _, i := range newCats {
			st.NewCategories = append(st.NewCategories, cats.Names[i])
		}
		st.Codes, st.Categories = len(seenCode), len(seenCat)
		r.Steps = append(r.Steps, st)
	}
	// The saturation point: the first step i (with codes so far) such that
	// steps i+1 .. i+k brought no new code.
	for i := range r.Steps {
		if r.Steps[i].Codes == 0 || i+k >= len(r.Steps) {
			continue
		}
		quiet := true
		for _, st := range r.Steps[i+1 : i+1+k] {
			if len(st.NewCodes) > 0 {
				quiet = false
				break
			}
		}
		if quiet {
			r.Reached, r.Point, r.After = true, i+1, r.Steps[i].Source
			break
		}
	}
	return r, nil
}
