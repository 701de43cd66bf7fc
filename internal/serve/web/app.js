// app.js: the workbench's router and shell. Every view has its own address
// (history API); the server answers each with this page.
import { h, replace } from './dom.js';
import { get, post, state } from './api.js';
import { showSource, reloadSource } from './reader.js';
import { views } from './views.js';
import { closePicker } from './picker.js';

const main = document.getElementById('main');
let current = null; // the current route's reload function

// codeColors maps each code's lower-case name to its colour.
export function codeColors(cb) {
  const m = new Map();
  for (const d of cb.definitions || []) m.set(d.name.toLowerCase(), d.color);
  return m;
}

let toastTimer = 0;
export function toast(msg, isError) {
  const el = document.getElementById('status');
  replace(el, msg);
  el.classList.toggle('error', !!isError);
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), isError ? 8000 : 4000);
}

export function navigate(url) {
  history.pushState(null, '', url);
  route();
}

async function route() {
  closePicker();
  document.querySelectorAll('.coding-menu').forEach((m) => m.remove());
  const path = decodeURIComponent(location.pathname);
  const params = new URLSearchParams(location.search);
  let m, view = '';
  try {
    if ((m = /^\/sources\/(.+)$/.exec(path))) {
      view = 'sources';
      await showSource(main, m[1], location.hash);
      current = reloadSource;
    } else if ((m = /^\/codes\/(.+)$/.exec(path))) {
      view = 'codebook';
      current = () => views.code(main, m[1]);
      await current();
    } else {
      view = { '/': 'sources', '/sources': 'sources' }[path] || path.slice(1);
      const fn = views[view];
      if (!fn) { replace(main, h('h1', {}, 'Not found'), h('p', {}, 'No view at ', path)); current = null; return; }
      current = () => fn(main, params);
      await current();
    }
  } catch (e) {
    replace(main, h('h1', {}, 'Could not load this view'), h('p', { class: 'error' }, e.message));
  }
  document.querySelectorAll('nav a').forEach((a) => a.toggleAttribute('aria-current', a.dataset.view === view));
  document.title = `grounded · ${view || 'sources'}`;
}

// Links marked data-nav are followed inside the page.
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || a.target) return;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin || u.pathname.startsWith('/api/') || u.pathname.startsWith('/assets/')) return;
  e.preventDefault();
  if (u.pathname === location.pathname && u.hash && u.search === location.search) {
    history.pushState(null, '', u.href);
    const el = document.getElementById(u.hash.slice(1));
    if (el) { el.scrollIntoView({ block: 'center' }); el.focus({ preventScroll: true }); }
    return;
  }
  navigate(u.pathname + u.search + u.hash);
});
window.addEventListener('popstate', route);

async function undo() {
  try {
    const e = await post('/api/undo', {});
    toast(`Undid ${e.command}: ${e.summary}`);
    await refresh();
  } catch (err) { toast(err.message, true); }
}

document.getElementById('undo').addEventListener('click', undo);
document.addEventListener('keydown', (e) => {
  const tag = (e.target.tagName || '').toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'u' && !e.target.closest('.turn')) undo();
  if (e.key === '/') { e.preventDefault(); navigate('/search'); }
});

async function loadProject() {
  const p = await get('/api/project');
  state.revision = p.revision;
  state.coder = p.coder;
  state.readOnly = !!p.read_only;
  replace(document.getElementById('project-name'), p.name || '');
  replace(document.getElementById('coder'), p.coder + (p.read_only ? ' (read-only)' : '') + (p.blind ? ' — blind coding: only your codings are shown' : ''));
  document.getElementById('undo').disabled = !!p.read_only;
  return p;
}

// refresh re-reads the project and redraws the current view in place.
async function refresh() {
  await loadProject();
  if (current) {
    const y = window.scrollY;
    try { await current(); } catch (e) { toast(e.message, true); }
    window.scrollTo(0, y);
  }
}

// Changes made elsewhere (another coder's command line, a git pull) arrive
// as revision events; the view is redrawn, unless the user is in the middle
// of something (the picker, a coding's menu, a form, a selection of words)
// or a write of the page's own is on its way (its event may come before its
// response): then it is redrawn as soon as they are done, and not at all
// when the revision turns out to be the page's own.
function busy() {
  if (state.writing > 0) return true;
  if (document.querySelector('.picker, .coding-menu, form.editing')) return true;
  const sel = window.getSelection();
  return !sel.isCollapsed && sel.anchorNode && main.contains(sel.anchorNode);
}

let later = 0;
function onRevision(rev) {
  clearTimeout(later);
  if (rev === state.revision) return;
  if (busy()) { later = setTimeout(() => onRevision(rev), 500); return; }
  refresh();
}

function watch() {
  const es = new EventSource('/api/events');
  es.addEventListener('revision', (ev) => onRevision(ev.data));
}

loadProject().then(() => { route(); watch(); }).catch((e) => replace(main, h('h1', {}, 'grounded'), h('p', { class: 'error' }, e.message)));
