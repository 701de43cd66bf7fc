package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// RemoveSourcesRequest removes transcripts and everything that depends on
// them. Purge removes every trace irreversibly (withdrawn consent).
type RemoveSourcesRequest struct {
	IDs   []string
	Purge bool
}

// RemoveSourcesResult says what goes (a plan) or went.
type RemoveSourcesResult struct {
	Sources []string
	// Codings counts the codings of the sources, by every coder.
	Codings int
	// Memos are the memos linked to the sources: unlinked by a removal,
	// deleted by a purge.
	Memos []string
	// Participants are the participants no other source has: their
	// attributes go with the source.
	Participants []string
	// History counts the history entries a purge scrubbed.
	History int
	// Unused lists the codes that only the removed sources' codings used
	// (kept in the codebook; after a purge their names and definitions
	// are worth a look: an in-vivo code is named with the words).
	Unused  []string
	Summary string
}

// PlanRemoveSources says what RemoveSources would remove, changing
// nothing (for a front end to show and ask). The caller holds a lock.
func PlanRemoveSources(ctx context.Context, p *project.Project, req RemoveSourcesRequest) (RemoveSourcesResult, error) {
	var res RemoveSourcesResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	srcs, rest, err := sourcesToRemove(p, req.IDs)
	if err != nil {
		return res, err
	}
	for _, s := range srcs {
		res.Sources = append(res.Sources, s.ID)
		cs, err := p.ReadCodings(s.ID)
		if err != nil {
			return res, err
		}
		res.Codings += len(cs)
	}
	memos, err := p.ListMemos()
	if err != nil {
		return res, err
	}
	for _, m := range memos {
		if memoLinks(m, res.Sources) {
			res.Memos = append(res.Memos, m.ID)
		}
	}
	res.Participants = orphanParticipants(srcs, rest)
	all, err := p.ReadCodings("")
	if err != nil {
		return res, err
	}
	used, gone := map[string]bool{}, map[string]bool{}
	for _, c := range all {
		if slices.Contains(res.Sources, c.Source) {
			gone[c.Code] = true
		} else {
			used[c.Code] = true
		}
	}
	for code := range gone {
		if !used[code] {
			res.Unused = append(res.Unused, code)
		}
	}
	slices.Sort(res.Unused)
	return res, nil
}

// sourcesToRemove reads the sources named (each once) and the others.
func sourcesToRemove(p *project.Project, ids []string) (gone, rest []*corpus.Source, err error) {
	all, err := p.ListSources()
	if err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, id := range ids {
		if want[id] {
			continue
		}
		if _, err := p.ReadSource(id); err != nil {
			return nil, nil, err
		}
		want[id] = true
	}
	if len(want) == 0 {
		return nil, nil, errs.Invalidf("source", "no source given")
	}
	for _, s := range all {
		if want[s.ID] {
			gone = append(gone, s)
		} else {
			rest = append(rest, s)
		}
	}
	return gone, rest, nil
}

// orphanParticipants lists the participants of gone that no source of rest
// has.
func orphanParticipants(gone, rest []*corpus.Source) []string {
	var out []string
	for _, s := range gone {
		if slices.ContainsFunc(rest, func(r *corpus.Source) bool { return r.Participant == s.Participant }) || slices.Contains(out, s.Participant) {
			continue
		}
		out = append(out, s.Participant)
	}
	return out
}

// targetIn reports whether a memo target is one of the sources or a turn
// or span of one.
func targetIn(t coding.Target, ids []string) bool {
	switch t.Kind {
	case coding.TargetSource:
		return slices.Contains(ids, t.Name)
	case coding.TargetRef:
		if r, err := corpus.ParseRef(t.Name); err == nil {
			return slices.Contains(ids, r.Source)
		}
	}
	return false
}

func memoLinks(m coding.Memo, ids []string) bool {
	return targetIn(m.Target, ids) || slices.ContainsFunc(m.Targets, func(t coding.Target) bool { return targetIn(t, ids) })
}

// RemoveSources removes transcripts with every coding of them (by every
// coder), their memo links (a purge deletes the memos), the attributes of
// participants no other source has, and their speakers' roles, in the edit.
//
// A removal keeps in the history what undo needs to bring it all back. A
// purge keeps nothing: the history entries that mention the sources keep
// only their time and coder (project.PurgeHistory), and the change cannot
// be undone. Neither removes the search index: the front end drops or
// syncs it after the commit (see AfterRemoveSources).
func RemoveSources(ctx context.Context, e *project.Edit, req RemoveSourcesRequest) (RemoveSourcesResult, error) {
	p := e.Project()
	res, err := PlanRemoveSources(ctx, p, req)
	if err != nil {
		return res, err
	}
	gone, rest, err := sourcesToRemove(p, req.IDs)
	if err != nil {
		return res, err
	}
	keep := !req.Purge
	put := func(rel string, data []byte) error {
		if keep {
			return e.PutFile(rel, data)
		}
		if data == nil {
			e.Tx.Remove(rel)
		} else {
			e.Tx.WriteFile(rel, data)
		}
		return nil
	}
	// Words that name the sources' people: ids, participants no one else
	// has, speakers no other source has.
	words := slices.Clone(res.Sources)
	words = append(words, res.Participants...)
	for _, s := range gone {
		if keep {
			cs, err := e.Codings(s.ID)
			if err != nil {
				return res, err
			}
			for _, c := range cs {
				if err := e.RemoveCoding(c); err != nil {
					return res, err
				}
			}
		} else if err := e.RemoveCodingFiles(s.ID); err != nil {
			return res, err
		}
		if err := e.RemoveSourceFiles(s, keep); err != nil {
			return res, err
		}
		for _, sp := range s.Speakers {
			if !slices.ContainsFunc(rest, func(r *corpus.Source) bool { return slices.Contains(r.Speakers, sp) }) {
				words = append(words, sp)
			}
		}
	}
	// Memos: unlinked, or deleted by a purge.
	memos, err := p.ListMemos()
	if err != nil {
		return res, err
	}
	for _, m := range memos {
		if !memoLinks(m, res.Sources) {
			continue
		}
		if !keep {
			e.RemoveMemoUnrecorded(m.ID)
			continue
		}
		m.Targets = slices.DeleteFunc(slices.Clone(m.Targets), func(t coding.Target) bool { return targetIn(t, res.Sources) })
		if targetIn(m.Target, res.Sources) {
			m.Target = coding.Target{Kind: coding.TargetProject}
			if len(m.Targets) > 0 {
				m.Target, m.Targets = m.Targets[0], m.Targets[1:]
			}
		}
		if err := put(project.MemoRel(m.ID), coding.EncodeMemo(m)); err != nil {
			return res, err
		}
	}
	// Participants no other source has.
	if len(res.Participants) > 0 {
		ps, err := p.ReadParticipants()
		if err != nil {
			return res, err
		}
		n := len(ps.List)
		ps.List = slices.DeleteFunc(slices.Clone(ps.List), func(pt corpus.Participant) bool { return slices.Contains(res.Participants, pt.ID) })
		if len(ps.List) != n {
			if err := put(project.ParticipantsFile, ps.Encode()); err != nil {
				return res, err
			}
		}
	}
	// Speakers' roles.
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return res, err
	}
	before := string(roles.Encode())
	for _, id := range res.Sources {
		roles.RemoveSource(id)
	}
	if !keep {
		for sp := range roles.Default {
			if slices.Contains(words, sp) {
				roles.Unset("", sp)
			}
		}
	}
	if after := roles.Encode(); string(after) != before {
		if err := put(project.SpeakersFile, after); err != nil {
			return res, err
		}
	}
	if keep {
		res.Summary = fmt.Sprintf("removed %s (%d codings)", strings.Join(res.Sources, ", "), res.Codings)
		return res, nil
	}
	// A purge: the REFI-QDA GUID table's lines that name the sources, and
	// every history entry that mentions them.
	if data, err := os.ReadFile(p.Path(project.ForeignGUIDsFile)); err == nil {
		var kept []string
		for _, line := range strings.SplitAfter(string(data), "\n") {
			if !project.MentionsAny(line, res.Sources) {
				kept = append(kept, line)
			}
		}
		if out := strings.Join(kept, ""); out != string(data) {
			e.Tx.WriteFile(project.ForeignGUIDsFile, []byte(out))
		}
	}
	hist, err := p.ReadHistory("")
	if err != nil {
		return res, err
	}
	mentions := func(entryJSON string) bool {
		return project.MentionsAny(entryJSON, words)
	}
	for _, h := range hist {
		data, err := json.Marshal(h)
		if err != nil {
			return res, err
		}
		if h.Command != project.PurgedCommand && mentions(string(data)) {
			res.History++
		}
	}
	e.PurgeHistory(mentions)
	e.Irreversible("a purge keeps nothing to restore")
	res.Summary = fmt.Sprintf("purged %d source(s) with their codings, memos and history (withdrawn consent)", len(res.Sources))
	return res, nil
}

// AfterRemoveSources finishes a committed removal: it removes the
// sources' emptied directories and, after a purge, the whole cache
// (.grounded/, the search index, which is rebuilt from the project files).
func AfterRemoveSources(p *project.Project, res RemoveSourcesResult, purge bool) error {
	for _, id := range res.Sources {
		os.Remove(p.Path(project.SourcesDir, id))
	}
	if purge {
		return os.RemoveAll(p.Path(project.CacheDir))
	}
	return nil
}
