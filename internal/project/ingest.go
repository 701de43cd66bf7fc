package project

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
)

// MaxTranscriptSize is the largest transcript file ingest accepts.
const MaxTranscriptSize = corpus.MaxFileSize

// IngestFile is one file to ingest.
type IngestFile struct {
	Path string // shown in messages
	Data []byte
	// Read, when set, reads the file's bytes when the ingest comes to it
	// (Data is then not used), so that an ingest holds a bounded number
	// of files at once, and Size is the file's size as listed (the ingest
	// decides from it whether to read the file ahead, see "Parsing
	// ahead").
	Read func() ([]byte, error)
	Size int64
	// ID and Participant override the defaults (the file's base name
	// without extension, and the id).
	ID, Participant string
}

// size is the size of the file: its Size when it is read on demand.
func (f IngestFile) size() int64 {
	if f.Read != nil {
		return f.Size
	}
	return int64(len(f.Data))
}

// read returns the file's bytes.
func (f IngestFile) read() ([]byte, error) {
	if f.Read == nil {
		return f.Data, nil
	}
	data, err := f.Read()
	if err == nil && len(data) > MaxTranscriptSize {
		err = tooLarge(f.Path)
	}
	return data, err
}

// tooLarge is the error for a file larger than MaxTranscriptSize.
func tooLarge(path string) error {
	return fmt.Errorf("%s: the file is larger than %d MB; split it", path, MaxTranscriptSize>>20)
}

// IngestAction says what ingest will do with a file.
type IngestAction string

// Ingest actions.
const (
	IngestAdd       IngestAction = "added"
	IngestReplace   IngestAction = "replaced"
	IngestUnchanged IngestAction = "unchanged"
)

// IngestPlan is a checked, parsed file ready to be written.
type IngestPlan struct {
	File   IngestFile
	Action IngestAction
	Source *corpus.Source
	Turns  []corpus.Turn
	// Diagnostics is what the parser found and where it was unsure.
	Diagnostics corpus.Diagnostics
	// For a replacement: the codings re-anchored on the new text, and how
	// many moved or were orphaned.
	Codings          []coding.Coding
	oldCodings       []coding.Coding
	Moved, Orphaned  int
	previousOriginal string
	// RoleGuesses are the roles corpus.GuessRoles guesses for the
	// speakers of the file (added or replaced files only).
	RoleGuesses map[string]corpus.RoleGuess
	// turnsJSON is Turns encoded as turns.jsonl (nil when the plan was
	// not made from a parse, or once written).
	turnsJSON []byte
}

// Rules broken by invalid ingest requests (errs.Invalid.Rule).
const (
	// RuleSourceID: the file name (or the id given) is not a valid
	// source id.
	RuleSourceID = "source-id"
	// RuleSameID: two files would become the same source.
	RuleSameID = "same-id"
	// RuleCaseID: the id differs from an existing source's (Value) only
	// in case.
	RuleCaseID = "case-id"
)

// ExistsError is returned when a changed file would overwrite a source.
type ExistsError struct {
	Path, ID string
	// Participant is set when only the participant differs: the file is
	// the one already ingested.
	Participant string
}

func (e *ExistsError) Error() string {
	if e.Participant != "" {
		return fmt.Sprintf("%s: source %q was ingested from this same file with participant %q", e.Path, e.ID, e.Participant)
	}
	return fmt.Sprintf("%s: source %q already exists with different content", e.Path, e.ID)
}

// PlanIngest parses and checks every file before anything is written, so
// that an ingest of several files is all or nothing.
func (p *Project) PlanIngest(files []IngestFile, replace bool, now time.Time) ([]*IngestPlan, error) {
	return p.PlanIngestProgress(files, replace, now, nil)
}

// PlanIngestProgress is PlanIngest, calling progress (when not nil) after
// each file with the number of files done and in all.
func (p *Project) PlanIngestProgress(files []IngestFile, replace bool, now time.Time, progress func(done, total int)) ([]*IngestPlan, error) {
	pn, err := p.newPlanner(replace, now)
	if err != nil {
		return nil, err
	}
	stream := newParseStream(files)
	defer stream.close()
	var plans []*IngestPlan
	for i, f := range files {
		plan, err := pn.plan(i, f, stream)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
		if progress != nil {
			progress(len(plans), len(files))
		}
	}
	return plans, nil
}

// planner checks and plans the files of one ingest in order.
type planner struct {
	p       *Project
	replace bool
	now     time.Time
	ids     map[string]string // lower-case id → path of the file planned as it
	// existing maps the lower-case ids of the sources to the ids.
	existing map[string]string
}

func (p *Project) newPlanner(replace bool, now time.Time) (*planner, error) {
	pn := &planner{p: p, replace: replace, now: now, ids: map[string]string{}, existing: map[string]string{}}
	// Sources are listed by Ingested: start after the latest one, so that
	// ingests in the same second (or with a fixed GROUNDED_NOW) keep
	// their order.
	if srcs, err := p.ListSources(); err == nil && len(srcs) > 0 {
		if last := srcs[len(srcs)-1].Ingested; !now.After(last) {
			pn.now = last.Add(time.Nanosecond)
		}
		for _, s := range srcs {
			pn.existing[strings.ToLower(s.ID)] = s.ID
		}
	}
	return pn, nil
}

// plan checks and plans file i, f, taking it read and parsed from stream.
func (pn *planner) plan(i int, f IngestFile, stream *parseStream) (*IngestPlan, error) {
	p := pn.p
	if f.size() > MaxTranscriptSize {
		return nil, tooLarge(f.Path)
	}
	id := f.ID
	if id == "" {
		base := filepath.Base(f.Path)
		id = strings.TrimSuffix(base, filepath.Ext(base))
	}
	if err := corpus.ValidateID(id); err != nil {
		return nil, &errs.Invalid{Field: "id", Rule: RuleSourceID, Value: id, Reason: fmt.Sprintf("%s: source %v", f.Path, err)}
	}
	if windowsReserved(id) {
		return nil, &errs.Invalid{Field: "id", Rule: RuleSourceID, Value: id, Reason: fmt.Sprintf("%s: source id %q is a reserved device name on Windows, where the project could not be opened", f.Path, id)}
	}
	if other, ok := pn.existing[strings.ToLower(id)]; ok && other != id {
		return nil, &errs.Invalid{Field: "id", Rule: RuleCaseID, Value: other, Reason: fmt.Sprintf("%s: source id %q differs from the existing source %q only in case, and both cannot exist on Windows or macOS", f.Path, id, other)}
	}
	if prev, dup := pn.ids[strings.ToLower(id)]; dup {
		return nil, &errs.Invalid{Field: "id", Rule: RuleSameID, Value: id, Reason: fmt.Sprintf("%s and %s would both become source %q", prev, f.Path, id)}
	}
	pn.ids[strings.ToLower(id)] = f.Path
	participant := f.Participant
	if participant == "" {
		participant = id
	}
	if err := corpus.ValidateID(participant); err != nil {
		return nil, fmt.Errorf("%s: participant %v", f.Path, err)
	}
	pf := stream.take(i)
	if pf.err != nil {
		return nil, pf.err
	}
	tr := pf.tr
	f.Data = pf.data
	ext := strings.ToLower(filepath.Ext(f.Path))
	src := &corpus.Source{
		ID: id, Participant: participant, Format: tr.Format, Encoding: tr.Encoding,
		Original: "original" + ext, OriginalName: filepath.Base(f.Path),
		OriginalSHA256: SHA256(f.Data), TextSHA256: pf.textSHA,
		Turns: len(tr.Turns), Chars: corpus.CharCount(tr.Turns), Speakers: corpus.Speakers(tr.Turns),
		Ingested: pn.now.Add(time.Duration(i)),
	}
	if src.Speakers == nil {
		src.Speakers = []string{}
	}
	plan := &IngestPlan{File: f, Action: IngestAdd, Source: src, Turns: tr.Turns, Diagnostics: tr.Diagnostics, turnsJSON: pf.turns}
	old, err := p.ReadSource(id)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case old.OriginalSHA256 == src.OriginalSHA256 && old.Participant == participant:
		plan.Action = IngestUnchanged
		plan.Source = old
	case !pn.replace:
		e := &ExistsError{Path: f.Path, ID: id}
		if old.OriginalSHA256 == src.OriginalSHA256 {
			e.Participant = old.Participant
		}
		return nil, e
	default:
		plan.Action = IngestReplace
		plan.previousOriginal = old.Original
		cs, err := p.ReadCodings(id)
		if err != nil {
			return nil, err
		}
		plan.oldCodings = cs
		plan.Codings, plan.Moved, plan.Orphaned = coding.Reanchor(cs, tr.Turns)
	}
	if plan.Action != IngestUnchanged {
		plan.RoleGuesses = corpus.GuessRoles(tr.Turns)
	}
	plan.detach()
	return plan, nil
}

// detach copies the strings that the plan keeps beyond the file's turns
// (speaker names, the header, warnings, quotes of re-anchored codings):
// the parser cuts them out of the file's text, and a string kept from it
// keeps all that text in memory, for every file of an ingest, after its
// turns are written and dropped.
func (pl *IngestPlan) detach() {
	s := *pl.Source
	s.Speakers = cloneStrings(s.Speakers)
	pl.Source = &s
	d := &pl.Diagnostics
	d.Speakers = slices.Clone(d.Speakers)
	for i := range d.Speakers {
		d.Speakers[i].Speaker = strings.Clone(d.Speakers[i].Speaker)
	}
	if d.Header != nil {
		h := *d.Header
		h.Title = strings.Clone(h.Title)
		h.Details, h.Keywords, h.Speakers = cloneStrings(h.Details), cloneStrings(h.Keywords), cloneStrings(h.Speakers)
		d.Header = &h
	}
	d.Warnings = slices.Clone(d.Warnings)
	for i := range d.Warnings {
		w := &d.Warnings[i]
		w.Text, w.Message = strings.Clone(w.Text), strings.Clone(w.Message)
	}
	if pl.RoleGuesses != nil {
		guesses := make(map[string]corpus.RoleGuess, len(pl.RoleGuesses))
		for sp, g := range pl.RoleGuesses {
			g.Evidence = strings.Clone(g.Evidence)
			guesses[strings.Clone(sp)] = g
		}
		pl.RoleGuesses = guesses
	}
	for i := range pl.Codings {
		pl.Codings[i].Quote = strings.Clone(pl.Codings[i].Quote)
	}
}

// cloneStrings copies a list of strings and each string (nil stays nil).
func cloneStrings(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.Clone(s)
	}
	return out
}

// Ingest checks, plans and adds the files to the edit in order, as
// PlanIngestProgress and ApplyIngest do, but puts each file in the edit
// as soon as it is planned, with its transaction spilling its writes
// (Tx.SpillWrites): the memory it takes is bounded by design, not by the
// number or size of the files. The plans it returns keep what is said
// about each file, not its bytes nor its turns (File.Data, Turns and
// turnsJSON are nil). On an error the edit is discarded (Edit.Discard):
// drop it.
func (e *Edit) Ingest(files []IngestFile, replace bool, progress func(done, total int)) ([]*IngestPlan, error) {
	plans, err := e.ingest(files, replace, progress)
	if err != nil {
		e.Discard()
		return nil, err
	}
	return plans, nil
}

func (e *Edit) ingest(files []IngestFile, replace bool, progress func(done, total int)) ([]*IngestPlan, error) {
	pn, err := e.p.newPlanner(replace, e.Now())
	if err != nil {
		return nil, err
	}
	e.Tx.SpillWrites()
	stream := newParseStream(files)
	defer stream.close()
	plans := make([]*IngestPlan, 0, len(files))
	for i, f := range files {
		plan, err := pn.plan(i, f, stream)
		if err != nil {
			return nil, err
		}
		if err := e.applyPlan(plan); err != nil {
			return nil, err
		}
		plan.File.Data, plan.Turns, plan.turnsJSON = nil, nil, nil
		plans = append(plans, plan)
		if progress != nil {
			progress(len(plans), len(files))
		}
	}
	return plans, nil
}

// ApplyIngest adds the planned sources to an edit.
func (e *Edit) ApplyIngest(plans []*IngestPlan) error {
	for _, pl := range plans {
		if err := e.applyPlan(pl); err != nil {
			return err
		}
	}
	return nil
}

// applyPlan adds one planned source to the edit.
func (e *Edit) applyPlan(pl *IngestPlan) error {
	if pl.Action == IngestUnchanged {
		return nil
	}
	id := pl.Source.ID
	if pl.Action == IngestReplace && pl.previousOriginal != pl.Source.Original {
		e.Tx.Remove(SourceRel(id, pl.previousOriginal))
	}
	turns := pl.turnsJSON
	if turns == nil {
		turns = EncodeTurns(pl.Turns)
	}
	e.putSource(pl.Source, turns, pl.File.Data)
	if pl.Action == IngestAdd {
		e.SourceAdded(id)
		return nil
	}
	e.Irreversible("a replaced transcript cannot be restored by undo; ingest the previous file again in its place")
	for i, old := range pl.oldCodings {
		nc := pl.Codings[i]
		if nc != old {
			if err := e.ReplaceCoding(old, nc); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReadOriginal returns the original bytes of a source.
func (p *Project) ReadOriginal(s *corpus.Source) ([]byte, error) {
	if err := checkOriginal(p.Path(SourcesDir, s.ID, SourceMetaFile), s.Original); err != nil {
		return nil, err
	}
	return p.readStoreFile(SourceRel(s.ID, s.Original))
}
