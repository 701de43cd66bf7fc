package coderagree

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/agreement"
	"github.com/grounded-qda/grounded/internal/analysis/report"
)

// Input is what agreement is computed from.
type Input struct {
	Codebook *codebook.Codebook
	Codings  []coding.Coding
	// Sources in ingest order; Texts holds their turns.
	Sources []*corpus.Source
	Texts   *report.Texts
	// Include, when not nil, says which turns count: codings in other
	// turns are ignored and, at unit turn, the turns are no units (pass
	// one that leaves interviewer turns out to measure agreement on the
	// participants' words only). See [ParticipantTurns].
	Include func(source string, turn int) bool
}

// Units of analysis.
const (
	UnitTurn = "turn"
	UnitSpan = "span"
)

// ParseUnit reads "turn" or "span".
func ParseUnit(s string) (string, error) {
	switch k := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "s"); k {
	case UnitTurn, UnitSpan:
		return k, nil
	}
	return "", fmt.Errorf("unknown unit %q: use turn or span", s)
}

// Options select the coders, level and unit.
type Options struct {
	// Coders to compare; empty means every coder with codings.
	Coders []string
	Level  report.Level
	// Unit is UnitTurn (the default when empty) or UnitSpan.
	Unit string
}

// Errors for data that cannot measure agreement.
var (
	// ErrTooFewCoders: fewer than two coders to compare.
	ErrTooFewCoders = errors.New("agreement needs at least two coders")
	// ErrNoJointSources: no source was coded by enough of the coders.
	ErrNoJointSources = errors.New("no jointly coded source")
)

// Report is the result of [Compute].
type Report struct {
	Coders []string     `json:"coders"`
	Level  report.Level `json:"level"`
	Unit   string       `json:"unit"`
	// Sources are the jointly coded sources that count, in ingest order.
	Sources []string `json:"sources"`
	// Skipped are the other sources, with the chosen coders who coded them.
	Skipped []Skipped `json:"skipped"`
	Rows    []Row     `json:"rows"`
	Overall Row       `json:"overall"`
}

// Skipped is a source left out, with those of the chosen coders who coded
// it.
type Skipped struct {
	Source string   `json:"source"`
	Coders []string `json:"coders"`
}

// Row holds the coefficients of one item, or of all pooled.
type Row struct {
	Name string `json:"name"`
	// Units is the number of units: turns (pooled: turns × items) or code
	// points.
	Units int `json:"units"`
	// Coded is, per coder, the number of units the coder marked: turns
	// with the item, or code points inside the coder's spans.
	Coded []int `json:"coded"`
	// Percent, Cohen and Fleiss are computed at unit turn only.
	Percent *Stat `json:"percent,omitempty"`
	Cohen   *Stat `json:"cohen,omitempty"`
	Fleiss  *Stat `json:"fleiss,omitempty"`
	Alpha   *Stat `json:"alpha"`
}

// Stat is one coefficient. Value is nil when it is undefined for the data
// or does not apply; Note then says why. Note may also remark on a defined
// value (such as units left out).
type Stat struct {
	Value    *float64 `json:"value"`
	Observed *float64 `json:"observed,omitempty"`
	Expected *float64 `json:"expected,omitempty"`
	Units    int      `json:"units,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// stat turns a computation's outcome into a Stat: a value, or for an
// undefined coefficient a nil value and the reason. Other errors are
// returned.
func stat(r agreement.Result, err error) (*Stat, error) {
	if err != nil {
		if errors.Is(err, agreement.ErrUndefined) {
			return &Stat{Note: strings.TrimPrefix(err.Error(), "agreement: ")}, nil
		}
		return nil, err
	}
	v, o, e := r.Value, r.Observed, r.Expected
	return &Stat{Value: &v, Observed: &o, Expected: &e, Units: r.Units, Note: r.Note}, nil
}

// coderKey is how coder names are compared.
func coderKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Coders returns the coders with (non-orphaned) codings, sorted by name,
// spelled as in their first coding.
func Coders(cs []coding.Coding) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if k := coderKey(c.Coder); !c.Orphaned && k != "" && !seen[k] {
			seen[k] = true
			out = append(out, strings.TrimSpace(c.Coder))
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(coderKey(a), coderKey(b)) })
	return out
}

// ResolveCoders checks the wanted coders against those with codings and
// returns them spelled as in the codings; no wanted coders means all.
func ResolveCoders(cs []coding.Coding, want []string) ([]string, error) {
	all := Coders(cs)
	if len(want) == 0 {
		if len(all) < 2 {
			switch len(all) {
			case 0:
				return nil, fmt.Errorf("%w, and nobody has coded anything yet", ErrTooFewCoders)
			default:
				return nil, fmt.Errorf("%w, and only %s has codings; have a second coder code the same transcripts (grounded code add ... --coder NAME)", ErrTooFewCoders, all[0])
			}
		}
		return all, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, w := range want {
		k := coderKey(w)
		if k == "" {
			continue
		}
		if seen[k] {
			return nil, fmt.Errorf("coder %q is named twice", w)
		}
		seen[k] = true
		i := slices.IndexFunc(all, func(a string) bool { return coderKey(a) == k })
		if i < 0 {
			if len(all) == 0 {
				return nil, fmt.Errorf("no codings by %q: nobody has coded anything yet", w)
			}
			return nil, fmt.Errorf("no codings by %q; the coders with codings are %s", w, strings.Join(all, ", "))
		}
		out = append(out, all[i])
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("%w to compare; name two or more, e.g. --coders %s", ErrTooFewCoders, strings.Join(append(out, "OTHER"), ","))
	}
	return out, nil
}

// joint sorts the sources into those coded by at least need of the coders
// (in ingest order) and the others, and returns which coders coded each
// counted source.
func joint(in *Input, coders []string, need int) (use []*corpus.Source, skipped []Skipped, rated map[string][]bool) {
	index := map[string]int{}
	for i, c := range coders {
		index[coderKey(c)] = i
	}
	rated = map[string][]bool{}
	for _, c := range in.Codings {
		i, ok := index[coderKey(c.Coder)]
		if !ok || c.Orphaned {
			continue
		}
		if rated[c.Source] == nil {
			rated[c.Source] = make([]bool, len(coders))
		}
		rated[c.Source][i] = true
	}
	for _, s := range in.Sources {
		var who []string
		for i, r := range rated[s.ID] {
			if r {
				who = append(who, coders[i])
			}
		}
		if len(who) >= need {
			use = append(use, s)
		} else {
			if who == nil {
				who = []string{}
			}
			skipped = append(skipped, Skipped{Source: s.ID, Coders: who})
		}
	}
	return use, skipped, rated
}

// noJoint explains why no source counts.
func noJoint(coders []string, skipped []Skipped, need int) error {
	var by []string
	for _, s := range skipped {
		if len(s.Coders) > 0 {
			by = append(by, fmt.Sprintf("%s by %s", s.Source, strings.Join(s.Coders, " and ")))
		}
	}
	var who string
	switch {
	case need == 2 && len(coders) == 2:
		who = "both " + coders[0] + " and " + coders[1]
	case need == len(coders):
		who = "all of " + strings.Join(coders, ", ")
	default:
		who = fmt.Sprintf("at least %d of %s", need, strings.Join(coders, ", "))
	}
	msg := "no source was coded by " + who
	if len(by) > 0 {
		msg += " (coded: " + strings.Join(by, "; ") + ")"
	}
	return fmt.Errorf("%w: %s; agreement compares independent codings of the same transcripts", ErrNoJointSources, msg)
}

// Compute measures the agreement of the chosen coders (see the package
// documentation).
func Compute(in *Input, opts Options) (*Report, error) {
	coders, err := ResolveCoders(in.Codings, opts.Coders)
	if err != nil {
		return nil, err
	}
	unit := opts.Unit
	if unit == "" {
		unit = UnitTurn
	}
	switch unit {
	case UnitTurn:
		return computeTurns(in, coders, opts.Level)
	case UnitSpan:
		return computeSpans(in, coders, opts.Level)
	}
	return nil, fmt.Errorf("unknown unit %q: use turn or span", unit)
}

func newReport(coders []string, level report.Level, unit string, sources []string, skipped []Skipped) *Report {
	r := &Report{Coders: coders, Level: level, Unit: unit, Sources: sources, Skipped: skipped, Rows: []Row{}}
	if r.Skipped == nil {
		r.Skipped = []Skipped{}
	}
	if r.Sources == nil {
		r.Sources = []string{}
	}
	return r
}
