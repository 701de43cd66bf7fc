package corpus

import (
	"slices"
	"strings"
	"testing"
)

func TestParticipantsRoundTrip(t *testing.T) {
	ps := &Participants{
		Attributes: []string{"role", "setting", "years_in_recovery"},
		List: []Participant{
			{ID: "P10", Attributes: map[string]string{"role": "PSW", "setting": "Hospital ED, downtown"}},
			{ID: "P2", Attributes: map[string]string{"role": "PSW", "years_in_recovery": "7", "setting": "Shelter"}},
			{ID: "P1", Attributes: map[string]string{"role": "Zoë’s team: lead", "years_in_recovery": "yes"}},
		},
	}
	data := ps.Encode()
	want := `# Participants and their attributes. See docs/format.md.
version: 1
attributes: [role, setting, years_in_recovery]
participants:
  - id: P1
    role: 'Zoë’s team: lead'
    years_in_recovery: yes
  - id: P2
    role: PSW
    setting: Shelter
    years_in_recovery: "7"
  - id: P10
    role: PSW
    setting: Hospital ED, downtown
`
	if string(data) != want {
		t.Errorf("Encode =\n%s\nwant\n%s", data, want)
	}
	back, err := DecodeParticipants("participants.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Attributes, ps.Attributes) {
		t.Errorf("attributes = %v", back.Attributes)
	}
	for _, p := range ps.List {
		got := back.Get(p.ID)
		if got == nil || len(got.Attributes) != len(p.Attributes) {
			t.Fatalf("%s = %+v", p.ID, got)
		}
		for k, v := range p.Attributes {
			if got.Attributes[k] != v {
				t.Errorf("%s %s = %q, want %q", p.ID, k, got.Attributes[k], v)
			}
		}
	}
	if back.Get("P3") != nil {
		t.Error("Get of a missing id")
	}
	if again := back.Encode(); string(again) != string(data) {
		t.Errorf("second encode differs:\n%s", again)
	}
}

func TestCompareIDs(t *testing.T) {
	ids := []string{"P10", "P2", "P1", "P02b", "A", "P100", "P2a", "p3", "P", "P9999999999", "P03"}
	slices.SortFunc(ids, CompareIDs)
	want := []string{"A", "P", "P1", "P2", "P2a", "P02b", "P03", "P10", "P100", "P9999999999", "p3"}
	if !slices.Equal(ids, want) {
		t.Errorf("sorted = %v\nwant     %v", ids, want)
	}
	for _, pair := range [][2]string{{"P2", "P10"}, {"P1", "P1a"}, {"a9", "b1"}} {
		if CompareIDs(pair[0], pair[1]) >= 0 || CompareIDs(pair[1], pair[0]) <= 0 {
			t.Errorf("%s should sort before %s", pair[0], pair[1])
		}
	}
	if CompareIDs("P7", "P7") != 0 {
		t.Error("equal ids")
	}
	// Distinct ids never compare equal, or sorting would depend on the
	// input order.
	for _, pair := range [][2]string{{"P02", "P2"}, {"P1234567890", "P1234567891"}} {
		if CompareIDs(pair[0], pair[1]) >= 0 || CompareIDs(pair[1], pair[0]) <= 0 {
			t.Errorf("CompareIDs(%s, %s) does not order them", pair[0], pair[1])
		}
	}
}

func TestDecodeParticipantsErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"version: 2\n", "version 2 is newer"},
		{"version: 1\nparticipants:\n  - role: PSW\n", "participant 1: id is empty"},
		{"version: 1\nparticipants:\n  - id: P1\n  - id: P1\n", `participant "P1" appears twice`},
		{"version: 1\nparticipants:\n  - id: ../x\n", "participant 1: id"},
		{"version: 1\npeople: []\n", "field people not found"},
		{"version: 1\nparticipants: [\n", "p.yaml: "},
	}
	for _, tc := range tests {
		_, err := DecodeParticipants("p.yaml", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "p.yaml: ") {
			t.Errorf("%q: err = %v, want %q", tc.data, err, tc.want)
		}
	}
	// Attributes not in the header are added in the order met.
	ps, err := DecodeParticipants("p.yaml", []byte("version: 1\nattributes: [role]\nparticipants:\n  - {id: P1, role: PSW, gender: F}\n"))
	if err != nil || !slices.Equal(ps.Attributes, []string{"role", "gender"}) {
		t.Errorf("attributes = %v, %v", ps.Attributes, err)
	}
	// An empty file is no participants.
	ps, err = DecodeParticipants("p.yaml", nil)
	if err != nil || len(ps.List) != 0 {
		t.Errorf("empty: %+v, %v", ps, err)
	}
}
