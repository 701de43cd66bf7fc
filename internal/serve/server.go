package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Options configure a Server.
type Options struct {
	Backend Backend
	// Token is the secret every request must carry (see NewToken).
	Token string
	// Addr is the address the server is bound to (host:port); Host
	// headers are checked against it.
	Addr string
	// ReadOnly refuses every write with 403.
	ReadOnly bool
	// Poll is how often the events stream looks at the project's
	// revision; 0 means one second.
	Poll time.Duration
	// Logf, when set, receives internal errors.
	Logf func(format string, args ...any)
}

// Server is the workbench's HTTP handler.
type Server struct {
	b        Backend
	token    string
	addr     string
	hosts    map[string]bool
	readOnly bool
	poll     time.Duration
	logf     func(string, ...any)
	mux      *http.ServeMux
}

// New returns the workbench handler for o.
func New(o Options) (*Server, error) {
	if o.Backend == nil || o.Token == "" || o.Addr == "" {
		return nil, errors.New("serve: a backend, a token and an address are needed")
	}
	s := &Server{b: o.Backend, token: o.Token, addr: o.Addr, hosts: allowedHosts(o.Addr), readOnly: o.ReadOnly, poll: o.Poll, logf: o.Logf}
	if s.poll <= 0 {
		s.poll = time.Second
	}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	s.routes()
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.guard(s.mux).ServeHTTP(w, r)
}

// pageRoutes are the page's own addresses; each serves index.html and the
// page's router shows the view.
var pageRoutes = []string{"/{$}", "/sources", "/sources/{id}", "/codes/{name...}", "/codebook", "/search", "/memos", "/analysis", "/agreement", "/log"}

func (s *Server) routes() {
	m := http.NewServeMux()
	read := func(pattern string, fn func(*http.Request) (any, error)) {
		m.HandleFunc("GET "+pattern, func(w http.ResponseWriter, r *http.Request) {
			v, err := fn(r)
			s.respond(w, v, err)
		})
	}
	read("/api/project", func(r *http.Request) (any, error) {
		p, err := s.b.Project(r.Context())
		p.ReadOnly = s.readOnly
		return p, err
	})
	read("/api/sources", func(r *http.Request) (any, error) { return s.b.Sources(r.Context()) })
	read("/api/progress", func(r *http.Request) (any, error) { return s.b.Progress(r.Context()) })
	read("/api/sources/{id}", func(r *http.Request) (any, error) { return s.b.Source(r.Context(), r.PathValue("id")) })
	read("/api/codebook", func(r *http.Request) (any, error) { return s.b.Codebook(r.Context()) })
	read("/api/codings", func(r *http.Request) (any, error) {
		q := r.URL.Query()
		return s.b.Codings(r.Context(), CodingFilter{Source: q.Get("source"), Code: q.Get("code"), Coder: q.Get("coder"), Participant: q.Get("participant")})
	})
	read("/api/search", s.search)
	read("/api/memos", func(r *http.Request) (any, error) { return s.b.Memos(r.Context()) })
	read("/api/hierarchy", func(r *http.Request) (any, error) { return s.b.Hierarchy(r.Context()) })
	read("/api/model", func(r *http.Request) (any, error) { return s.b.Model(r.Context()) })
	read("/api/log", func(r *http.Request) (any, error) {
		n, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		return s.b.Log(r.Context(), n)
	})
	agreeQuery := func(r *http.Request) AgreementQuery {
		q := r.URL.Query()
		var coders []string
		for _, c := range strings.Split(q.Get("coders"), ",") {
			if c = strings.TrimSpace(c); c != "" {
				coders = append(coders, c)
			}
		}
		return AgreementQuery{Coders: coders, Level: q.Get("level"), Unit: q.Get("unit"), Code: q.Get("code")}
	}
	read("/api/agreement", func(r *http.Request) (any, error) { return s.b.Agreement(r.Context(), agreeQuery(r)) })
	read("/api/agreement/disagreements", func(r *http.Request) (any, error) { return s.b.Disagreements(r.Context(), agreeQuery(r)) })
	read("/api/saturation", func(r *http.Request) (any, error) {
		q := SaturationQuery{Order: r.URL.Query().Get("order")}
		if k := r.URL.Query().Get("k"); k != "" {
			n, err := strconv.Atoi(k)
			if err != nil {
				return nil, invalidf("k", "k %q is not a whole number", k)
			}
			q.K = n
		}
		return s.b.Saturation(r.Context(), q)
	})
	read("/api/episodes", func(r *http.Request) (any, error) { return s.b.Episodes(r.Context()) })
	read("/api/saturation/guest", func(r *http.Request) (any, error) {
		return s.b.GuestSaturation(r.Context(), r.URL.Query().Get("order"))
	})
	read("/api/cooccurrence", func(r *http.Request) (any, error) {
		return s.b.Cooccurrence(r.Context(), CooccurrenceQuery{Level: r.URL.Query().Get("level"), Scope: r.URL.Query().Get("scope")})
	})
	m.HandleFunc("GET /api/events", s.events)

	m.HandleFunc("POST /api/codings", s.created(writeOp(s, func(ctx context.Context, req AddCodingRequest) (any, error) { return s.b.AddCoding(ctx, req) })))
	m.HandleFunc("POST /api/codings/batch", s.created(writeOp(s, func(ctx context.Context, req AddCodingsRequest) (any, error) { return s.b.AddCodings(ctx, req) })))
	m.HandleFunc("DELETE /api/codings/{id}", s.write(func(r *http.Request) (any, error) { return s.b.DeleteCoding(r.Context(), r.PathValue("id")) }))
	m.HandleFunc("POST /api/codes/rename", s.write(writeOp(s, func(ctx context.Context, req RenameRequest) (any, error) { return s.b.RenameCode(ctx, req) })))
	m.HandleFunc("POST /api/codes/merge", s.write(writeOp(s, func(ctx context.Context, req MergeRequest) (any, error) { return s.b.MergeCodes(ctx, req) })))
	m.HandleFunc("POST /api/codes/describe", s.write(writeOp(s, func(ctx context.Context, req DescribeRequest) (any, error) { return s.b.DescribeCode(ctx, req) })))
	m.HandleFunc("POST /api/categories", s.created(writeOp(s, func(ctx context.Context, req CategoryRequest) (any, error) { return s.b.AddCategory(ctx, req) })))
	m.HandleFunc("POST /api/categories/assign", s.write(writeOp(s, func(ctx context.Context, req AssignRequest) (any, error) { return s.b.AssignCategory(ctx, req) })))
	m.HandleFunc("POST /api/memos", s.write(writeOp(s, func(ctx context.Context, req MemoRequest) (any, error) { return s.b.SaveMemo(ctx, req) })))
	m.HandleFunc("POST /api/undo", s.write(func(r *http.Request) (any, error) { return s.b.Undo(r.Context()) }))
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, notFoundf("no API endpoint %s %s", r.Method, r.URL.Path))
	})

	assets, _ := fs.Sub(webFS, "web")
	m.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(assets)))
	for _, p := range pageRoutes {
		m.HandleFunc("GET "+p, s.page)
	}
	s.mux = m
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(webFS, "web/index.html")
	if err != nil {
		s.respond(w, nil, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b)
}

func (s *Server) search(r *http.Request) (any, error) {
	q := r.URL.Query()
	sq := SearchQuery{Text: q.Get("q"), Speakers: q["speaker"], Participants: q["participant"], Attrs: q["attr"], Codes: q["code"], Limit: 20}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return nil, invalidf("limit", "limit must be 0 (no limit) or more, got %q", l)
		}
		sq.Limit = n
	}
	for _, a := range sq.Attrs {
		if k, _, ok := strings.Cut(a, "="); !ok || strings.TrimSpace(k) == "" {
			return nil, invalidf("attr", "attr %q: want KEY=VALUE", a)
		}
	}
	return s.b.Search(r.Context(), sq)
}

// writeOp decodes the request body strictly into a Req and calls fn.
func writeOp[Req any](s *Server, fn func(context.Context, Req) (any, error)) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		var req Req
		if err := decodeBody(r.Body, &req); err != nil {
			return nil, err
		}
		return fn(r.Context(), req)
	}
}

// decodeBody decodes exactly one JSON value with no unknown fields.
func decodeBody(body io.Reader, v any) error {
	data, err := io.ReadAll(body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &Error{Kind: KindTooLarge, Msg: "request body over 1 MB"}
	}
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		e := invalidf("", "malformed JSON: %v", err)
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			e.Field = strings.Trim(f, `"`)
			e.Msg = "unknown field " + f
		}
		return e
	}
	if dec.More() {
		return invalidf("", "malformed JSON: more than one value in the body")
	}
	return nil
}

// write wraps a state-changing handler: read-only refusal and the
// If-Match revision.
func (s *Server) write(fn func(*http.Request) (any, error)) http.HandlerFunc {
	return s.writeStatus(http.StatusOK, fn)
}

func (s *Server) created(fn func(*http.Request) (any, error)) http.HandlerFunc {
	return s.writeStatus(http.StatusCreated, fn)
}

func (s *Server) writeStatus(status int, fn func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.readOnly {
			writeError(w, &Error{Kind: KindForbidden, Msg: "the workbench was started read-only"})
			return
		}
		ctx := r.Context()
		if rev := strings.Trim(r.Header.Get("If-Match"), `"`); rev != "" {
			cur, err := s.b.Revision(ctx)
			if err != nil {
				s.respond(w, nil, err)
				return
			}
			if cur != rev {
				writeError(w, &Error{Kind: KindConflict, Msg: "the project changed since the page loaded it; reload and try again"})
				return
			}
			ctx = WithIfMatch(ctx, rev)
		}
		v, err := fn(r.WithContext(ctx))
		if err != nil {
			s.respond(w, nil, err)
			return
		}
		if rev, err := s.b.Revision(ctx); err == nil {
			w.Header().Set("ETag", `"`+rev+`"`)
		}
		writeJSON(w, status, v)
	}
}

func (s *Server) respond(w http.ResponseWriter, v any, err error) {
	if err != nil {
		e := classify(err)
		if e == nil {
			s.logf("grounded serve: %v", err)
			e = &Error{Msg: "internal error: " + err.Error()}
		}
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error      string   `json:"error"`
	Field      string   `json:"field,omitempty"`
	Candidates []string `json:"candidates,omitempty"`
}

func writeError(w http.ResponseWriter, e *Error) {
	status := e.Status()
	if status == 0 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, errorBody{Error: e.Error(), Field: e.Field, Candidates: e.Candidates})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, "{\"error\":%q}\n", err.Error())
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// events streams the project's revision as server-sent events: one event
// at once, then one each time it changes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, &Error{Msg: "streaming is not supported"})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	ctx := r.Context()
	last := ""
	t := time.NewTicker(s.poll)
	defer t.Stop()
	for {
		rev, err := s.b.Revision(ctx)
		if err == nil && rev != last {
			last = rev
			fmt.Fprintf(w, "event: revision\ndata: %s\n\n", rev)
			fl.Flush()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
