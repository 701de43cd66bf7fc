package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
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
	}
	return ExitError
}

// explain turns the typed errors of the domain, the store and the
// operations (package errs) into the CLI's words: it adds the hints that
// name commands and flags ("did you mean", which command shows what) and
// marks errors in how the command was called as usage errors. It is the
// one place that knows both an error's meaning and the CLI's vocabulary.
func explain(err error) error {
	var (
		nf  *errs.NotFound
		inv *errs.Invalid
		cf  *errs.Conflict
		iu  *errs.InUse
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &inv):
		return explainInvalid(inv, err)
	case errors.As(err, &nf):
		return explainNotFound(nf, err)
	case errors.As(err, &cf):
		return fmt.Errorf("%w; pass --coder NAME, or 'grounded uncode ID'", err)
	case errors.As(err, &iu) && iu.Kind == errs.KindCode:
		return fmt.Errorf("%w; remove them first, merge the code into another ('grounded code merge'), or pass --force to delete them with it", err)
	}
	return err
}

func explainNotFound(nf *errs.NotFound, err error) error {
	switch nf.Kind {
	case errs.KindCode:
		if len(nf.Near) > 0 {
			return fmt.Errorf("%w; did you mean %s?", err, strings.Join(quoted(nf.Near), " or "))
		}
		return fmt.Errorf("%w ('grounded code list' shows the codes)", err)
	case errs.KindCoding:
		if nf.Source != "" {
			return fmt.Errorf("%w ('grounded codings list --source %s' shows its codings)", err, nf.Source)
		}
		return fmt.Errorf("%w ('grounded codings list' shows ids)", err)
	case errs.KindCategory:
		return fmt.Errorf("%w; create it with 'grounded category add %q'", err, nf.Name)
	case errs.KindSource:
		return fmt.Errorf("%w ('grounded sources list' shows them)", err)
	case errs.KindMemo:
		return fmt.Errorf("%w ('grounded memo list' shows them)", err)
	}
	return err
}

func explainInvalid(inv *errs.Invalid, err error) error {
	v := inv.Value
	switch inv.Rule {
	case coding.RuleBareSource:
		return usageErrorf("%q is a source, not a reference to a turn; write %s#N (turn N) or %s#N:S-E, or add --quote TEXT to find the words in the whole source", v, v, v)
	case coding.RuleSourceSpanQuote:
		return usageErrorf("--quote looks inside a turn or a whole source; %s is a source-level span", v)
	case coding.RuleInVivoWords:
		return usageErrorf("--in-vivo takes the code's name from the coded words: add --quote TEXT or give a span (SRC#N:S-E)")
	case coding.RuleOtherCategory:
		return usageErrorf("%v; move it with 'grounded category assign'", err)
	case coding.RuleNothingToMerge, coding.RuleOneTarget, coding.RuleEmptyMemo:
		if inv.Rule == coding.RuleOneTarget {
			return usageErrorf("%v: give one of --code, --category, --source, --ref", err)
		}
		return usageErrorf("%v", err)
	case coding.RuleNoField:
		return usageErrorf("give at least one of --description, --when-to-use, --when-not-to-use, --example, --color")
	}
	return err
}

func quoted(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return q
}
