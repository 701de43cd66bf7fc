package ops

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// ParticipantsWithAttrs resolves attribute filters (KEY=VALUE, as search
// and autocode take them) to the ids of the participants that match:
// every key must match (AND across keys), and a key given several times
// matches any of its values (OR within a key). Keys are attribute names,
// matched exactly; values are trimmed and compared whole, ignoring case.
//
// A key that is no attribute, and a value that no participant has, are
// refused (*errs.Invalid with Field "attr", and the attribute names or the
// key's values in the reason): a value nobody has is a typo far more often
// than a question whose answer is "nobody", and an answer of 0 turns
// would not say which.
func ParticipantsWithAttrs(p *project.Project, attrs []string) ([]string, error) {
	ps, err := p.ReadParticipants()
	if err != nil {
		return nil, err
	}
	return ParticipantsWithAttrsIn(ps, attrs)
}

// ParticipantsWithAttrsIn is ParticipantsWithAttrs over participants
// already read.
func ParticipantsWithAttrsIn(ps *project.Participants, attrs []string) ([]string, error) {
	want := map[string][]string{}
	for _, a := range attrs {
		k, v, _ := strings.Cut(a, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !slices.Contains(ps.Attributes, k) {
			return nil, &errs.Invalid{Field: "attr", Value: k,
				Reason: fmt.Sprintf("no participant attribute %q (known: %s)", k, strings.Join(ps.Attributes, ", "))}
		}
		var values []string
		for _, pt := range ps.List {
			if x := pt.Attributes[k]; x != "" && !slices.ContainsFunc(values, func(y string) bool { return strings.EqualFold(x, y) }) {
				values = append(values, x)
			}
		}
		if !slices.ContainsFunc(values, func(x string) bool { return strings.EqualFold(x, v) }) {
			slices.Sort(values)
			q := make([]string, len(values))
			for i, x := range values {
				q[i] = strconv.Quote(x)
			}
			return nil, &errs.Invalid{Field: "attr", Value: v,
				Reason: fmt.Sprintf("no participant has %s = %q (the values of %s are: %s)", k, v, k, strings.Join(q, ", "))}
		}
		want[k] = append(want[k], v)
	}
	out := []string{}
	for _, pt := range ps.List {
		ok := true
		for k, vs := range want {
			if !slices.ContainsFunc(vs, func(v string) bool { return strings.EqualFold(pt.Attributes[k], v) }) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, pt.ID)
		}
	}
	return out, nil
}
