package serve

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/grounded-qda/grounded/coding"
	"github.com/grounded-qda/grounded/corpus"
	"github.com/grounded-qda/grounded/internal/ops"
	"github.com/grounded-qda/grounded/internal/project"
)

var screenshots = flag.String("screenshots", "", "write the workbench screenshots to this folder (e.g. ../../docs/screenshots)")

// browser starts headless Chromium for one test, or skips the test when
// none is installed. It records every JavaScript dialog (there must be
// none) and every request that leaves the test server (there must be
// none either).
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	dialogs  []string
	foreign  []string
	base     string
	docHeads map[string]string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := ""
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no Chromium found (install the chromium package to run the browser tests)")
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	ctx, cancelC := chromedp.NewContext(actx)
	// A guard against a hung browser, not a timing assertion: each step
	// has its own (stepTimeout) so that a failure names the step.
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{ctx: ctx, base: base, docHeads: map[string]string{}}
	dialogs := make(chan struct{}, 16)
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			b.dialogs = append(b.dialogs, e.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		case *network.EventRequestWillBeSent:
			if !strings.HasPrefix(e.Request.URL, base) && !strings.HasPrefix(e.Request.URL, "data:") {
				b.foreign = append(b.foreign, e.Request.URL)
			}
		case *network.EventResponseReceived:
			if e.Type == network.ResourceTypeDocument {
				for k, v := range e.Response.Headers {
					b.docHeads[strings.ToLower(k)] = v.(string)
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for range dialogs {
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return b
}

// stepTimeout bounds one step of a browser test (an action and the
// condition it waits for). It is generous, for a machine under heavy load:
// the steps wait for conditions, never for a fixed time, so a fast machine
// does not wait at all.
const stepTimeout = 90 * time.Second

// step is the browser's context for one step, and its cancel.
func (b *browser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// check fails the test on any dialog or request to elsewhere.
func (b *browser) check(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.dialogs) > 0 {
		t.Errorf("a JavaScript dialog opened: %q", b.dialogs)
	}
	if len(b.foreign) > 0 {
		t.Errorf("the page loaded from elsewhere: %q", b.foreign)
	}
}

// rangeRect is JavaScript returning the client rectangle of code points
// [s, e) of turn n's text, found through its segments.
func rangeRect(n, s, e int) string {
	return `(() => {
  const el = document.querySelector('#turn-` + itoa(n) + ` .turn-text');
  const pos = (cp) => { for (const seg of el.children) { const st = +seg.dataset.start, str = seg.firstChild.data, a = Array.from(str);
      if (cp <= st + a.length) return [seg.firstChild, a.slice(0, cp - st).join('').length]; } };
  const r = document.createRange(); const [a, ao] = pos(` + itoa(s) + `); const [b, bo] = pos(` + itoa(e) + `);
  r.setStart(a, ao); r.setEnd(b, bo); const rs = r.getClientRects(); const f = rs[0], l = rs[rs.length - 1];
  return [f.left, f.top + f.height / 2, l.right, l.top + l.height / 2];
})()`
}

func itoa(n int) string { return strconv.Itoa(n) }

func contains(list []string, s string) bool { return slices.Contains(list, s) }

func containsMemo(ms []coding.Memo, body string) bool {
	return slices.ContainsFunc(ms, func(m coding.Memo) bool { return m.Body == body })
}

// drag selects from (x1,y1) to (x2,y2) with real mouse events.
func drag(x1, y1, x2, y2 float64) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x1, y1),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x1, y1, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (x1+x2)/2, (y1+y2)/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x2, y2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x2, y2, chromedp.ButtonLeft),
	)
}

func cpIndex(s, sub string) (int, int) {
	i := strings.Index(s, sub)
	start := utf8.RuneCountInString(s[:i])
	return start, start + utf8.RuneCountInString(sub)
}

// TestBrowserCoding: in the reader, a passage selected with the mouse (after
// an emoji, so code points and UTF-16 differ) is coded through the picker;
// then one coded with the keyboard alone. The fake backend records the
// exact POST bodies.
func TestBrowserCoding(t *testing.T) {
	f := newFake()
	ts, _ := newTestServer(t, f, false)
	b := newBrowser(t, ts.URL)
	b.do(t, chromedp.Navigate(ts.URL+"/sources/P01?token="+testToken), chromedp.WaitVisible(chromedp.CSS("#turn-4 .turn-text")))
	if u := eval[string](t, b, `location.href`); strings.Contains(u, "token") {
		t.Errorf("the token stayed in the address: %s", u)
	}
	text := f.source.Turns[3].Text
	s, e := cpIndex(text, "and all")
	r := eval[[]float64](t, b, rangeRect(4, s, e))
	b.do(t, drag(r[0]+1, r[1], r[2]-1, r[3]), chromedp.WaitVisible(chromedp.CSS("#picker-input")))
	if role := eval[string](t, b, `document.activeElement.getAttribute('role')`); role != "combobox" {
		t.Fatalf("focus after selecting is on role %q, want the combobox", role)
	}
	b.do(t, chromedp.KeyEvent("Being"), chromedp.KeyEvent(kb.Enter), chromedp.WaitNotPresent(chromedp.CSS(".picker")))
	waitFor(t, b, `document.querySelectorAll('#turn-4 .seg.hl').length > 0`)
	f.mu.Lock()
	got := append([]AddCodingRequest(nil), f.added...)
	f.mu.Unlock()
	want := AddCodingRequest{Code: "Being there", Ref: "P01#4:" + itoa(s) + "-" + itoa(e), Quote: "and all"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("POST bodies %+v, want %+v", got, want)
	}

	// Keyboard only: focus turn 3, select two words, open the picker, filter, apply.
	b.do(t, focusOn("#turn-3"),
		chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(kb.ModifierShift)),
		chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(kb.ModifierShift)),
		chromedp.KeyEvent("c"), chromedp.WaitVisible(chromedp.CSS("#picker-input")),
		chromedp.KeyEvent("Show"), chromedp.KeyEvent(kb.Enter), chromedp.WaitNotPresent(chromedp.CSS(".picker")))
	waitFor(t, b, `document.querySelectorAll('#turn-3 .seg.hl').length > 0`)
	f.mu.Lock()
	got = append([]AddCodingRequest(nil), f.added...)
	f.mu.Unlock()
	want = AddCodingRequest{Code: "Showing up", Ref: "P01#3:0-9", Quote: "What made"}
	if len(got) != 2 || got[1] != want {
		t.Fatalf("keyboard POST bodies %+v, want second %+v", got, want)
	}
	if active := eval[string](t, b, `document.activeElement.id`); active != "turn-3" {
		t.Errorf("focus went to %q after applying, want back to the turn", active)
	}

	// A new code, by keyboard: c on a turn with nothing selected codes the
	// whole turn; a name that matches no code offers to create it.
	b.do(t, chromedp.Evaluate[chromedp.Void](`getSelection().removeAllRanges()`), focusOn("#turn-1"),
		chromedp.KeyEvent("c"), chromedp.WaitVisible(chromedp.CSS("#picker-input")),
		chromedp.KeyEvent("Brand new <code>"), chromedp.WaitVisible(chromedp.CSS(".picker-opt.new")),
		chromedp.KeyEvent(kb.Enter), chromedp.WaitNotPresent(chromedp.CSS(".picker")))
	waitFor(t, b, `document.querySelectorAll('#turn-1 .seg.hl').length > 0`)
	f.mu.Lock()
	got = append([]AddCodingRequest(nil), f.added...)
	f.mu.Unlock()
	t1 := f.source.Turns[0].Text
	want = AddCodingRequest{Code: "Brand new <code>", Ref: "P01#1:0-" + itoa(utf8.RuneCountInString(t1)), Quote: t1}
	if len(got) != 3 || got[2] != want {
		t.Fatalf("new code POST bodies %+v, want third %+v", got, want)
	}

	// Enter on a highlight opens its menu; Remove deletes that coding. A
	// redraw in between (a change elsewhere arriving, as it may at any
	// time) keeps the focus on the highlight: this once failed under heavy
	// load, when the page's own write arrived as a revision event after
	// the highlight was focused and the redraw dropped the focus.
	b.do(t, focusOn("#turn-1 .seg.hl"))
	eval[bool](t, b, `(window.focusedBefore = document.activeElement, true)`)
	f.mu.Lock()
	f.rev++
	f.mu.Unlock()
	waitFor(t, b, `!document.contains(window.focusedBefore)`)
	if got := eval[string](t, b, `document.activeElement.className + ' ' + (document.activeElement.closest('.turn') || {}).id`); got != "seg hl turn-1" {
		t.Fatalf("after a redraw the focus is on %q, want the highlight in turn 1", got)
	}
	b.do(t, chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(".coding-menu")), chromedp.Click(chromedp.CSS(".coding-menu .cm-actions button")),
		chromedp.WaitNotPresent(chromedp.CSS(".coding-menu")))
	waitFor(t, b, `document.querySelectorAll('#turn-1 .seg.hl').length === 0`)
	f.mu.Lock()
	last := f.writes[len(f.writes)-1]
	f.mu.Unlock()
	if last != "delete" {
		t.Errorf("last write %q, want delete", last)
	}

	// A change made elsewhere (another coder) appears without a reload.
	f.mu.Lock()
	f.codings = append(f.codings, Coding{ID: "x9", Code: "Being there", Ref: "P01#3:5-9", Source: "P01", Turn: 3, Start: 5, End: 9, Quote: "made", Coder: "bob", Created: "2026-01-15T10:00:00Z"})
	f.rev++
	f.mu.Unlock()
	waitFor(t, b, `[...document.querySelectorAll('#turn-3 .stripe-labels li')].some(l => l.textContent === 'Being there')`)
	b.check(t)
}

// TestBrowserLargeTranscript: a 300,000-character transcript with 2,000
// codings renders only the turns near the viewport, and the last turn when
// scrolled to.
func TestBrowserLargeTranscript(t *testing.T) {
	f := newFake()
	f.source.Turns = nil
	f.codings = nil
	word := strings.Repeat("peer support ", 15)[:195] + " end."
	for i := 1; i <= 1500; i++ {
		f.source.Turns = append(f.source.Turns, Turn{Ref: "P01#" + itoa(i), Turn: corpus.Turn{N: i, Speaker: "Jordan Lee", Text: word}})
	}
	for i := 0; i < 2000; i++ {
		n := 1 + i%1500
		st := (i * 7) % 150
		f.codings = append(f.codings, Coding{ID: "b" + itoa(i), Code: f.codes[i%3], Ref: "P01#" + itoa(n), Source: "P01", Turn: n, Start: st, End: st + 30, Quote: word[st : st+30], Coder: "alice"})
	}
	ts, _ := newTestServer(t, f, false)
	b := newBrowser(t, ts.URL)
	b.do(t, chromedp.Navigate(ts.URL+"/sources/P01?token="+testToken), chromedp.WaitVisible(chromedp.CSS("#turn-1 .seg.hl")))
	if n := eval[int](t, b, `document.querySelectorAll('.turn:not(.pending)').length`); n == 0 || n > 200 {
		t.Errorf("%d of 1500 turns rendered at first, want only those near the viewport", n)
	}
	b.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById('turn-1500').scrollIntoView()`))
	waitFor(t, b, `!document.getElementById('turn-1500').classList.contains('pending') && document.querySelectorAll('#turn-1500 .seg.hl').length > 0`)
	b.check(t)
}

// TestBrowserXSS: a transcript line and a code name that are HTML render as
// text: no dialog, no element made from them, textContent equal to the raw
// string; and the page carries the CSP.
func TestBrowserXSS(t *testing.T) {
	f := newFake()
	ts, _ := newTestServer(t, f, false)
	b := newBrowser(t, ts.URL)
	b.do(t, chromedp.Navigate(ts.URL+"/sources/P01?token="+testToken), chromedp.WaitVisible(chromedp.CSS("#turn-2 .stripe-labels li")))
	if got := eval[string](t, b, `document.querySelector('#turn-2 .turn-text').textContent`); got != f.source.Turns[1].Text {
		t.Errorf("turn text %q, want %q", got, f.source.Turns[1].Text)
	}
	labels := eval[[]string](t, b, `[...document.querySelectorAll('#turn-2 .stripe-labels li')].map(l => l.textContent)`)
	if !contains(labels, "<script>alert(1)</script>") {
		t.Errorf("stripe labels %q lack the raw code name", labels)
	}
	if n := eval[int](t, b, `document.querySelectorAll('main img, main script, body > script:not([src])').length`); n != 0 {
		t.Errorf("%d elements were made from data", n)
	}
	b.do(t, chromedp.Navigate(ts.URL+"/codebook"), chromedp.WaitVisible(chromedp.CSS(".code-row")))
	names := eval[[]string](t, b, `[...document.querySelectorAll('.code-row a')].map(a => a.textContent)`)
	if !contains(names, "<script>alert(1)</script>") {
		t.Errorf("codebook names %q", names)
	}
	if n := eval[int](t, b, `document.querySelectorAll('main script, main img').length`); n != 0 {
		t.Errorf("%d elements were made from data in the codebook", n)
	}
	// Memo Markdown is rendered from a subset, with HTML left as text.
	f.mu.Lock()
	f.memos = []coding.Memo{{ID: "m1", Target: coding.Target{Kind: "code", Name: "<script>alert(1)</script>"}, Author: "bob",
		Body: "# Note <img src=x onerror=alert(1)>\n\n**bold <b>not</b>** and `<i>code</i>`\n\n- [link](javascript:alert(1))"}}
	f.mu.Unlock()
	b.do(t, chromedp.Navigate(ts.URL+"/memos"), chromedp.WaitVisible(chromedp.CSS(".memo .md")))
	md := eval[[]string](t, b, `(() => { const m = document.querySelector('.memo .md'); return [m.querySelector('h3').textContent, m.querySelector('strong').textContent, m.querySelector('code').textContent, m.querySelector('li').textContent, String(m.querySelectorAll('img, b, i, a, script').length)]; })()`)
	if want := []string{"Note <img src=x onerror=alert(1)>", "bold <b>not</b>", "<i>code</i>", "[link](javascript:alert(1))", "0"}; !slices.Equal(md, want) {
		t.Errorf("memo rendered as %q, want %q", md, want)
	}
	b.mu.Lock()
	csp := b.docHeads["content-security-policy"]
	b.mu.Unlock()
	if csp != ContentSecurityPolicy {
		t.Errorf("the page's CSP is %q", csp)
	}
	b.check(t)
}

// TestBrowserDemo opens the demo project on the real backend: the reader
// with the two coders' highlights and stripes, the codebook tree, a memo
// written with its preview, the analysis. With -screenshots DIR it saves
// the reader and the codebook.
func TestBrowserDemo(t *testing.T) {
	p := demoProject(t)
	ts := httptest.NewUnstartedServer(nil)
	s, err := New(Options{Backend: NewProjectBackend(p, "alice"), Token: testToken, Addr: ts.Listener.Addr().String()})
	must(t, err)
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close) // after the browser's cleanup, which ends the events stream
	b := newBrowser(t, ts.URL)
	b.do(t, chromedp.EmulateViewport(1360, 900),
		chromedp.Navigate(ts.URL+"/sources/P01?token="+testToken), chromedp.WaitVisible(chromedp.CSS(".seg.hl")))
	// Show the turn with the most codings, below the sticky header.
	eval[bool](t, b, `(() => { let best = null, n = -1;
  for (const el of document.querySelectorAll('.turn')) { el.scrollIntoView(); }
  for (const el of document.querySelectorAll('.turn')) { const k = el.querySelectorAll('.stripe').length; if (k > n) { n = k; best = el; } }
  const prev = best.previousElementSibling || best; prev.scrollIntoView({ block: 'start' }); window.scrollBy(0, -60); return true; })()`)
	if n := eval[int](t, b, `document.querySelectorAll('.stripe').length`); n == 0 {
		t.Error("no stripes in the reader")
	}
	t.Log("reader shown")
	shot(t, b, "reader.png")
	b.do(t, chromedp.Navigate(ts.URL+"/codebook"), chromedp.WaitVisible(chromedp.CSS(".code-row")))
	if n := eval[int](t, b, `document.querySelectorAll('.stage').length`); n < 2 {
		t.Errorf("%d stages in the codebook tree", n)
	}
	t.Log("codebook shown")
	shot(t, b, "codebook.png")

	// A memo through the page lands in the project.
	b.do(t, chromedp.Navigate(ts.URL+"/memos"), chromedp.WaitVisible(chromedp.CSS(".new-memo")),
		chromedp.Click(chromedp.CSS(".new-memo summary")),
		chromedp.SendKeys(chromedp.CSS(".new-memo textarea"), "Trust **first**, then disclosure."),
		chromedp.WaitVisible(chromedp.CSS(".new-memo .preview strong")),
		chromedp.Click(chromedp.CSS(".new-memo button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".memo .md strong")))
	t.Log("memo written")
	memos, err := NewProjectBackend(p, "alice").Memos(context.Background())
	must(t, err)
	if !containsMemo(memos, "Trust **first**, then disclosure.") {
		t.Errorf("the memo is not in the project: %+v", memos)
	}
	b.do(t, chromedp.Navigate(ts.URL+"/sources"), chromedp.WaitVisible(chromedp.CSS(".bar-fill")))
	shot(t, b, "sources.png")
	b.do(t, chromedp.Navigate(ts.URL+"/search?q=trust"), chromedp.WaitVisible(chromedp.CSS(".hit mark")))
	shot(t, b, "search.png")
	b.do(t, chromedp.Navigate(ts.URL+"/codes/Following%20through"), chromedp.WaitVisible(chromedp.CSS(".passage mark")))
	if n := eval[int](t, b, `document.querySelectorAll('.passage').length`); n == 0 {
		t.Error("no passages for a code")
	}
	shot(t, b, "code.png")
	// A negative case against the first stage, with markup in its reason.
	m0, err := NewProjectBackend(p, "alice").Model(context.Background())
	must(t, err)
	const why = "<b>Not</b> so: trust came after"
	edit(t, p, "alice", "negative add", func(e *project.Edit) {
		_, err := coding.AddNegativeCase(context.Background(), e, coding.NegativeRequest{Ref: "P01#2", Against: m0.Stages[0].Name, Why: why})
		must(t, err)
	})
	// An episode of P01, listed on its source view.
	edit(t, p, "alice", "episode add", func(e *project.Edit) {
		_, err := ops.AddEpisode(context.Background(), e, ops.EpisodeAddRequest{Name: "K, first weeks", Range: "P01#1-3", Client: "K"})
		must(t, err)
	})
	b.do(t, chromedp.Navigate(ts.URL+"/sources/P01"), chromedp.WaitVisible(chromedp.CSS(".reader-head .episodes li")))
	if got := eval[string](t, b, `document.querySelector('.reader-head .episodes li').textContent`); !strings.Contains(got, "K, first weeks") || !strings.Contains(got, "turns 1–3") {
		t.Errorf("the episode reads %q", got)
	}
	b.do(t, chromedp.Navigate(ts.URL+"/analysis"), chromedp.WaitVisible(chromedp.CSS(".htree summary")), chromedp.WaitVisible(chromedp.CSS("table.grid")))
	// The saturation chart (as 'report saturation --json' says) and the
	// co-occurrence heat map.
	sat, err := NewProjectBackend(p, "alice").Saturation(context.Background(), SaturationQuery{})
	must(t, err)
	b.do(t, chromedp.WaitVisible(chromedp.CSS("svg.saturation polyline.codes")), chromedp.WaitVisible(chromedp.CSS("table.heat td.num")))
	if n := eval[int](t, b, `document.querySelectorAll('svg.saturation circle.codes').length`); n != len(sat.Steps) {
		t.Errorf("%d points on the saturation chart, want %d (one per coded transcript)", n, len(sat.Steps))
	}
	if got := eval[string](t, b, `document.querySelector('svg.saturation circle.codes:last-of-type title').textContent`); !strings.Contains(got, itoa(sat.Steps[len(sat.Steps)-1].Codes)+" codes") {
		t.Errorf("the last point says %q, want %d codes", got, sat.Steps[len(sat.Steps)-1].Codes)
	}
	if got := eval[[]string](t, b, `[...document.querySelectorAll('svg.saturation text.tick')].slice(0, 3).map((e) => e.textContent)`); len(got) != 3 || got[0] != "0" {
		t.Errorf("the saturation chart's axis reads %q", got)
	}
	if txt := eval[string](t, b, `[...document.querySelector('svg.saturation').childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.data).join('')`); txt != "" {
		t.Errorf("stray text in the chart: %q", txt)
	}
	// The model check is the process check ('model check --json'): its
	// verdict on the order in narrated time is shown in words.
	mc, err := NewProjectBackend(p, "alice").Model(context.Background())
	must(t, err)
	if got := eval[string](t, b, `document.querySelector('#model-order .verdict').textContent`); got != mc.Order.Verdict || got == "" {
		t.Errorf("the model's verdict reads %q, want %q", got, mc.Order.Verdict)
	}
	if n := eval[int](t, b, `document.querySelectorAll('table.model-stages tbody tr').length`); n != len(mc.Stages) {
		t.Errorf("%d stages shown, want %d", n, len(mc.Stages))
	}
	// The negative case sits beside its stage, its reason as text.
	if got := eval[string](t, b, `document.querySelector('table.model-stages tbody tr:first-child .negs .why').textContent`); got != why {
		t.Errorf("the first stage's negative case reads %q, want %q", got, why)
	}
	if n := eval[int](t, b, `document.querySelectorAll('table.model-stages b').length + document.querySelectorAll('table.model-stages tbody tr:not(:first-child) .negs li').length`); n != 0 {
		t.Errorf("%d stray elements: markup inserted as HTML, or the negative case beside another stage", n)
	}
	// The saturation assessment (Guest et al., analysis order, as the
	// default 'report saturation --json'): its sentence and parameters.
	g, err := NewProjectBackend(p, "alice").GuestSaturation(context.Background(), "")
	must(t, err)
	b.do(t, chromedp.WaitVisible(chromedp.CSS("#guest-saturation .sentence")))
	if got := eval[string](t, b, `document.querySelector('#guest-saturation .sentence').textContent`); got != g.Sentence || got == "" {
		t.Errorf("the saturation sentence reads %q, want %q", got, g.Sentence)
	}
	if got := eval[string](t, b, `document.querySelector('#guest-saturation .params').textContent`); !strings.Contains(got, "analysis order") || !strings.Contains(got, "first "+itoa(g.Result.Params.Base)+" transcript(s)") {
		t.Errorf("the saturation parameters read %q", got)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#guest-saturation tbody tr').length`); n != len(g.Result.Runs) {
		t.Errorf("%d runs shown, want %d", n, len(g.Result.Runs))
	}
	if n := eval[int](t, b, `[...document.querySelectorAll('table.heat td.num')].filter((td) => td.textContent !== '').length`); n == 0 || n%2 != 0 {
		t.Errorf("%d filled cells in the heat map, want a symmetric matrix", n)
	}
	shot(t, b, "analysis.png")
	// Agreement per code; a code with disagreements shows them side by
	// side, one column per coder.
	dl, err := NewProjectBackend(p, "alice").Disagreements(context.Background(), AgreementQuery{Coders: []string{"alice", "bob"}})
	must(t, err)
	if len(dl.Disagreements) == 0 {
		t.Fatal("the demo has no disagreements between alice and bob")
	}
	d := dl.Disagreements[0]
	b.do(t, chromedp.Navigate(ts.URL+"/agreement"), chromedp.WaitVisible(chromedp.CSS("table.agreement tbody tr")))
	b.do(t, chromedp.Navigate(ts.URL+"/agreement?coders=alice,bob&code="+url.QueryEscape(d.Code)), chromedp.WaitVisible(chromedp.CSS(".disagreement .side-by-side")))
	cols := eval[[]string](t, b, `[...document.querySelectorAll('.disagreement:first-child .side')].map((s) => s.textContent)`)
	if len(cols) != 2 || !strings.HasPrefix(cols[0], "alice") || !strings.HasPrefix(cols[1], "bob") ||
		!strings.Contains(cols[0]+cols[1], "not coded") || !strings.Contains(cols[0]+cols[1], d.Quotes[0]) {
		t.Errorf("the first disagreement side by side: %q, want %+v", cols, d)
	}
	if ref := eval[string](t, b, `document.querySelector('.disagreement:first-child .passage-meta a').textContent`); ref != d.Ref {
		t.Errorf("the first disagreement links to %q, want %q", ref, d.Ref)
	}
	shot(t, b, "agreement.png")
	b.check(t)
}

func shot(t *testing.T, b *browser, name string) {
	t.Helper()
	if *screenshots == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	must(t, err)
	must(t, os.MkdirAll(*screenshots, 0o755))
	must(t, os.WriteFile(filepath.Join(*screenshots, name), png, 0o644))
}

// waitFor polls a JavaScript condition in the page until it holds (or the
// browser's guard timeout ends the test).
// focusOn focuses the element sel selects, looked up and focused in one
// step inside the page, again until it holds the focus. chromedp.Focus
// finds the node first and focuses it in a second round trip; a redraw in
// between (the page's own write coming back as a revision event, which
// under load can arrive at any moment) replaced the node and failed the
// test with "Could not find node with given id".
func focusOn(sel string) chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.focus(); return document.activeElement === e; })()`, sel))
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, tg)
		return chromedp.Void{}, err
	}
}

func waitFor(t *testing.T, b *browser, cond string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond)); err != nil {
		t.Fatalf("%s: %v", cond, err)
	}
}
