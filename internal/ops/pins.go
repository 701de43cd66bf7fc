package ops

import (
	"context"
	"fmt"
	"slices"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// PinRequest pins (or, with Unpin, unpins) a coding as an exemplar of its
// code.
type PinRequest struct {
	CodingID string
	Unpin    bool
}

// PinResult says what changed; Changed is false when the coding already
// was (or was not) pinned.
type PinResult struct {
	Code    string
	Changed bool
	Summary string
}

// Pin pins or unpins a coding. Pinning needs the coding to exist;
// unpinning does not (a pin whose coding was removed can be dropped).
func Pin(ctx context.Context, e *project.Edit, req PinRequest) (PinResult, error) {
	pins, err := e.Project().Pins()
	if err != nil {
		return PinResult{}, err
	}
	at := slices.IndexFunc(pins, func(p project.Pin) bool { return p.Coding == req.CodingID })
	if req.Unpin {
		if at < 0 {
			return PinResult{}, nil
		}
		code := pins[at].Code
		e.SetPins(slices.Delete(pins, at, at+1))
		return PinResult{Code: code, Changed: true, Summary: fmt.Sprintf("unpinned coding %s (%s)", req.CodingID, code)}, nil
	}
	all, err := e.AllCodings()
	if err != nil {
		return PinResult{}, err
	}
	i := slices.IndexFunc(all, func(c coding.Coding) bool { return c.ID == req.CodingID })
	if i < 0 {
		return PinResult{}, &errs.NotFound{Kind: errs.KindCoding, Name: req.CodingID}
	}
	c := all[i]
	if at >= 0 {
		return PinResult{Code: c.Code}, nil
	}
	e.SetPins(append(pins, project.Pin{Coding: c.ID, Code: c.Code, By: e.CoderName(), Time: e.Now()}))
	return PinResult{Code: c.Code, Changed: true, Summary: fmt.Sprintf("pinned coding %s (%s at %s) as an exemplar", c.ID, c.Code, c.Ref())}, nil
}
