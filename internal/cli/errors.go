package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/export/refi"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
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

// explain turns the typed errors of the domain, the store and the
// operations (package errs and the typed errors of coding and project) into
// the CLI's words: it adds the hints that name commands and flags ("did you
// mean", which command shows what, how to repair) and marks errors in how
// the command was called as usage errors. With exitCode it is the one place
// that knows both an error's meaning and the CLI's vocabulary.
func explain(err error) error {
	var he *hintedError
	if err == nil || errors.As(err, &he) {
		return err
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		if e := explainInvalid(inv, err); e != nil {
			return e
		}
	}
	if h := hint(err); h != "" {
		return &hintedError{err: err, hint: h}
	}
	return err
}

// hintedError is an error with the CLI's hint appended.
type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string { return e.err.Error() + e.hint }
func (e *hintedError) Unwrap() error { return e.err }

// hint returns what to append to err's message: the commands and flags
// that help, in the CLI's words; "" when there is nothing to add.
func hint(err error) string {
	var (
		nf  *errs.NotFound
		ex  *errs.Exists
		inv *errs.Invalid
		cf  *errs.Conflict
		iu  *errs.InUse
		rem *errs.Remedy
		qe  *coding.QuoteError
		le  *coding.LineError
		te  *project.TamperError
		ie  *project.ExistsError
	)
	switch {
	case errors.As(err, &rem):
		return remedyHint(rem.Action, rem.Args)
	case errors.As(err, &nf):
		return notFoundHint(nf)
	case errors.As(err, &ex) && ex.Kind == errs.KindCode:
		return "; use 'grounded code merge' to combine two codes"
	case errors.As(err, &inv):
		switch inv.Rule {
		case codebook.RuleStageParent:
			return " (move it with 'grounded category move')"
		case codebook.RuleRelationLabel:
			return " (--as condition|context|action|consequence|strategy, or your own)"
		case project.RuleSourceID:
			return "; pass --id to choose a valid one"
		case project.RuleSameID:
			return "; pass them separately with --id"
		case project.RuleCaseID:
			return fmt.Sprintf("; pass --id %s with --replace to replace it, or --id to choose another", inv.Value)
		case project.RuleCoderEmpty:
			return ": set --coder, GROUNDED_CODER or coder: in grounded.yaml"
		}
	case errors.As(err, &cf):
		return "; pass --coder NAME, or 'grounded uncode ID'"
	case errors.As(err, &iu) && iu.Kind == errs.KindCode:
		return "; remove them first, merge the code into another ('grounded code merge'), or pass --force to delete them with it"
	case errors.As(err, &qe) && !errors.Is(qe.Err, coding.ErrQuoteAmbiguous):
		if len(qe.Near) > 0 {
			return "\n(copy a quote exactly from 'grounded show'; quote marks, dashes, … and spaces may differ)"
		}
		return "; copy it exactly from 'grounded show' (quote marks, dashes and spaces may differ)"
	case errors.As(err, &le) && le.Torn:
		return fmt.Sprintf(": run 'grounded check --repair' to move the broken line to %s.rejected", le.File)
	case errors.As(err, &te) && te.CRLF:
		return "; run 'grounded git setup' and commit .gitattributes first"
	case errors.As(err, &te):
		return fmt.Sprintf("; restore it (e.g. 'git checkout -- %s'), or correct the transcript with 'grounded ingest --replace --id %s FILE', which re-anchors the codings", te.Rel(), te.Source)
	case errors.As(err, &ie):
		if ie.Participant != "" {
			return "; use --replace to change its participant"
		}
		return "; use --replace to replace it (its codings are re-anchored by their quotes), or --id to ingest it under another id"
	}
	return ""
}

func remedyHint(action string, args []string) string {
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	switch action {
	case errs.ActionInit:
		if arg(0) != "" {
			return fmt.Sprintf(": run 'grounded init %s' to create one", arg(0))
		}
		return ": run 'grounded init' to create one, or pass --project DIR"
	case errs.ActionCheck:
		return "; move it aside and run 'grounded check'"
	case errs.ActionDescribeCode:
		return fmt.Sprintf("; add the code again first ('grounded code describe %q --description ...')", arg(0))
	}
	return ""
}

func notFoundHint(nf *errs.NotFound) string {
	switch nf.Kind {
	case errs.KindCode:
		if len(nf.Near) > 0 {
			return fmt.Sprintf("; did you mean %s?", strings.Join(quoted(nf.Near), " or "))
		}
		return " ('grounded code list' shows the codes)"
	case errs.KindCoding:
		if nf.Source != "" {
			return fmt.Sprintf(" ('grounded codings list --source %s' shows its codings)", nf.Source)
		}
		return " ('grounded codings list' shows ids)"
	case errs.KindCategory:
		return fmt.Sprintf("; create it with 'grounded category add %q'", nf.Name)
	case errs.KindSource:
		return " ('grounded sources list' shows them)"
	case errs.KindMemo:
		return " ('grounded memo list' shows them)"
	case ops.KindSpeaker:
		if len(nf.Near) > 0 {
			return fmt.Sprintf("; did you mean %s?", strings.Join(quoted(nf.Near), " or "))
		}
		return fmt.Sprintf(" ('grounded speakers list %s' shows them)", nf.Source)
	}
	return ""
}

// explainInvalid rewrites the invalid requests whose CLI message names
// flags, as usage errors; nil for the others.
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
	case coding.RuleOneTarget:
		return usageErrorf("%v: give one of --code, --category, --source, --ref", err)
	case coding.RuleNothingToMerge, coding.RuleEmptyMemo:
		return usageErrorf("%v", err)
	case project.RuleReasonRequired:
		return usageErrorf("%v: give it with --reason TEXT", err)
	case coding.RuleSeveralRelations:
		return usageErrorf("%v: name one with --as", err)
	case refi.RuleNoSuchCore:
		return usageErrorf("--core %v", err)
	case coding.RuleNoField:
		return usageErrorf("give at least one of --description, --when-to-use, --when-not-to-use, --example, --color")
	}
	return nil
}

func quoted(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return q
}
