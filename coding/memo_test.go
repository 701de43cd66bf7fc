package coding

import (
	"strings"
	"testing"
	"time"
)

func TestMemoRoundTrip(t *testing.T) {
	created := time.Date(2026, 11, 25, 11, 4, 0, 0, time.FixedZone("CET", 3600))
	memos := []Memo{
		{ID: "2026-11-25-3fa9c1", Target: Target{Kind: TargetCode, Name: "Sharing lived experience"}, Author: "alice", Created: created,
			Body: "# Reliability first\n\nP01 and P06 talk about *following through*.\n\n---\n\nA rule inside the body."},
		{ID: "2026-11-25-000000", Target: Target{Kind: TargetProject}, Author: "bob", Created: created, Body: "Saturation after P06?"},
		{ID: "2026-11-25-aaaaaa", Target: Target{Kind: TargetRef, Name: "P01#4:0-12"}, Author: "Zoë", Created: created, Body: "Zoë’s “trust”: a quote with: colons"},
		{ID: "2026-11-25-bbbbbb", Target: Target{Kind: TargetCategory, Name: "Building Trust"}, Author: "alice", Created: created, Body: ""},
	}
	for _, m := range memos {
		t.Run(m.ID, func(t *testing.T) {
			data := EncodeMemo(m)
			if !strings.HasPrefix(string(data), "---\nid: "+m.ID+"\n") {
				t.Errorf("file does not start with front matter:\n%s", data)
			}
			if !strings.Contains(string(data), "created: 2026-11-25T10:04:00Z\n") {
				t.Errorf("created not written in UTC:\n%s", data)
			}
			back, err := DecodeMemo("m.md", data)
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if back.ID != m.ID || back.Target != m.Target || back.Author != m.Author || !back.Created.Equal(m.Created) || back.Body != m.Body {
				t.Errorf("round trip:\n got %+v\nwant %+v", back, m)
			}
			// Windows line endings read the same.
			crlf, err := DecodeMemo("m.md", []byte(strings.ReplaceAll(string(data), "\n", "\r\n")))
			if err != nil || crlf.Body != strings.ReplaceAll(m.Body, "\r", "") {
				t.Errorf("CRLF: %+v, %v", crlf, err)
			}
		})
	}
}

func TestMemoEncodeLayout(t *testing.T) {
	m := Memo{ID: "2026-01-15-abcdef", Target: Target{Kind: TargetCode, Name: "Showing up"}, Author: "alice",
		Created: time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC), Body: "Text.\n\n\n"}
	want := "---\nid: 2026-01-15-abcdef\ntarget:\n  kind: code\n  name: Showing up\nauthor: alice\ncreated: 2026-01-15T10:00:00Z\n---\nText.\n"
	if got := string(EncodeMemo(m)); got != want {
		t.Errorf("EncodeMemo =\n%s\nwant\n%s", got, want)
	}
	if m.Title() != "Text." {
		t.Errorf("Title = %q", m.Title())
	}
	long := Memo{Body: "## " + strings.Repeat("é", 80) + "\nsecond"}
	if got := long.Title(); len([]rune(got)) != 70 || !strings.HasSuffix(got, "...") || strings.HasPrefix(got, "#") {
		t.Errorf("Title = %q", got)
	}
	if got := (Target{}).String(); got != "project" {
		t.Errorf("empty target = %q", got)
	}
	if got := (Target{Kind: TargetSource, Name: "P01"}).String(); got != "source P01" {
		t.Errorf("target = %q", got)
	}
	id := NewMemoID(time.Date(2026, 3, 1, 23, 30, 0, 0, time.FixedZone("X", -3600)))
	if !strings.HasPrefix(id, "2026-03-02-") || len(id) != len("2026-03-02-abcdef") {
		t.Errorf("NewMemoID = %q", id)
	}
}

func TestDecodeMemoErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"no front matter", "Just text\n", "m.md:1: a memo starts with a '---' line"},
		{"unclosed front matter", "---\nid: x\n", "m.md: the front matter is not closed by a '---' line"},
		{"unknown field", "---\nid: x\nauthr: a\n---\nbody\n", "field authr not found"},
		{"no id", "---\nauthor: a\n---\nbody\n", "m.md: front matter has no id"},
		{"bad target kind", "---\nid: x\ntarget: {kind: person, name: P1}\n---\n", `target kind "person" is not one of project, code, category, source, ref`},
		{"bad YAML", "---\nid: [x\n---\n", "m.md: front matter:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeMemo("m.md", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// A memo without a target is about the project; front matter closed
	// at the end of the file gives an empty body.
	m, err := DecodeMemo("m.md", []byte("---\nid: x\n---"))
	if err != nil || m.Target.Kind != TargetProject || m.Body != "" {
		t.Errorf("got %+v, %v", m, err)
	}
}

func TestMemoTypesTargetsLinks(t *testing.T) {
	created := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	m := Memo{ID: "2026-11-25-cccccc", Target: Target{Kind: TargetCode, Name: "Showing up"}, Author: "alice", Created: created,
		Type: MemoNegativeCase, Targets: []Target{{Kind: TargetRef, Name: "P03#7:0-20"}, {Kind: TargetSource, Name: "P03"}},
		Links: []string{"2026-11-20-aa01bc"}, Body: "P03 never mentions showing up."}
	data := EncodeMemo(m)
	back, err := DecodeMemo("m.md", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if back.Type != m.Type || len(back.Targets) != 2 || back.Targets[0] != m.Targets[0] || len(back.Links) != 1 || back.Links[0] != m.Links[0] {
		t.Fatalf("round trip:\n got %+v\nwant %+v\n%s", back, m, data)
	}
	if got := back.AllTargets(); len(got) != 3 || got[0].Name != "Showing up" {
		t.Errorf("AllTargets = %v", got)
	}
	// A memo written before types existed loads as untyped.
	old := "---\nid: 2026-01-15-abcdef\ntarget:\n  kind: code\n  name: Showing up\nauthor: alice\ncreated: 2026-01-15T10:00:00Z\n---\nText.\n"
	om, err := DecodeMemo("old.md", []byte(old))
	if err != nil || om.Type != "" || om.Targets != nil || om.Links != nil {
		t.Fatalf("old memo: %+v, %v", om, err)
	}
	if string(EncodeMemo(om)) != old {
		t.Errorf("an old memo is not written back unchanged:\n%s", EncodeMemo(om))
	}
	for _, bad := range []struct{ front, want string }{
		{"type: musing\n", `memo type "musing" is not one of analytic`},
		{"targets: [{kind: person, name: X}]\n", `target kind "person"`},
		{"targets: [{kind: code}]\n", "a code target needs a name"},
		{"links: [2026-01-15-abcdef]\n", "is not another memo's id"},
	} {
		data := strings.Replace(old, "---\nText", bad.front+"---\nText", 1)
		if _, err := DecodeMemo("bad.md", []byte(data)); err == nil || !strings.Contains(err.Error(), bad.want) || !strings.HasPrefix(err.Error(), "bad.md") {
			t.Errorf("%q: err %v, want %q", bad.front, err, bad.want)
		}
	}
}

func TestFilterMemos(t *testing.T) {
	ms := []Memo{
		{ID: "a", Target: Target{Kind: TargetCode, Name: "Showing up"}, Author: "alice", Type: MemoAnalytic},
		{ID: "b", Target: Target{Kind: TargetProject}, Author: "Bob", Type: MemoReflexive},
		{ID: "c", Target: Target{Kind: TargetSource, Name: "P01"}, Targets: []Target{{Kind: TargetCode, Name: "showing  UP"}}, Author: "bob"},
		{ID: "d", Target: Target{Kind: TargetCategory, Name: "Showing up"}, Author: "alice", Type: MemoAnalytic},
	}
	ids := func(ms []Memo) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.ID)
		}
		return strings.Join(s, ",")
	}
	code := Target{Kind: TargetCode, Name: "Showing Up"}
	for _, c := range []struct {
		f    MemoFilter
		want string
	}{
		{MemoFilter{}, "a,b,c,d"},
		{MemoFilter{Target: &code}, "a,c"},
		{MemoFilter{Type: MemoAnalytic}, "a,d"},
		{MemoFilter{Type: "untyped"}, "c"},
		{MemoFilter{Author: "BOB"}, "b,c"},
		{MemoFilter{Target: &code, Author: "bob"}, "c"},
		{MemoFilter{Target: &Target{}}, "b"},
	} {
		if got := ids(FilterMemos(ms, c.f)); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.f, got, c.want)
		}
	}
}

// FuzzDecodeMemo checks that DecodeMemo never panics and that a memo it
// accepts is written back to a file that decodes to the same memo.
func FuzzDecodeMemo(f *testing.F) {
	f.Add("---\nid: 2026-01-15-abcdef\ntarget:\n  kind: code\n  name: Showing up\nauthor: alice\ncreated: 2026-01-15T10:00:00Z\n---\nText.\n")
	f.Add("---\nid: x\ntype: negative-case\ntargets: [{kind: ref, name: \"P01#2:0-4\"}]\nlinks: [y]\n---\n")
	f.Add("---\nid: x\ntarget: {kind: person}\n---\n")
	f.Fuzz(func(t *testing.T, data string) {
		m, err := DecodeMemo("m.md", []byte(data))
		if err != nil {
			return
		}
		back, err := DecodeMemo("m.md", EncodeMemo(m))
		if err != nil {
			t.Fatalf("a decoded memo does not decode after encoding: %v\n%s", err, EncodeMemo(m))
		}
		if back.ID != m.ID || back.Type != m.Type || len(back.Targets) != len(m.Targets) || len(back.Links) != len(m.Links) {
			t.Fatalf("round trip changed the memo:\n%+v\n%+v", m, back)
		}
	})
}
