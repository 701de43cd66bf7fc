package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grounded-qda/grounded/internal/project"
	"github.com/grounded-qda/grounded/internal/serve"
)

// serveTestFactory returns a factory for the demo project built in a
// temporary folder, with a fixed coder and clock.
func serveTestFactory(t *testing.T) (*Factory, string) {
	t.Helper()
	env := map[string]string{"GROUNDED_CODER": "alice", "GROUNDED_LOCK_TIMEOUT": "20s"}
	t.Setenv("GROUNDED_NOW", "2026-01-15T10:00:00Z")
	dir := t.TempDir()
	io, _, _, errOut := TestIO()
	f := &Factory{IO: io, Getenv: func(k string) string { return env[k] }, Getwd: func() (string, error) { return dir, nil }}
	if code := Run(f, []string{"demo", "--dir", dir, "--quiet"}); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	env["GROUNDED_PROJECT"] = filepath.Join(dir, "project")
	return f, env["GROUNDED_PROJECT"]
}

// cliJSON runs a command and returns its standard output decoded.
func cliJSON(t *testing.T, f *Factory, args ...string) any {
	t.Helper()
	io, _, out, errOut := TestIO()
	g := *f
	g.IO = io
	if code := Run(&g, args); code != 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	var v any
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return v
}

// roundTrip encodes v as the workbench does and decodes it generically.
func roundTrip(t *testing.T, v any, err error) any {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestServeJSONIsTheCLIJSON: each read of the workbench's API gives exactly
// what the command with --json prints, on the demo project.
func TestServeJSONIsTheCLIJSON(t *testing.T) {
	f, dir := serveTestFactory(t)
	p, err := project.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	b := serve.NewProjectBackend(p, "alice")
	ctx := context.Background()
	cb, err := b.Codebook(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		api  func() (any, error)
		cut  func(cli any) any // the part of the CLI's output the API returns
	}{
		{[]string{"sources", "list", "--json"}, func() (any, error) { return b.Sources(ctx) }, nil},
		{[]string{"show", "P03", "--json"}, func() (any, error) { return b.Source(ctx, "P03") }, nil},
		{[]string{"codings", "list", "--json"}, func() (any, error) { return b.Codings(ctx, serve.CodingFilter{}) }, nil},
		{[]string{"codings", "list", "--source", "P02", "--by", "bob", "--code", "following through", "--json"}, func() (any, error) {
			return b.Codings(ctx, serve.CodingFilter{Source: "P02", Coder: "bob", Code: "following through"})
		}, nil},
		{[]string{"code", "list", "--json"}, func() (any, error) { return cb.Codes, nil }, nil},
		{[]string{"category", "list", "--json"}, func() (any, error) { return cb.Categories, nil }, nil},
		{[]string{"search", "trust", "--limit", "7", "--json"}, func() (any, error) { return b.Search(ctx, serve.SearchQuery{Text: "trust", Limit: 7}) }, nil},
		{[]string{"search", "", "--speaker", "Jordan Lee", "--attr", "setting=Hospital emergency department", "--json"}, func() (any, error) {
			return b.Search(ctx, serve.SearchQuery{Speakers: []string{"Jordan Lee"}, Attrs: []string{"setting=Hospital emergency department"}, Limit: 20})
		}, nil},
		{[]string{"memo", "list", "--json"}, func() (any, error) { return b.Memos(ctx) }, nil},
		{[]string{"export", "hierarchy", "--format", "json"}, func() (any, error) { return b.Hierarchy(ctx) }, nil},
		// The workbench's model view is the process check, the same
		// operation (ops.ProcessCheck) as the command line's.
		{[]string{"model", "check", "--json"}, func() (any, error) { return b.Model(ctx) }, nil},
		{[]string{"episode", "list", "--json"}, func() (any, error) { return b.Episodes(ctx) }, nil},
		{[]string{"log", "--json"}, func() (any, error) { return b.Log(ctx, 0) }, nil},
		// The default saturation, Guest et al. in analysis order, is the
		// same shared computation (ops.GuestSaturation) in both.
		{[]string{"report", "saturation", "--json"}, func() (any, error) { return b.GuestSaturation(ctx, "") }, nil},
		{[]string{"report", "saturation", "--order", "interview", "--json"}, func() (any, error) { return b.GuestSaturation(ctx, "interview") }, nil},
		{[]string{"report", "saturation", "--order", "ingest", "--json"}, func() (any, error) { return b.Saturation(ctx, serve.SaturationQuery{}) }, nil},
		{[]string{"report", "saturation", "--order", "attr:setting", "--k", "2", "--json"}, func() (any, error) {
			return b.Saturation(ctx, serve.SaturationQuery{Order: "attr:setting", K: 2})
		}, nil},
		{[]string{"report", "cooccurrence", "--json"}, func() (any, error) { return b.Cooccurrence(ctx, serve.CooccurrenceQuery{}) }, nil},
		{[]string{"report", "cooccurrence", "--level", "category", "--scope", "source", "--json"}, func() (any, error) {
			return b.Cooccurrence(ctx, serve.CooccurrenceQuery{Level: "category", Scope: "source"})
		}, nil},
		{[]string{"agreement", "--coders", "alice,bob", "--json"}, func() (any, error) {
			return b.Agreement(ctx, serve.AgreementQuery{Coders: []string{"alice", "bob"}})
		}, nil},
		{[]string{"agreement", "--coders", "alice,bob", "--level", "stage", "--unit", "span", "--json"}, func() (any, error) {
			return b.Agreement(ctx, serve.AgreementQuery{Coders: []string{"alice", "bob"}, Level: "stage", Unit: "span"})
		}, nil},
		{[]string{"agreement", "disagreements", "--coders", "alice,bob", "--json"}, func() (any, error) {
			return b.Disagreements(ctx, serve.AgreementQuery{Coders: []string{"alice", "bob"}})
		}, nil},
		{[]string{"agreement", "disagreements", "--coders", "alice,bob", "--code", "following THROUGH", "--json"}, func() (any, error) {
			return b.Disagreements(ctx, serve.AgreementQuery{Coders: []string{"alice", "bob"}, Code: "following THROUGH"})
		}, nil},
		{[]string{"code", "show", "Following through", "--json"}, func() (any, error) {
			for _, d := range cb.Definitions {
				if d.Name == "Following through" {
					return d, nil
				}
			}
			return nil, nil
		}, func(cli any) any {
			m := cli.(map[string]any)
			delete(m, "codings")
			delete(m, "memos")
			return m
		}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			want := cliJSON(t, f, tc.args...)
			if tc.cut != nil {
				want = tc.cut(want)
			}
			v, err := tc.api()
			got := roundTrip(t, v, err)
			if !reflect.DeepEqual(got, want) {
				gb, _ := json.MarshalIndent(got, "", " ")
				wb, _ := json.MarshalIndent(want, "", " ")
				t.Fatalf("API and CLI differ\nAPI: %.1500s\nCLI: %.1500s", gb, wb)
			}
		})
	}
}

// TestServeCommand runs 'grounded serve': the first line is the address
// with a token, the API answers with that token, a write through the API
// and one through the command line at the same time both land, and
// cancelling stops it cleanly.
func TestServeCommand(t *testing.T) {
	f, _ := serveTestFactory(t)
	io, _, out, errOut := TestIO()
	f.IO = io
	ready := make(chan string, 1)
	var opts *ServeOptions
	cmd := NewCmdServe(f, func(o *ServeOptions) error { opts = o; return nil })
	cmd.SetArgs([]string{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	opts.Ready = func(url string) { ready <- url }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveRun(ctx, opts) }()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("serve ended: %v: %s", err, errOut)
	}
	first := strings.SplitN(out.String(), "\n", 2)[0]
	re := regexp.MustCompile(`^grounded: serving (.+) at (http://127\.0\.0\.1:\d+/\?token=([0-9a-f]{64}))$`)
	m := re.FindStringSubmatch(first)
	if m == nil || m[2] != url {
		t.Fatalf("first line %q", first)
	}
	base, token := strings.TrimSuffix(strings.SplitN(url, "?", 2)[0], "/"), m[3]

	var wg sync.WaitGroup
	wg.Add(4)
	var apiStatus, apiCodeStatus int
	var cliCodeExit int
	var apiCoding map[string]any
	go func() {
		defer wg.Done()
		body := `{"code":"Coded in the browser","ref":"P03#2"}`
		req, _ := http.NewRequest("POST", base+"/api/codings", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			apiCodeStatus = res.StatusCode
			_ = json.NewDecoder(res.Body).Decode(&apiCoding)
			res.Body.Close()
		}
	}()
	go func() {
		defer wg.Done()
		cio, _, _, _ := TestIO()
		g := *f
		g.IO = cio
		cliCodeExit = Run(&g, []string{"code", "add", "Coded on the command line", "P03#2"})
	}()
	go func() {
		defer wg.Done()
		body := `{"target":{"kind":"code","name":"Following through"},"body":"From the browser"}`
		req, _ := http.NewRequest("POST", base+"/api/memos", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			apiStatus = res.StatusCode
			res.Body.Close()
		}
	}()
	var cliCode int
	go func() {
		defer wg.Done()
		cio, _, _, _ := TestIO()
		g := *f
		g.IO = cio
		cliCode = Run(&g, []string{"memo", "add", "--code", "Following through", "-m", "From the command line"})
	}()
	wg.Wait()
	if apiStatus != 200 || cliCode != 0 || apiCodeStatus != 201 || cliCodeExit != 0 {
		t.Fatalf("API writes %d, %d; CLI writes exit %d, %d", apiStatus, apiCodeStatus, cliCode, cliCodeExit)
	}
	var codes []string
	listed := false
	for _, c := range cliJSON(t, f, "codings", "list", "--source", "P03", "--json").([]any) {
		if c := c.(map[string]any); c["ref"] == "P03#2:0-"+strconv.Itoa(int(c["end"].(float64))) {
			codes = append(codes, c["code"].(string))
			// The API's answer is the coding exactly as the list shows it.
			listed = listed || reflect.DeepEqual(c, apiCoding)
		}
	}
	if !listed {
		t.Errorf("POST /api/codings answered %v, which codings list --json does not show", apiCoding)
	}
	if !slices.Contains(codes, "Coded in the browser") || !slices.Contains(codes, "Coded on the command line") {
		t.Fatalf("codings of P03#2 after both writes: %q", codes)
	}
	memos := cliJSON(t, f, "memo", "list", "--json").([]any)
	var bodies []string
	for _, m := range memos {
		bodies = append(bodies, m.(map[string]any)["body"].(string))
	}
	joined := strings.Join(bodies, "|")
	if !strings.Contains(joined, "From the browser") || !strings.Contains(joined, "From the command line") {
		t.Fatalf("memos after both writes: %q", bodies)
	}

	req, _ := http.NewRequest("GET", base+"/api/project", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("no token: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve stopped with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if !bytes.Contains(errOut.Bytes(), []byte("stopped serving")) {
		t.Errorf("stderr %q", errOut)
	}
}

func TestServeNonLoopbackNeedsAddr(t *testing.T) {
	io, _, _, _ := TestIO()
	f := &Factory{IO: io, Getenv: func(string) string { return "" }, Getwd: func() (string, error) { return t.TempDir(), nil }}
	err := serveRun(context.Background(), &ServeOptions{F: f, Addr: "0.0.0.0:0"})
	var ue *UsageError
	if err == nil || !errors.As(err, &ue) {
		t.Fatalf("got %v", err)
	}
}
