// Package errs defines the typed errors that the domain packages (corpus,
// codebook, coding), the store (internal/project) and the operations return
// when a request cannot be carried out: something named does not exist, a
// name is ambiguous, another coder's work is in the way, a thing is still
// in use, or the request itself is invalid.
//
// Their messages describe the project, never a front end: they name no
// command and no flag. Each front end turns them into its own words: the
// CLI adds hints ("did you mean", which command shows the codes) and maps
// them to exit codes in its one error map; the web workbench maps them to
// HTTP statuses and JSON {"error","field","candidates"}.
//
// Test for them with errors.As:
//
//	var nf *errs.NotFound
//	if errors.As(err, &nf) && nf.Kind == errs.KindCode { ... }
package errs

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Kinds of things an error may be about.
const (
	KindCode     = "code"
	KindCategory = "category"
	KindSource   = "source"
	KindMemo     = "memo"
	KindCoding   = "coding"
)

// NotFound: the thing named does not exist.
type NotFound struct {
	Kind string // KindCode, KindSource, ...
	Name string
	// Near are existing names close to Name, closest first; empty when
	// there are none or too many to be a useful suggestion.
	Near []string
	// In names where it was looked for (e.g. a turn reference), when that
	// is not simply the project, and Source the source it is in.
	In, Source string
}

// Is makes a NotFound an fs.ErrNotExist, so that errors.Is(err,
// fs.ErrNotExist) holds for it.
func (e *NotFound) Is(target error) bool { return target == fs.ErrNotExist }

func (e *NotFound) Error() string {
	switch e.Kind {
	case KindCode:
		return fmt.Sprintf("no code %q in the codebook", e.Name)
	case KindCoding:
		if e.In != "" {
			return fmt.Sprintf("%s is not coded with %q", e.In, e.Name)
		}
		return fmt.Sprintf("no coding with id %q", e.Name)
	}
	if e.In != "" {
		return fmt.Sprintf("no %s %q in %s", e.Kind, e.Name, e.In)
	}
	return fmt.Sprintf("no %s %q", e.Kind, e.Name)
}

// Ambiguous: a name or quote matches more than one thing.
type Ambiguous struct {
	Kind       string
	Name       string
	Candidates []string
}

func (e *Ambiguous) Error() string {
	return fmt.Sprintf("%s %q is ambiguous: it matches %s", e.Kind, e.Name, strings.Join(e.Candidates, ", "))
}

// Conflict: the change would touch another coder's work, which a coder may
// not change as themselves.
type Conflict struct {
	// Where the conflict is (a reference), what (a code name), the coder
	// asking and how many of the others' items are in the way.
	Where, What, Coder string
	Others             int
}

func (e *Conflict) Error() string {
	return fmt.Sprintf("%s has %d coding(s) of %q by other coders, none by %s", e.Where, e.Others, e.What, e.Coder)
}

// InUse: the thing cannot be removed while other things use it.
type InUse struct {
	Kind, Name string
	// Count is how many items use it, described by What ("coding(s)").
	Count int
	What  string
}

func (e *InUse) Error() string {
	return fmt.Sprintf("%s %q has %d %s", e.Kind, e.Name, e.Count, e.What)
}

// Invalid: the request is malformed. Field names the part of the request
// at fault (a request field such as "quote", "category", "code"), so a
// front end can point at it in its own terms.
type Invalid struct {
	Field string
	// Rule identifies the rule broken, for a front end to explain in its
	// own words; empty when Reason says it all.
	Rule string
	// Reason says what is wrong, in words that name no front end.
	Reason string
	// Value is the offending value, when there is one.
	Value string
}

func (e *Invalid) Error() string { return e.Reason }

// Invalidf returns an *Invalid for field with a formatted reason.
func Invalidf(field, format string, args ...any) error {
	return &Invalid{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ErrExists is matched (errors.Is) by every Exists.
var ErrExists = errors.New("already exists")

// Exists: the name is taken.
type Exists struct{ Kind, Name string }

func (e *Exists) Error() string { return fmt.Sprintf("%s %q already exists", e.Kind, e.Name) }

// Unwrap makes errors.Is(err, ErrExists) hold.
func (e *Exists) Unwrap() error { return ErrExists }

// Actions a Remedy may name. Each front end says them in its own words.
const (
	// ActionRepair: the damaged line can be moved aside by the repair of
	// a project check (Args: none).
	ActionRepair = "repair"
	// ActionDescribeCode: add the code (Args[0]) back to the codebook.
	ActionDescribeCode = "describe-code"
	// ActionRecodeRenamed: the coding (Args[2], its id, at Args[1]) uses
	// a code the history renamed to Args[0]: recode it and remove it.
	ActionRecodeRenamed = "recode-renamed"
	// ActionRecodeOrphan: recode the orphaned coding (Args[0], its id)
	// and remove it.
	ActionRecodeOrphan = "recode-orphan"
	// ActionFinishChange: any change finishes the interrupted one.
	ActionFinishChange = "finish-change"
	// ActionInit: create a project (Args[0], the directory, when known).
	ActionInit = "init"
	// ActionCheck: move the damaged file aside, then check the project.
	ActionCheck = "check"
	// ActionUncode: remove the coding (Args[0], its id) if it should be
	// gone, or recode it.
	ActionUncode = "uncode"
	// ActionUncite: remove a relation's citation that no longer resolves,
	// or cite the passage again (Args: the relation's from, to and label,
	// then the citation).
	ActionUncite = "uncite"
)

// Remedy is an error together with what a person can do about it.
type Remedy struct {
	Err    error
	Action string
	Args   []string
}

func (e *Remedy) Error() string { return e.Err.Error() }
func (e *Remedy) Unwrap() error { return e.Err }

// WithRemedy returns err with the remedy action (and its arguments).
func WithRemedy(err error, action string, args ...string) error {
	return &Remedy{Err: err, Action: action, Args: args}
}
