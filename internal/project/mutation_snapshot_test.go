package project

import (
	"strings"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/corpus"
)

// TestBlindSnapshot: with blind coding on, a snapshot and VisibleCodings
// hold only the viewer's codings (none with no viewer, the viewer's name
// compared trimmed and ignoring case), and all of them WithAllCoders;
// undo turns blind coding off again.
func TestBlindSnapshot(t *testing.T) {
	p, _ := coded(t)
	if e := edit(t, p, "lead", "blind on", func(e *Edit) error { return e.SetBlind(false) }); e != nil {
		t.Errorf("turning blind coding off when off made an entry: %+v", e)
	}
	entry := edit(t, p, "lead", "blind on", func(e *Edit) error { return e.SetBlind(true) })
	if entry == nil || entry.Blind == nil || !*entry.Blind {
		t.Fatalf("entry = %+v", entry)
	}
	q, err := Open(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	if on, _ := q.Blinded(); !on {
		t.Fatal("blind coding is not on after the change")
	}
	count := func(parts SnapshotPart) map[string]int {
		t.Helper()
		s, err := q.Snapshot(parts)
		if err != nil {
			t.Fatal(err)
		}
		n := map[string]int{}
		for _, c := range s.Codings {
			n[c.Coder]++
		}
		return n
	}
	q.SetViewer(" Bob ")
	if n := count(0); len(n) != 1 || n["bob"] != 1 {
		t.Errorf("bob sees %v", n)
	}
	if n := count(WithAllCoders); n["alice"] != 2 || n["bob"] != 1 {
		t.Errorf("WithAllCoders: %v", n)
	}
	if cs, err := q.VisibleCodings("P1"); err != nil || len(cs) != 1 || cs[0].Coder != "bob" {
		t.Errorf("VisibleCodings: %v, %v", cs, err)
	}
	q.SetViewer("")
	if n := count(0); len(n) != 0 {
		t.Errorf("no viewer sees %v", n)
	}
	if _, err := undo(t, q, "lead"); err != nil {
		t.Fatal(err)
	}
	r, _ := Open(p.Root)
	if on, _ := r.Blinded(); on {
		t.Error("undo left blind coding on")
	}
	if cs, err := r.VisibleCodings(""); err != nil || len(cs) != 3 {
		t.Errorf("after undo: %d codings visible, %v", len(cs), err)
	}
}

// TestSnapshotEpisodesRoles: episodes and speaker roles are read only when
// asked for, and a broken file of either is an error of the snapshot.
func TestSnapshotEpisodesRoles(t *testing.T) {
	p := setup(t)
	writeTestFile(t, p.Path(EpisodesFile), "version: 1\nepisodes:\n- name: Her story\n  source: P1\n  from: 1\n  to: 2\n")
	writeTestFile(t, p.Path(SpeakersFile), "version: 1\nspeakers:\n  Jordan: participant\n")
	s, err := p.Snapshot(0)
	if err != nil || s.Episodes != nil || s.Speakers != nil {
		t.Fatalf("Snapshot(0): episodes %v speakers %v, %v", s.Episodes, s.Speakers, err)
	}
	s, err = p.Snapshot(WithEpisodes | WithRoles)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Episodes) != 1 || s.Episodes[0].Name != "Her story" {
		t.Errorf("episodes = %v", s.Episodes)
	}
	if s.Speakers == nil || s.Speakers.Role("P1", "Jordan") != corpus.RoleParticipant {
		t.Errorf("speakers = %+v", s.Speakers)
	}
	writeTestFile(t, p.Path(EpisodesFile), "version: 1\nepisodes: [\n")
	if _, err := p.Snapshot(WithEpisodes); err == nil || !strings.Contains(err.Error(), EpisodesFile) {
		t.Errorf("broken episodes.yaml: %v", err)
	}
	writeTestFile(t, p.Path(EpisodesFile), "version: 1\nepisodes: []\n")
	writeTestFile(t, p.Path(SpeakersFile), "version: 1\nspeakers: [x]\n")
	if _, err := p.Snapshot(WithRoles); err == nil || !strings.Contains(err.Error(), SpeakersFile+":2:") {
		t.Errorf("broken speakers.yaml: %v", err)
	}
}

// TestNowFromEnvironment: GROUNDED_NOW fixes the clock (in UTC); a value
// that is not RFC 3339 is ignored.
func TestNowFromEnvironment(t *testing.T) {
	t.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00+02:00")
	if got := Now(); !got.Equal(time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("Now() = %v", got)
	}
	t.Setenv("GROUNDED_NOW", "yesterday")
	if got := Now(); got.Location() != time.UTC || got.Nanosecond() != 0 || got.Equal(time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("Now() with a bad GROUNDED_NOW = %v", got)
	}
}

// TestEncodeTurnsLongSpeaker: a turn whose speaker label is much longer
// than its text encodes (the buffer estimate never goes negative).
func TestEncodeTurnsLongSpeaker(t *testing.T) {
	ts := []corpus.Turn{{N: 1, Speaker: strings.Repeat("Dr ", 60), Text: "Mm."}}
	out := string(EncodeTurns(ts))
	if !strings.HasPrefix(out, `{"n":1,"speaker":"Dr Dr`) || !strings.HasSuffix(out, "\"text\":\"Mm.\"}\n") {
		t.Errorf("EncodeTurns = %q", out)
	}
}

// TestReadMemo: a memo reads back as written; a missing one is NotFound.
func TestReadMemo(t *testing.T) {
	p, _ := coded(t)
	m, err := p.ReadMemo("2026-01-15-aaaaaa")
	if err != nil || m.ID != "2026-01-15-aaaaaa" || m.Author != "alice" || strings.TrimSpace(m.Body) != "x" || m.Target.Name != "Trust" {
		t.Errorf("ReadMemo = %+v, %v", m, err)
	}
	if _, err := p.ReadMemo("2026-01-15-bbbbbb"); err == nil || !strings.Contains(err.Error(), "2026-01-15-bbbbbb") {
		t.Errorf("missing memo: %v", err)
	}
}
