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

// resolveTurnFilters turns the filters into an index query's filters and,
// for --role, a check of each hit (a role belongs to a speaker in a
// source: the query keeps the speakers that have the role somewhere, keep
// the turns whose speaker has it in their source). none is set when no
// turn can match.
func resolveTurnFilters(p *project.Project, t turnFilters, q *index.Query) (keep func(index.Hit) bool, none bool, err error) {
	q.Participants, q.Speakers = t.Participants, t.Speakers
	if len(t.Attrs) > 0 {
		ids, err := participantsWithAttrs(p, t.Attrs)
		if err != nil {
			return nil, false, err
		}
		if len(t.Participants) > 0 {
			ids = slices.DeleteFunc(ids, func(id string) bool { return !slices.Contains(t.Participants, id) })
		}
		if len(ids) == 0 {
			return nil, true, nil
		}
		q.Participants = ids
	}
	if len(t.Roles) == 0 {
		return nil, false, nil
	}
	want := map[corpus.Role]bool{}
	for _, r := range t.Roles {
		role, err := corpus.ParseRole(r)
		if err != nil {
			return nil, false, usageErrorf("--role: %v", err)
		}
		want[role] = true
	}
	roles, err := p.ReadSpeakerRoles()
	if err != nil {
		return nil, false, err
	}
	srcs, err := p.ListSources()
	if err != nil {
		return nil, false, err
	}
	var speakers []string
	for _, s := range srcs {
		for _, sp := range s.Speakers {
			if want[roles.Role(s.ID, sp)] && !slices.Contains(speakers, sp) {
				if len(t.Speakers) == 0 || slices.Contains(t.Speakers, sp) {
					speakers = append(speakers, sp)
				}
			}
		}
	}
	if len(speakers) == 0 {
		return nil, true, nil
	}
	q.Speakers = speakers
	return func(h index.Hit) bool { return want[roles.Role(h.Source, h.Speaker)] }, false, nil
}

// searchKeeping runs q, keeping only the hits keep accepts (all when keep
// is nil) before q's limit is applied, so that Total counts what is kept.
func searchKeeping(ix *index.Index, q index.Query, keep func(index.Hit) bool) (*index.Result, error) {
	if keep == nil {
		return ix.Search(q)
	}
	limit, offset := q.Limit, q.Offset
	q.Limit, q.Offset = 0, 0
	res, err := ix.Search(q)
	if err != nil {
		return nil, err
	}
	res.Hits = slices.DeleteFunc(res.Hits, func(h index.Hit) bool { return !keep(h) })
	res.Total = uint64(len(res.Hits))
	res.Hits = res.Hits[min(offset, len(res.Hits)):]
	if limit > 0 && len(res.Hits) > limit {
		res.Hits = res.Hits[:limit]
	}
	return res, nil
}
