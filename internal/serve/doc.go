// Package serve is the web workbench of grounded: an HTTP handler that
// serves one project to a browser on the same computer, as a second front
// end beside the command line over the same files and the same history.
//
// # Layers
//
// The handler (Server) knows HTTP, security and the page; everything it
// reads or writes goes through a Backend, an interface with exactly the
// operations of the JSON API. ProjectBackend implements it over a project
// directory, taking the project's read lock for reads and its write lock
// for each write, as a command does. The package never imports the command
// line (internal/cli); the command line imports it for 'grounded serve'.
//
// # Security
//
// Transcripts are confidential health data, so every response carries
// ContentSecurityPolicy (no inline script or style, nothing from
// elsewhere), X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer
// and X-Frame-Options: DENY, and every request must pass, in order:
//
//   - Host: the bound address, or localhost/127.0.0.1/[::1] with the bound
//     port when bound to loopback; anything else is a DNS-rebinding attempt
//     (403).
//   - The token: "Authorization: Bearer TOKEN", or the HttpOnly,
//     SameSite=Strict cookie grounded_token_PORT, or ?token=TOKEN (which
//     sets the cookie and, for a page, redirects to the address without
//     it). Compared in constant time. Missing or wrong: 403.
//   - Origin: a request other than GET/HEAD/OPTIONS whose Origin (or
//     Referer) is not this server, or whose Sec-Fetch-Site is cross-site,
//     is refused (403).
//   - The body: at most MaxBody (1 MB; more is 413), exactly one JSON
//     value with no unknown field (else 400, naming the field).
//
// # Revision and conflicts
//
// The revision (Fingerprint) is a hash of the path, size and modification
// time of every project file (grounded.yaml, codebook.yaml,
// participants.yaml, sources/, codings/, memos/, history/); the cache, lock
// and journal are left out. Any write, by the command line, a git pull or
// the workbench, changes it. GET /api/events streams it as server-sent
// events ("event: revision"), once at once and again on each change, so
// the page redraws within the poll interval (one second). A write may send
// the revision its page last saw in If-Match; when the project has changed
// since, the write is refused with 409 and nothing is written (checked
// again under the write lock). Each successful write returns the new
// revision in ETag.
//
// # API
//
// Reads (shapes are the command line's --json output, field for field):
//
//	GET /api/project                 {name, revision, coder, sources, codes, codings, read_only?, blind?}
//	GET /api/sources                 sources list --json
//	GET /api/progress                [{source, turns, coded: {CODER: turns}}]
//	GET /api/sources/{id}            show ID --json
//	GET /api/codebook                {core, stages, categories (category list --json),
//	                                 codes (code list --json), definitions (code show --json without codings, memos)}
//	GET /api/codings?source=&code=&coder=&participant=   codings list --json
//	GET /api/search?q=&speaker=&participant=&attr=&code=&limit=   search --json
//	GET /api/memos                   memo list --json
//	GET /api/hierarchy               export hierarchy --format json
//	GET /api/model                   model check --json
//	GET /api/episodes                episode list --json
//	GET /api/log?limit=              log --json (every coder)
//	GET /api/agreement?coders=A,B&level=&unit=           agreement --json
//	GET /api/agreement/disagreements?coders=A,B&code=    agreement disagreements --json
//	GET /api/saturation?order=&k=    report saturation --order ingest|attr:KEY --json (per transcript)
//	GET /api/saturation/guest?order= report saturation [--order analysis|interview] --json (ops.GuestSaturation)
//	GET /api/cooccurrence?level=&scope=   report cooccurrence --json
//	GET /api/events                  text/event-stream of the revision
//
// Blind coding (blind: true in grounded.yaml): every read for display
// (codings, the source view's highlights, progress, code counts, the
// hierarchy, the model and the reports) shows only the codings of the
// coder running serve, as the command line shows its coder; the store
// filters (VisibleCodings and snapshots), and agreement, like the command
// line's, reads every coder's.
//
// Writes (201 or 200 with the result; the coder is the one running serve):
//
//	POST   /api/codings              {code, ref, quote?, memo?} → the coding as in codings list --json (201)
//	POST   /api/codings/batch        {code, refs, memo?} → the codings, as code add CODE REF... --json (201)
//	DELETE /api/codings/{id}         → the removed coding
//	POST   /api/codes/rename         {old, new}
//	POST   /api/codes/merge          {codes, into}
//	POST   /api/codes/describe       {name, description?, when_to_use?, when_not_to_use?, example?, color?}
//	POST   /api/categories           {name, parent?, description?} (201)
//	POST   /api/categories/assign    {codes, to}
//	POST   /api/memos                {target: {kind, name}, body} or {id, body} to edit
//	POST   /api/undo                 {} → the change undone
//
// Every write is one call of an operation (package coding; internal/ops
// for undo) inside one project.Edit by the coder running serve, committed
// with the operation's summary, exactly as the command line's 'change'
// helper does: the package holds no domain logic. POST /api/codings is
// 'code add REF --quote QUOTE --memo MEMO': a code not in the codebook is
// created, the quote is looked up inside REF, and the coding is stored in
// code points with the transcript's text as its quote.
//
// Errors are {"error", "field"?, "candidates"?}. classify (errors.go) is
// the one place where typed errors become statuses: errs.Invalid, a bad
// reference or name, malformed JSON or an unknown field is 400 (Field
// from the error); token, host, origin or read-only is 403; errs.NotFound
// is 404 with its near misses as candidates; errs.Ambiguous (candidates),
// an ambiguous quote (candidates), errs.Conflict, errs.InUse, errs.Exists,
// a stale revision and nothing to undo are 409; 413 is a body over 1 MB;
// 503 is a project busy beyond the lock's wait.
//
// # The page
//
// The page (web/, embedded) is plain HTML, CSS and JavaScript modules with
// no build step and no library. It inserts every piece of data as text
// (dom.js has no way to insert HTML), and renders memo Markdown by building
// elements from a tiny subset (markdown.js); the saturation chart is SVG
// made with createElementNS and the co-occurrence heat map a table
// (charts.js). Spans are code points of a turn's text, as everywhere in
// grounded.
//
// A redraw (after a write, or a revision event from elsewhere) keeps the
// keyboard focus on the highlight or turn that had it, and waits while
// the user is selecting words or has the picker, a menu or a form open.
// The picker applies on Enter's release, so that the key does not reach
// the button the focus returns to.
package serve
