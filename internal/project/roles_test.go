package project

import (
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/corpus"
)

func TestSpeakerRolesRoundTrip(t *testing.T) {
	r := &SpeakerRoles{}
	r.Set("", "Interviewer", corpus.RoleInterviewer)
	r.Set("P10", "Speaker 1", corpus.RoleParticipant)
	r.Set("P2", "Speaker 1", corpus.RoleInterviewer)
	r.Set("P2", "Interviewer", corpus.RoleOther)
	data := r.Encode()
	got, err := DecodeSpeakerRoles("speakers.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		src, sp string
		want    corpus.Role
	}{
		{"P1", "Interviewer", corpus.RoleInterviewer},
		{"P2", "Interviewer", corpus.RoleOther}, // the source's own role wins
		{"P2", "Speaker 1", corpus.RoleInterviewer},
		{"P10", "Speaker 1", corpus.RoleParticipant},
		{"P1", "Speaker 1", ""},
		{"P1", "", ""},
	} {
		if r := got.Role(tc.src, tc.sp); r != tc.want {
			t.Errorf("Role(%s, %s) = %q, want %q", tc.src, tc.sp, r, tc.want)
		}
	}
	if s := string(data); strings.Index(s, "P2:") > strings.Index(s, "P10:") {
		t.Errorf("sources not in natural order:\n%s", s)
	}
	if string(got.Encode()) != string(data) {
		t.Errorf("not stable:\n%s\n%s", data, got.Encode())
	}
}

func TestDecodeSpeakerRolesErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"speakers:\n  Sam: boss\n", `speakers.yaml:2:8: speaker "Sam": unknown role "boss"`},
		{"speakers:\n  Sam: [a]\n", `speakers.yaml:2:8: the role of "Sam" must be interviewer, participant or other`},
		{"speakers:\n  Sam: other\n  Sam: other\n", `speakers.yaml:3:3: speaker "Sam" appears twice`},
		{"sources:\n  ../x:\n    Sam: other\n", `speakers.yaml:2:3: source id "../x"`},
		{"roles: {}\n", `speakers.yaml:1:1: unknown field "roles"`},
		{"version: 2\n", `speakers.yaml:1:10: version 2`},
		{"- a\n", `speakers.yaml:1:1: want a mapping`},
	} {
		_, err := DecodeSpeakerRoles("speakers.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.in, err, tc.want)
		}
	}
	if r, err := DecodeSpeakerRoles("speakers.yaml", nil); err != nil || r.Role("P1", "Sam") != "" {
		t.Errorf("empty file: %v", err)
	}
}
