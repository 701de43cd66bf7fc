package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/grounded-qda/grounded/codebook"
	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/analysis/model"
	"github.com/grounded-qda/grounded/internal/export"
	"github.com/grounded-qda/grounded/internal/index"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

// ProjectBackend is the Backend over a project directory. Reads take the
// project's read lock, writes its write lock, one call at a time, exactly
// as a command does, so the workbench and the command line can work on the
// same project at once.
type ProjectBackend struct {
	p     *project.Project
	coder string
	// Logf, when set, receives notices the page does not show (an index
	// that was rebuilt).
	Logf func(format string, args ...any)
}

// NewProjectBackend returns the backend of p; coder makes the changes
// and, while blind coding is on, is the viewer whose codings alone every
// read for display shows (the store filters: VisibleCodings and
// snapshots; agreement reads every coder's). With no coder (read-only)
// the viewer the project already has stays.
func NewProjectBackend(p *project.Project, coder string) *ProjectBackend {
	if coder != "" {
		p.SetViewer(coder)
	}
	return &ProjectBackend{p: p, coder: coder}
}

var _ Backend = (*ProjectBackend)(nil)

// read runs fn under the project's read lock.
func (b *ProjectBackend) read(fn func(p *project.Project) error) error {
	lock, err := b.p.RLock()
	if err != nil {
		return err
	}
	defer lock.Unlock()
	return fn(b.p)
}

// Revision implements Backend.
func (b *ProjectBackend) Revision(ctx context.Context) (string, error) {
	return Fingerprint(b.p.Root)
}

// Project implements Backend.
func (b *ProjectBackend) Project(ctx context.Context) (ProjectInfo, error) {
	info := ProjectInfo{Name: b.p.Config.Name, Coder: b.coder}
	err := b.read(func(p *project.Project) error {
		rev, err := Fingerprint(p.Root)
		if err != nil {
			return err
		}
		info.Revision = rev
		srcs, err := p.ListSources()
		if err != nil {
			return err
		}
		cb, err := p.ReadCodebook()
		if err != nil {
			return err
		}
		cs, err := p.VisibleCodings("")
		if err != nil {
			return err
		}
		info.Sources, info.Codes, info.Codings = len(srcs), len(cb.Codes), len(cs)
		info.Blind, _ = p.Blinded()
		return nil
	})
	return info, err
}

// Sources implements Backend.
func (b *ProjectBackend) Sources(ctx context.Context) ([]Source, error) {
	out := []Source{}
	err := b.read(func(p *project.Project) error {
		srcs, err := p.ListSources()
		if err != nil {
			return err
		}
		parts, err := p.ReadParticipants()
		if err != nil {
			return err
		}
		for _, s := range srcs {
			out = append(out, Source{
				ID: s.ID, Participant: s.Participant, Format: s.Format, Encoding: s.Encoding,
				Turns: s.Turns, Chars: s.Chars, Speakers: s.Speakers, Attributes: attributesOf(parts, s.Participant),
				Ingested: s.Ingested.UTC().Format("2006-01-02T15:04:05Z"),
			})
		}
		return nil
	})
	return out, err
}

func attributesOf(parts *project.Participants, id string) map[string]string {
	if pt := parts.Get(id); pt != nil && pt.Attributes != nil {
		return pt.Attributes
	}
	return map[string]string{}
}

// Progress implements Backend.
func (b *ProjectBackend) Progress(ctx context.Context) ([]SourceProgress, error) {
	out := []SourceProgress{}
	err := b.read(func(p *project.Project) error {
		srcs, err := p.ListSources()
		if err != nil {
			return err
		}
		cs, err := p.VisibleCodings("")
		if err != nil {
			return err
		}
		turns := map[string]map[string]map[int]bool{} // source → coder → turns
		for _, c := range cs {
			if c.Turn == 0 || c.Orphaned {
				continue
			}
			byCoder := turns[c.Source]
			if byCoder == nil {
				byCoder = map[string]map[int]bool{}
				turns[c.Source] = byCoder
			}
			if byCoder[c.Coder] == nil {
				byCoder[c.Coder] = map[int]bool{}
			}
			byCoder[c.Coder][c.Turn] = true
		}
		for _, s := range srcs {
			sp := SourceProgress{Source: s.ID, Turns: s.Turns, Coded: map[string]int{}}
			for coder, ts := range turns[s.ID] {
				sp.Coded[coder] = len(ts)
			}
			out = append(out, sp)
		}
		return nil
	})
	return out, err
}

// Source implements Backend.
func (b *ProjectBackend) Source(ctx context.Context, id string) (*SourceDetail, error) {
	var out *SourceDetail
	err := b.read(func(p *project.Project) error {
		if err := corpus.ValidateID(id); err != nil {
			return invalidf("id", "source %v", err)
		}
		s, err := p.ReadSource(id)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return notFoundf("no source %q", id)
			}
			return err
		}
		turns, err := p.ReadTurns(s)
		if err != nil {
			return err
		}
		parts, err := p.ReadParticipants()
		if err != nil {
			return err
		}
		roles, err := p.ReadSpeakerRoles()
		if err != nil {
			return err
		}
		out = &SourceDetail{ID: s.ID, Participant: s.Participant, Attributes: attributesOf(parts, s.Participant), Turns: []Turn{}}
		for _, t := range turns {
			out.Turns = append(out.Turns, Turn{Ref: corpus.Ref{Source: s.ID, Turn: t.N}.String(), Turn: t, Role: roles.Role(s.ID, t.Speaker)})
		}
		return nil
	})
	return out, err
}

// Codebook implements Backend.
func (b *ProjectBackend) Codebook(ctx context.Context) (*CodebookView, error) {
	var out *CodebookView
	err := b.read(func(p *project.Project) error {
		cb, err := p.ReadCodebook()
		if err != nil {
			return err
		}
		cs, err := p.VisibleCodings("")
		if err != nil {
			return err
		}
		srcs, err := p.ListSources()
		if err != nil {
			return err
		}
		out = buildCodebookView(cb, cs, srcs)
		return nil
	})
	return out, err
}

func buildCodebookView(cb *codebook.Codebook, cs []coding.Coding, srcs []*corpus.Source) *CodebookView {
	v := &CodebookView{Stages: []string{}, Categories: []Category{}, Codes: []CodeRow{}, Definitions: []CodeDefinition{}}
	if cb.Core != nil {
		v.Core, v.Stages = cb.Core.Name, append(v.Stages, cb.Core.Stages...)
	}
	part := map[string]string{}
	for _, s := range srcs {
		part[s.ID] = s.Participant
	}
	per := map[string]*CodeRow{}
	seen := map[string]map[string]bool{}
	for _, c := range cs {
		k := codebook.Key(c.Code)
		r := per[k]
		if r == nil {
			r = &CodeRow{}
			per[k] = r
		}
		r.Codings++
		for _, u := range []string{"s:" + c.Source, "p:" + part[c.Source]} {
			if seen[k] == nil {
				seen[k] = map[string]bool{}
			}
			if u == "p:" || seen[k][u] {
				continue
			}
			seen[k][u] = true
			if u[0] == 's' {
				r.Sources++
			} else {
				r.Participants++
			}
		}
	}
	for _, c := range cb.Codes {
		r := CodeRow{Name: c.Name, Category: c.Category, Stage: cb.StageOf(c.Category)}
		if st := per[codebook.Key(c.Name)]; st != nil {
			r.Codings, r.Sources, r.Participants = st.Codings, st.Sources, st.Participants
		}
		v.Codes = append(v.Codes, r)
		v.Definitions = append(v.Definitions, CodeDefinition{Name: c.Name, Description: c.Description, WhenToUse: c.WhenToUse,
			WhenNotToUse: c.WhenNotToUse, Example: c.Example, Color: c.Color, Category: c.Category, Stage: cb.StageOf(c.Category)})
	}
	for _, c := range cb.Categories {
		r := Category{Name: c.Name, Parent: c.Parent, Stage: cb.StageOf(c.Name), Description: c.Description, Provisional: c.Provisional, Codes: []string{}}
		if i := cb.StageIndex(c.Name); i >= 0 {
			r.StageOrder = i + 1
		}
		for _, code := range cb.CodesIn(c.Name) {
			r.Codes = append(r.Codes, code.Name)
		}
		// Codings of the whole subtree, as the hierarchy and 'category
		// list' count them (a stage counts its categories).
		for _, code := range cb.Codes {
			if st := per[codebook.Key(code.Name)]; st != nil && code.Category != "" &&
				(codebook.Key(code.Category) == codebook.Key(c.Name) || slices.ContainsFunc(cb.Ancestors(code.Category), func(a string) bool { return codebook.Key(a) == codebook.Key(c.Name) })) {
				r.Codings += st.Codings
			}
		}
		v.Categories = append(v.Categories, r)
	}
	return v
}

// Codings implements Backend.
func (b *ProjectBackend) Codings(ctx context.Context, f CodingFilter) ([]Coding, error) {
	out := []Coding{}
	err := b.read(func(p *project.Project) error {
		if f.Source != "" {
			if err := corpus.ValidateID(f.Source); err != nil {
				return invalidf("source", "source %v", err)
			}
		}
		cs, err := p.VisibleCodings(f.Source)
		if err != nil {
			return err
		}
		var partSrc map[string]bool
		if f.Participant != "" {
			srcs, err := p.ListSources()
			if err != nil {
				return err
			}
			partSrc = map[string]bool{}
			for _, s := range srcs {
				if s.Participant == f.Participant {
					partSrc[s.ID] = true
				}
			}
		}
		for _, c := range cs {
			if f.Code != "" && codebook.Key(c.Code) != codebook.Key(f.Code) ||
				partSrc != nil && !partSrc[c.Source] ||
				f.Coder != "" && !strings.EqualFold(c.Coder, f.Coder) {
				continue
			}
			out = append(out, ToCoding(c))
		}
		return nil
	})
	return out, err
}

// Search implements Backend. The index is opened for each search and
// closed at once, so the command line's searches are not kept waiting.
func (b *ProjectBackend) Search(ctx context.Context, sq SearchQuery) (*SearchResult, error) {
	out := &SearchResult{Query: sq.Text, Hits: []SearchHit{}}
	err := b.read(func(p *project.Project) error {
		q := index.Query{Text: sq.Text, Speakers: sq.Speakers, Participants: sq.Participants, Limit: sq.Limit}
		if len(sq.Codes) > 0 {
			cb, err := p.ReadCodebook()
			if err != nil {
				return err
			}
			for _, c := range sq.Codes {
				code := cb.Code(c)
				if code == nil {
					return &Error{Kind: KindInvalid, Field: "code", Msg: "no code " + strconv.Quote(c)}
				}
				q.Codes = append(q.Codes, code.Name)
			}
		}
		if len(sq.Attrs) > 0 {
			ids, err := participantsWithAttrs(p, sq.Attrs)
			if err != nil {
				return err
			}
			if len(sq.Participants) > 0 {
				ids = slices.DeleteFunc(ids, func(id string) bool { return !slices.Contains(sq.Participants, id) })
			}
			if len(ids) == 0 {
				return nil // no participant has those attributes
			}
			q.Participants = ids
		}
		ix, err := index.Open(p.IndexDir(), index.Options{Timeout: project.LockTimeout()})
		if err != nil {
			return err
		}
		defer ix.Close()
		if _, err := ix.Sync(p); err != nil {
			return err
		}
		// A damaged or out-of-date index is rebuilt, as for the CLI; the
		// page shows the results, the notice goes to the server's log.
		res, notice, err := ix.SearchHealing(p, func() (*index.Result, error) { return ix.Search(q) })
		if notice != "" && b.Logf != nil {
			b.Logf("grounded: %s", notice)
		}
		var qerr *index.QueryError
		if errors.As(err, &qerr) {
			return &Error{Kind: KindInvalid, Field: "q", Msg: err.Error(), Err: err}
		}
		if err != nil {
			return err
		}
		out.Total = res.Total
		for _, h := range res.Hits {
			hs := []SearchSpan{}
			for _, s := range h.Highlights {
				hs = append(hs, SearchSpan{s.Start, s.End})
			}
			out.Hits = append(out.Hits, SearchHit{h.Ref, h.Source, h.Turn, h.Speaker, h.Participant, h.Score, h.Text, hs})
		}
		return nil
	})
	return out, err
}

// participantsWithAttrs resolves attribute filters (ops.ParticipantsWithAttrs),
// reading the participants through the index's cache of participants.yaml
// (index.Participants), keyed by its content, as the command line does.
func participantsWithAttrs(p *project.Project, attrs []string) ([]string, error) {
	ps, err := index.Participants(p)
	if err != nil {
		return nil, err
	}
	return ops.ParticipantsWithAttrsIn(ps, attrs)
}

// Memos implements Backend.
func (b *ProjectBackend) Memos(ctx context.Context) ([]coding.Memo, error) {
	var out []coding.Memo
	err := b.read(func(p *project.Project) error {
		var err error
		out, err = p.ListMemos()
		return err
	})
	if out == nil {
		out = []coding.Memo{}
	}
	return out, err
}

// Hierarchy implements Backend.
func (b *ProjectBackend) Hierarchy(ctx context.Context) (json.RawMessage, error) {
	var buf bytes.Buffer
	err := b.read(func(p *project.Project) error {
		// The exemplars as 'export hierarchy' chooses them (SelectExemplars).
		s, err := p.ReadSnapshot(project.WithMemos | project.WithTurns | project.WithParticipants)
		if err != nil {
			return err
		}
		ei, err := export.ExemplarInputOf(p, s, s.Codings)
		if err != nil {
			return err
		}
		quotes, _, err := export.SelectExemplars(ei, export.ExemplarOptions{PerCode: export.DefaultExemplars})
		if err != nil {
			return err
		}
		in := export.Input{Codebook: s.Codebook, Codings: s.Codings, Sources: s.Sources, Memos: s.Memos}
		return export.Render(&buf, export.Build(in, export.Options{Exemplars: export.DefaultExemplars, Quotes: quotes}), "json")
	})
	return json.RawMessage(bytes.TrimSpace(buf.Bytes())), err
}

// Model implements Backend: 'model check --json' through the operation
// the command line calls (ops.ProcessCheck), with its defaults.
func (b *ProjectBackend) Model(ctx context.Context) (*model.ProcessCheck, error) {
	var r *model.ProcessCheck
	err := b.read(func(p *project.Project) error {
		var err error
		r, err = ops.ProcessCheck(ctx, p, ops.DefaultProcessCheckRequest())
		if errors.Is(err, model.ErrNoCore) {
			return &Error{Kind: KindNotFound, Msg: "the model check needs the core category and its ordered stages; the codebook has none yet", Err: err}
		}
		return err
	})
	return r, err
}

// Episodes implements Backend: 'episode list --json', with the codings
// the viewer may see counted.
func (b *ProjectBackend) Episodes(ctx context.Context) ([]ops.EpisodeRow, error) {
	var rows []ops.EpisodeRow
	err := b.read(func(p *project.Project) error {
		s, err := p.ReadSnapshot(project.WithEpisodes)
		if err != nil {
			return err
		}
		rows = ops.EpisodeRows(s.Episodes, s.Codings)
		return nil
	})
	return rows, err
}

// Log implements Backend: every coder's changes, newest first.
func (b *ProjectBackend) Log(ctx context.Context, limit int) ([]LogEntry, error) {
	if limit <= 0 {
		limit = 50
	}
	out := []LogEntry{}
	err := b.read(func(p *project.Project) error {
		hist, err := p.ReadHistory("")
		if err != nil {
			return err
		}
		for i := len(hist) - 1; i >= 0 && len(out) < limit; i-- {
			out = append(out, logEntry(hist[i]))
		}
		return nil
	})
	return out, err
}

func logEntry(h project.Entry) LogEntry {
	return LogEntry{h.ID, h.Time.UTC().Format("2006-01-02T15:04:05Z"), h.Coder, h.Command, h.Summary, h.Undoes}
}
