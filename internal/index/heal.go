package index

import (
	"errors"
	"fmt"

	"github.com/grounded-qda/grounded/internal/project"
)

// SearchHealing runs search (a Search of ix, or a caller's wrapper of
// one) and, when it fails in a way that is not the query's fault (a
// *QueryError), rebuilds the index from p and runs it again once: the
// index is a cache. notice says what happened, for the caller to show;
// it is "" when the first search succeeded. A hit in a turn changed since
// it was indexed (ErrStale) is reported as an index out of date, not as
// damage; when the index cannot be rebuilt (a read-only project), the
// error says so and why.
func (ix *Index) SearchHealing(p *project.Project, search func() (*Result, error)) (res *Result, notice string, err error) {
	res, err = search()
	var qerr *QueryError
	if err == nil || errors.As(err, &qerr) {
		return res, "", err
	}
	what := "was damaged"
	if errors.Is(err, ErrStale) {
		what = "was out of date"
	}
	if _, rerr := ix.Rebuild(p); rerr != nil {
		if errors.Is(err, ErrStale) {
			return nil, "", fmt.Errorf("%w, and it could not be rebuilt here: %v", err, rerr)
		}
		return nil, "", err
	}
	notice = fmt.Sprintf("the search index %s (%v) and has been rebuilt", what, err)
	res, err = search()
	return res, notice, err
}
