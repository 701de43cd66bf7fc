package cli

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// browserStep bounds one step of the end-to-end test: generous, for a
// machine under heavy load. Every step waits for a condition in the page,
// never for a fixed time.
const browserStep = 90 * time.Second

// startBrowser starts headless Chromium, or skips the test when none is
// installed.
func startBrowser(t *testing.T) context.Context {
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
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// The first action starts the browser, which lives as long as the
	// context it is given: ctx, not a step's.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func browse(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func browserEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// browserWait polls a JavaScript condition until it holds.
func browserWait(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](cond)); err != nil {
		t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// startServe runs 'grounded serve' on the factory's project and returns the
// address with its token; the server stops when the test ends.
func startServe(t *testing.T, f *Factory) (base, token string) {
	t.Helper()
	io, _, out, errOut := TestIO()
	g := *f
	g.IO = io
	ready := make(chan string, 1)
	var opts *ServeOptions
	cmd := NewCmdServe(&g, func(o *ServeOptions) error { opts = o; return nil })
	cmd.SetArgs([]string{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	opts.Ready = func(url string) { ready <- url }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveRun(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("serve ended: %v: %s", err, errOut)
	}
	m := regexp.MustCompile(`at (http://[^/]+)/\?token=([0-9a-f]+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("serve printed %q", out)
	}
	return m[1], m[2]
}

// TestServeBrowserEndToEnd: on the real demo project, served by 'grounded
// serve', a passage selected with real mouse events in the transcript view
// is coded through the picker with a new code, and 'grounded codings list
// --json' shows it with the exact quote and code points; the code is
// renamed in the codebook view, a memo is written, and undo takes both
// back, each checked through the command line.
func TestServeBrowserEndToEnd(t *testing.T) {
	f, _ := serveTestFactory(t)
	ctx := startBrowser(t)
	base, token := startServe(t, f)

	// A participant's turn of P01 long enough to select five words in,
	// preferably after a character outside ASCII (code points, bytes and
	// UTF-16 then differ).
	show := cliJSON(t, f, "show", "P01", "--json").(map[string]any)
	var n, start, end int
	var quote string
	words := regexp.MustCompile(`[\p{L}\p{N}'’-]+`)
	for _, pass := range []bool{true, false} {
		for _, tu := range show["turns"].([]any) {
			tm := tu.(map[string]any)
			text := tm["text"].(string)
			if tm["speaker"] == "Interviewer" || utf8.RuneCountInString(text) < 120 || (pass && !strings.ContainsFunc(text, func(r rune) bool { return r > 127 })) {
				continue
			}
			ws := words.FindAllStringIndex(text, -1)
			if len(ws) < 12 {
				continue
			}
			a, b := ws[6][0], ws[10][1]
			n = int(tm["n"].(float64))
			start, end = utf8.RuneCountInString(text[:a]), utf8.RuneCountInString(text[:b])
			quote = text[a:b]
			break
		}
		if n != 0 {
			break
		}
	}
	if n == 0 {
		t.Fatal("no participant turn in P01 to select in")
	}
	turn := "#turn-" + strconv.Itoa(n)
	browse(t, ctx, chromedp.Navigate(base+"/sources/P01?token="+token), chromedp.WaitVisible(chromedp.CSS(".turn")))
	browserEval[bool](t, ctx, `(document.querySelector('`+turn+`').scrollIntoView({block: 'center'}), true)`)
	browse(t, ctx, chromedp.WaitVisible(chromedp.CSS(turn+" .turn-text")))
	r := browserEval[[]float64](t, ctx, `(() => {
  const el = document.querySelector('`+turn+` .turn-text');
  const pos = (cp) => { for (const seg of el.children) { const st = +seg.dataset.start, a = Array.from(seg.firstChild.data);
      if (cp <= st + a.length) return [seg.firstChild, a.slice(0, cp - st).join('').length]; } };
  const r = document.createRange(); const [a, ao] = pos(`+strconv.Itoa(start)+`); const [b, bo] = pos(`+strconv.Itoa(end)+`);
  r.setStart(a, ao); r.setEnd(b, bo); const rs = r.getClientRects(); const f = rs[0], l = rs[rs.length - 1];
  return [f.left, f.top + f.height / 2, l.right, l.top + l.height / 2];
})()`)
	x1, y1, x2, y2 := r[0]+1, r[1], r[2]-1, r[3]
	browse(t, ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x1, y1),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x1, y1, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (x1+x2)/2, (y1+y2)/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x2, y2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x2, y2, chromedp.ButtonLeft),
		chromedp.WaitVisible(chromedp.CSS("#picker-input")),
		chromedp.KeyEvent("Waiting with people"), chromedp.WaitVisible(chromedp.CSS(".picker-opt.new")),
		chromedp.KeyEvent(kb.Enter), chromedp.WaitNotPresent(chromedp.CSS(".picker")))
	browserWait(t, ctx, `[...document.querySelectorAll('`+turn+` .stripe-labels li')].some(l => l.textContent === 'Waiting with people')`)

	// The command line sees it, stored exactly: code points and quote.
	list := cliJSON(t, f, "codings", "list", "--code", "Waiting with people", "--json").([]any)
	if len(list) != 1 {
		t.Fatalf("codings of the new code: %v", list)
	}
	c := list[0].(map[string]any)
	wantRef := "P01#" + strconv.Itoa(n) + ":" + strconv.Itoa(start) + "-" + strconv.Itoa(end)
	if c["quote"] != quote || c["ref"] != wantRef || c["coder"] != "alice" {
		t.Fatalf("codings list shows %v, want ref %s, quote %q by alice", c, wantRef, quote)
	}

	// Several search hits at once: tick two, "Code selected…", a new code.
	browse(t, ctx, chromedp.Navigate(base+"/search?q=trust"), chromedp.WaitVisible(chromedp.CSS(".hit-check")))
	hitRefs := browserEval[[]string](t, ctx, `[...document.querySelectorAll('.hit-check')].slice(0, 2).map((c) => c.value)`)
	// With the keyboard: Space ticks a focused box, Enter presses the button.
	browse(t, ctx, chromedp.Focus(chromedp.CSS(".hit:nth-child(1) .hit-check")), chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.CSS(".hit:nth-child(2) .hit-check")), chromedp.KeyEvent(" "))
	browserWait(t, ctx, `document.getElementById('code-selected').textContent === 'Code 2 selected…'`)
	browse(t, ctx, chromedp.Focus(chromedp.CSS("#code-selected")), chromedp.KeyEvent(kb.Enter))
	browserWait(t, ctx, `document.activeElement.id === 'picker-input'`)
	browse(t, ctx, chromedp.KeyEvent("Trust as a choice"))
	browserWait(t, ctx, `!!document.querySelector('.picker-opt.new')`)
	browse(t, ctx, chromedp.KeyEvent(kb.Enter))
	browserWait(t, ctx, `!document.querySelector('.picker')`)
	browserWait(t, ctx, `document.getElementById('status').textContent.startsWith('Coded 2 turn(s)')`)
	var batchRefs []string
	for _, c := range cliJSON(t, f, "codings", "list", "--code", "Trust as a choice", "--json").([]any) {
		batchRefs = append(batchRefs, strings.SplitN(c.(map[string]any)["ref"].(string), ":", 2)[0])
	}
	if len(hitRefs) != 2 || strings.Join(batchRefs, " ") != strings.Join(hitRefs, " ") && strings.Join(batchRefs, " ") != hitRefs[1]+" "+hitRefs[0] {
		t.Fatalf("the selected hits %q were coded as %q", hitRefs, batchRefs)
	}
	var entries []string
	for _, e := range cliJSON(t, f, "log", "--all", "--json").([]any) {
		if sum := e.(map[string]any)["summary"].(string); strings.Contains(sum, "Trust as a choice") {
			entries = append(entries, sum)
		}
	}
	if len(entries) != 1 || !strings.Contains(entries[0], "coded 2 span(s)") {
		t.Errorf("the two hits are not one change: the log has %q", entries)
	}

	// Rename the code in the codebook view: its Edit… menu, Rename, type
	// the new name, Enter.
	browse(t, ctx, chromedp.Navigate(base+"/codebook"), chromedp.WaitVisible(chromedp.CSS(".code-row")))
	browserEval[bool](t, ctx, `(() => { const row = [...document.querySelectorAll('.code-row')].find((r) => r.querySelector('a').textContent === 'Waiting with people');
  const s = row.querySelector('select'); s.focus(); s.value = 'rename'; s.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`)
	browse(t, ctx, chromedp.WaitVisible(chromedp.CSS("form.editing input[name=v]")))
	browserEval[bool](t, ctx, `(document.activeElement.select(), document.activeElement.name === 'v')`)
	browse(t, ctx, chromedp.KeyEvent("Waiting alongside people"), chromedp.KeyEvent(kb.Enter))
	browserWait(t, ctx, `[...document.querySelectorAll('.code-row a')].some((a) => a.textContent === 'Waiting alongside people')`)
	list = cliJSON(t, f, "codings", "list", "--code", "Waiting alongside people", "--json").([]any)
	if len(list) != 1 || list[0].(map[string]any)["quote"] != quote {
		t.Fatalf("after the rename, codings list shows %v", list)
	}

	// A memo, written in the memos view.
	browse(t, ctx, chromedp.Navigate(base+"/memos"), chromedp.WaitVisible(chromedp.CSS(".new-memo")),
		chromedp.Click(chromedp.CSS(".new-memo summary")),
		chromedp.SendKeys(chromedp.CSS(".new-memo textarea"), "Waiting is **work**."),
		chromedp.WaitVisible(chromedp.CSS(".new-memo .preview strong")),
		chromedp.Click(chromedp.CSS(".new-memo button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".memo .md strong")))
	memoBodies := func() string {
		var bodies []string
		for _, m := range cliJSON(t, f, "memo", "list", "--json").([]any) {
			bodies = append(bodies, m.(map[string]any)["body"].(string))
		}
		return strings.Join(bodies, "|")
	}
	if !strings.Contains(memoBodies(), "Waiting is **work**.") {
		t.Fatalf("the memo is not in the project: %q", memoBodies())
	}

	// Undo (the button in the page's header) takes back the memo, then the
	// rename.
	browse(t, ctx, chromedp.Click(chromedp.CSS("#undo")))
	browserWait(t, ctx, `document.getElementById('status').textContent.startsWith('Undid memo add')`)
	if strings.Contains(memoBodies(), "Waiting is **work**.") {
		t.Fatal("the memo is still there after undo")
	}
	browse(t, ctx, chromedp.Click(chromedp.CSS("#undo")))
	browserWait(t, ctx, `document.getElementById('status').textContent.startsWith('Undid code rename')`)
	list = cliJSON(t, f, "codings", "list", "--code", "Waiting with people", "--json").([]any)
	if len(list) != 1 || list[0].(map[string]any)["quote"] != quote {
		t.Fatalf("after undoing the rename, codings list shows %v", list)
	}
}
