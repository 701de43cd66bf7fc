package model

import (
	"strings"

	"github.com/grounded-qda/grounded/corpus"
)

// RolesFromSpeakers returns a Role function from the sources' turns and
// the speaker labels that belong to interviewers (compared ignoring case
// and surrounding space): a turn whose speaker is one of them is the
// interviewer's, a turn with another speaker the participant's, and a
// turn with no speaker label, or of an unknown source or turn, unknown.
func RolesFromSpeakers(turns map[string][]corpus.Turn, interviewers []string) func(source string, turn int) Role {
	iv := map[string]bool{}
	for _, s := range interviewers {
		if k := strings.ToLower(strings.TrimSpace(s)); k != "" {
			iv[k] = true
		}
	}
	byN := map[string]map[int]string{}
	for src, ts := range turns {
		m := map[int]string{}
		for _, t := range ts {
			m[t.N] = strings.ToLower(strings.TrimSpace(t.Speaker))
		}
		byN[src] = m
	}
	return func(source string, turn int) Role {
		sp, ok := byN[source][turn]
		switch {
		case !ok || sp == "":
			return RoleUnknown
		case iv[sp]:
			return RoleInterviewer
		}
		return RoleParticipant
	}
}
