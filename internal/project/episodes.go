package project

import (
	"errors"
	"io/fs"
	"os"
	"slices"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
)

// EpisodesFile holds the episodes marked in the interviews (the format is
// coding.DecodeEpisodes's; docs/format.md).
const EpisodesFile = "episodes.yaml"

// ReadEpisodes loads episodes.yaml (no episode when the file is missing).
// The caller holds the lock.
func (p *Project) ReadEpisodes() ([]coding.Episode, error) {
	file := p.Path(EpisodesFile)
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return []coding.Episode{}, nil
	}
	if err != nil {
		return nil, err
	}
	return coding.DecodeEpisodes(file, data)
}

// Episodes returns the episodes as this edit has them (read once, then as
// changed by SetEpisodes).
func (e *Edit) Episodes() ([]coding.Episode, error) {
	if e.episodes == nil {
		es, err := e.p.ReadEpisodes()
		if err != nil {
			return nil, err
		}
		e.episodes = &episodeState{old: es, cur: slices.Clone(es)}
	}
	return slices.Clone(e.episodes.cur), nil
}

// SetEpisodes replaces the episodes. Commit writes episodes.yaml and
// records in the history entry the episodes removed and added, so that
// undo can put the old ones back. It checks that the names are unique
// and every episode valid (not the sources: the operation does that).
func (e *Edit) SetEpisodes(es []coding.Episode) error {
	if _, err := e.Episodes(); err != nil {
		return err
	}
	if err := coding.ValidateEpisodes(es, nil); err != nil {
		return err
	}
	e.episodes.cur = slices.Clone(es)
	e.episodes.dirty = true
	return nil
}

// episodeState is an edit's working copy of the episodes.
type episodeState struct {
	old, cur []coding.Episode
	dirty    bool
}

// commitEpisodes adds the write of episodes.yaml and the entry's episode
// changes to the edit, when they changed.
func (e *Edit) commitEpisodes() {
	st := e.episodes
	if st == nil || !st.dirty {
		return
	}
	added, removed := diffEpisodes(st.old, st.cur)
	if len(added) == 0 && len(removed) == 0 {
		return
	}
	e.entry.EpisodesAdded = append(e.entry.EpisodesAdded, added...)
	e.entry.EpisodesRemoved = append(e.entry.EpisodesRemoved, removed...)
	e.Tx.WriteFile(EpisodesFile, coding.EncodeEpisodes(st.cur))
}

// episodesChanged reports whether the edit changes the episodes.
func (e *Edit) episodesChanged() bool {
	if e.episodes == nil || !e.episodes.dirty {
		return false
	}
	a, r := diffEpisodes(e.episodes.old, e.episodes.cur)
	return len(a) > 0 || len(r) > 0
}

// diffEpisodes returns the episodes of cur not in old (added) and of old
// not in cur (removed), compared field by field.
func diffEpisodes(old, cur []coding.Episode) (added, removed []coding.Episode) {
	for _, c := range cur {
		if !slices.Contains(old, c) {
			added = append(added, c)
		}
	}
	for _, o := range old {
		if !slices.Contains(cur, o) {
			removed = append(removed, o)
		}
	}
	return added, removed
}

// undoEpisodes reverts target's episode changes in e: takes out the
// episodes it added and puts back those it removed. It refuses when an
// added episode has changed since or a removed one's name is taken again.
func (e *Edit) undoEpisodes(target *Entry) error {
	if len(target.EpisodesAdded) == 0 && len(target.EpisodesRemoved) == 0 {
		return nil
	}
	cur, err := e.Episodes()
	if err != nil {
		return err
	}
	for _, a := range target.EpisodesAdded {
		i := slices.Index(cur, a)
		if i < 0 {
			return &undoEpisodeError{command: target.Command, name: a.Name, why: "has changed or gone since"}
		}
		cur = slices.Delete(cur, i, i+1)
	}
	for _, r := range target.EpisodesRemoved {
		if slices.ContainsFunc(cur, func(x coding.Episode) bool { return codebook.Key(x.Name) == codebook.Key(r.Name) }) {
			return &undoEpisodeError{command: target.Command, name: r.Name, why: "exists again under that name"}
		}
		cur = append(cur, r)
	}
	return e.SetEpisodes(cur)
}

type undoEpisodeError struct{ command, name, why string }

func (u *undoEpisodeError) Error() string {
	return "cannot undo \"" + u.command + "\": episode \"" + u.name + "\" " + u.why + "; change the episodes by hand"
}

// episodes (a section of Check): episodes.yaml reads, and every episode
// lies in an existing source, within its turns.
func (c *checker) episodes() {
	es, err := c.p.ReadEpisodes()
	file := c.p.Path(EpisodesFile)
	if err != nil {
		var fe *coding.EpisodeFileError
		if errors.As(err, &fe) {
			c.add("error", file, fe.Line, "%v", fe.Err)
			return
		}
		c.addErr("error", file, 0, err)
		return
	}
	for _, e := range es {
		src := c.srcs[e.Source]
		if src == nil {
			c.add("error", file, 0, "episode %q: no source %q in this project; remove the episode or ingest the source", e.Name, e.Source)
			continue
		}
		if n := c.turnCount[e.Source]; n > 0 && e.To > n {
			c.add("error", file, 0, "episode %q: turns %d-%d, but source %s has %d turns; fix the range", e.Name, e.From, e.To, e.Source, n)
		}
	}
}
