package cli

import (
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// parseShowArg reads show's argument: a source id, or SRC#N for one turn.
func parseShowArg(opts *ShowOptions, arg string, contextGiven bool) error {
	if !strings.Contains(arg, "#") {
		if contextGiven {
			return usageErrorf("--context shows turns around one turn: give SRC#N (e.g. %s#4 --context %d)", arg, opts.Context)
		}
		opts.Source = arg
		return nil
	}
	ref, err := corpus.ParseRef(arg)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if ref.Turn == 0 {
		return usageErrorf("show takes a source or one turn (SRC#N), not %s", arg)
	}
	if opts.Context < 0 {
		return usageErrorf("--context must be 0 or more, not %d", opts.Context)
	}
	opts.Source, opts.Turn = ref.Source, ref.Turn
	return nil
}

// showWindow returns the turns show prints: all of them, or turn
// opts.Turn with opts.Context turns on each side.
func showWindow(s *corpus.Source, turns []corpus.Turn, opts *ShowOptions) ([]corpus.Turn, error) {
	if opts.Turn == 0 {
		return turns, nil
	}
	if opts.Turn > len(turns) {
		return nil, &errs.NotFound{Kind: "turn", Name: fmt.Sprintf("%s#%d", s.ID, opts.Turn), In: fmt.Sprintf("source %s, whose turns are %s#1 to %s#%d", s.ID, s.ID, s.ID, len(turns)), Source: s.ID}
	}
	lo, hi := max(opts.Turn-1-opts.Context, 0), min(opts.Turn+opts.Context, len(turns))
	return turns[lo:hi], nil
}
