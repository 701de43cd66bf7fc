package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// ErrorKind classifies a backend error; each kind is one HTTP status.
type ErrorKind int

// The kinds of Error.
const (
	KindInvalid   ErrorKind = iota + 1 // bad input: 400
	KindForbidden                      // not allowed (read-only, token, host, origin): 403
	KindNotFound                       // no such thing: 404
	KindConflict                       // changed since the page loaded, or ambiguous: 409
	KindTooLarge                       // request body over the limit: 413
	KindBusy                           // another process holds the project: 503
	KindNotWired                       // the operation is not connected yet: 501
)

var kindStatus = map[ErrorKind]int{
	KindInvalid:   http.StatusBadRequest,
	KindForbidden: http.StatusForbidden,
	KindNotFound:  http.StatusNotFound,
	KindConflict:  http.StatusConflict,
	KindTooLarge:  http.StatusRequestEntityTooLarge,
	KindBusy:      http.StatusServiceUnavailable,
	KindNotWired:  http.StatusNotImplemented,
}

// Error is a typed error of the workbench: its kind picks the HTTP status,
// Field names the request field at fault, and Candidates lists the choices
// when the input matched more than one thing (or nothing, with near misses).
type Error struct {
	Kind       ErrorKind
	Msg        string
	Field      string
	Candidates []string
	Err        error
}

func (e *Error) Error() string {
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Status is the HTTP status of e.
func (e *Error) Status() int { return kindStatus[e.Kind] }

func invalidf(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Msg: fmt.Sprintf(format, args...)}
}

func notFoundf(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Msg: fmt.Sprintf(format, args...)}
}

// errNotWired is returned by backend writes that are not yet connected to
// the operations layer.
func errNotWired(op string) *Error {
	return &Error{Kind: KindNotWired, Msg: op + " is not available in the workbench yet; use the command line for it"}
}

// classify turns any error into an *Error, recognising the domain's typed
// errors; an unknown error is nil (an internal error, 500).
func classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var qe *coding.QuoteError
	if errors.As(err, &qe) {
		out := &Error{Kind: KindInvalid, Field: "quote", Msg: qe.Error(), Err: err}
		if errors.Is(err, coding.ErrQuoteAmbiguous) {
			out.Kind = KindConflict
		}
		for _, c := range qe.Candidates {
			out.Candidates = append(out.Candidates, c.Ref().String())
		}
		return out
	}
	var re *coding.RangeError
	if errors.As(err, &re) {
		return &Error{Kind: KindInvalid, Field: "ref", Msg: re.Error(), Err: err}
	}
	var ce *codebook.ConflictError
	switch {
	case errors.As(err, &ce):
		return &Error{Kind: KindConflict, Msg: err.Error(), Err: err}
	case errors.Is(err, codebook.ErrInvalidName):
		return &Error{Kind: KindInvalid, Field: "name", Msg: err.Error(), Err: err}
	case errors.Is(err, codebook.ErrExists):
		return &Error{Kind: KindConflict, Msg: err.Error(), Err: err}
	case errors.Is(err, codebook.ErrNoCode), errors.Is(err, codebook.ErrNoCategory), errors.Is(err, fs.ErrNotExist):
		return &Error{Kind: KindNotFound, Msg: err.Error(), Err: err}
	case errors.Is(err, project.ErrNothingToUndo):
		return &Error{Kind: KindConflict, Msg: err.Error(), Err: err}
	case errors.Is(err, project.ErrLocked):
		return &Error{Kind: KindBusy, Msg: err.Error(), Err: err}
	}
	return nil
}
