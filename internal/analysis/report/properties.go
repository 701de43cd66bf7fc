package report

import (
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
)

// CategoryStep is category saturation at one step: categories that
// appear for the first time, and new properties, that is new codes under
// a category that had appeared before.
type CategoryStep struct {
	N             int      `json:"n"`
	Source        string   `json:"source"`
	NewCategories []string `json:"new_categories"`
	// NewProperties are "category: code" for new codes under categories
	// seen at an earlier step (a code counts for its category and every
	// category above it).
	NewProperties []string `json:"new_properties"`
}

// CategorySaturation turns code steps (from [EmergenceOf] or
// [InterviewSteps]) into category steps. A category is still developing
// while it gains properties, even when no new category appears.
func CategorySaturation(cb *codebook.Codebook, steps []EmergenceStep) []CategoryStep {
	if cb == nil {
		cb = codebook.New()
	}
	seen := map[string]bool{}
	out := make([]CategoryStep, 0, len(steps))
	for _, st := range steps {
		cs := CategoryStep{N: st.N, Source: st.Source, NewCategories: []string{}, NewProperties: []string{}}
		var fresh []string
		for _, code := range st.New {
			c := cb.Code(code)
			if c == nil || c.Category == "" {
				continue
			}
			for _, cat := range append([]string{c.Category}, cb.Ancestors(c.Category)...) {
				k := codebook.Key(cat)
				switch {
				case seen[k]:
					cs.NewProperties = append(cs.NewProperties, cat+": "+c.Name)
				case !slices.Contains(fresh, k):
					fresh = append(fresh, k)
					cs.NewCategories = append(cs.NewCategories, cat)
				}
			}
		}
		for _, k := range fresh {
			seen[k] = true
		}
		out = append(out, cs)
	}
	return out
}

// ThinCategory is a category supported by few participants.
type ThinCategory struct {
	Category     string `json:"category"`
	Participants int    `json:"participants"`
	// Missing lists, per attribute, the values some participant has that
	// no supporting participant has: whom to sample (or re-read) next.
	Missing []MissingValues `json:"missing"`
}

// MissingValues are the values of one attribute not yet represented.
type MissingValues struct {
	Attribute string   `json:"attribute"`
	Values    []string `json:"values"`
}

// ThinCategories lists the categories (with codes in them or below them)
// supported by fewer than min participants, in codebook order. A
// participant supports a category when one of their sources has a coding
// of a code in it or below it. participantOf maps a source to its
// participant (the source id when nil). Orphaned codings are ignored.
func ThinCategories(cb *codebook.Codebook, cs []coding.Coding, participantOf func(string) string, parts []corpus.Participant, attributes []string, min int) []ThinCategory {
	if cb == nil {
		return []ThinCategory{}
	}
	if participantOf == nil {
		participantOf = func(s string) string { return s }
	}
	support := map[string]map[string]bool{} // category key -> participants
	for _, c := range cs {
		code := cb.Code(c.Code)
		if c.Orphaned || code == nil || code.Category == "" {
			continue
		}
		for _, cat := range append([]string{code.Category}, cb.Ancestors(code.Category)...) {
			k := codebook.Key(cat)
			if support[k] == nil {
				support[k] = map[string]bool{}
			}
			support[k][participantOf(c.Source)] = true
		}
	}
	hasCodes := map[string]bool{}
	for _, code := range cb.Codes {
		if code.Category != "" {
			for _, cat := range append([]string{code.Category}, cb.Ancestors(code.Category)...) {
				hasCodes[codebook.Key(cat)] = true
			}
		}
	}
	out := []ThinCategory{}
	for _, cat := range cb.Categories {
		k := codebook.Key(cat.Name)
		sup := support[k]
		if !hasCodes[k] || len(sup) >= min {
			continue
		}
		tc := ThinCategory{Category: cat.Name, Participants: len(sup), Missing: []MissingValues{}}
		for _, a := range attributes {
			have := map[string]bool{}
			for _, p := range parts {
				if sup[p.ID] {
					have[strings.TrimSpace(p.Attributes[a])] = true
				}
			}
			var miss []string
			for _, p := range parts {
				v := strings.TrimSpace(p.Attributes[a])
				if v != "" && !have[v] && !slices.Contains(miss, v) {
					miss = append(miss, v)
				}
			}
			if len(miss) > 0 {
				slices.SortFunc(miss, compareValues)
				tc.Missing = append(tc.Missing, MissingValues{Attribute: a, Values: miss})
			}
		}
		out = append(out, tc)
	}
	return out
}
