package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/ops"
)

// fake is an in-memory Backend: one source, a small codebook, and a record
// of the writes it was asked for.
type fake struct {
	mu      sync.Mutex
	rev     int
	source  SourceDetail
	codes   []string
	codings []Coding
	memos   []coding.Memo
	added   []AddCodingRequest
	writes  []string
}

func newFake() *fake {
	turns := []string{
		"Thanks for talking with me. How did you start?",
		"I kept showing up, every week, even when nobody called back. <img src=x onerror=alert(1)>",
		"What made the difference?",
		"Honestly? Being there at odd hours — café, naïve questions, 🙂 and all.",
	}
	sd := SourceDetail{ID: "P01", Participant: "P01", Attributes: map[string]string{"role": "Peer support worker"}}
	for i, t := range turns {
		sp := "Interviewer"
		if i%2 == 1 {
			sp = "Jordan Lee"
		}
		sd.Turns = append(sd.Turns, Turn{Ref: fmt.Sprintf("P01#%d", i+1), Turn: corpus.Turn{N: i + 1, Speaker: sp, Text: t}})
	}
	f := &fake{source: sd, codes: []string{"Showing up", "<script>alert(1)</script>", "Being there"}}
	f.codings = []Coding{{ID: "c1", Code: "Showing up", Ref: "P01#2:0-15", Source: "P01", Turn: 2, Start: 0, End: 15, Quote: "I kept showing ", Coder: "alice", Created: "2026-01-15T10:00:00Z"},
		{ID: "c2", Code: "<script>alert(1)</script>", Ref: "P01#2:2-6", Source: "P01", Turn: 2, Start: 2, End: 6, Quote: "kept", Coder: "bob", Created: "2026-01-15T10:00:00Z", Memo: "<b>memo</b>"}}
	return f
}

func (f *fake) revision() string { return fmt.Sprintf("rev%d", f.rev) }

func (f *fake) Revision(ctx context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.revision(), nil
}

func (f *fake) Project(ctx context.Context) (ProjectInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ProjectInfo{Name: "Fake <study>", Revision: f.revision(), Coder: "alice", Sources: 1, Codes: len(f.codes), Codings: len(f.codings)}, nil
}

func (f *fake) Sources(ctx context.Context) ([]Source, error) {
	return []Source{{ID: "P01", Participant: "P01", Format: "txt", Encoding: "utf-8", Turns: len(f.source.Turns), Speakers: []string{"Interviewer", "Jordan Lee"}, Attributes: f.source.Attributes}}, nil
}

func (f *fake) Progress(ctx context.Context) ([]SourceProgress, error) {
	return []SourceProgress{{Source: "P01", Turns: len(f.source.Turns), Coded: map[string]int{"alice": 1, "bob": 1}}}, nil
}

func (f *fake) Source(ctx context.Context, id string) (*SourceDetail, error) {
	if id != f.source.ID {
		return nil, notFoundf("no source %q", id)
	}
	sd := f.source
	return &sd, nil
}

func (f *fake) Codebook(ctx context.Context) (*CodebookView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := &CodebookView{Core: "Creating Connection", Stages: []string{"Building Trust"}, Categories: []Category{{Name: "Building Trust", Stage: "Building Trust", StageOrder: 1, Codes: []string{"Showing up"}}}}
	for _, c := range f.codes {
		cat := ""
		if c == "Showing up" {
			cat = "Building Trust"
		}
		v.Codes = append(v.Codes, CodeRow{Name: c, Category: cat})
		v.Definitions = append(v.Definitions, CodeDefinition{Name: c, Category: cat})
	}
	return v, nil
}

func (f *fake) Codings(ctx context.Context, flt CodingFilter) ([]Coding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []Coding{}
	for _, c := range f.codings {
		if flt.Code == "" || strings.EqualFold(flt.Code, c.Code) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fake) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	return &SearchResult{Query: q.Text, Total: 1, Hits: []SearchHit{{Ref: "P01#2", Source: "P01", Turn: 2, Speaker: "Jordan Lee", Participant: "P01", Text: f.source.Turns[1].Text, Highlights: []SearchSpan{{7, 14}}}}}, nil
}

func (f *fake) Memos(ctx context.Context) ([]coding.Memo, error) {
	return append([]coding.Memo{}, f.memos...), nil
}

func (f *fake) Hierarchy(ctx context.Context) (json.RawMessage, error) {
	return json.RawMessage(`{"version":1,"core":null,"unassigned":[]}`), nil
}

func (f *fake) Model(ctx context.Context) (*model.ProcessCheck, error) {
	return &model.ProcessCheck{Report: &model.Report{Core: "Creating Connection"}}, nil
}

func (f *fake) Episodes(ctx context.Context) ([]ops.EpisodeRow, error) {
	return []ops.EpisodeRow{}, nil
}

func (f *fake) Log(ctx context.Context, limit int) ([]LogEntry, error) { return []LogEntry{}, nil }

func (f *fake) write(ctx context.Context, op string) error {
	if want := IfMatch(ctx); want != "" && want != f.revision() {
		return &Error{Kind: KindConflict, Msg: "stale"}
	}
	f.writes = append(f.writes, op)
	f.rev++
	return nil
}

func (f *fake) Agreement(ctx context.Context, q AgreementQuery) (*coderagree.Report, error) {
	return nil, notFoundf("the fake has no agreement")
}

func (f *fake) Disagreements(ctx context.Context, q AgreementQuery) (*coderagree.DisagreementList, error) {
	return nil, notFoundf("the fake has no disagreements")
}

func (f *fake) Saturation(ctx context.Context, q SaturationQuery) (*report.SaturationReport, error) {
	return nil, notFoundf("the fake has no saturation")
}

func (f *fake) GuestSaturation(ctx context.Context, order string) (*ops.GuestSaturationResult, error) {
	return nil, notFoundf("the fake has no saturation")
}

func (f *fake) Cooccurrence(ctx context.Context, q CooccurrenceQuery) (*report.CooccurrenceTable, error) {
	return nil, notFoundf("the fake has no co-occurrence")
}

func (f *fake) AddCodings(ctx context.Context, r AddCodingsRequest) ([]Coding, error) {
	var out []Coding
	for _, ref := range r.Refs {
		c, err := f.AddCoding(ctx, AddCodingRequest{Code: r.Code, Ref: ref, Memo: r.Memo})
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (f *fake) AddCoding(ctx context.Context, r AddCodingRequest) (Coding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.TrimSpace(r.Code) == "" {
		return Coding{}, invalidf("code", "the code's name is empty")
	}
	ref, err := corpus.ParseRef(r.Ref)
	if err != nil {
		return Coding{}, invalidf("ref", "%v", err)
	}
	if ref.Source != f.source.ID || ref.Turn < 1 || ref.Turn > len(f.source.Turns) {
		return Coding{}, notFoundf("no turn %s", r.Ref)
	}
	text := []rune(f.source.Turns[ref.Turn-1].Text)
	if ref.End > len(text) {
		return Coding{}, invalidf("ref", "%s is outside the turn (%d code points)", r.Ref, utf8.RuneCountInString(string(text)))
	}
	if r.Quote != "" && string(text[ref.Start:ref.End]) != r.Quote {
		return Coding{}, invalidf("quote", "the quote is not the text at %s", r.Ref)
	}
	if err := f.write(ctx, "add"); err != nil {
		return Coding{}, err
	}
	f.added = append(f.added, r)
	c := Coding{ID: fmt.Sprintf("n%d", len(f.added)), Code: r.Code, Ref: r.Ref, Source: ref.Source, Turn: ref.Turn, Start: ref.Start, End: ref.End, Quote: string(text[ref.Start:ref.End]), Coder: "alice", Created: "2026-01-15T10:00:00Z", Memo: r.Memo}
	f.codings = append(f.codings, c)
	known := false
	for _, n := range f.codes {
		known = known || strings.EqualFold(n, r.Code)
	}
	if !known {
		f.codes = append(f.codes, r.Code)
	}
	return c, nil
}

func (f *fake) DeleteCoding(ctx context.Context, id string) (Coding, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, c := range f.codings {
		if c.ID == id {
			if err := f.write(ctx, "delete"); err != nil {
				return Coding{}, err
			}
			f.codings = append(f.codings[:i], f.codings[i+1:]...)
			return c, nil
		}
	}
	return Coding{}, notFoundf("no coding with id %q", id)
}

func (f *fake) simple(ctx context.Context, op string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.write(ctx, op)
}

func (f *fake) RenameCode(ctx context.Context, r RenameRequest) (RenameResult, error) {
	if r.Old == "Ambiguous" {
		return RenameResult{}, &Error{Kind: KindConflict, Msg: "which one?", Candidates: []string{"Ambiguous A", "Ambiguous B"}}
	}
	return RenameResult{Name: r.New}, f.simple(ctx, "rename")
}

func (f *fake) MergeCodes(ctx context.Context, r MergeRequest) (MergeResult, error) {
	return MergeResult{Into: r.Into}, f.simple(ctx, "merge")
}

func (f *fake) DescribeCode(ctx context.Context, r DescribeRequest) (CodeDefinition, error) {
	return CodeDefinition{Name: r.Name}, f.simple(ctx, "describe")
}

func (f *fake) AddCategory(ctx context.Context, r CategoryRequest) (Category, error) {
	return Category{Name: r.Name, Codes: []string{}}, f.simple(ctx, "category")
}

func (f *fake) AssignCategory(ctx context.Context, r AssignRequest) (AssignResult, error) {
	return AssignResult{To: r.To, Codes: r.Codes}, f.simple(ctx, "assign")
}

func (f *fake) SaveMemo(ctx context.Context, r MemoRequest) (coding.Memo, error) {
	return coding.Memo{ID: "m1", Body: r.Body}, f.simple(ctx, "memo")
}

func (f *fake) Undo(ctx context.Context) (LogEntry, error) {
	return LogEntry{Command: "code add"}, f.simple(ctx, "undo")
}
