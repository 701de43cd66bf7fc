package ops

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// KindSpeaker is the errs.NotFound kind of a speaker label.
const KindSpeaker = "speaker"

// GuessedRole is a role ingest guessed for a speaker of a source, and why.
type GuessedRole struct {
	Source   string      `json:"source"`
	Speaker  string      `json:"speaker"`
	Role     corpus.Role `json:"role"`
	Evidence string      `json:"evidence"`
}

// guessRoles gives every speaker of the planned sources that speakers.yaml
// gives no role a guessed one (corpus.GuessRoles), written for that source,
// and returns the guesses.
func guessRoles(e *project.Edit, plans []*project.IngestPlan) ([]GuessedRole, error) {
	roles, err := e.Project().ReadSpeakerRoles()
	if err != nil {
		return nil, err
	}
	var out []GuessedRole
	for _, pl := range plans {
		if pl.Action == project.IngestUnchanged {
			continue
		}
		guesses := pl.RoleGuesses
		for _, sp := range pl.Source.Speakers {
			if roles.Role(pl.Source.ID, sp) != "" {
				continue
			}
			g := guesses[sp]
			roles.Set(pl.Source.ID, sp, g.Role)
			out = append(out, GuessedRole{Source: pl.Source.ID, Speaker: sp, Role: g.Role, Evidence: g.Evidence})
		}
	}
	if len(out) > 0 {
		if err := e.PutFile(project.SpeakersFile, roles.Encode()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SpeakerRow is one speaker of one source.
type SpeakerRow struct {
	Source  string      `json:"source"`
	Speaker string      `json:"speaker"`
	Role    corpus.Role `json:"role"`
	Turns   int         `json:"turns"`
}

// ListSpeakers lists the speakers of one source (source != "") or of all,
// in ingest order and order of first appearance, with their roles and turn
// counts. Turns without a speaker are not listed. The caller holds a lock.
func ListSpeakers(ctx context.Context, p *project.Project, source string) ([]SpeakerRow, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var srcs []*corpus.Source
	if source != "" {
		s, err := p.ReadSource(source)
		if err != nil {
			return nil, err
		}
		srcs = []*corpus.Source{s}
	} else {
		var err error
		if srcs, err = p.ListSources(); err != nil {
			return nil, err
		}
	}
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return nil, err
	}
	out := []SpeakerRow{}
	for _, s := range srcs {
		turns, err := p.ReadTurns(s)
		if err != nil {
			return nil, err
		}
		idx := map[string]int{}
		for _, t := range turns {
			if t.Speaker == "" {
				continue
			}
			i, ok := idx[t.Speaker]
			if !ok {
				i = len(out)
				idx[t.Speaker] = i
				out = append(out, SpeakerRow{Source: s.ID, Speaker: t.Speaker, Role: roles.Role(s.ID, t.Speaker)})
			}
			out[i].Turns++
		}
	}
	return out, nil
}

// RenameSpeakerRequest renames the speaker label Old to New in Source, or
// in every source that has it (All).
type RenameSpeakerRequest struct {
	Source   string
	All      bool
	Old, New string
}

// RenameSpeakerResult says what the rename changed.
type RenameSpeakerResult struct {
	// Sources are the sources renamed in; Turns the turns relabelled.
	Sources []string
	Turns   int
	// Codings counts the source-level codings (whose offsets count the
	// labels) moved with the new label; turn codings never move.
	Codings int
	// Merged lists the sources where New was already a speaker: the two
	// are one speaker now.
	Merged  []string
	Summary string
}

// RenameSpeaker relabels the turns of a speaker. The turns' text does not
// change, so codings of turns keep their spans; source-level codings (whose
// offsets count the speaker labels of the plain text) are moved. The
// source's checksum and speakers list are rewritten with its turns, and
// speakers.yaml carries the role over. Undo puts everything back.
func RenameSpeaker(ctx context.Context, e *project.Edit, req RenameSpeakerRequest) (RenameSpeakerResult, error) {
	var res RenameSpeakerResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	newName := strings.TrimSpace(req.New)
	if newName == "" || strings.ContainsAny(newName, "\n\r") {
		return res, errs.Invalidf("speaker", "the new speaker name %q must be one non-empty line", req.New)
	}
	if newName == req.Old {
		return res, errs.Invalidf("speaker", "the speaker is already called %q", req.Old)
	}
	p := e.Project()
	var srcs []*corpus.Source
	if req.All {
		all, err := p.ListSources()
		if err != nil {
			return res, err
		}
		var known []string
		for _, s := range all {
			known = append(known, s.Speakers...)
			if slices.Contains(s.Speakers, req.Old) {
				srcs = append(srcs, s)
			}
		}
		if len(srcs) == 0 {
			return res, &errs.NotFound{Kind: KindSpeaker, Name: req.Old, In: "any source", Near: nearNames(req.Old, known)}
		}
	} else {
		s, err := p.ReadSource(req.Source)
		if err != nil {
			return res, err
		}
		if !slices.Contains(s.Speakers, req.Old) {
			return res, &errs.NotFound{Kind: KindSpeaker, Name: req.Old, In: "source " + s.ID, Source: s.ID, Near: nearNames(req.Old, s.Speakers)}
		}
		srcs = []*corpus.Source{s}
	}
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return res, err
	}
	rolesChanged := false
	for _, s := range srcs {
		turns, err := p.ReadTurns(s)
		if err != nil {
			return res, err
		}
		if slices.Contains(s.Speakers, newName) {
			res.Merged = append(res.Merged, s.ID)
		}
		oldText, oldOff := corpus.PlainText(turns)
		renamed := slices.Clone(turns)
		for i := range renamed {
			if renamed[i].Speaker == req.Old {
				renamed[i].Speaker = newName
				res.Turns++
			}
		}
		newText, newOff := corpus.PlainText(renamed)
		cs, err := e.Codings(s.ID)
		if err != nil {
			return res, err
		}
		for _, c := range cs {
			if c.Turn != 0 || c.Orphaned {
				continue
			}
			nc := c
			nc.Start = movePoint(c.Start, turns, renamed, oldOff, newOff)
			nc.End = movePoint(c.End, turns, renamed, oldOff, newOff)
			if q, ok := corpus.Slice(newText, nc.Start, nc.End); ok {
				if old, ok := corpus.Slice(oldText, c.Start, c.End); ok && old == c.Quote {
					nc.Quote = q
				}
			}
			if nc != c {
				if err := e.ReplaceCoding(c, nc); err != nil {
					return res, err
				}
				res.Codings++
			}
		}
		data := project.EncodeTurns(renamed)
		ns := *s
		ns.Speakers = corpus.Speakers(renamed)
		if ns.Speakers == nil {
			ns.Speakers = []string{}
		}
		ns.TextSHA256 = project.SHA256(data)
		if err := e.PutFile(project.SourceRel(s.ID, project.SourceTurnsFile), data); err != nil {
			return res, err
		}
		if err := e.PutFile(project.SourceRel(s.ID, project.SourceMetaFile), project.EncodeSource(&ns)); err != nil {
			return res, err
		}
		if m := roles.Sources[s.ID]; m != nil {
			if r, ok := m[req.Old]; ok {
				roles.Unset(s.ID, req.Old)
				if roles.Sources[s.ID] == nil || roles.Sources[s.ID][newName] == "" {
					roles.Set(s.ID, newName, r)
				}
				rolesChanged = true
			}
		}
		res.Sources = append(res.Sources, s.ID)
	}
	if req.All {
		if r, ok := roles.Default[req.Old]; ok {
			roles.Unset("", req.Old)
			if roles.Default[newName] == "" {
				roles.Set("", newName, r)
			}
			rolesChanged = true
		}
	}
	if rolesChanged {
		if err := e.PutFile(project.SpeakersFile, roles.Encode()); err != nil {
			return res, err
		}
	}
	res.Summary = fmt.Sprintf("renamed speaker %q to %q in %s (%d turns)", req.Old, newName, strings.Join(res.Sources, ", "), res.Turns)
	return res, nil
}

// movePoint maps a code-point offset of a source's plain text to the plain
// text of its relabelled turns: a point in a turn's text (or the separator
// after it) keeps its place relative to that text; a point inside a label
// goes to the start of the new label.
func movePoint(x int, turns, renamed []corpus.Turn, oldOff, newOff []int) int {
	labelLen := func(t corpus.Turn) int {
		if t.Speaker == "" {
			return 0
		}
		return utf8.RuneCountInString(t.Speaker) + 2
	}
	for i := len(turns) - 1; i >= 0; i-- {
		if i > 0 && x < oldOff[i]-labelLen(turns[i]) {
			continue
		}
		if x >= oldOff[i] {
			return x - oldOff[i] + newOff[i]
		}
		return newOff[i] - labelLen(renamed[i])
	}
	return x
}

// SetRoleRequest gives Speaker a role in every source (Source == "") or in
// one.
type SetRoleRequest struct {
	Speaker string
	Role    corpus.Role
	Source  string
}

// SetRoleResult says what changed.
type SetRoleResult struct {
	// Sources are the sources that have the speaker; Cleared the sources
	// whose own role for the speaker was removed so that the project-wide
	// role applies there.
	Sources []string
	Cleared []string
	Summary string
}

// SetRole records a speaker's role in speakers.yaml. A project-wide role
// replaces the per-source roles of that speaker (ingest's guesses among
// them), which the result lists.
func SetRole(ctx context.Context, e *project.Edit, req SetRoleRequest) (SetRoleResult, error) {
	var res SetRoleResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	p := e.Project()
	var srcs []*corpus.Source
	if req.Source != "" {
		s, err := p.ReadSource(req.Source)
		if err != nil {
			return res, err
		}
		srcs = []*corpus.Source{s}
	} else {
		var err error
		if srcs, err = p.ListSources(); err != nil {
			return res, err
		}
	}
	var known []string
	for _, s := range srcs {
		known = append(known, s.Speakers...)
		if slices.Contains(s.Speakers, req.Speaker) {
			res.Sources = append(res.Sources, s.ID)
		}
	}
	if len(res.Sources) == 0 {
		in := "any source"
		if req.Source != "" {
			in = "source " + req.Source
		}
		return res, &errs.NotFound{Kind: KindSpeaker, Name: req.Speaker, In: in, Source: req.Source, Near: nearNames(req.Speaker, known)}
	}
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return res, err
	}
	roles.Set(req.Source, req.Speaker, req.Role)
	if req.Source == "" {
		for _, id := range roles.Overrides(req.Speaker) {
			roles.Unset(id, req.Speaker)
			res.Cleared = append(res.Cleared, id)
		}
		res.Summary = fmt.Sprintf("speaker %q is %s in every source", req.Speaker, req.Role)
	} else {
		res.Summary = fmt.Sprintf("speaker %q is %s in %s", req.Speaker, req.Role, req.Source)
	}
	if err := e.PutFile(project.SpeakersFile, roles.Encode()); err != nil {
		return res, err
	}
	return res, nil
}

// nearNames returns the names of known (deduplicated) that differ from
// name only in case or spacing, or start alike: a short "did you mean".
func nearNames(name string, known []string) []string {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	n := norm(name)
	var out []string
	for _, k := range known {
		kn := norm(k)
		if slices.Contains(out, k) {
			continue
		}
		if kn == n || (len(n) >= 3 && (strings.HasPrefix(kn, n) || strings.HasPrefix(n, kn))) {
			out = append(out, k)
		}
	}
	if len(out) > 3 {
		return nil
	}
	return out
}

// sameText finds the added sources whose turns are identical to those of
// another source (one already in the project, or one added before them).
func sameText(existing []*corpus.Source, plans []*project.IngestPlan) map[string]string {
	byText := map[string]string{}
	for _, s := range existing {
		if _, ok := byText[s.TextSHA256]; !ok {
			byText[s.TextSHA256] = s.ID
		}
	}
	out := map[string]string{}
	for _, pl := range plans {
		if pl.Action != project.IngestAdd {
			continue
		}
		sum := pl.Source.TextSHA256
		if other, ok := byText[sum]; ok && other != pl.Source.ID {
			out[pl.Source.ID] = other
			continue
		}
		byText[sum] = pl.Source.ID
	}
	return out
}
