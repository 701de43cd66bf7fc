package project

import (
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
)

func setEpisodes(t *testing.T, p *Project, coder string, es ...coding.Episode) *Entry {
	t.Helper()
	return edit(t, p, coder, "episode", func(e *Edit) error { return e.SetEpisodes(es) })
}

func episodesNow(t *testing.T, p *Project) []coding.Episode {
	t.Helper()
	es, err := p.ReadEpisodes()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestUndoEpisodes: undo takes out the episodes a change added and puts
// back those it removed (a rename is both), and a change that leaves the
// episodes as they were records nothing.
func TestUndoEpisodes(t *testing.T) {
	p := setup(t)
	if es := episodesNow(t, p); len(es) != 0 {
		t.Fatalf("a new project has episodes %v", es)
	}
	e1 := coding.Episode{Name: "Her story", Source: "P1", From: 1, To: 2}
	e2 := coding.Episode{Name: "His story", Source: "P1", From: 3, To: 4}
	add := setEpisodes(t, p, "alice", e1, e2)
	if add == nil || !slices.Equal(add.EpisodesAdded, []coding.Episode{e1, e2}) || len(add.EpisodesRemoved) != 0 {
		t.Fatalf("entry of the add: %+v", add)
	}
	if same := setEpisodes(t, p, "alice", e1, e2); same != nil {
		t.Errorf("setting the same episodes made an entry: %+v", same)
	}
	renamed := e2
	renamed.Name = "The clinic"
	ren := setEpisodes(t, p, "alice", e1, renamed)
	if ren == nil || !slices.Equal(ren.EpisodesAdded, []coding.Episode{renamed}) || !slices.Equal(ren.EpisodesRemoved, []coding.Episode{e2}) {
		t.Fatalf("entry of the rename: %+v", ren)
	}
	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	if got := episodesNow(t, p); !sameEpisodes(got, []coding.Episode{e1, e2}) {
		t.Errorf("after undo of the rename: %v", got)
	}
	if _, err := undo(t, p, "alice"); err != nil {
		t.Fatal(err)
	}
	if got := episodesNow(t, p); len(got) != 0 {
		t.Errorf("after undo of the add: %v", got)
	}
}

func sameEpisodes(a, b []coding.Episode) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	coding.SortEpisodes(a)
	coding.SortEpisodes(b)
	return slices.Equal(a, b)
}

// TestUndoEpisodesRefused: undo refuses, naming the episode, when an
// episode it would take out has changed since, or one it would put back
// has its name taken again (compared as code names are); nothing changes.
func TestUndoEpisodesRefused(t *testing.T) {
	p := setup(t)
	e1 := coding.Episode{Name: "Her story", Source: "P1", From: 1, To: 2}
	setEpisodes(t, p, "alice", e1)
	moved := e1
	moved.To = 3
	setEpisodes(t, p, "bob", moved)
	_, err := undo(t, p, "alice")
	if err == nil || !strings.Contains(err.Error(), `cannot undo "episode": episode "Her story" has changed or gone since`) {
		t.Errorf("undo of a changed episode: %v", err)
	}
	if got := episodesNow(t, p); !slices.Equal(got, []coding.Episode{moved}) {
		t.Errorf("episodes after a refused undo: %v", got)
	}

	q := setup(t)
	setEpisodes(t, q, "bob", e1)
	setEpisodes(t, q, "alice") // alice removes it
	again := coding.Episode{Name: "her STORY", Source: "P1", From: 4, To: 4}
	setEpisodes(t, q, "bob", again)
	_, err = undo(t, q, "alice")
	if err == nil || !strings.Contains(err.Error(), `episode "Her story" exists again under that name`) {
		t.Errorf("undo of a removal whose name is taken: %v", err)
	}
	if got := episodesNow(t, q); !slices.Equal(got, []coding.Episode{again}) {
		t.Errorf("episodes after a refused undo: %v", got)
	}
}

// TestCheckEpisodes: check names an episode in a missing source and one
// past the last turn (giving the figures), and accepts one ending on the
// last turn.
func TestCheckEpisodes(t *testing.T) {
	p := setup(t)
	es := "version: 1\nepisodes:\n" +
		"- name: Last\n  source: P1\n  from: 3\n  to: 4\n" +
		"- name: Past\n  source: P1\n  from: 4\n  to: 5\n" +
		"- name: Nowhere\n  source: P9\n  from: 1\n  to: 1\n"
	writeTestFile(t, p.Path(EpisodesFile), es)
	r := check(t, p, false)
	var msgs []string
	for _, pr := range r.Problems {
		if strings.HasSuffix(pr.File, EpisodesFile) {
			msgs = append(msgs, pr.Message)
		}
	}
	want := []string{
		`episode "Past": turns 4-5, but source P1 has 4 turns; fix the range`,
		`episode "Nowhere": no source "P9" in this project; remove the episode or ingest the source`,
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("problems of episodes.yaml:\n%q\nwant\n%q", msgs, want)
	}
}

// TestCheckEpisodesTamperedTurns: when a source's turns cannot be read
// (changed behind grounded's back), check reports that, and does not also
// claim that the episode lies past a source of 0 turns.
func TestCheckEpisodesTamperedTurns(t *testing.T) {
	p := setup(t)
	writeTestFile(t, p.Path(EpisodesFile), "version: 1\nepisodes:\n- name: Her story\n  source: P1\n  from: 1\n  to: 2\n")
	turns := p.Path(SourcesDir, "P1", SourceTurnsFile)
	writeTestFile(t, turns, strings.Replace(readFile(t, turns), "Tuesday", "Monday", 1))
	r := check(t, p, false)
	if countProblems(r, "was changed outside grounded") == 0 {
		t.Fatalf("the tamper is not reported: %+v", r.Problems)
	}
	if n := countProblems(r, `episode "Her story"`); n != 0 {
		t.Errorf("an episode judged against unreadable turns: %+v", r.Problems)
	}
}
