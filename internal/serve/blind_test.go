package serve

import (
	"net/http/httptest"
	"testing"

	"github.com/grounded-qda/grounded/internal/analysis/report"
	"github.com/grounded-qda/grounded/internal/project"
)

// blindServer serves the demo project (alice's and bob's codings) with
// blind coding on, as coder bob.
func blindServer(t *testing.T) *httptest.Server {
	t.Helper()
	p := demoProject(t)
	edit(t, p, "alice", "blind", func(e *project.Edit) { must(t, e.SetBlind(true)) })
	p, err := project.Open(p.Root)
	must(t, err)
	ts, _ := newTestServer(t, NewProjectBackend(p, "bob"), false)
	return ts
}

// TestBlindCodingReads: with blind coding on, every read for display shows
// the serving coder only their own codings, as the command line does;
// agreement still compares every coder.
func TestBlindCodingReads(t *testing.T) {
	ts := blindServer(t)
	get := func(path string) []byte { return expect(t, ts, req{method: "GET", path: path}, 200) }
	info := decode[ProjectInfo](t, get("/api/project"))
	if !info.Blind || info.Coder != "bob" || info.Codings == 0 {
		t.Fatalf("project %+v", info)
	}
	cs := decode[[]Coding](t, get("/api/codings"))
	if len(cs) != info.Codings {
		t.Fatalf("%d codings listed, project says %d", len(cs), info.Codings)
	}
	for _, c := range cs {
		if c.Coder != "bob" {
			t.Fatalf("blind coding showed bob %s's coding %s", c.Coder, c.ID)
		}
	}
	if got := decode[[]Coding](t, get("/api/codings?coder=alice")); len(got) != 0 {
		t.Fatalf("asking for alice's codings showed %d", len(got))
	}
	// The source view's highlights are the codings of the source.
	if got := decode[[]Coding](t, get("/api/codings?source=P01")); len(got) == 0 {
		t.Fatal("bob's own codings in P01 are hidden")
	} else {
		for _, c := range got {
			if c.Coder != "bob" {
				t.Fatalf("P01 highlight of %s", c.Coder)
			}
		}
	}
	for _, sp := range decode[[]SourceProgress](t, get("/api/progress")) {
		for coder := range sp.Coded {
			if coder != "bob" {
				t.Fatalf("progress of %s shown: %+v", coder, sp)
			}
		}
	}
	cb := decode[CodebookView](t, get("/api/codebook"))
	total := 0
	for _, c := range cb.Codes {
		total += c.Codings
	}
	if total != len(cs) {
		t.Fatalf("code counts add up to %d, bob has %d codings", total, len(cs))
	}
	// Reports count bob's codings only: the co-occurrence table's codes
	// are those bob used.
	co := decode[struct{ Pairs []report.Pair }](t, get("/api/cooccurrence"))
	used := map[string]bool{}
	for _, c := range cs {
		used[c.Code] = true
	}
	if len(co.Pairs) == 0 {
		t.Fatal("no co-occurrence in bob's codings")
	}
	for _, pr := range co.Pairs {
		if !used[pr.A] || !used[pr.B] {
			t.Fatalf("co-occurrence shows %q–%q; bob used only %v", pr.A, pr.B, used)
		}
	}
	// Agreement is never blind: it compares alice and bob.
	ag := decode[struct{ Sources []string }](t, get("/api/agreement?coders=alice,bob"))
	if len(ag.Sources) == 0 {
		t.Fatalf("agreement compared no source: %+v", ag)
	}
}
