package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/project"
)

// ErrorKind classifies a backend error; each kind is one HTTP status.
type ErrorKind int

// The kinds of Error.
const (
	KindInvalid   ErrorKind = iota + 1 // bad input: 400
	KindForbidden                      // not allowed (read-only, token, host, origin): 403
	KindNotFound                       // no such thing: 404
	KindConflict                       // changed since the page loaded, ambiguous, in use, another coder's: 409
	KindTooLarge                       // request body over the limit: 413
	KindBusy                           // another process holds the project: 503
)

var kindStatus = map[ErrorKind]int{
	KindInvalid:   http.StatusBadRequest,
	KindForbidden: http.StatusForbidden,
	KindNotFound:  http.StatusNotFound,
	KindConflict:  http.StatusConflict,
	KindTooLarge:  http.StatusRequestEntityTooLarge,
	KindBusy:      http.StatusServiceUnavailable,
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

// classify turns any error into an *Error: this is the one place where the
// typed errors of the operations, domain and store (internal/errs and the
// few domain error types) become HTTP statuses, fields and candidates. An
// unknown error is nil (an internal error, 500).
func classify(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	wrap := func(kind ErrorKind, field string, candidates []string) *Error {
		return &Error{Kind: kind, Field: field, Msg: err.Error(), Candidates: candidates, Err: err}
	}
	var (
		inv *errs.Invalid
		nf  *errs.NotFound
		amb *errs.Ambiguous
		cf  *errs.Conflict
		iu  *errs.InUse
		qe  *coding.QuoteError
		re  *coding.RangeError
		rfe *corpus.RefError
		ce  *codebook.ConflictError
	)
	switch {
	case errors.As(err, &inv):
		return wrap(KindInvalid, inv.Field, nil)
	case errors.As(err, &nf):
		return wrap(KindNotFound, "", nf.Near)
	case errors.As(err, &amb):
		return wrap(KindConflict, "", amb.Candidates)
	case errors.As(err, &cf), errors.As(err, &iu), errors.As(err, &ce):
		return wrap(KindConflict, "", nil)
	case errors.As(err, &qe):
		var cands []string
		for _, c := range qe.Candidates {
			cands = append(cands, c.Ref().String())
		}
		if errors.Is(err, coding.ErrQuoteAmbiguous) {
			return wrap(KindConflict, "quote", cands)
		}
		return wrap(KindInvalid, "quote", cands)
	case errors.As(err, &re), errors.As(err, &rfe):
		return wrap(KindInvalid, "ref", nil)
	case errors.Is(err, codebook.ErrInvalidName):
		return wrap(KindInvalid, "name", nil)
	case codebook.IsDecodeError(err):
		return wrap(KindInvalid, "", nil)
	case errors.Is(err, errs.ErrExists):
		return wrap(KindConflict, "", nil)
	case errors.Is(err, codebook.ErrNoCode), errors.Is(err, codebook.ErrNoCategory), errors.Is(err, fs.ErrNotExist):
		return wrap(KindNotFound, "", nil)
	case errors.Is(err, project.ErrNothingToUndo):
		return wrap(KindConflict, "", nil)
	case errors.Is(err, project.ErrLocked):
		return wrap(KindBusy, "", nil)
	}
	return nil
}

// inField is err classified, naming field when the error itself names
// none (an error from an operation knows its own rule, not the API's
// field names).
func inField(err error, field string) error {
	e := classify(err)
	if e == nil || e.Field != "" {
		return err
	}
	out := *e
	out.Field = field
	return &out
}

// nameField names field as the one at fault when err is a refused code or
// category name.
func nameField(err error, field string) error {
	if errors.Is(err, codebook.ErrInvalidName) {
		return &Error{Kind: KindInvalid, Field: field, Msg: err.Error(), Err: err}
	}
	return err
}
