package coderagree

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// Choice is a consensus decision on one unit.
type Choice int

// Choices.
const (
	KeepA Choice = iota + 1
	KeepB
	KeepBoth
	KeepNeither
)

var choiceNames = map[Choice]string{KeepA: "keep A", KeepB: "keep B", KeepBoth: "both", KeepNeither: "neither"}

func (c Choice) String() string {
	if s, ok := choiceNames[c]; ok {
		return s
	}
	return fmt.Sprintf("Choice(%d)", int(c))
}

// ParseChoice reads "a", "keep a", "b", "keep b", "both" or "neither"
// (ignoring case).
func ParseChoice(s string) (Choice, error) {
	switch strings.Join(strings.Fields(strings.ToLower(s)), " ") {
	case "a", "keep a", "keep-a":
		return KeepA, nil
	case "b", "keep b", "keep-b":
		return KeepB, nil
	case "both":
		return KeepBoth, nil
	case "neither", "none":
		return KeepNeither, nil
	}
	return 0, fmt.Errorf("unknown decision %q: use a, b, both or neither", s)
}

// UnitKey names one consensus unit: a code in a turn of a source.
type UnitKey struct {
	Source string `json:"source"`
	Turn   int    `json:"turn"`
	Code   string `json:"code"`
}

func (u UnitKey) String() string { return fmt.Sprintf("%s#%d %s", u.Source, u.Turn, u.Code) }

func (u UnitKey) key() UnitKey { u.Code = codebook.Key(u.Code); return u }

// Decision settles one unit, with the reason given at the consensus
// meeting.
type Decision struct {
	Unit   UnitKey `json:"unit"`
	Choice Choice  `json:"choice"`
	Reason string  `json:"reason"`
}

// ConsensusInput is what [Consensus] reads.
type ConsensusInput struct {
	// A and B are the two coders (as spelled in the codings); As is the
	// consensus coder who receives the codings.
	A, B, As string
	// Codings of every coder; only A's and B's in sources both coded
	// count, and only codings placed in a turn (Turn > 0).
	Codings   []coding.Coding
	Decisions []Decision
	// Now stamps the new codings; NewID makes their ids
	// (coding.NewID when nil).
	Now   time.Time
	NewID func() string
}

// ConsensusRecord is one unit's outcome, for the history.
type ConsensusRecord struct {
	Unit UnitKey `json:"unit"`
	// Agreed is set when both coders applied the code in the turn and no
	// decision was given: A's codings are kept.
	Agreed bool   `json:"agreed"`
	Choice Choice `json:"choice"`
	Reason string `json:"reason,omitempty"`
	// From are the ids of the codings copied.
	From []string `json:"from"`
}

// ConsensusResult is the consensus coder's codings and the record.
type ConsensusResult struct {
	Codings []coding.Coding   `json:"codings"`
	Records []ConsensusRecord `json:"records"`
}

// ErrUndecided is wrapped when a disagreement has no decision.
var ErrUndecided = errors.New("disagreements without a decision")

// Consensus produces the consensus coder's codings from two coders'
// codings and the decisions on their disagreements. The units are (turn,
// code) in sources both coders coded. Where both applied the code and no
// decision is given, A's codings are copied; a decision may also settle
// such a unit (to keep B's spans, say). Where only one applied it, a
// decision is required: keep A (A's codings, or none if A did not apply
// it), keep B, both (each distinct span once) or neither. Copies get new
// ids, coder As, time Now, and the reason as their memo. It fails, naming
// them, when a disagreement is undecided or a decision names a unit
// neither coder coded, or when As is A or B.
func Consensus(in ConsensusInput) (*ConsensusResult, error) {
	if strings.TrimSpace(in.As) == "" || coderKey(in.As) == coderKey(in.A) || coderKey(in.As) == coderKey(in.B) {
		return nil, fmt.Errorf("the consensus coder %q must be a name of its own, not one of the coders compared", in.As)
	}
	newID := in.NewID
	if newID == nil {
		newID = coding.NewID
	}
	bySrc := map[string][2]bool{}
	for _, c := range in.Codings {
		k := coderKey(c.Coder)
		v := bySrc[c.Source]
		v[0] = v[0] || k == coderKey(in.A)
		v[1] = v[1] || k == coderKey(in.B)
		bySrc[c.Source] = v
	}
	units := map[UnitKey][2][]coding.Coding{}
	for _, c := range in.Codings {
		if c.Orphaned || c.Turn < 1 || bySrc[c.Source] != [2]bool{true, true} {
			continue
		}
		u := UnitKey{c.Source, c.Turn, codebook.Key(c.Code)}
		v := units[u]
		switch coderKey(c.Coder) {
		case coderKey(in.A):
			v[0] = append(v[0], c)
		case coderKey(in.B):
			v[1] = append(v[1], c)
		default:
			continue
		}
		units[u] = v
	}
	decided := map[UnitKey]Decision{}
	var stale []string
	for _, d := range in.Decisions {
		k := d.Unit.key()
		if _, ok := units[k]; !ok {
			stale = append(stale, d.Unit.String())
			continue
		}
		if _, ok := choiceNames[d.Choice]; !ok {
			return nil, fmt.Errorf("decision on %s: %v is not a choice", d.Unit, d.Choice)
		}
		decided[k] = d
	}
	if len(stale) > 0 {
		return nil, fmt.Errorf("decisions on units neither %s nor %s coded: %s", in.A, in.B, strings.Join(stale, "; "))
	}
	keys := make([]UnitKey, 0, len(units))
	for k := range units {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b UnitKey) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), cmp.Compare(a.Turn, b.Turn), strings.Compare(a.Code, b.Code))
	})
	res := &ConsensusResult{Codings: []coding.Coding{}, Records: []ConsensusRecord{}}
	var undecided []string
	for _, k := range keys {
		v := units[k]
		name := k
		if len(v[0]) > 0 {
			name.Code = v[0][0].Code
		} else {
			name.Code = v[1][0].Code
		}
		d, ok := decided[k]
		rec := ConsensusRecord{Unit: name, From: []string{}}
		switch {
		case ok:
			rec.Choice, rec.Reason = d.Choice, d.Reason
		case len(v[0]) > 0 && len(v[1]) > 0:
			rec.Agreed, rec.Choice = true, KeepA
		default:
			undecided = append(undecided, name.String())
			continue
		}
		var keep []coding.Coding
		switch rec.Choice {
		case KeepA:
			keep = v[0]
		case KeepB:
			keep = v[1]
		case KeepBoth:
			keep = append(slices.Clone(v[0]), v[1]...)
		}
		var made []coding.Coding
		for _, c := range keep {
			nc := c
			nc.ID, nc.Coder, nc.Created, nc.Memo = newID(), in.As, in.Now.UTC().Truncate(time.Second), rec.Reason
			if slices.ContainsFunc(made, func(x coding.Coding) bool { return coding.SameSpan(x, nc) }) {
				continue
			}
			made = append(made, nc)
			rec.From = append(rec.From, c.ID)
		}
		res.Codings = append(res.Codings, made...)
		res.Records = append(res.Records, rec)
	}
	if len(undecided) > 0 {
		return nil, fmt.Errorf("%w (%d): %s", ErrUndecided, len(undecided), strings.Join(undecided, "; "))
	}
	return res, nil
}
