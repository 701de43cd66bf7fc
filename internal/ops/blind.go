package ops

import (
	"context"
	"fmt"
)

// BlindResult says what the blind-coding setting is after the change.
type BlindResult struct {
	On, Changed bool
	Summary     string
}

// SetBlind turns blind coding on or off (a project setting in
// grounded.yaml): while it is on, every read but agreement shows a coder
// only their own codings.
func SetBlind(ctx context.Context, e interface {
	SetBlind(bool) error
	BlindOn() bool
}, on bool) (BlindResult, error) {
	if err := ctx.Err(); err != nil {
		return BlindResult{}, err
	}
	res := BlindResult{On: on, Changed: e.BlindOn() != on}
	if err := e.SetBlind(on); err != nil {
		return res, err
	}
	state := map[bool]string{true: "on", false: "off"}[on]
	res.Summary = "blind coding " + state
	if !res.Changed {
		res.Summary = fmt.Sprintf("blind coding was already %s", state)
	}
	return res, nil
}
