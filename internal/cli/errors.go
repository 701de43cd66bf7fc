package cli

import (
	"errors"
	"fmt"
)

// Exit codes of the grounded command. They are documented in README.md and
// in 'grounded --help'; this is the one place that maps errors to them.
const (
	// ExitOK: the command did what was asked.
	ExitOK = 0
	// ExitError: the command failed; stderr says why and what to do.
	// Nothing was written.
	ExitError = 1
	// ExitUsage: the command line was wrong (unknown command or flag,
	// wrong number of arguments, a flag value out of range).
	ExitUsage = 2
	// ExitCommitted: the change was made, but finishing it failed after
	// its commit point (e.g. a full disk); it must not be repeated, and
	// the next command finishes it (project.CommittedError).
	ExitCommitted = 4
	// ExitProblems: a check (grounded check, model check --strict) ran
	// and found problems, which it listed.
	ExitProblems = 3
)

// UsageError marks an error in how the command was called.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usageErrorf returns a UsageError.
func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// errProblems is returned by checks that found problems they have already
// printed.
var errProblems = errors.New("problems found")

// silentError is an error whose message was already printed.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode maps an error to the process's exit code.
func exitCode(err error) int {
	var ue *UsageError
	var se *silentError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.Is(err, errProblems):
		return ExitProblems
	case errors.As(err, &se):
		return se.code
	case isCommitted(err): // committed.go
		return ExitCommitted
	}
	return ExitError
}
