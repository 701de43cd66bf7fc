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
	"github.com/grounded-qda/grounded/internal/fsx"
)

// Problem is one finding of Check.
type Problem struct {
	// Severity is "error" (something is wrong and needs fixing) or
	// "warning" (worth a look, e.g. an orphaned coding).
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Message  string `json:"message"`
	// Fixed is set when --repair fixed it.
	Fixed bool `json:"fixed,omitempty"`
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
// the codebook, memos and their targets, and the history files. With repair
// (and the write lock held) it fixes what can be fixed without guessing:
// it moves torn or unreadable lines of JSON Lines files to FILE.rejected
// and removes temporary files left by crashes.
func (p *Project) Check(repair bool) (*CheckReport, error) {
	r := &CheckReport{Problems: []Problem{}}
	rel := func(path string) string {
		if s, err := filepath.Rel(p.Root, path); err == nil {
			return filepath.ToSlash(s)
		}
		return path
	}
	add := func(sev, file string, line int, format string, args ...any) *Problem {
		r.Problems = append(r.Problems, Problem{Severity: sev, File: rel(file), Line: line, Message: fmt.Sprintf(format, args...)})
		return &r.Problems[len(r.Problems)-1]
	}
	if _, err := os.Stat(p.Path(JournalFile)); err == nil {
		add("error", p.Path(JournalFile), 0, "an interrupted change is pending; run any command that writes (e.g. 'grounded check --repair') to finish it")
	}
	cb, err := p.ReadCodebook()
	if err != nil {
		var es codebook.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				add("error", e.File, e.Line, "%v", e.Err)
			}
		} else {
			add("error", p.Path(CodebookFile), 0, "%v", err)
		}
		cb = nil
	}
	parts, err := p.ReadParticipants()
	if err != nil {
		add("error", p.Path(ParticipantsFile), 0, "%v", err)
	}
	_ = parts
	// Sources.
	srcs := map[string]*corpus.Source{}
	turns := map[string][]corpus.Turn{}
	entries, _ := os.ReadDir(p.Path(SourcesDir))
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		id := e.Name()
		if err := corpus.ValidateID(id); err != nil {
			add("error", p.Path(SourcesDir, id), 0, "directory name is not a valid source id: %v", err)
			continue
		}
		if _, err := os.Stat(p.Path(SourcesDir, id, SourceMetaFile)); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		s, err := p.ReadSource(id)
		if err != nil {
			add("error", p.Path(SourcesDir, id, SourceMetaFile), 0, "%v", err)
			continue
		}
		srcs[id] = s
		orig, err := p.ReadOriginal(s)
		var unsafe *UnsafePathError
		switch {
		case errors.As(err, &unsafe):
			add("error", p.Path(SourcesDir, id, s.Original), 0, "%v; replace it with the original file, or remove it", err)
		case err != nil:
			add("warning", p.Path(SourcesDir, id, s.Original), 0, "the original file is missing (%v); the transcript itself is intact", err)
		case SHA256(orig) != s.OriginalSHA256:
			add("warning", p.Path(SourcesDir, id, s.Original), 0, "the original file differs from the one ingested")
		}
		ts, err := p.ReadTurns(s)
		if err != nil {
			var le *coding.LineError
			if errors.As(err, &le) {
				add("error", le.File, le.Line, "%v", le.Err)
			} else {
				add("error", p.Path(SourcesDir, id, SourceTurnsFile), 0, "%v", err)
			}
			continue
		}
		turns[id] = ts
		r.Sources++
	}
	// Codings.
	present := map[string]codingPlace{} // checked against the history (checkhistory.go)
	files, _ := p.CodingFiles("")
	for _, file := range files {
		cs, err := p.readCodingFile(file)
		if err != nil {
			var le *coding.LineError
			if errors.As(err, &le) {
				pr := add("error", file, le.Line, "%s", lineErrorMessage(le))
				if repair {
					if err := rejectLine(file, le.Line); err == nil {
						pr.Fixed = true
						pr.Message += fmt.Sprintf("; moved to %s.rejected", rel(file))
						cs, _ = p.readCodingFile(file)
					}
				}
			} else {
				add("error", file, 0, "%v", err)
				continue
			}
		}
		source := strings.TrimSuffix(filepath.Base(file), ".jsonl")
		slug := filepath.Base(filepath.Dir(file))
		seen := map[string]bool{}
		for i, c := range cs {
			r.Codings++
			line := i + 1
			if seen[c.ID] {
				add("error", file, line, "coding id %s appears twice", c.ID)
			}
			present[c.ID] = codingPlace{file, line}
			seen[c.ID] = true
			if c.Source != source {
				add("error", file, line, "coding %s names source %q but is in the file of %q", c.ID, c.Source, source)
			}
			if p.coderSlug(c.Coder) != slug {
				add("warning", file, line, "coding %s is by %q but is in the folder of %q", c.ID, c.Coder, slug)
			}
			if cb != nil && cb.Code(c.Code) == nil {
				add("error", file, line, "coding %s uses code %q, which is not in the codebook; add it with 'grounded code describe %q --description ...'", c.ID, c.Code, c.Code)
			}
			ts, ok := turns[c.Source]
			if !ok {
				if srcs[c.Source] == nil {
					add("error", file, line, "coding %s refers to source %q, which does not exist", c.ID, c.Source)
				}
				continue
			}
			if c.Orphaned {
				add("warning", file, line, "coding %s (%q) is orphaned: its quote %q was not found when %s was replaced; recode it ('grounded code add') and remove it ('grounded uncode %s')", c.ID, c.Code, shortQuote(c.Quote), c.Source, c.ID)
				continue
			}
			sp, err := coding.Resolve(c.Ref(), ts)
			if err != nil {
				add("error", file, line, "coding %s: %v", c.ID, err)
				continue
			}
			if sp.Quote != c.Quote {
				add("error", file, line, "coding %s: the text at %s is %q, not the stored quote %q", c.ID, c.Ref(), shortQuote(sp.Quote), shortQuote(c.Quote))
			}
		}
	}
	// Memos.
	memoFiles, _ := filepath.Glob(p.Path(MemosDir, "*.md"))
	for _, file := range memoFiles {
		data, err := p.readStoreFile(MemosDir + "/" + filepath.Base(file))
		if err != nil {
			add("error", file, 0, "%v", err)
			continue
		}
		m, err := coding.DecodeMemo(file, data)
		if err != nil {
			add("error", file, 0, "%v", err)
			continue
		}
		r.Memos++
		if m.ID+".md" != filepath.Base(file) {
			add("warning", file, 0, "memo id %q does not match its file name", m.ID)
		}
		switch m.Target.Kind {
		case coding.TargetCode:
			if cb != nil && cb.Code(m.Target.Name) == nil {
				add("warning", file, 0, "memo %s is about code %q, which is not in the codebook", m.ID, m.Target.Name)
			}
		case coding.TargetCategory:
			if cb != nil && cb.Category(m.Target.Name) == nil && (cb.Core == nil || codebook.Key(cb.Core.Name) != codebook.Key(m.Target.Name)) {
				add("warning", file, 0, "memo %s is about category %q, which is not in the codebook", m.ID, m.Target.Name)
			}
		case coding.TargetSource:
			if srcs[m.Target.Name] == nil {
				add("warning", file, 0, "memo %s is about source %q, which does not exist", m.ID, m.Target.Name)
			}
		case coding.TargetRef:
			ref, err := corpus.ParseRef(m.Target.Name)
			if err != nil {
				add("warning", file, 0, "memo %s: %v", m.ID, err)
			} else if ts, ok := turns[ref.Source]; !ok {
				add("warning", file, 0, "memo %s is about %s, whose source does not exist", m.ID, ref)
			} else if _, err := coding.Resolve(ref, ts); err != nil {
				add("warning", file, 0, "memo %s: %v", m.ID, err)
			}
		}
	}
	// History.
	histFiles, _ := filepath.Glob(p.Path(HistoryDir, "*.jsonl"))
	var history []historyFile
	for _, file := range histFiles {
		fh, err := p.openStoreFile(file)
		if err != nil {
			add("error", file, 0, "%v", err)
			continue
		}
		es, err := coding.ReadJSONL[Entry](file, fh)
		fh.Close()
		history = append(history, historyFile{file, es})
		var le *coding.LineError
		if errors.As(err, &le) {
			pr := add("error", file, le.Line, "%s", lineErrorMessage(le))
			if repair && rejectLine(file, le.Line) == nil {
				pr.Fixed = true
				pr.Message += fmt.Sprintf("; moved to %s.rejected", rel(file))
			}
		} else if err != nil {
			add("error", file, 0, "%v", err)
		}
	}
	if err := p.checkHistoryAgreement(present, history, repair, add); err != nil {
		return nil, err
	}
	// Temporary files left by crashed commands.
	_ = filepath.WalkDir(p.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == CacheDir || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !d.IsDir() && fsx.IsTemp(d.Name()) {
			pr := add("warning", path, 0, "temporary file left by an interrupted command")
			if repair && os.Remove(path) == nil {
				pr.Fixed = true
				pr.Message += "; removed"
			}
		}
		return nil
	})
	return r, nil
}

func lineErrorMessage(le *coding.LineError) string {
	if le.Torn {
		return "the last line is incomplete (cut off by a crash or a full disk); the lines before it are intact: 'grounded check --repair' moves it aside"
	}
	return fmt.Sprintf("unreadable line (%v); fix it by hand, or 'grounded check --repair' moves it aside", le.Err)
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
