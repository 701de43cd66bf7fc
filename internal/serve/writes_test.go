package serve

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/internal/project"
)

// realServer serves the demo project through the real backend, as coder
// carol.
func realServer(t *testing.T) (*httptest.Server, *project.Project, *ProjectBackend) {
	t.Helper()
	p := demoProject(t)
	b := NewProjectBackend(p, "carol")
	ts, _ := newTestServer(t, b, false)
	return ts, p, b
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return v
}

// expect checks a response's status, failing with its body.
func expect(t *testing.T, ts *httptest.Server, r req, status int) []byte {
	t.Helper()
	res, body := do(t, ts, r)
	if res.StatusCode != status {
		t.Fatalf("%s %s %s: %d %s, want %d", r.method, r.path, r.body, res.StatusCode, body, status)
	}
	return body
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}

// passage picks, in a participant turn of P01 after a character outside
// ASCII (so that code points, bytes and UTF-16 all differ), a span of
// twelve code points and returns its reference and text.
func passage(t *testing.T, b *ProjectBackend) (ref, quote string, turn, start, end int) {
	t.Helper()
	sd, err := b.Source(context.Background(), "P01")
	must(t, err)
	for _, tu := range sd.Turns {
		rs := []rune(tu.Text)
		for i, r := range rs {
			if r > 127 && i+14 < len(rs) && strings.TrimSpace(string(rs[i+1:i+13])) == string(rs[i+1:i+13]) {
				start, end = i+1, i+13
				return tu.Ref + ":" + itoa(start) + "-" + itoa(end), string(rs[start:end]), tu.N, start, end
			}
		}
	}
	t.Fatal("no turn of P01 has a character outside ASCII")
	return
}

// TestHTTPWrites drives every write of the API over HTTP against the real
// backend on the demo project: the status, the result, what the project
// holds afterwards, and the refusals (400, 404, 409) that write nothing.
func TestHTTPWrites(t *testing.T) {
	ts, _, b := realServer(t)
	ctx := context.Background()
	rev := func() string { r, err := b.Revision(ctx); must(t, err); return r }
	unchanged := func(before string) {
		t.Helper()
		if rev() != before {
			t.Fatal("a refused write changed the project")
		}
	}

	// POST /api/codings: a new code, a span after a non-ASCII character.
	ref, quote, turn, start, end := passage(t, b)
	body := expect(t, ts, req{method: "POST", path: "/api/codings", body: jsonBody(t, AddCodingRequest{Code: "Waiting with people", Ref: ref, Quote: quote, Memo: "first pass"})}, 201)
	got := decode[Coding](t, body)
	want := Coding{ID: got.ID, Code: "Waiting with people", Ref: ref, Source: "P01", Turn: turn, Start: start, End: end, Quote: quote,
		Coder: "carol", Created: "2026-01-15T10:00:00Z", Memo: "first pass"}
	if got != want || got.ID == "" {
		t.Fatalf("POST /api/codings returned %+v, want %+v", got, want)
	}
	// ... exactly as the list shows it (which is 'codings list --json',
	// see internal/cli's TestServeJSONIsTheCLIJSON).
	list := decode[[]Coding](t, expect(t, ts, req{method: "GET", path: "/api/codings?source=P01&coder=carol"}, 200))
	if len(list) != 1 || list[0] != got {
		t.Fatalf("codings of carol %+v, want [%+v]", list, got)
	}
	cb := decode[CodebookView](t, expect(t, ts, req{method: "GET", path: "/api/codebook"}, 200))
	if !slices.ContainsFunc(cb.Codes, func(c CodeRow) bool { return c.Name == "Waiting with people" && c.Codings == 1 }) {
		t.Fatal("the new code is not in the codebook")
	}
	// The same span and code again changes nothing: 409.
	r0 := rev()
	expect(t, ts, req{method: "POST", path: "/api/codings", body: jsonBody(t, AddCodingRequest{Code: "waiting with PEOPLE", Ref: ref, Quote: quote})}, 409)
	unchanged(r0)

	// Refusals of POST /api/codings: each names its field, writes nothing.
	for _, tc := range []struct {
		name   string
		body   AddCodingRequest
		status int
		field  string
	}{
		{"span past the turn's end", AddCodingRequest{Code: "X", Ref: "P01#" + itoa(turn) + ":0-99999"}, 400, "ref"},
		{"turn past the source's end", AddCodingRequest{Code: "X", Ref: "P01#9999"}, 400, "ref"},
		{"malformed reference", AddCodingRequest{Code: "X", Ref: "P01#x"}, 400, "ref"},
		{"a quote that is not at the span", AddCodingRequest{Code: "X", Ref: ref, Quote: "no such words"}, 400, "quote"},
		{"an empty code name", AddCodingRequest{Code: "  ", Ref: ref}, 400, "code"},
		{"a bare source without a quote", AddCodingRequest{Code: "X", Ref: "P01"}, 400, "ref"},
		{"an unknown source", AddCodingRequest{Code: "X", Ref: "P99#1"}, 404, ""},
		{"an ambiguous quote", AddCodingRequest{Code: "X", Ref: "P01", Quote: "the"}, 409, "quote"},
	} {
		res, body := do(t, ts, req{method: "POST", path: "/api/codings", body: jsonBody(t, tc.body)})
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, res.StatusCode, body, tc.status)
			continue
		}
		e := errorOf(t, body)
		if e.Field != tc.field {
			t.Errorf("%s: field %q, want %q (%s)", tc.name, e.Field, tc.field, e.Error)
		}
		if tc.status == 409 && len(e.Candidates) < 2 {
			t.Errorf("%s: candidates %q", tc.name, e.Candidates)
		}
		unchanged(r0)
	}

	// 409: a write that expects a revision the project has left.
	stale := rev()
	_, err := NewProjectBackend(b.p, "bob").AddCategory(ctx, CategoryRequest{Name: "Written by bob meanwhile"})
	must(t, err)
	r1 := rev()
	e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/codings", body: jsonBody(t, AddCodingRequest{Code: "X", Ref: "P01#2"}),
		header: map[string]string{"If-Match": `"` + stale + `"`}}, 409))
	if !strings.Contains(e.Error, "changed since") {
		t.Errorf("stale write: %q", e.Error)
	}
	unchanged(r1)
	// With the current revision it lands, and the ETag is the new one.
	res, body := do(t, ts, req{method: "POST", path: "/api/codings", body: jsonBody(t, AddCodingRequest{Code: "Following through", Ref: "P01#2"}),
		header: map[string]string{"If-Match": `"` + r1 + `"`}})
	if res.StatusCode != 201 || res.Header.Get("ETag") != `"`+rev()+`"` {
		t.Fatalf("fresh write: %d %s, ETag %s", res.StatusCode, body, res.Header.Get("ETag"))
	}
	whole := decode[Coding](t, body)

	// POST /api/codings/batch: every reference checked before any is
	// coded; one change.
	r2 := rev()
	if e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/codings/batch", body: `{"code":"Batch","refs":["P01#3","P01#9999"]}`}, 400)); e.Field != "ref" {
		t.Errorf("batch with a bad reference: field %q", e.Field)
	}
	unchanged(r2)
	expect(t, ts, req{method: "POST", path: "/api/codings/batch", body: `{"code":"Batch","refs":[]}`}, 400)
	batch := decode[[]Coding](t, expect(t, ts, req{method: "POST", path: "/api/codings/batch", body: `{"code":"Batch","refs":["P01#3","P02#4"]}`}, 201))
	if len(batch) != 2 || batch[0].Ref == batch[1].Ref || batch[0].Code != "Batch" || batch[1].Coder != "carol" {
		t.Fatalf("batch %+v", batch)
	}
	if log := decode[[]LogEntry](t, expect(t, ts, req{method: "GET", path: "/api/log?limit=1"}, 200)); len(log) != 1 || !strings.Contains(log[0].Summary, "coded 2 span(s)") {
		t.Fatalf("the batch is not one change: %+v", log)
	}
	expect(t, ts, req{method: "POST", path: "/api/codings/batch", body: `{"code":"Batch","refs":["P01#3","P02#4"]}`}, 409)
	expect(t, ts, req{method: "POST", path: "/api/undo", body: `{}`}, 200)

	// DELETE /api/codings/{id}.
	gone := decode[Coding](t, expect(t, ts, req{method: "DELETE", path: "/api/codings/" + whole.ID}, 200))
	if gone != whole {
		t.Fatalf("deleted %+v, want %+v", gone, whole)
	}
	expect(t, ts, req{method: "DELETE", path: "/api/codings/" + whole.ID}, 404)

	// POST /api/codes/rename: every coder's codings follow.
	before := decode[[]Coding](t, expect(t, ts, req{method: "GET", path: "/api/codings?code=Following%20through"}, 200))
	rn := decode[RenameResult](t, expect(t, ts, req{method: "POST", path: "/api/codes/rename", body: `{"old":"following through","new":"Following up"}`}, 200))
	if rn.Name != "Following up" || rn.Codings != len(before) || len(before) == 0 {
		t.Fatalf("rename %+v, %d codings before", rn, len(before))
	}
	after := decode[[]Coding](t, expect(t, ts, req{method: "GET", path: "/api/codings?code=Following%20up"}, 200))
	if len(after) != len(before) {
		t.Fatalf("%d codings follow the rename, want %d", len(after), len(before))
	}
	// An unknown code: 404 with near misses.
	e = errorOf(t, expect(t, ts, req{method: "POST", path: "/api/codes/rename", body: `{"old":"Showing up","new":"Y"}`}, 404))
	if !slices.Contains(e.Candidates, "Showing up consistently") {
		t.Errorf("near misses %q", e.Candidates)
	}
	expect(t, ts, req{method: "POST", path: "/api/codes/rename", body: `{"old":"Following up","new":""}`}, 400)
	// A name taken by another code: 409.
	expect(t, ts, req{method: "POST", path: "/api/codes/rename", body: `{"old":"Following up","new":"Setting boundaries"}`}, 409)

	// POST /api/codes/merge.
	nShow := len(decode[[]Coding](t, expect(t, ts, req{method: "GET", path: "/api/codings?code=Showing%20up%20consistently"}, 200)))
	mg := decode[MergeResult](t, expect(t, ts, req{method: "POST", path: "/api/codes/merge", body: `{"codes":["Showing up consistently"],"into":"Following up"}`}, 200))
	if mg.Into != "Following up" || mg.Moved+mg.Collapsed != nShow {
		t.Fatalf("merge %+v, %d codings of the merged code", mg, nShow)
	}
	expect(t, ts, req{method: "POST", path: "/api/codes/merge", body: `{"codes":["Following up"],"into":"Following up"}`}, 400)
	expect(t, ts, req{method: "POST", path: "/api/codes/merge", body: `{"codes":["Nope"],"into":"Following up"}`}, 404)

	// POST /api/codes/describe.
	def := decode[CodeDefinition](t, expect(t, ts, req{method: "POST", path: "/api/codes/describe", body: `{"name":"following UP","description":"Doing what was promised","color":"#123456"}`}, 200))
	if def.Name != "Following up" || def.Description != "Doing what was promised" || def.Color != "#123456" {
		t.Fatalf("describe %+v", def)
	}
	if e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/codes/describe", body: `{"name":"Following up","color":"red"}`}, 400)); e.Field != "color" {
		t.Errorf("bad colour: field %q", e.Field)
	}
	expect(t, ts, req{method: "POST", path: "/api/codes/describe", body: `{"name":"Following up"}`}, 400)

	// POST /api/categories and /api/categories/assign.
	cat := decode[Category](t, expect(t, ts, req{method: "POST", path: "/api/categories", body: `{"name":"Waiting rooms","description":"Where people wait"}`}, 201))
	if cat.Name != "Waiting rooms" || cat.Description != "Where people wait" {
		t.Fatalf("category %+v", cat)
	}
	expect(t, ts, req{method: "POST", path: "/api/categories", body: `{"name":"Waiting rooms"}`}, 409)
	if e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/categories", body: `{"name":"X","parent":"Nowhere"}`}, 404)); e.Field != "parent" {
		t.Errorf("unknown parent: field %q", e.Field)
	}
	as := decode[AssignResult](t, expect(t, ts, req{method: "POST", path: "/api/categories/assign", body: `{"codes":["waiting with people"],"to":"waiting ROOMS"}`}, 200))
	if as.To != "Waiting rooms" || !reflect.DeepEqual(as.Codes, []string{"Waiting with people"}) {
		t.Fatalf("assign %+v", as)
	}
	if e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/categories/assign", body: `{"codes":["Waiting with people"],"to":"Nowhere"}`}, 404)); e.Field != "to" {
		t.Errorf("unknown category: field %q", e.Field)
	}
	if e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/categories/assign", body: `{"codes":["Nope"],"to":"Waiting rooms"}`}, 404)); e.Field != "codes" {
		t.Errorf("unknown code: field %q", e.Field)
	}

	// POST /api/memos: on a passage, then edited.
	m := decode[coding.Memo](t, expect(t, ts, req{method: "POST", path: "/api/memos", body: jsonBody(t, MemoRequest{Target: &coding.Target{Kind: "ref", Name: ref}, Body: "Waiting *is* work"})}, 200))
	if m.Target != (coding.Target{Kind: "ref", Name: ref}) || m.Author != "carol" || m.Body != "Waiting *is* work" {
		t.Fatalf("memo %+v", m)
	}
	m2 := decode[coding.Memo](t, expect(t, ts, req{method: "POST", path: "/api/memos", body: jsonBody(t, MemoRequest{ID: m.ID, Body: "Waiting is work."})}, 200))
	if m2.ID != m.ID || m2.Target != m.Target || m2.Body != "Waiting is work." {
		t.Fatalf("edited memo %+v", m2)
	}
	for _, bad := range []struct {
		body   string
		status int
	}{
		{`{"target":{"kind":"code","name":"No such code"},"body":"x"}`, 404},
		{`{"target":{"kind":"ref","name":"P01#9999"},"body":"x"}`, 400},
		{`{"target":{"kind":"planet","name":"Mars"},"body":"x"}`, 400},
		{`{"body":"  "}`, 400},
		{`{"id":"no-such-memo","body":"x"}`, 404},
	} {
		if e := errorOf(t, expect(t, ts, req{method: "POST", path: "/api/memos", body: bad.body}, bad.status)); e.Field == "" && bad.status == 400 {
			t.Errorf("%s: no field named (%s)", bad.body, e.Error)
		}
	}

	// POST /api/undo: carol's changes, newest first, until none is left.
	u := decode[LogEntry](t, expect(t, ts, req{method: "POST", path: "/api/undo", body: `{}`}, 200))
	if u.Command != "memo edit" || u.Coder != "carol" {
		t.Fatalf("undid %+v", u)
	}
	memos := decode[[]coding.Memo](t, expect(t, ts, req{method: "GET", path: "/api/memos"}, 200))
	if !containsMemo(memos, "Waiting *is* work") || containsMemo(memos, "Waiting is work.") {
		t.Fatalf("memos after undoing the edit: %+v", memos)
	}
	for i := 0; i < 20; i++ {
		res, body := do(t, ts, req{method: "POST", path: "/api/undo", body: `{}`})
		if res.StatusCode == 409 {
			errorOf(t, body)
			list := decode[[]Coding](t, expect(t, ts, req{method: "GET", path: "/api/codings?coder=carol"}, 200))
			if len(list) != 0 {
				t.Fatalf("carol's codings after undoing everything: %+v", list)
			}
			return
		}
		if res.StatusCode != 200 {
			t.Fatalf("undo: %d %s", res.StatusCode, body)
		}
	}
	t.Fatal("undo never ran out of changes")
}
