package report

import "github.com/grounded-qda/grounded/coding"

// Overlaps reports whether two codings share a character: coding.Overlaps
// for codings in the same turn, else a comparison of their source-level
// spans when one of them has source-level offsets.
func (t *Texts) Overlaps(a, b coding.Coding) bool { return t.overlaps(a, b) }
