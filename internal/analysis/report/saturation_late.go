package report

import (
	"fmt"
	"strings"
)

// LateNew returns the steps after the saturation point that brought new
// codes (none when the point was not reached). With the K-run criterion
// they can exist: a quiet run of K transcripts may be followed by new
// codes.
func (r *SaturationReport) LateNew() []Step {
	out := []Step{}
	if !r.Reached {
		return out
	}
	for _, st := range r.Steps[r.Point:] {
		if len(st.NewCodes) > 0 {
			out = append(out, st)
		}
	}
	return out
}

// Sentence is a summary of the report that is true in every case: when
// codes appeared after the point it says so and names the transcripts.
func (r *SaturationReport) Sentence() string {
	if !r.Reached {
		return fmt.Sprintf("Saturation not reached: no %d consecutive transcript(s) without a new code.", r.K)
	}
	s := fmt.Sprintf("After %s (transcript %d of %d) the next %d transcript(s) brought no new code.", r.After, r.Point, len(r.Steps), r.K)
	late := r.LateNew()
	if len(late) == 0 {
		return s + " No new code appeared after it."
	}
	var where []string
	n := 0
	for _, st := range late {
		where = append(where, fmt.Sprintf("%s (%d)", st.Source, len(st.NewCodes)))
		n += len(st.NewCodes)
	}
	return s + fmt.Sprintf(" But %d new code(s) appeared later, at %s: saturation was not reached there.", n, strings.Join(where, ", "))
}
