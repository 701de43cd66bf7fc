package model

import (
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

func TestRolesFromSpeakers(t *testing.T) {
	role := RolesFromSpeakers(map[string][]corpus.Turn{
		"S1": {{N: 1, Speaker: "INTERVIEWER"}, {N: 2, Speaker: "Jordan"}, {N: 3, Speaker: ""}},
	}, []string{" interviewer "})
	for _, tc := range []struct {
		src  string
		turn int
		want Role
	}{{"S1", 1, RoleInterviewer}, {"S1", 2, RoleParticipant}, {"S1", 3, RoleUnknown}, {"S1", 9, RoleUnknown}, {"S2", 1, RoleUnknown}} {
		if got := role(tc.src, tc.turn); got != tc.want {
			t.Errorf("%s#%d: %v, want %v", tc.src, tc.turn, got, tc.want)
		}
	}
}
