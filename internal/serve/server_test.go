package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testToken = "secret-token-for-tests"

// newTestServer serves b over httptest with the test token.
func newTestServer(t *testing.T, b Backend, readOnly bool) (*httptest.Server, *Server) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	s, err := New(Options{Backend: b, Token: testToken, Addr: ts.Listener.Addr().String(), ReadOnly: readOnly, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, s
}

type req struct {
	method, path, body string
	header             map[string]string
	noAuth             bool
}

func do(t *testing.T, ts *httptest.Server, r req) (*http.Response, []byte) {
	t.Helper()
	hr, err := http.NewRequest(r.method, ts.URL+r.path, strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if !r.noAuth {
		hr.Header.Set("Authorization", "Bearer "+testToken)
	}
	for k, v := range r.header {
		if k == "Host" {
			hr.Host = v
		} else {
			hr.Header.Set(k, v)
		}
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func errorOf(t *testing.T, body []byte) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
		t.Fatalf("error body %q is not {\"error\":...}: %v", body, err)
	}
	return e
}

func TestRefusals(t *testing.T) {
	f := newFake()
	ts, _ := newTestServer(t, f, false)
	u, _ := url.Parse(ts.URL)
	port := u.Port()
	good := `{"code":"Showing up","ref":"P01#1:0-6","quote":"Thanks"}`
	for _, tc := range []struct {
		name   string
		r      req
		status int
		field  string
	}{
		{"no token", req{method: "GET", path: "/api/project", noAuth: true}, 403, ""},
		{"wrong bearer", req{method: "GET", path: "/api/project", noAuth: true, header: map[string]string{"Authorization": "Bearer " + testToken + "x"}}, 403, ""},
		{"wrong query token", req{method: "GET", path: "/?token=nope", noAuth: true}, 403, ""},
		{"wrong cookie", req{method: "GET", path: "/api/project", noAuth: true, header: map[string]string{"Cookie": "grounded_token_" + port + "=nope"}}, 403, ""},
		{"page without token", req{method: "GET", path: "/sources/P01", noAuth: true}, 403, ""},
		{"foreign host (DNS rebinding)", req{method: "GET", path: "/api/project", header: map[string]string{"Host": "evil.example:" + port}}, 403, ""},
		{"foreign host, right port, other name", req{method: "GET", path: "/api/project", header: map[string]string{"Host": "attacker.localhost.example:" + port}}, 403, ""},
		{"localhost on another port", req{method: "GET", path: "/api/project", header: map[string]string{"Host": "localhost:1"}}, 403, ""},
		{"foreign origin on a write", req{method: "POST", path: "/api/codings", body: good, header: map[string]string{"Origin": "http://evil.example"}}, 403, ""},
		{"null origin on a write", req{method: "POST", path: "/api/codings", body: good, header: map[string]string{"Origin": "null"}}, 403, ""},
		{"cross-site fetch on a write", req{method: "DELETE", path: "/api/codings/c1", header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, 403, ""},
		{"foreign referer on a write", req{method: "POST", path: "/api/undo", body: `{}`, header: map[string]string{"Referer": "http://evil.example/x"}}, 403, ""},
		{"body over 1 MB", req{method: "POST", path: "/api/memos", body: `{"body":"` + strings.Repeat("a", MaxBody) + `"}`}, 413, ""},
		{"malformed JSON", req{method: "POST", path: "/api/codings", body: `{"code":`}, 400, ""},
		{"two JSON values", req{method: "POST", path: "/api/codings", body: good + good}, 400, ""},
		{"unknown field", req{method: "POST", path: "/api/codings", body: `{"code":"x","ref":"P01#1","colour":"red"}`}, 400, "colour"},
		{"empty code name", req{method: "POST", path: "/api/codings", body: `{"code":" ","ref":"P01#1:0-6"}`}, 400, "code"},
		{"span outside the turn", req{method: "POST", path: "/api/codings", body: `{"code":"x","ref":"P01#1:0-999"}`}, 400, "ref"},
		{"quote not the text", req{method: "POST", path: "/api/codings", body: `{"code":"x","ref":"P01#1:0-6","quote":"Hello"}`}, 400, "quote"},
		{"stale revision", req{method: "POST", path: "/api/codings", body: good, header: map[string]string{"If-Match": `"rev-old"`}}, 409, ""},
		{"no such source", req{method: "GET", path: "/api/sources/P99"}, 404, ""},
		{"no such coding", req{method: "DELETE", path: "/api/codings/nope"}, 404, ""},
		{"no such endpoint", req{method: "GET", path: "/api/nothing"}, 404, ""},
		{"bad limit", req{method: "GET", path: "/api/search?q=x&limit=-1"}, 400, "limit"},
		{"bad attr", req{method: "GET", path: "/api/search?q=x&attr=role"}, 400, "attr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := do(t, ts, tc.r)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tc.status, body)
			}
			e := errorOf(t, body)
			if e.Field != tc.field {
				t.Errorf("field %q, want %q (%s)", e.Field, tc.field, e.Error)
			}
			if got := res.Header.Get("Content-Security-Policy"); got != ContentSecurityPolicy {
				t.Errorf("CSP %q on a refusal", got)
			}
		})
	}
	if len(f.writes) != 0 {
		t.Errorf("refused requests wrote: %v", f.writes)
	}
}

func TestConflictCandidates(t *testing.T) {
	ts, _ := newTestServer(t, newFake(), false)
	res, body := do(t, ts, req{method: "POST", path: "/api/codes/rename", body: `{"old":"Ambiguous","new":"X"}`})
	if res.StatusCode != 409 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if e := errorOf(t, body); strings.Join(e.Candidates, "|") != "Ambiguous A|Ambiguous B" {
		t.Errorf("candidates %q", e.Candidates)
	}
}

func TestHeaders(t *testing.T) {
	ts, _ := newTestServer(t, newFake(), false)
	for _, p := range []string{"/", "/sources/P01", "/codes/Showing%20up", "/search", "/memos", "/analysis", "/assets/app.js", "/assets/style.css", "/api/project"} {
		res, body := do(t, ts, req{method: "GET", path: p})
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", p, res.StatusCode, body)
		}
		for k, v := range map[string]string{
			"Content-Security-Policy": ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
		} {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", p, k, got, v)
			}
		}
		if strings.HasSuffix(p, ".js") && !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
			t.Errorf("%s: Content-Type %q", p, res.Header.Get("Content-Type"))
		}
	}
}

// TestTokenCookie: the token in the address sets an HttpOnly, SameSite
// Strict cookie and redirects to the address without it; the cookie alone
// then opens the API.
func TestTokenCookie(t *testing.T) {
	ts, _ := newTestServer(t, newFake(), false)
	res, _ := do(t, ts, req{method: "GET", path: "/sources/P01?token=" + testToken + "&x=1", noAuth: true})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sources/P01?x=1" {
		t.Fatalf("status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	var ck *http.Cookie
	for _, c := range res.Cookies() {
		ck = c
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Value != testToken {
		t.Fatalf("cookie %+v", ck)
	}
	res, body := do(t, ts, req{method: "GET", path: "/api/project", noAuth: true, header: map[string]string{"Cookie": ck.Name + "=" + ck.Value}})
	if res.StatusCode != 200 {
		t.Fatalf("with the cookie: %d %s", res.StatusCode, body)
	}
	// localhost:PORT is the same server.
	u, _ := url.Parse(ts.URL)
	res, _ = do(t, ts, req{method: "GET", path: "/api/project", header: map[string]string{"Host": "localhost:" + u.Port()}})
	if res.StatusCode != 200 {
		t.Fatalf("localhost:PORT refused: %d", res.StatusCode)
	}
}

func TestWriteFlow(t *testing.T) {
	f := newFake()
	ts, _ := newTestServer(t, f, false)
	u, _ := url.Parse(ts.URL)
	origin := map[string]string{"Origin": "http://" + u.Host, "If-Match": `"rev0"`}
	res, body := do(t, ts, req{method: "POST", path: "/api/codings", body: `{"code":"Being there","ref":"P01#4:10-36","quote":"Being there at odd hours —"}`, header: origin})
	if res.StatusCode != 201 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	var c Coding
	if err := json.Unmarshal(body, &c); err != nil || c.Quote != "Being there at odd hours —" || c.Start != 10 || c.End != 36 {
		t.Fatalf("coding %+v (%v)", c, err)
	}
	if res.Header.Get("ETag") != `"rev1"` {
		t.Errorf("ETag %q, want the new revision", res.Header.Get("ETag"))
	}
	// The same If-Match again is now stale.
	res, _ = do(t, ts, req{method: "POST", path: "/api/undo", body: `{}`, header: origin})
	if res.StatusCode != 409 {
		t.Fatalf("stale undo: %d", res.StatusCode)
	}
	for _, w := range []struct{ path, body string }{
		{"/api/codes/rename", `{"old":"a","new":"b"}`},
		{"/api/codes/merge", `{"codes":["a"],"into":"b"}`},
		{"/api/codes/describe", `{"name":"a","description":"d"}`},
		{"/api/categories", `{"name":"c"}`},
		{"/api/categories/assign", `{"codes":["a"],"to":"c"}`},
		{"/api/memos", `{"target":{"kind":"code","name":"a"},"body":"b"}`},
		{"/api/undo", `{}`},
	} {
		res, body := do(t, ts, req{method: "POST", path: w.path, body: w.body})
		if res.StatusCode/100 != 2 {
			t.Errorf("%s: %d %s", w.path, res.StatusCode, body)
		}
	}
	res, _ = do(t, ts, req{method: "DELETE", path: "/api/codings/" + c.ID})
	if res.StatusCode != 200 {
		t.Errorf("delete: %d", res.StatusCode)
	}
	want := "add rename merge describe category assign memo undo delete"
	if got := strings.Join(f.writes, " "); got != want {
		t.Errorf("writes %q, want %q", got, want)
	}
}

func TestReadOnly(t *testing.T) {
	f := newFake()
	ts, _ := newTestServer(t, f, true)
	res, _ := do(t, ts, req{method: "POST", path: "/api/undo", body: `{}`})
	if res.StatusCode != 403 || len(f.writes) != 0 {
		t.Fatalf("read-only write: %d %v", res.StatusCode, f.writes)
	}
	res, body := do(t, ts, req{method: "GET", path: "/api/project"})
	if res.StatusCode != 200 || !strings.Contains(string(body), `"read_only":true`) {
		t.Fatalf("project: %d %s", res.StatusCode, body)
	}
}

// TestEvents: the events stream sends the revision, then the new one after
// a change.
func TestEvents(t *testing.T) {
	f := newFake()
	ts, _ := newTestServer(t, f, false)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/events", nil)
	hr.Header.Set("Authorization", "Bearer "+testToken)
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	next := func() string {
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				return d
			}
		}
		t.Fatalf("stream ended: %v", sc.Err())
		return ""
	}
	if got := next(); got != "rev0" {
		t.Fatalf("first event %q", got)
	}
	f.mu.Lock()
	f.rev = 7
	f.mu.Unlock()
	if got := next(); got != "rev7" {
		t.Fatalf("after a change: %q", got)
	}
}

// FuzzWrite sends arbitrary bodies to the coding endpoint: the answer is
// always a JSON error with a 4xx status or a coding, never a 500 or a
// panic.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{
		`{"code":"Showing up","ref":"P01#1:0-6","quote":"Thanks"}`,
		`{"code":"x","ref":"P01#4:62-69","quote":"and all"}`,
		`{"code":"","ref":""}`, `{"code":"x","ref":"P01#1:5-2"}`, `{"code":"x","ref":"P01#99"}`,
		`{"code":"x","ref":"P01#1:0-999999999999999999999"}`, `{"code":1}`, `[]`, `null`, `{"code":"x"}{}`, "\xff\xfe", `{"code":"x","ref":"P01#1","memo":"` + strings.Repeat("m", 100) + `"}`,
	} {
		f.Add(s)
	}
	fk := newFake()
	ts := httptest.NewUnstartedServer(nil)
	s, err := New(Options{Backend: fk, Token: testToken, Addr: ts.Listener.Addr().String()})
	if err != nil {
		f.Fatal(err)
	}
	ts.Config.Handler = s
	ts.Start()
	defer ts.Close()
	f.Fuzz(func(t *testing.T, body string) {
		res, b := do(t, ts, req{method: "POST", path: "/api/codings", body: body})
		switch {
		case res.StatusCode == 201:
			var c Coding
			if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
				t.Fatalf("201 with %q", b)
			}
		case res.StatusCode >= 400 && res.StatusCode < 500:
			errorOf(t, b)
		default:
			t.Fatalf("status %d for %q: %s", res.StatusCode, body, b)
		}
	})
}
