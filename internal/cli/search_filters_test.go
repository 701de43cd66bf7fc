package cli

import (
	"reflect"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/project"
)

// speakersWithRoles keeps exactly the turns whose speaker has a wanted
// role in their source (project.SpeakerRoles.Role): checked here against
// Role for every speaker and source of a small project, and for the
// entries it makes.
func TestSpeakersWithRoles(t *testing.T) {
	roles := &project.SpeakerRoles{}
	roles.Set("", "Interviewer", corpus.RoleInterviewer)
	roles.Set("P2", "Interviewer", corpus.RoleOther) // the interviewer's friend
	roles.Set("P1", "Sam", corpus.RoleParticipant)
	roles.Set("P3", "Sam", corpus.RoleInterviewer) // Sam asks the questions there
	roles.Set("P3", "Ana", corpus.RoleParticipant)
	roles.Set("", "Note", corpus.RoleOther)
	sources := []string{"P1", "P2", "P3", "P10"}
	speakers := []string{"Interviewer", "Sam", "Ana", "Note", "Bo", ""}
	allows := func(ss []index.SpeakerSources, src, sp string) bool {
		for _, s := range ss {
			if s.Speaker != sp {
				continue
			}
			in := func(l []string) bool {
				for _, x := range l {
					if x == src {
						return true
					}
				}
				return false
			}
			if (s.Only == nil || in(s.Only)) && !in(s.Except) {
				return true
			}
		}
		return false
	}
	for _, wanted := range [][]corpus.Role{
		{corpus.RoleInterviewer}, {corpus.RoleParticipant}, {corpus.RoleOther},
		{corpus.RoleInterviewer, corpus.RoleParticipant}, {corpus.RoleOther, corpus.RoleParticipant},
	} {
		want := map[corpus.Role]bool{}
		for _, r := range wanted {
			want[r] = true
		}
		for _, only := range [][]string{nil, {"Sam"}, {"Bo"}} {
			ss := speakersWithRoles(roles, want, only)
			for _, src := range sources {
				for _, sp := range speakers {
					exp := want[roles.Role(src, sp)] && (only == nil || sp == only[0])
					if got := allows(ss, src, sp); got != exp {
						t.Errorf("roles %v, speakers %v: %s in %s allowed %v, want %v (entries %+v)", wanted, only, sp, src, got, exp, ss)
					}
				}
			}
		}
	}
	got := speakersWithRoles(roles, map[corpus.Role]bool{corpus.RoleInterviewer: true}, nil)
	want := []index.SpeakerSources{{Speaker: "Interviewer", Except: []string{"P2"}}, {Speaker: "Sam", Only: []string{"P3"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("interviewers: %+v, want %+v", got, want)
	}
}
