package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/errs"
	"github.com/grounded-qda/grounded/internal/fsx"
)

// Problem is one finding of Check.
type Problem struct {
	// Severity is "error" (something is wrong and needs fixing) or
	// "warning" (worth a look, e.g. an orphaned coding).
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	// Message says what is wrong, and (after Note) what the repair did.
	Message string `json:"message"`
	// Fixed is set when the repair fixed it.
	Fixed bool `json:"fixed,omitempty"`
	// Action names what a person can do about it (an errs.Action*
	// constant, with Args), for a front end to say in its own words;
	// empty when Err or Message says it all.
	Action string   `json:"-"`
	Args   []string `json:"-"`
	// Err is the error the problem reports, when there is one.
	Err error `json:"-"`
	// Note is what the repair did ("moved to F.rejected"), which ends
	// Message.
	Note string `json:"-"`
}

// CheckReport is the result of Check.
type CheckReport struct {
	Sources  int       `json:"sources"`
	Codings  int       `json:"codings"`
	Memos    int       `json:"memos"`
	Problems []Problem `json:"problems"`
}

// Errors counts the problems of severity error that were not fixed.
func (r *CheckReport) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == "error" && !p.Fixed {
			n++
		}
	}
	return n
}

// Check verifies the whole project: the codebook, participants, every
// source against its checksums, every coding against its transcript and
// the codebook, memos and their targets, the speakers' roles and the
// person's settings (speakers.yaml, grounded.local.yaml), and the history
// files. With repair
// (and the write lock held) it fixes what can be fixed without guessing:
// it moves torn or unreadable lines of JSON Lines files to FILE.rejected
// and removes temporary files left by crashes.
func (p *Project) Check(repair bool) (*CheckReport, error) {
	c := &checker{p: p, repair: repair, r: &CheckReport{Problems: []Problem{}},
		srcs: map[string]*corpus.Source{}, turnCount: map[string]int{},
		speakers: map[string]map[string]bool{}, slugs: map[string]string{}}
	c.journal()
	c.codebookAndParticipants()
	c.citedIDs() // checkcitations.go
	c.sources()
	c.settings() // checksettings.go
	c.codings()
	c.memos()
	c.citations() // checkcitations.go
	c.episodes()  // episodes.go
	c.history()
	c.renamedCodes() // checkrename.go
	c.tempFiles()
	return c.r, nil
}

// checker holds what the sections of Check share: the report, and what
// earlier sections read for later ones.
type checker struct {
	p      *Project
	repair bool
	r      *CheckReport
	cb     *codebook.Codebook // nil when unreadable
	srcs   map[string]*corpus.Source
	// turnCount holds the number of turns of every source whose turns
	// read; the turns themselves are held one source at a time
	// (checkstream.go).
	turnCount map[string]int
	// speakers holds who speaks in each source whose turns read, for the
	// settings section, which would otherwise read every source's turns
	// again.
	speakers map[string]map[string]bool
	// slugs caches coderSlug by coder name: a project has a handful of
	// coders and a coding file thousands of lines.
	slugs    map[string]string
	held     heldTurns
	files    []string               // the coding files (checkstream.go)
	bySource map[string][]string    // the coding files by the source they are named after
	byFile   map[string]*fileResult // findings of the files checked with their source
	// present and history are what the history agreement check
	// (checkhistory.go) compares.
	present   map[string]codingPlace
	histories []historyFile
	missing   []missingCode // codings whose code is not in the codebook
	// cited holds the coding ids relations cite as evidence, and
	// citedCodings those codings as read, for the citation check
	// (checkcitations.go); other codings are not held.
	cited        map[string]bool
	citedCodings []coding.Coding
}

func (c *checker) rel(path string) string {
	if s, err := filepath.Rel(c.p.Root, path); err == nil {
		return filepath.ToSlash(s)
	}
	return path
}

func (c *checker) add(sev, file string, line int, format string, args ...any) *Problem {
	c.r.Problems = append(c.r.Problems, Problem{Severity: sev, File: c.rel(file), Line: line, Message: fmt.Sprintf(format, args...)})
	return &c.r.Problems[len(c.r.Problems)-1]
}

// addErr reports err as a problem.
func (c *checker) addErr(sev, file string, line int, err error) *Problem {
	pr := c.add(sev, file, line, "%v", err)
	pr.Err = err
	return pr
}

// fixed marks pr as fixed by the repair, which did note.
func (pr *Problem) fixed(note string) {
	pr.Fixed = true
	pr.Note = note
	pr.Message += note
}

// journal: an interrupted change.
func (c *checker) journal() {
	if _, err := os.Stat(c.p.Path(JournalFile)); err == nil {
		pr := c.add("error", c.p.Path(JournalFile), 0, "an interrupted change is pending")
		pr.Action = errs.ActionFinishChange
	}
}

// codebookAndParticipants: the codebook (kept for the later sections) and
// the participants file.
func (c *checker) codebookAndParticipants() {
	cb, err := c.p.ReadCodebook()
	if err != nil {
		var es codebook.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				c.add("error", e.File, e.Line, "%v", e.Err)
			}
		} else {
			c.addErr("error", c.p.Path(CodebookFile), 0, err)
		}
		cb = nil
	}
	c.cb = cb
	if _, err := c.p.ReadParticipants(); err != nil {
		c.addErr("error", c.p.Path(ParticipantsFile), 0, err)
	}
}

// sources: every source's metadata, original and turns against their
// checksums.
func (c *checker) sources() {
	p := c.p
	entries, _ := os.ReadDir(p.Path(SourcesDir))
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		id := e.Name()
		if err := corpus.ValidateID(id); err != nil {
			c.add("error", p.Path(SourcesDir, id), 0, "directory name is not a valid source id: %v", err)
			continue
		}
		if _, err := os.Stat(p.Path(SourcesDir, id, SourceMetaFile)); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		s, err := p.ReadSource(id)
		if err != nil {
			c.addErr("error", p.Path(SourcesDir, id, SourceMetaFile), 0, err)
			continue
		}
		c.srcs[id] = s
		orig, err := p.ReadOriginal(s)
		var unsafe *UnsafePathError
		switch {
		case errors.As(err, &unsafe):
			c.add("error", p.Path(SourcesDir, id, s.Original), 0, "%v; replace it with the original file, or remove it", err)
		case err != nil:
			c.add("warning", p.Path(SourcesDir, id, s.Original), 0, "the original file is missing (%v); the transcript itself is intact", err)
		case SHA256(orig) != s.OriginalSHA256:
			c.add("warning", p.Path(SourcesDir, id, s.Original), 0, "the original file differs from the one ingested")
		}
		ts, err := p.ReadTurns(s)
		if err != nil {
			var le *coding.LineError
			if errors.As(err, &le) {
				c.add("error", le.File, le.Line, "%v", le.Err)
			} else {
				c.addErr("error", p.Path(SourcesDir, id, SourceTurnsFile), 0, err)
			}
			continue
		}
		c.turnCount[id] = len(ts)
		c.speakers[id] = speakersOf(ts)
		c.held = heldTurns{id, ts}
		c.r.Sources++
		c.codingsOf(id) // checkstream.go: while its turns are held
	}
	c.held = heldTurns{}
}

// badLine reports a torn or unreadable line of a JSON Lines file and,
// with repair, moves it aside.
func (c *checker) badLine(file string, le *coding.LineError) (fixed bool) {
	var pr *Problem
	if le.Torn {
		pr = c.add("error", file, le.Line, "the last line is incomplete (cut off by a crash or a full disk); the lines before it are intact")
		pr.Args = []string{"torn"}
	} else {
		pr = c.add("error", file, le.Line, "unreadable line (%v)", le.Err)
	}
	pr.Action = errs.ActionRepair
	if c.repair && rejectLine(file, le.Line) == nil {
		pr.fixed(fmt.Sprintf("; moved to %s.rejected", c.rel(file)))
		return true
	}
	return false
}

// codings: every coding file, line by line, against the codebook and the
// transcripts.
func (c *checker) codings() {
	if c.present == nil {
		n := 0
		for _, res := range c.byFile {
			n += len(res.present)
		}
		if n > 0 {
			c.present = make(map[string]codingPlace, n) // filled by replay
		}
	}
	for _, file := range c.codingFiles() {
		if res := c.byFile[file]; res != nil {
			c.replay(file, res) // checkstream.go
			continue
		}
		cs, ok := c.readCodingFile(file)
		if ok {
			c.codingFile(file, cs)
		}
	}
}

// readCodingFile reads a coding file, reporting (and with repair moving
// aside) a bad line; ok is false when nothing could be read.
func (c *checker) readCodingFile(file string) (cs []coding.Coding, ok bool) {
	cs, err := c.p.readCodingFile(file)
	if err != nil {
		var le *coding.LineError
		if !errors.As(err, &le) {
			c.addErr("error", file, 0, err)
			return nil, false
		}
		if c.badLine(file, le) {
			cs, _ = c.p.readCodingFile(file)
		}
	}
	return cs, true
}

func (c *checker) codingFile(file string, cs []coding.Coding) {
	source := strings.TrimSuffix(filepath.Base(file), ".jsonl")
	slug := filepath.Base(filepath.Dir(file))
	seen := make(map[string]bool, len(cs))
	for _, x := range cs {
		if c.cited[x.ID] {
			c.citedCodings = append(c.citedCodings, x)
		}
	}
	for i, x := range cs {
		c.r.Codings++
		line := i + 1
		if seen[x.ID] {
			c.add("error", file, line, "coding id %s appears twice", x.ID)
		}
		seen[x.ID] = true
		if c.present == nil {
			c.present = make(map[string]codingPlace, len(cs))
		}
		c.present[x.ID] = codingPlace{file, line}
		if x.Source != source {
			c.add("error", file, line, "coding %s names source %q but is in the file of %q", x.ID, x.Source, source)
		}
		if c.coderSlug(x.Coder) != slug {
			c.add("warning", file, line, "coding %s is by %q but is in the folder of %q", x.ID, x.Coder, slug)
		}
		if c.cb != nil && c.cb.Code(x.Code) == nil {
			pr := c.add("error", file, line, "coding %s uses code %q, which is not in the codebook", x.ID, x.Code)
			pr.Action, pr.Args = errs.ActionDescribeCode, []string{x.Code}
			c.missing = append(c.missing, missingCode{len(c.r.Problems) - 1, x})
		}
		ts, ok := c.turnsOf(x.Source)
		if !ok {
			if c.srcs[x.Source] == nil {
				c.add("error", file, line, "coding %s refers to source %q, which does not exist", x.ID, x.Source)
			}
			continue
		}
		if x.Orphaned {
			pr := c.add("warning", file, line, "coding %s (%q) is orphaned: its quote %q was not found when %s was replaced", x.ID, x.Code, shortQuote(x.Quote), x.Source)
			pr.Action, pr.Args = errs.ActionRecodeOrphan, []string{x.ID}
			continue
		}
		sp, err := coding.Resolve(x.Ref(), ts)
		if err != nil {
			c.add("error", file, line, "coding %s: %v", x.ID, err)
			continue
		}
		if sp.Quote != x.Quote {
			c.add("error", file, line, "coding %s: the text at %s is %q, not the stored quote %q", x.ID, x.Ref(), shortQuote(sp.Quote), shortQuote(x.Quote))
		}
	}
}

// coderSlug is the project's coderSlug, once per coder name.
func (c *checker) coderSlug(coder string) string {
	s, ok := c.slugs[coder]
	if !ok {
		s = c.p.coderSlug(coder)
		c.slugs[coder] = s
	}
	return s
}

// speakersOf returns the set of speakers of turns.
func speakersOf(turns []corpus.Turn) map[string]bool {
	speaks := map[string]bool{}
	for _, t := range turns {
		speaks[t.Speaker] = true
	}
	return speaks
}

// memos: every memo file and its target.
func (c *checker) memos() {
	memoFiles, _ := filepath.Glob(c.p.Path(MemosDir, "*.md"))
	for _, file := range memoFiles {
		data, err := c.p.readStoreFile(MemosDir + "/" + filepath.Base(file))
		if err != nil {
			c.addErr("error", file, 0, err)
			continue
		}
		m, err := coding.DecodeMemo(file, data)
		if err != nil {
			c.addErr("error", file, 0, err)
			continue
		}
		c.r.Memos++
		if m.ID+".md" != filepath.Base(file) {
			c.add("warning", file, 0, "memo id %q does not match its file name", m.ID)
		}
		c.memoTarget(file, m)
	}
}

func (c *checker) memoTarget(file string, m coding.Memo) {
	cb := c.cb
	switch m.Target.Kind {
	case coding.TargetCode:
		if cb != nil && cb.Code(m.Target.Name) == nil {
			c.add("warning", file, 0, "memo %s is about code %q, which is not in the codebook", m.ID, m.Target.Name)
		}
	case coding.TargetCategory:
		if cb != nil && cb.Category(m.Target.Name) == nil && (cb.Core == nil || codebook.Key(cb.Core.Name) != codebook.Key(m.Target.Name)) {
			c.add("warning", file, 0, "memo %s is about category %q, which is not in the codebook", m.ID, m.Target.Name)
		}
	case coding.TargetSource:
		if c.srcs[m.Target.Name] == nil {
			c.add("warning", file, 0, "memo %s is about source %q, which does not exist", m.ID, m.Target.Name)
		}
	case coding.TargetRef:
		ref, err := corpus.ParseRef(m.Target.Name)
		if err != nil {
			c.add("warning", file, 0, "memo %s: %v", m.ID, err)
		} else if ts, ok := c.turnsOf(ref.Source); !ok {
			c.add("warning", file, 0, "memo %s is about %s, whose source does not exist", m.ID, ref)
		} else if _, err := coding.Resolve(ref, ts); err != nil {
			c.add("warning", file, 0, "memo %s: %v", m.ID, err)
		}
	}
}

// history: every coder's history file, line by line.
func (c *checker) history() {
	histFiles, _ := filepath.Glob(c.p.Path(HistoryDir, "*.jsonl"))
	for _, file := range histFiles {
		fh, err := c.p.openStoreFile(file)
		if err != nil {
			c.addErr("error", file, 0, err)
			continue
		}
		es, err := coding.ReadJSONL[Entry](file, fh)
		fh.Close()
		c.histories = append(c.histories, historyFile{file, es})
		var le *coding.LineError
		if errors.As(err, &le) {
			c.badLine(file, le)
		} else if err != nil {
			c.addErr("error", file, 0, err)
		}
	}
	if err := c.p.checkHistoryAgreement(c.present, c.histories, c.repair, c.add); err != nil {
		c.addErr("error", c.p.Path(HistoryDir), 0, err)
	}
}

// tempFiles: temporary files left by crashed commands.
func (c *checker) tempFiles() {
	_ = filepath.WalkDir(c.p.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == CacheDir || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !d.IsDir() && fsx.IsTemp(d.Name()) {
			pr := c.add("warning", path, 0, "temporary file left by an interrupted command")
			if c.repair && os.Remove(path) == nil {
				pr.fixed("; removed")
			}
		}
		return nil
	})
}

func shortQuote(s string) string {
	if r := []rune(s); len(r) > 50 {
		return string(r[:47]) + "..."
	}
	return s
}

// rejectLine moves line n (1-based) of file to file.rejected, atomically
// rewriting file without it.
func rejectLine(file string, n int) error {
	for _, f := range []string{file, file + ".rejected"} {
		if st, err := os.Lstat(f); err == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", f)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return fmt.Errorf("line %d out of range", n)
	}
	bad := lines[n-1]
	rest := append(append([][]byte{}, lines[:n-1]...), lines[n:]...)
	f, err := os.OpenFile(file+".rejected", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if !bytes.HasSuffix(bad, []byte("\n")) {
		bad = append(bad, '\n')
	}
	if _, err := f.Write(bad); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	f.Close()
	return fsx.WriteFile(file, bytes.Join(rest, nil), 0o644)
}
