package refi

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

func TestIDGUIDRoundTrip(t *testing.T) {
	g := newGUIDs("p", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	for _, id := range []string{"c00000000007", "0123456789abcdef01234", "2026-03-02-aaaaaa", "2026-03-02-gggggg", "1999-12-31-x", "P01", "code-001-aa", "a"} {
		for _, k := range []idKind{idCodingSel, idCoding, idNote, idRefTurn, idCodingSelSrc} {
			s, ok := g.idGUID(k, id)
			if !ok {
				t.Fatalf("%q does not fit", id)
			}
			if !ValidGUID(s) {
				t.Errorf("%q: %s is not a GUID", id, s)
			}
			gk, gid, ok := decodeIDGUID(s)
			if !ok || gk != k || gid != id {
				t.Errorf("%q kind %d: %s decodes to %d %q %v", id, k, s, gk, gid, ok)
			}
		}
	}
	for _, id := range []string{"", "0123456789abcdef012345", "a-very-long-memo-identifier", "2026-03-02-" + "abcdefghij"} {
		if _, ok := g.idGUID(idNote, id); ok {
			t.Errorf("%q should not fit", id)
		}
	}
	// GUIDs of other tools and name-based ones are not id GUIDs.
	for _, s := range []string{g.of(kindCoding, "x"), "6a1b2c3d-0000-4000-8000-00000000aa01", "{C0DE0000-0000-4000-8000-000000000001}"} {
		if _, _, ok := decodeIDGUID(s); ok {
			t.Errorf("%s decoded as an id GUID", s)
		}
	}
	if k, id, ok := decodeIDGUID(g.hashGUID(idRelNote, "a\x00b")); !ok || k != idRelNote || id != "" {
		t.Errorf("hash GUID: %d %q %v", k, id, ok)
	}
}

func FuzzDecodeIDGUID(f *testing.F) {
	f.Add("67000012-3456-8789-abcd-ef0123456789")
	f.Add("6a1b2c3d-0000-4000-8000-00000000aa01")
	f.Fuzz(func(t *testing.T, s string) {
		k, id, ok := decodeIDGUID(s)
		if !ok || id == "" {
			return
		}
		var g guids
		n, _ := NormGUID(s)
		g.ns[0], g.ns[1] = mustHex(n[2:4]), mustHex(n[4:6])
		if again, ok := g.idGUID(k, id); ok {
			if _, id2, _ := decodeIDGUID(again); id2 != id {
				t.Errorf("%s: %q re-encodes to %q", s, id, id2)
			}
		}
	})
}

func mustHex(s string) byte {
	var b byte
	for _, c := range s {
		b <<= 4
		switch {
		case c >= '0' && c <= '9':
			b |= byte(c - '0')
		default:
			b |= byte(c-'a') + 10
		}
	}
	return b
}

// TestLongIDsRoundTrip: ids too long for an id GUID travel in the
// archive's id map, and so does the target of a memo no NoteRef carries.
func TestLongIDsRoundTrip(t *testing.T) {
	p, err := project.Init(filepath.Join(t.TempDir(), "l"), project.InitOptions{Name: "l", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	txt := "Ann: Hello there, friend.\n\nBob: Hi Ann, good to see you.\n"
	lock, _ := p.Lock()
	plans, err := p.PlanIngest([]project.IngestFile{{Path: "T.txt", Data: []byte(txt)}}, false, t0)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := p.Edit(lock, "alice", "setup")
	e.ApplyIngest(plans)
	e.Codebook.AddCode("Y", "")
	e.AddCoding(coding.Coding{ID: "coding-with-a-rather-long-identifier", Code: "Y", Source: "T", Turn: 2, Start: 0, End: 7, Quote: "Hi Ann,", Coder: "alice", Created: t0})
	e.AddMemo(coding.Memo{ID: "memo-with-a-rather-long-identifier", Target: coding.Target{Kind: coding.TargetRef, Name: "T#2:0-7"}, Author: "alice", Created: t0, Body: "Greeting."})
	e.AddMemo(coding.Memo{ID: "2026-03-02-abcdef", Target: coding.Target{Kind: coding.TargetSource, Name: "Gone"}, Author: "alice", Created: t0, Body: "About a source no longer here."})
	if _, err := e.Commit("setup"); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	ex, data := exportProject(t, p)
	if len(ex.Texts[IDMapPath]) == 0 {
		t.Fatalf("no %s in the export", IDMapPath)
	}
	q, _, err := importArchive(t, data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := q.ReadCodings("")
	if len(cs) != 1 || cs[0].ID != "coding-with-a-rather-long-identifier" {
		t.Errorf("codings %+v", cs)
	}
	ms, _ := q.ListMemos()
	var got []string
	for _, m := range ms {
		got = append(got, m.ID+" "+m.Target.Kind+":"+m.Target.Name)
	}
	sort.Strings(got)
	if want := "2026-03-02-abcdef source:Gone|memo-with-a-rather-long-identifier ref:T#2:0-7"; strings.Join(got, "|") != want {
		t.Errorf("memos %q\nwant %q", strings.Join(got, "|"), want)
	}
}
