package ops

import (
	"context"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// KindEpisode is the kind of an episode in typed errors.
const KindEpisode = "episode"

// EpisodeAddRequest marks an episode: Range is "SRC#A-B" (or "SRC#A").
type EpisodeAddRequest struct {
	Name, Range, Client string
}

// EpisodeResult is the episode added, renamed or removed.
type EpisodeResult struct {
	Episode coding.Episode
	// Codings counts the codings (of every coder) inside the episode.
	Codings int
	Summary string
}

// AddEpisode marks an episode after checking its name (unique), its range
// (an existing source, turns within it) and its client label.
func AddEpisode(ctx context.Context, e *project.Edit, req EpisodeAddRequest) (EpisodeResult, error) {
	var res EpisodeResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	name, err := codebook.CheckName(req.Name)
	if err != nil {
		return res, &errs.Invalid{Field: "name", Reason: err.Error(), Value: req.Name}
	}
	src, from, to, err := coding.ParseEpisodeRange(strings.TrimSpace(req.Range))
	if err != nil {
		return res, &errs.Invalid{Field: "range", Reason: err.Error(), Value: req.Range}
	}
	turns, err := e.Turns(src)
	if err != nil {
		return res, err
	}
	ep := coding.Episode{Name: name, Source: src, From: from, To: to, Client: strings.TrimSpace(req.Client)}
	if err := ep.Validate(len(turns)); err != nil {
		return res, &errs.Invalid{Field: "range", Reason: err.Error(), Value: req.Range}
	}
	es, err := e.Episodes()
	if err != nil {
		return res, err
	}
	if i := findEpisode(es, name); i >= 0 {
		return res, &errs.Exists{Kind: KindEpisode, Name: es[i].Name}
	}
	if err := e.SetEpisodes(append(es, ep)); err != nil {
		return res, err
	}
	res.Episode = ep
	res.Codings, err = codingsIn(e, ep)
	if err != nil {
		return res, err
	}
	res.Summary = fmt.Sprintf("episode %q marked at %s", ep.Name, ep.Ref())
	return res, nil
}

// EpisodeRenameRequest renames an episode.
type EpisodeRenameRequest struct{ Old, New string }

// RenameEpisode renames an episode; the new name must be free (a change
// of case only is allowed).
func RenameEpisode(ctx context.Context, e *project.Edit, req EpisodeRenameRequest) (EpisodeResult, error) {
	var res EpisodeResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	es, err := e.Episodes()
	if err != nil {
		return res, err
	}
	i := findEpisode(es, req.Old)
	if i < 0 {
		return res, episodeNotFound(es, req.Old)
	}
	name, err := codebook.CheckName(req.New)
	if err != nil {
		return res, &errs.Invalid{Field: "name", Reason: err.Error(), Value: req.New}
	}
	if j := findEpisode(es, name); j >= 0 && j != i {
		return res, &errs.Exists{Kind: KindEpisode, Name: es[j].Name}
	}
	old := es[i].Name
	es[i].Name = name
	if err := e.SetEpisodes(es); err != nil {
		return res, err
	}
	res.Episode = es[i]
	res.Summary = fmt.Sprintf("episode %q renamed %q", old, name)
	return res, nil
}

// EpisodeRemoveRequest removes an episode (its codings stay).
type EpisodeRemoveRequest struct{ Name string }

// RemoveEpisode removes an episode mark. The codings inside it are kept.
func RemoveEpisode(ctx context.Context, e *project.Edit, req EpisodeRemoveRequest) (EpisodeResult, error) {
	var res EpisodeResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	es, err := e.Episodes()
	if err != nil {
		return res, err
	}
	i := findEpisode(es, req.Name)
	if i < 0 {
		return res, episodeNotFound(es, req.Name)
	}
	res.Episode = es[i]
	if err := e.SetEpisodes(append(es[:i:i], es[i+1:]...)); err != nil {
		return res, err
	}
	res.Summary = fmt.Sprintf("episode %q at %s removed (its codings are kept)", res.Episode.Name, res.Episode.Ref())
	return res, nil
}

func findEpisode(es []coding.Episode, name string) int {
	k := codebook.Key(name)
	for i, ep := range es {
		if codebook.Key(ep.Name) == k {
			return i
		}
	}
	return -1
}

func episodeNotFound(es []coding.Episode, name string) error {
	var near []string
	k := codebook.Key(name)
	for _, ep := range es {
		if ek := codebook.Key(ep.Name); strings.Contains(ek, k) || strings.Contains(k, ek) {
			near = append(near, ep.Name)
		}
	}
	return &errs.NotFound{Kind: KindEpisode, Name: name, Near: near}
}

func codingsIn(e *project.Edit, ep coding.Episode) (int, error) {
	cs, err := e.Codings(ep.Source)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cs {
		if ep.Contains(c) {
			n++
		}
	}
	return n, nil
}

// CountEpisodeCodings counts, for each episode, the codings inside it.
func CountEpisodeCodings(es []coding.Episode, cs []coding.Coding) []int {
	out := make([]int, len(es))
	for i, ep := range es {
		for _, c := range cs {
			if ep.Contains(c) {
				out[i]++
			}
		}
	}
	return out
}

// EpisodeRow is one episode as 'episode list --json' lists it, for every
// front end.
type EpisodeRow struct {
	coding.Episode
	Ref     string `json:"ref"`
	Codings int    `json:"codings"`
}

// EpisodeRows lists episodes sorted, with the codings (of cs) inside each.
func EpisodeRows(es []coding.Episode, cs []coding.Coding) []EpisodeRow {
	sorted := append([]coding.Episode(nil), es...)
	coding.SortEpisodes(sorted)
	counts := CountEpisodeCodings(sorted, cs)
	rows := []EpisodeRow{}
	for i, e := range sorted {
		rows = append(rows, EpisodeRow{Episode: e, Ref: e.Ref(), Codings: counts[i]})
	}
	return rows
}
