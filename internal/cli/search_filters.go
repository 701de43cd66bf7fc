package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/project"
)

// turnFilters are the filters search and autocode share: --participant,
// --speaker, --attr and --role, each repeatable (any of the values), all
// of them together.
type turnFilters struct {
	Participants []string
	Speakers     []string
	Attrs        []string
	Roles        []string
}

// addTurnFilterFlags registers the filters on cmd.
func addTurnFilterFlags(cmd *cobra.Command, t *turnFilters) {
	cmd.Flags().StringArrayVar(&t.Participants, "participant", nil, "only these participants (repeatable)")
	cmd.Flags().StringArrayVar(&t.Speakers, "speaker", nil, "only turns by these speakers (repeatable)")
	cmd.Flags().StringArrayVar(&t.Attrs, "attr", nil, "only participants with attribute KEY=VALUE (repeatable)")
	addRoleFlag(cmd, &t.Roles)
}

// addRoleFlag registers --role.
func addRoleFlag(cmd *cobra.Command, roles *[]string) {
	cmd.Flags().StringArrayVar(roles, "role", nil, "only turns by speakers with this role: interviewer, participant or other (repeatable; see 'grounded speakers')")
}

// checkTurnFilters checks the filters' syntax (a usage error).
func checkTurnFilters(attrs, roles []string) error {
	for _, a := range attrs {
		if k, _, ok := strings.Cut(a, "="); !ok || strings.TrimSpace(k) == "" {
			return usageErrorf("--attr %q: want KEY=VALUE, e.g. --attr setting=Hospital", a)
		}
	}
	for _, r := range roles {
		if _, err := corpus.ParseRole(r); err != nil {
			return usageErrorf("--role: %v", err)
		}
	}
	return nil
}

// resolveTurnFilters turns the filters into an index query's filters. A
// role belongs to a speaker in a source (speakers.yaml): --role becomes
// the speakers that have one of the roles somewhere, each limited to the
// sources where they have it (index.SpeakerSources), so that the index
// applies it as it applies --speaker. none is set when no turn can match.
func resolveTurnFilters(p *project.Project, t turnFilters, q *index.Query) (none bool, err error) {
	q.Participants, q.Speakers = t.Participants, t.Speakers
	if len(t.Attrs) > 0 {
		ids, err := participantsWithAttrs(p, t.Attrs)
		if err != nil {
			return false, err
		}
		if len(t.Participants) > 0 {
			ids = slices.DeleteFunc(ids, func(id string) bool { return !slices.Contains(t.Participants, id) })
		}
		if len(ids) == 0 {
			return true, nil
		}
		q.Participants = ids
	}
	if len(t.Roles) == 0 {
		return false, nil
	}
	want := map[corpus.Role]bool{}
	for _, r := range t.Roles {
		role, err := corpus.ParseRole(r)
		if err != nil {
			return false, usageErrorf("--role: %v", err)
		}
		want[role] = true
	}
	// Through the index's cache of speakers.yaml, keyed by its content.
	roles, err := index.SpeakerRoles(p)
	if err != nil {
		return false, err
	}
	q.SpeakerSources = speakersWithRoles(roles, want, t.Speakers)
	return len(q.SpeakerSources) == 0, nil
}

// speakersWithRoles returns the speakers that have a wanted role in some
// source (of only, when not empty), each with the sources where they have
// it: a speaker's role in a source is its entry for the source, else its
// default (project.SpeakerRoles.Role); a speaker without either has no
// role, and is left out.
func speakersWithRoles(roles *project.SpeakerRoles, want map[corpus.Role]bool, only []string) []index.SpeakerSources {
	bySpeaker := map[string]*index.SpeakerSources{}
	entry := func(sp string) *index.SpeakerSources {
		e := bySpeaker[sp]
		if e == nil {
			e = &index.SpeakerSources{Speaker: sp}
			if !want[roles.Default[sp]] {
				e.Only = []string{}
			}
			bySpeaker[sp] = e
		}
		return e
	}
	for sp, role := range roles.Default {
		if want[role] {
			entry(sp)
		}
	}
	for src, m := range roles.Sources {
		for sp, role := range m {
			switch {
			case want[role] && !want[roles.Default[sp]]:
				e := entry(sp)
				e.Only = append(e.Only, src)
			case !want[role] && want[roles.Default[sp]]:
				e := entry(sp)
				e.Except = append(e.Except, src)
			}
		}
	}
	var out []index.SpeakerSources
	for sp, e := range bySpeaker {
		if sp == "" || len(only) > 0 && !slices.Contains(only, sp) || e.Only != nil && len(e.Only) == 0 {
			continue
		}
		slices.SortFunc(e.Only, project.CompareIDs)
		slices.SortFunc(e.Except, project.CompareIDs)
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b index.SpeakerSources) int { return strings.Compare(a.Speaker, b.Speaker) })
	return out
}
