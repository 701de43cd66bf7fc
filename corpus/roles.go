package corpus

import (
	"fmt"
	"strings"
)

// Role is what a speaker does in an interview. The zero value is no role
// (not yet known); the roles are RoleInterviewer, RoleParticipant and
// RoleOther.
type Role string

const (
	// RoleInterviewer asks the questions: interviewer, moderator,
	// facilitator, researcher, host.
	RoleInterviewer Role = "interviewer"
	// RoleParticipant is interviewed.
	RoleParticipant Role = "participant"
	// RoleOther is anyone else: an interpreter, a note-taker, a second
	// participant whose part is not known.
	RoleOther Role = "other"
)

// Roles lists the roles in a fixed order.
func Roles() []Role { return []Role{RoleInterviewer, RoleParticipant, RoleOther} }

// ParseRole reads a role name, without regard to case or surrounding
// space.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Roles() {
		if r == k {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q: the roles are interviewer, participant and other", s)
}

// RoleGuess is a guessed role and the evidence for it, written for a
// researcher to check ("the name says so", "asks 14 of the 16 questions").
type RoleGuess struct {
	Role     Role   `json:"role"`
	Evidence string `json:"evidence"`
}

// interviewerNames, participantNames and otherNames are the names that
// tell a role, compared in lower case after removing a trailing number or
// letter (see roleBase). "R" is in none: transcribers write it for the
// researcher and for the respondent.
var (
	interviewerNames = map[string]bool{
		"interviewer": true, "moderator": true, "facilitator": true, "co-facilitator": true,
		"cofacilitator": true, "researcher": true, "host": true, "question": true,
		"q": true, "i": true, "int": true, "iv": true, "mod": true, "fac": true,
	}
	participantNames = map[string]bool{
		"participant": true, "interviewee": true, "respondent": true, "psw": true,
		"peer worker": true, "peer support worker": true, "peer": true, "client": true,
		"answer": true, "a": true, "p": true, "ie": true, "resp": true,
	}
	otherNames = map[string]bool{
		"observer": true, "note-taker": true, "notetaker": true, "interpreter": true,
		"translator": true,
	}
)

// roleBase lower-cases name and removes a trailing number ("Interviewer
// 2", "P04") or a trailing single letter after a space ("Speaker A").
func roleBase(name string) string {
	s := strings.ToLower(strings.TrimSpace(name))
	t := strings.TrimRight(s, "0123456789")
	if t != s {
		return strings.TrimRight(t, " .-_#")
	}
	if n := len(s); n > 2 && s[n-2] == ' ' && s[n-1] >= 'a' && s[n-1] <= 'z' {
		return s[:n-2]
	}
	return s
}

// GuessRoles guesses the role of every speaker of turns:
//
//   - a speaker whose name is a role word is given that role ("Interviewer
//     2", "Moderator", "Host" are interviewers; "Participant", "P04",
//     "Respondent" participants; "Observer", "Interpreter" others);
//   - in an interview of two speakers, a speaker not named by a role is the
//     interviewer if the other is the participant, the participant if the
//     other is the interviewer, and otherwise the one who asks more
//     questions (turns ending in a question mark) is the interviewer and
//     the other the participant; with as many questions each, both are
//     other;
//   - anyone else is other.
//
// Every guess comes with its evidence. The empty speaker gets no guess.
func GuessRoles(turns []Turn) map[string]RoleGuess {
	type stat struct{ turns, questions int }
	stats := map[string]*stat{}
	speakers := Speakers(turns)
	for _, t := range turns {
		if t.Speaker == "" {
			continue
		}
		st := stats[t.Speaker]
		if st == nil {
			st = &stat{}
			stats[t.Speaker] = st
		}
		st.turns++
		if isQuestion(t.Text) {
			st.questions++
		}
	}
	out := map[string]RoleGuess{}
	for _, sp := range speakers {
		b := roleBase(sp)
		switch {
		case interviewerNames[b]:
			out[sp] = RoleGuess{RoleInterviewer, fmt.Sprintf("the name %q says so", sp)}
		case participantNames[b]:
			out[sp] = RoleGuess{RoleParticipant, fmt.Sprintf("the name %q says so", sp)}
		case otherNames[b]:
			out[sp] = RoleGuess{RoleOther, fmt.Sprintf("the name %q says so", sp)}
		}
	}
	if len(speakers) == 2 {
		a, b := speakers[0], speakers[1]
		ga, okA := out[a]
		gb, okB := out[b]
		switch {
		case okA && okB:
		case okA || okB:
			known, unknown, g := a, b, ga
			if okB {
				known, unknown, g = b, a, gb
			}
			switch g.Role {
			case RoleInterviewer:
				out[unknown] = RoleGuess{RoleParticipant, fmt.Sprintf("the other speaker of a two-person interview with %s, the interviewer", known)}
			case RoleParticipant:
				out[unknown] = RoleGuess{RoleInterviewer, fmt.Sprintf("the other speaker of a two-person interview with %s, the participant", known)}
			}
		default:
			qa, qb := stats[a].questions, stats[b].questions
			ask, answer := a, b
			if qb > qa {
				ask, answer = b, a
			}
			qAsk, qAns := stats[ask].questions, stats[answer].questions
			if qa != qb {
				out[ask] = RoleGuess{RoleInterviewer, fmt.Sprintf("asks more questions: %d of %d turns end in a question mark, against %d of %d for %s", qAsk, stats[ask].turns, qAns, stats[answer].turns, answer)}
				out[answer] = RoleGuess{RoleParticipant, fmt.Sprintf("asks fewer questions: %d of %d turns end in a question mark, against %d of %d for %s", qAns, stats[answer].turns, qAsk, stats[ask].turns, ask)}
			}
		}
	}
	for _, sp := range speakers {
		if _, ok := out[sp]; !ok {
			out[sp] = RoleGuess{RoleOther, "neither the name nor the questions asked tell the role"}
		}
	}
	return out
}

// isQuestion reports whether a turn's text ends in a question mark
// (allowing closing quotes and brackets after it).
func isQuestion(text string) bool {
	t := strings.TrimRight(text, " \n\"'”’)]»")
	return strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？")
}
