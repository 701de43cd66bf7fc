package codebook

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
)

// # Evidence
//
// A relation may cite what grounds it (Relation.Evidence): coding ids
// (the 12 hex digits a coding is stored under) and passage references in
// the forms corpus.ParseRef reads (SRC#N, SRC#N:S-E, SRC:S-E). A citation
// with '#' or ':' is a passage reference, anything else a coding id. The
// codebook checks only their form; whether the coding exists or the
// passage resolves is for the code that has the project at hand.

// CheckEvidence checks the form of one citation.
func CheckEvidence(ref string) error {
	_, err := NormEvidence(ref)
	return err
}

// NormEvidence returns a citation in the spelling the codebook stores, or
// an error saying what is wrong with its form.
func NormEvidence(ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	switch {
	case ref == "":
		return "", fmt.Errorf("empty citation")
	case IsPassageEvidence(ref):
		r, err := corpus.ParseRef(ref)
		if err != nil {
			return "", err
		}
		return r.String(), nil
	}
	for _, c := range ref {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return "", fmt.Errorf("%q is neither a coding id (letters and digits) nor a passage reference (SRC#N, SRC#N:S-E)", ref)
		}
	}
	return ref, nil
}

// IsPassageEvidence reports whether a citation is a passage reference
// rather than a coding id.
func IsPassageEvidence(ref string) bool { return strings.ContainsAny(ref, "#:") }

// AddEvidence appends the citations r does not have yet, in their stored
// spelling, and returns those it added. It checks every citation's form
// before changing anything.
func (r *Relation) AddEvidence(refs ...string) ([]string, error) {
	var add []string
	for _, ref := range refs {
		n, err := NormEvidence(ref)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(r.Evidence, n) && !slices.Contains(add, n) {
			add = append(add, n)
		}
	}
	r.Evidence = append(r.Evidence, add...)
	return add, nil
}

// Relation returns the relation from → to labelled as (names compared as
// Key does, the label case-insensitively), or nil.
func (cb *Codebook) Relation(from, to, as string) *Relation {
	for _, r := range cb.Relations {
		if Key(r.From) == Key(from) && Key(r.To) == Key(to) && strings.EqualFold(strings.TrimSpace(r.As), strings.TrimSpace(as)) {
			return r
		}
	}
	return nil
}
