package corpus

import (
	"strings"
	"testing"
)

func TestGuessRoles(t *testing.T) {
	turn := func(sp, text string) Turn { return Turn{Speaker: sp, Text: text} }
	tests := []struct {
		name  string
		turns []Turn
		want  map[string]Role
		// evidence holds a word each speaker's evidence must contain.
		evidence map[string]string
	}{
		{"names", []Turn{turn("Interviewer 2", "Hi."), turn("P04", "Hello?"), turn("Moderator", "x"), turn("Observer", "y"), turn("Host", "z")},
			map[string]Role{"Interviewer 2": RoleInterviewer, "P04": RoleParticipant, "Moderator": RoleInterviewer, "Observer": RoleOther, "Host": RoleInterviewer},
			map[string]string{"P04": "name"}},
		{"two speakers, questions", []Turn{
			turn("Sam Okafor", "So, how did it start?"), turn("Lee", "At a meeting."),
			turn("Sam Okafor", "And then?"), turn("Lee", "I stayed. Why do you ask?"),
			turn("Sam Okafor", "Was it hard?”"), turn("Lee", "Yes."),
		}, map[string]Role{"Sam Okafor": RoleInterviewer, "Lee": RoleParticipant},
			map[string]string{"Sam Okafor": "3 of 3", "Lee": "1 of 3"}},
		{"two speakers, one named", []Turn{turn("Facilitator", "Go on."), turn("Dana", "Well?")},
			map[string]Role{"Facilitator": RoleInterviewer, "Dana": RoleParticipant}, map[string]string{"Dana": "Facilitator"}},
		{"two speakers, participant named", []Turn{turn("Dana", "Go on."), turn("Respondent", "Well?")},
			map[string]Role{"Dana": RoleInterviewer, "Respondent": RoleParticipant}, nil},
		{"tie", []Turn{turn("A1x", "why?"), turn("Bo", "how?")},
			map[string]Role{"A1x": RoleOther, "Bo": RoleOther}, map[string]string{"Bo": "neither"}},
		{"three unnamed", []Turn{turn("Ann", "why?"), turn("Bo", "no"), turn("Cy", "ok")},
			map[string]Role{"Ann": RoleOther, "Bo": RoleOther, "Cy": RoleOther}, nil},
		{"R is ambiguous", []Turn{turn("R", "Why?"), turn("Kim", "Because.")},
			map[string]Role{"R": RoleInterviewer, "Kim": RoleParticipant}, map[string]string{"R": "questions"}},
		{"empty speaker skipped", []Turn{turn("", "Title?"), turn("I", "Hm")}, map[string]Role{"I": RoleInterviewer}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := GuessRoles(tc.turns)
			if len(got) != len(tc.want) {
				t.Errorf("got %d guesses %v, want %d", len(got), got, len(tc.want))
			}
			for sp, role := range tc.want {
				g := got[sp]
				if g.Role != role {
					t.Errorf("%s: role %q (%s), want %q", sp, g.Role, g.Evidence, role)
				}
				if g.Evidence == "" || !strings.Contains(g.Evidence, tc.evidence[sp]) {
					t.Errorf("%s: evidence %q lacks %q", sp, g.Evidence, tc.evidence[sp])
				}
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		got, err := ParseRole(" " + strings.ToUpper(string(r)) + " ")
		if err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	if _, err := ParseRole("boss"); err == nil || !strings.Contains(err.Error(), "interviewer, participant and other") {
		t.Errorf("ParseRole(boss) error = %v", err)
	}
}
