package coding

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/corpus"
)

// Episode is a stretch of an interview that a researcher marks as one
// story: a client's story, an incident, one relationship told from its
// beginning. It is the unit of "narrated time": the order in which stages
// appear inside an episode is evidence about a process, while the order
// of mention across a whole interview follows the interview guide.
//
// An episode covers the turns [From, To] of one source (both included).
// A coding belongs to an episode when it lies in the same source and its
// turn is within the range (see [Episode.Contains]).
type Episode struct {
	// Name identifies the episode in its project (compared as code names
	// are: trimmed, NFC, ignoring case).
	Name   string `json:"name" yaml:"name"`
	Source string `json:"source" yaml:"source"`
	From   int    `json:"from" yaml:"from"`
	To     int    `json:"to" yaml:"to"`
	// Client is an optional label for the person the story is about
	// (a pseudonym or a letter; never a real name).
	Client string `json:"client,omitempty" yaml:"client,omitempty"`
}

// ErrInvalidEpisode is wrapped by the errors of [Episode.Validate].
var ErrInvalidEpisode = errors.New("invalid episode")

// Validate checks the episode on its own: a valid name, a source, and a
// turn range with 1 <= From <= To. turns, when positive, is the number of
// turns of the source, and To must not exceed it.
func (e Episode) Validate(turns int) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w %q: %s", ErrInvalidEpisode, e.Name, fmt.Sprintf(format, args...))
	}
	if _, err := codebook.CheckName(e.Name); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidEpisode, err)
	}
	if strings.TrimSpace(e.Source) == "" {
		return bad("no source")
	}
	if err := corpus.ValidateID(e.Source); err != nil {
		return bad("source: %v", err)
	}
	if e.From < 1 || e.To < e.From {
		return bad("turn range %d-%d: want FIRST-LAST with 1 <= FIRST <= LAST", e.From, e.To)
	}
	if turns > 0 && e.To > turns {
		return bad("turn range %d-%d: source %s has %d turns", e.From, e.To, e.Source, turns)
	}
	if strings.ContainsAny(e.Client, "\x00\n\r\t") {
		return bad("client label contains a control character")
	}
	return nil
}

// Contains reports whether a coding belongs to the episode: same source,
// turn within [From, To]. Codings with source-level offsets (Turn 0) and
// orphaned codings belong to no episode; resolve the turn first.
func (e Episode) Contains(c Coding) bool {
	return !c.Orphaned && c.Source == e.Source && c.Turn >= e.From && c.Turn <= e.To
}

// Ref returns the episode's range as "SOURCE#FROM-TO".
func (e Episode) Ref() string {
	if e.From == e.To {
		return fmt.Sprintf("%s#%d", e.Source, e.From)
	}
	return fmt.Sprintf("%s#%d-%d", e.Source, e.From, e.To)
}

// ValidateEpisodes checks each episode (turns gives a source's number of
// turns, 0 when unknown) and that names are unique. Episodes may overlap:
// one story can hold another.
func ValidateEpisodes(es []Episode, turns func(source string) int) error {
	seen := map[string]int{}
	var errs []error
	for i, e := range es {
		n := 0
		if turns != nil {
			n = turns(e.Source)
		}
		if err := e.Validate(n); err != nil {
			errs = append(errs, err)
			continue
		}
		k := codebook.Key(e.Name)
		if j, ok := seen[k]; ok {
			errs = append(errs, fmt.Errorf("%w %q: the name is already used by episode %d (%s)", ErrInvalidEpisode, e.Name, j+1, es[j].Ref()))
			continue
		}
		seen[k] = i
	}
	return errors.Join(errs...)
}

// SortEpisodes orders episodes by source, first turn, last turn and name.
func SortEpisodes(es []Episode) {
	slices.SortFunc(es, func(a, b Episode) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), cmp.Compare(a.From, b.From),
			cmp.Compare(a.To, b.To), strings.Compare(codebook.Key(a.Name), codebook.Key(b.Name)))
	})
}
