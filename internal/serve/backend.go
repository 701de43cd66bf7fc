package serve

import (
	"context"
	"encoding/json"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/coderagree"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/ops"
)

// Backend is what the workbench reads and writes: exactly the operations
// its JSON API needs. The server maps each endpoint to one method and the
// method's typed errors (*Error) to HTTP statuses; any other error is a 500.
//
// Writes take the revision the page last saw from the context (see
// WithIfMatch); a backend refuses a write with KindConflict when the project
// has changed since, checking under its write lock.
type Backend interface {
	// Reads.
	Project(ctx context.Context) (ProjectInfo, error)
	Revision(ctx context.Context) (string, error)
	Sources(ctx context.Context) ([]Source, error)
	Progress(ctx context.Context) ([]SourceProgress, error)
	Source(ctx context.Context, id string) (*SourceDetail, error)
	Codebook(ctx context.Context) (*CodebookView, error)
	Codings(ctx context.Context, f CodingFilter) ([]Coding, error)
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
	Memos(ctx context.Context) ([]coding.Memo, error)
	// Hierarchy is 'export hierarchy --format json', passed through as is.
	Hierarchy(ctx context.Context) (json.RawMessage, error)
	// Model is 'model check --json': coverage, the narrated order within
	// episodes, the conditions, the verdict and the negative cases
	// (ops.ProcessCheck, as the command line).
	Model(ctx context.Context) (*model.ProcessCheck, error)
	Log(ctx context.Context, limit int) ([]LogEntry, error)
	// Episodes is 'episode list --json'.
	Episodes(ctx context.Context) ([]ops.EpisodeRow, error)
	// Agreement is 'agreement --json'; Disagreements is 'agreement
	// disagreements --json'.
	Agreement(ctx context.Context, q AgreementQuery) (*coderagree.Report, error)
	Disagreements(ctx context.Context, q AgreementQuery) (*coderagree.DisagreementList, error)
	// Saturation is 'report saturation --json'; Cooccurrence is 'report
	// cooccurrence --json'.
	Saturation(ctx context.Context, q SaturationQuery) (*report.SaturationReport, error)
	// GuestSaturation is 'report saturation --json' in analysis (the
	// default) or interview order: Guest, Namey & Chen (2020).
	GuestSaturation(ctx context.Context, order string) (*ops.GuestSaturationResult, error)
	Cooccurrence(ctx context.Context, q CooccurrenceQuery) (*report.CooccurrenceTable, error)

	// Writes, each one change by the coder running the server.
	AddCoding(ctx context.Context, r AddCodingRequest) (Coding, error)
	// AddCodings applies one code to several passages in one change.
	AddCodings(ctx context.Context, r AddCodingsRequest) ([]Coding, error)
	DeleteCoding(ctx context.Context, id string) (Coding, error)
	RenameCode(ctx context.Context, r RenameRequest) (RenameResult, error)
	MergeCodes(ctx context.Context, r MergeRequest) (MergeResult, error)
	DescribeCode(ctx context.Context, r DescribeRequest) (CodeDefinition, error)
	AddCategory(ctx context.Context, r CategoryRequest) (Category, error)
	AssignCategory(ctx context.Context, r AssignRequest) (AssignResult, error)
	SaveMemo(ctx context.Context, r MemoRequest) (coding.Memo, error)
	Undo(ctx context.Context) (LogEntry, error)
}

// ProjectInfo is GET /api/project.
type ProjectInfo struct {
	Name     string `json:"name"`
	Revision string `json:"revision"`
	Coder    string `json:"coder"`
	Sources  int    `json:"sources"`
	Codes    int    `json:"codes"`
	Codings  int    `json:"codings"`
	ReadOnly bool   `json:"read_only,omitempty"`
	Blind    bool   `json:"blind,omitempty"` // blind coding: only Coder's codings are shown
}

// Source is one element of 'sources list --json'.
type Source struct {
	ID          string            `json:"id"`
	Participant string            `json:"participant"`
	Format      string            `json:"format"`
	Encoding    string            `json:"encoding"`
	Turns       int               `json:"turns"`
	Chars       int               `json:"chars"`
	Speakers    []string          `json:"speakers"`
	Attributes  map[string]string `json:"attributes"`
	Ingested    string            `json:"ingested"`
}

// SourceProgress is a source's coding progress: how many of its turns each
// coder has coded at least once (GET /api/progress; no CLI equivalent).
type SourceProgress struct {
	Source string         `json:"source"`
	Turns  int            `json:"turns"`
	Coded  map[string]int `json:"coded"`
}

// SourceDetail is 'show ID --json'.
type SourceDetail struct {
	ID          string            `json:"id"`
	Participant string            `json:"participant"`
	Attributes  map[string]string `json:"attributes"`
	Turns       []Turn            `json:"turns"`
}

// Turn is a turn of 'show ID --json': its reference and the turn.
type Turn struct {
	Ref string `json:"ref"`
	corpus.Turn
	// Role is the speaker's role (speakers.yaml), "" when none is known.
	Role corpus.Role `json:"role"`
}

// Coding is one element of 'codings list --json'. Start and End are code
// points in the turn's text; Quote is exactly that slice.
type Coding struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Ref      string `json:"ref"`
	Source   string `json:"source"`
	Turn     int    `json:"turn"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Quote    string `json:"quote"`
	Coder    string `json:"coder"`
	Created  string `json:"created"`
	Memo     string `json:"memo,omitempty"`
	Orphaned bool   `json:"orphaned,omitempty"`
}

// ToCoding converts a stored coding to its JSON shape.
func ToCoding(c coding.Coding) Coding {
	return Coding{ID: c.ID, Code: c.Code, Ref: c.Ref().String(), Source: c.Source, Turn: c.Turn, Start: c.Start, End: c.End,
		Quote: c.Quote, Coder: c.Coder, Created: c.Created.UTC().Format("2006-01-02T15:04:05Z"), Memo: c.Memo, Orphaned: c.Orphaned}
}

// CodingFilter selects codings (GET /api/codings?source=&code=&coder=&participant=).
type CodingFilter struct {
	Source, Code, Coder, Participant string
}

// CodebookView is GET /api/codebook: the core and its ordered stages, the
// categories as in 'category list --json', the codes as in 'code list
// --json', and each code's definition as in 'code show --json' (without
// its codings and memos).
type CodebookView struct {
	Core        string           `json:"core"`
	Stages      []string         `json:"stages"`
	Categories  []Category       `json:"categories"`
	Codes       []CodeRow        `json:"codes"`
	Definitions []CodeDefinition `json:"definitions"`
}

// Category is one element of 'category list --json'.
type Category struct {
	Name        string   `json:"name"`
	Parent      string   `json:"parent"`
	Stage       string   `json:"stage"`
	StageOrder  int      `json:"stage_order,omitempty"`
	Description string   `json:"description"`
	Provisional bool     `json:"provisional"`
	Codes       []string `json:"codes"`
	Codings     int      `json:"codings"`
}

// CodeRow is one element of 'code list --json'.
type CodeRow struct {
	Name         string `json:"name"`
	Category     string `json:"category"`
	Stage        string `json:"stage"`
	Codings      int    `json:"codings"`
	Sources      int    `json:"sources"`
	Participants int    `json:"participants"`
}

// CodeDefinition is the definition part of 'code show --json'.
type CodeDefinition struct {
	Name         string `json:"name"`
	Description  string `json:"description"`
	WhenToUse    string `json:"when_to_use"`
	WhenNotToUse string `json:"when_not_to_use"`
	Example      string `json:"example"`
	Color        string `json:"color"`
	Category     string `json:"category"`
	Stage        string `json:"stage"`
}

// SearchQuery is GET /api/search?q=&speaker=&participant=&attr=&code=&limit=.
type SearchQuery struct {
	Text         string
	Speakers     []string
	Participants []string
	Attrs        []string // KEY=VALUE
	Codes        []string
	Limit        int
}

// SearchResult is 'search --json'.
type SearchResult struct {
	Query string      `json:"query"`
	Total uint64      `json:"total"`
	Hits  []SearchHit `json:"hits"`
}

// SearchHit is one hit of 'search --json'; highlights are code points.
type SearchHit struct {
	Ref         string       `json:"ref"`
	Source      string       `json:"source"`
	Turn        int          `json:"turn"`
	Speaker     string       `json:"speaker"`
	Participant string       `json:"participant"`
	Score       float64      `json:"score"`
	Text        string       `json:"text"`
	Highlights  []SearchSpan `json:"highlights"`
}

// SearchSpan is a highlight of a hit, [Start, End) in code points.
type SearchSpan struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// LogEntry is one element of 'log --json'.
type LogEntry struct {
	ID      string `json:"id"`
	Time    string `json:"time"`
	Coder   string `json:"coder"`
	Command string `json:"command"`
	Summary string `json:"summary"`
	Undoes  string `json:"undoes,omitempty"`
}

// AddCodingRequest is POST /api/codings. Ref is SRC#N or SRC#N:S-E (code
// points); Quote, when given, must equal the text at Ref.
type AddCodingRequest struct {
	Code  string `json:"code"`
	Ref   string `json:"ref"`
	Quote string `json:"quote,omitempty"`
	Memo  string `json:"memo,omitempty"`
}

// AddCodingsRequest is POST /api/codings/batch: one code applied to every
// reference in Refs (each as in AddCodingRequest.Ref, without a quote) in
// one change, as 'code add CODE REF... --json' does; a search's selected
// hits are coded this way.
type AddCodingsRequest struct {
	Code string   `json:"code"`
	Refs []string `json:"refs"`
	Memo string   `json:"memo,omitempty"`
}

// RenameRequest is POST /api/codes/rename.
type RenameRequest struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// RenameResult says what a rename did.
type RenameResult struct {
	Name    string `json:"name"`
	Codings int    `json:"codings"`
}

// MergeRequest is POST /api/codes/merge.
type MergeRequest struct {
	Codes []string `json:"codes"`
	Into  string   `json:"into"`
}

// MergeResult says what a merge did.
type MergeResult struct {
	Into      string `json:"into"`
	Moved     int    `json:"moved"`
	Collapsed int    `json:"collapsed"`
}

// DescribeRequest is POST /api/codes/describe: the fields given (non-nil)
// are set, the others left as they are.
type DescribeRequest struct {
	Name         string  `json:"name"`
	Description  *string `json:"description,omitempty"`
	WhenToUse    *string `json:"when_to_use,omitempty"`
	WhenNotToUse *string `json:"when_not_to_use,omitempty"`
	Example      *string `json:"example,omitempty"`
	Color        *string `json:"color,omitempty"`
}

// CategoryRequest is POST /api/categories.
type CategoryRequest struct {
	Name        string `json:"name"`
	Parent      string `json:"parent,omitempty"`
	Description string `json:"description,omitempty"`
}

// AssignRequest is POST /api/categories/assign; To "" takes the codes out
// of any category.
type AssignRequest struct {
	Codes []string `json:"codes"`
	To    string   `json:"to"`
}

// AssignResult says what an assignment did.
type AssignResult struct {
	To    string   `json:"to"`
	Codes []string `json:"codes"`
}

// MemoRequest is POST /api/memos: without ID a new memo on Target, with ID
// a new body for that memo.
type MemoRequest struct {
	ID     string         `json:"id,omitempty"`
	Target *coding.Target `json:"target,omitempty"`
	Body   string         `json:"body"`
}

type ifMatchKey struct{}

// WithIfMatch returns ctx carrying the revision a write expects the
// project to be at.
func WithIfMatch(ctx context.Context, revision string) context.Context {
	return context.WithValue(ctx, ifMatchKey{}, revision)
}

// IfMatch returns the revision a write expects, or "" for none.
func IfMatch(ctx context.Context) string {
	s, _ := ctx.Value(ifMatchKey{}).(string)
	return s
}
