// reader.js: the transcript reader. Turns are rendered lazily (an
// IntersectionObserver fills in a placeholder when it nears the viewport),
// codings are highlights over the turn text plus a margin of stripes, one
// per code, so overlapping codes stay readable. Selecting words with the
// mouse, or with the keyboard (focus a turn, Shift+→ / Shift+← select word
// by word, c or Enter opens the picker), opens the code picker; the span
// sent is in code points of the turn text and the quote is the selected text.
import { h, replace, cps, cpLen, colorOf, tint } from './dom.js';
import { get, post, del, state } from './api.js';
import { openPicker } from './picker.js';
import { renderMarkdown } from './markdown.js';
import { toast, codeColors } from './app.js';

let cur = null; // {id, detail, codings, byTurn, filter, observer, els}

export async function showSource(main, id, hash) {
  const [detail, codings, cb, episodes] = await Promise.all([get('/api/sources/' + encodeURIComponent(id)), get('/api/codings', { source: id }), get('/api/codebook'),
    get('/api/episodes').catch(() => [])]);
  const mine = episodes.filter((e) => e.source === detail.id);
  const colors = codeColors(cb);
  const filterSel = h('select', { id: 'coder-filter', 'aria-label': 'Show codings by' });
  cur = { id, detail, codings, colors, cb, filter: sessionStorage.getItem('grounded.filter') || 'all', els: new Map(), kb: null };
  const coders = [...new Set(codings.map((c) => c.coder))].sort();
  replace(filterSel, h('option', { value: 'all' }, 'All coders'), h('option', { value: 'mine' }, `Only mine (${state.coder})`),
    coders.map((c) => h('option', { value: 'coder:' + c }, 'Only ' + c)));
  filterSel.value = [...filterSel.options].some((o) => o.value === cur.filter) ? cur.filter : 'all';
  filterSel.addEventListener('change', () => { cur.filter = filterSel.value; sessionStorage.setItem('grounded.filter', cur.filter); refreshAll(); });
  const attrs = Object.entries(detail.attributes || {}).sort();
  const head = h('div', { class: 'reader-head' },
    h('div', {},
      h('h1', {}, detail.id, h('span', { class: 'muted' }, ' · participant ', detail.participant)),
      attrs.length ? h('dl', { class: 'attrs' }, attrs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
      mine.length ? h('ul', { class: 'episodes', 'aria-label': 'Episodes' }, mine.map((e) => h('li', {}, h('strong', {}, e.name),
        ` · turns ${e.from}–${e.to}${e.client ? ' · client ' + e.client : ''} · ${e.codings} coding(s)`))) : null),
    h('div', { class: 'reader-tools' }, h('label', { for: 'coder-filter' }, 'Show '), filterSel,
      h('span', { class: 'hint' }, 'Select words to code them · Tab to a turn, Shift+→ to select by word, c to code')));
  const turnsEl = h('div', { class: 'turns', id: 'turns' });
  replace(main, head, turnsEl);
  indexCodings();
  cur.observer = new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) { fill(e.target); cur.observer.unobserve(e.target); }
  }, { rootMargin: '800px 0px' });
  for (const t of detail.turns) {
    const el = h('section', { class: 'turn pending', id: 'turn-' + t.n, 'data-n': t.n, tabindex: '0', 'aria-label': `Turn ${t.n}${t.speaker ? ', ' + t.speaker : ''}` });
    el.style.setProperty('min-height', Math.max(3, Math.ceil(cpLen(t.text) / 90)) * 1.6 + 'em');
    el.addEventListener('keydown', (e) => turnKey(e, t, el));
    el.addEventListener('keyup', (e) => turnKeyUp(e, t, el));
    cur.els.set(t.n, el);
    turnsEl.appendChild(el);
    cur.observer.observe(el);
  }
  turnsEl.addEventListener('mouseup', () => setTimeout(selectionToPicker, 0));
  if (hash && hash.startsWith('#turn-')) {
    const el = document.getElementById(hash.slice(1));
    if (el) { fill(el); el.scrollIntoView({ block: 'center' }); el.focus({ preventScroll: true }); el.classList.add('target'); }
  }
}

// reload fetches the codings again (after a change here or elsewhere) and
// redraws the turns already rendered.
export async function reloadSource() {
  if (!cur || !document.getElementById('turns')) return;
  const [codings, cb] = await Promise.all([get('/api/codings', { source: cur.id }), get('/api/codebook')]);
  cur.codings = codings; cur.cb = cb; cur.colors = codeColors(cb);
  refreshAll();
}

function refreshAll() {
  indexCodings();
  for (const el of cur.els.values()) if (!el.classList.contains('pending')) fill(el);
}

function visible(c) {
  if (cur.filter === 'mine') return c.coder.toLowerCase() === state.coder.toLowerCase();
  if (cur.filter.startsWith('coder:')) return c.coder === cur.filter.slice(6);
  return true;
}

function indexCodings() {
  cur.byTurn = new Map();
  for (const c of cur.codings) {
    if (!visible(c) || c.orphaned) continue;
    if (!cur.byTurn.has(c.turn)) cur.byTurn.set(c.turn, []);
    cur.byTurn.get(c.turn).push(c);
  }
}

const colorFor = (name) => colorOf(name, cur.colors.get(name.toLowerCase()));

// fill renders one turn: its head (reference, speaker, role, time), its
// text cut into segments at every coding boundary, and the stripes.
//
// A redraw (after a change here or elsewhere) replaces the turn's
// children; when one of them had the keyboard focus, the highlight that
// starts at the same place (else the turn) gets it back, with a key half
// pressed on it, so that a keyboard user is never dropped to the page.
function fill(el) {
  const had = el.contains(document.activeElement) && document.activeElement !== el ? document.activeElement : null;
  const n = Number(el.dataset.n);
  const t = cur.detail.turns[n - 1];
  const cs = (cur.byTurn.get(n) || []).slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const chars = cps(t.text);
  const cuts = new Set([0, chars.length]);
  for (const c of cs) { cuts.add(Math.max(0, Math.min(c.start, chars.length))); cuts.add(Math.max(0, Math.min(c.end, chars.length))); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const text = h('div', { class: 'turn-text', 'data-turn': n });
  for (let i = 0; i + 1 < bounds.length; i++) {
    const s = bounds[i], e = bounds[i + 1];
    const over = cs.filter((c) => c.start <= s && c.end >= e);
    const seg = h('span', { class: 'seg', 'data-start': s }, chars.slice(s, e).join(''));
    if (over.length) {
      const top = over.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
      seg.classList.add('hl');
      if (over.length > 1) seg.classList.add('multi');
      seg.style.setProperty('--hl', tint(colorFor(top.code), over.length > 1 ? 0.38 : 0.24));
      seg.style.setProperty('--hl-line', colorFor(top.code));
      seg.setAttribute('tabindex', '0');
      seg.setAttribute('role', 'button');
      const label = over.map((c) => `${c.code} — ${c.coder}${c.memo ? ' — memo: ' + c.memo : ''}`).join('\n');
      seg.setAttribute('title', label);
      seg.setAttribute('aria-label', 'Coded: ' + label.replaceAll('\n', '; '));
      seg.addEventListener('click', (e) => { if (!window.getSelection().isCollapsed) return; e.stopPropagation(); codingMenu(seg, over); });
      // Open on the key's release, so that the key does not also press the
      // menu's first button.
      seg.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); seg.dataset.pressed = e.key; } });
      seg.addEventListener('keyup', (e) => {
        if (e.key !== seg.dataset.pressed) return;
        e.stopPropagation();
        delete seg.dataset.pressed;
        codingMenu(seg, over);
      });
    }
    text.appendChild(seg);
  }
  const codes = [...new Set(cs.map((c) => c.code))];
  const len = Math.max(1, chars.length);
  const margin = h('div', { class: 'margin', 'aria-hidden': 'true' },
    h('div', { class: 'stripes' }, codes.map((code, i) => cs.filter((c) => c.code === code).map((c) => {
      const bar = h('span', { class: 'stripe', title: code });
      bar.style.setProperty('left', i * 9 + 'px');
      bar.style.setProperty('top', (100 * c.start / len) + '%');
      bar.style.setProperty('height', Math.max(6, 100 * (c.end - c.start) / len) + '%');
      bar.style.setProperty('background', colorFor(code));
      return bar;
    }))),
    h('ul', { class: 'stripe-labels' }, codes.map((code) => {
      const li = h('li', {}, h('span', { class: 'swatch' }), code);
      li.firstChild.style.setProperty('background', colorFor(code));
      return li;
    })));
  const role = t.role || '';
  replace(el,
    h('header', { class: 'turn-head' },
      h('a', { class: 'ref', href: `/sources/${encodeURIComponent(cur.id)}#turn-${n}`, tabindex: '-1' }, t.ref),
      t.speaker ? h('span', { class: 'speaker' }, t.speaker) : null,
      role ? h('span', { class: 'role' }, role) : null,
      t.start ? h('span', { class: 'time' }, t.start) : null),
    text, margin);
  el.classList.remove('pending');
  el.style.removeProperty('min-height');
  if (had) {
    const seg = had.classList.contains('seg') && [...text.querySelectorAll('.seg.hl')].find((x) => x.dataset.start === had.dataset.start);
    if (seg && had.dataset.pressed) seg.dataset.pressed = had.dataset.pressed;
    (seg || el).focus({ preventScroll: true });
  }
}

// ---- selection ----

// offsetIn returns the code-point offset in the turn text of (node, off),
// a DOM position inside one of its segments.
function offsetIn(textEl, node, off) {
  let seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  if (seg === textEl) { // a position between segments
    const kids = textEl.children;
    if (off >= kids.length) return cpLen(cur.detail.turns[Number(textEl.dataset.turn) - 1].text);
    return Number(kids[off].dataset.start);
  }
  seg = seg.closest('.seg');
  if (!seg) return null;
  const before = node.nodeType === Node.TEXT_NODE ? node.data.slice(0, off) : '';
  return Number(seg.dataset.start) + cpLen(before);
}

// domPos is the inverse of offsetIn: the text node and UTF-16 offset of
// code point cp.
function domPos(textEl, cp) {
  for (const seg of textEl.children) {
    const s = Number(seg.dataset.start), str = seg.firstChild ? seg.firstChild.data : '';
    const n = cpLen(str);
    if (cp <= s + n) return [seg.firstChild || seg, cps(str).slice(0, cp - s).join('').length];
  }
  const last = textEl.lastElementChild;
  return [last.firstChild, last.firstChild.data.length];
}

function currentSpan() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const a = r.startContainer.parentElement && r.startContainer.parentElement.closest('.turn-text') || (r.startContainer.closest && r.startContainer.closest('.turn-text'));
  const b = r.endContainer.parentElement && r.endContainer.parentElement.closest('.turn-text') || (r.endContainer.closest && r.endContainer.closest('.turn-text'));
  if (!a || a !== b) {
    if (a || b) toast('A coding stays inside one turn: select words within a single turn.');
    return null;
  }
  let s = offsetIn(a, r.startContainer, r.startOffset), e = offsetIn(a, r.endContainer, r.endOffset);
  if (s === null || e === null) return null;
  const n = Number(a.dataset.turn);
  const chars = cps(cur.detail.turns[n - 1].text);
  while (s < e && /\s/.test(chars[s])) s++;
  while (e > s && /\s/.test(chars[e - 1])) e--;
  if (s >= e) return null;
  return { n, start: s, end: e, quote: chars.slice(s, e).join(''), rect: r.getBoundingClientRect() };
}

function selectionToPicker() {
  const sp = currentSpan();
  if (sp) pick(sp, cur.els.get(sp.n));
}

function pick(sp, focusBack) {
  if (state.readOnly) { toast('The workbench is read-only.'); return; }
  const codes = cur.cb.codes.map((c) => ({ name: c.name, color: cur.colors.get(c.name.toLowerCase()) }));
  openPicker({
    rect: sp.rect, codes, quote: sp.quote, restoreFocus: focusBack,
    title: `Code ${cur.id}#${sp.n}:${sp.start}-${sp.end}`,
    onApply: (name) => apply(name, sp),
  });
}

async function apply(name, sp) {
  try {
    const c = await post('/api/codings', { code: name, ref: `${cur.id}#${sp.n}:${sp.start}-${sp.end}`, quote: sp.quote });
    window.getSelection().removeAllRanges();
    toast(`Coded ${c.ref} as “${c.code}”.`);
    await reloadSource();
  } catch (e) { toast(e.message, true); }
}

// turnKey: keyboard selection inside a focused turn.
function turnKey(e, t, el) {
  if (e.target !== el) return;
  const textEl = el.querySelector('.turn-text');
  if (!textEl) return;
  const chars = cps(t.text);
  const words = [];
  const re = /\S+/gu;
  let m;
  const str = chars.join('');
  while ((m = re.exec(str))) { const s = cpLen(str.slice(0, m.index)); words.push([s, s + cpLen(m[0])]); }
  if (!words.length) return;
  let kb = cur.kb && cur.kb.n === t.n ? cur.kb : { n: t.n, a: 0, b: 0 };
  if (e.key === 'ArrowRight' && e.shiftKey) kb = { ...kb, b: Math.min(words.length - 1, kb.b + (cur.kb && cur.kb.n === t.n ? 1 : 0)) };
  else if (e.key === 'ArrowLeft' && e.shiftKey) kb = { ...kb, b: Math.max(kb.a, kb.b - 1) };
  else if (e.key === 'ArrowRight' && e.altKey) kb = { n: t.n, a: Math.min(words.length - 1, kb.a + 1), b: Math.min(words.length - 1, kb.a + 1) };
  else if (e.key === 'ArrowLeft' && e.altKey) kb = { n: t.n, a: Math.max(0, kb.a - 1), b: Math.max(0, kb.a - 1) };
  else if (e.key === 'c' || e.key === 'Enter') {
    // Open on the key's release, so that the key itself does not reach the
    // picker's input.
    e.preventDefault();
    cur.pendingKey = e.key;
    return;
  } else return;
  e.preventDefault();
  cur.kb = kb;
  const [sn, so] = domPos(textEl, words[kb.a][0]);
  const [en, eo] = domPos(textEl, words[kb.b][1]);
  const r = document.createRange();
  r.setStart(sn, so); r.setEnd(en, eo);
  const sel = window.getSelection();
  sel.removeAllRanges(); sel.addRange(r);
}

// turnKeyUp opens the picker for the selection (or the whole turn) when c
// or Enter was pressed on the turn itself.
function turnKeyUp(e, t, el) {
  if (e.target !== el || e.key !== cur.pendingKey) return;
  cur.pendingKey = null;
  const chars = cps(t.text);
  // The selection made with the keys (or the mouse), else the whole turn.
  const sp = currentSpan() || { n: t.n, start: 0, end: chars.length, quote: t.text, rect: el.getBoundingClientRect() };
  pick(sp, el);
}

// ---- a click on a highlight: remove, recode, memo ----

function codingMenu(seg, codings) {
  document.querySelectorAll('.coding-menu').forEach((m) => m.remove());
  const menu = h('div', { class: 'coding-menu', role: 'dialog', 'aria-label': 'Codings here' },
    codings.map((c) => h('div', { class: 'cm-item' },
      h('div', { class: 'cm-code' }, h('span', { class: 'swatch', style: { background: colorFor(c.code) } }), c.code),
      h('div', { class: 'cm-meta' }, `${c.coder} · ${c.ref}`),
      h('blockquote', { class: 'cm-quote' }, c.quote),
      c.memo ? h('div', { class: 'cm-memo' }, c.memo) : null,
      h('div', { class: 'cm-actions' },
        h('button', { type: 'button', onclick: () => removeCoding(c, menu) }, 'Remove'),
        h('button', { type: 'button', onclick: () => recode(c, seg, menu) }, 'Recode…'),
        h('button', { type: 'button', onclick: () => memoForm(c, menu) }, 'Memo…'),
        h('a', { href: '/codes/' + encodeURIComponent(c.code), 'data-nav': '' }, 'All passages')))),
    h('button', { type: 'button', class: 'cm-close', 'aria-label': 'Close', onclick: () => { menu.remove(); seg.focus(); } }, '×'));
  menu.addEventListener('keydown', (e) => { if (e.key === 'Escape') { menu.remove(); seg.focus(); } });
  document.body.appendChild(menu);
  const r = seg.getBoundingClientRect();
  menu.style.setProperty('top', r.bottom + window.scrollY + 6 + 'px');
  menu.style.setProperty('left', Math.min(window.innerWidth - 380, Math.max(8, r.left)) + 'px');
  menu.querySelector('button').focus();
}

async function removeCoding(c, menu) {
  try { await del('/api/codings/' + encodeURIComponent(c.id)); menu.remove(); toast(`Removed “${c.code}” at ${c.ref}.`); await reloadSource(); }
  catch (e) { toast(e.message, true); }
}

function recode(c, seg, menu) {
  menu.remove();
  const codes = cur.cb.codes.map((x) => ({ name: x.name, color: cur.colors.get(x.name.toLowerCase()) }));
  openPicker({
    rect: seg.getBoundingClientRect(), codes, quote: c.quote, title: `Recode “${c.code}” at ${c.ref}`, restoreFocus: seg,
    onApply: async (name) => {
      try {
        await post('/api/codings', { code: name, ref: c.ref, quote: c.quote, memo: c.memo || undefined });
        await del('/api/codings/' + encodeURIComponent(c.id));
        toast(`Recoded ${c.ref} as “${name}”.`);
        await reloadSource();
      } catch (e) { toast(e.message, true); }
    },
  });
}

function memoForm(c, menu) {
  const ta = h('textarea', { rows: '5', 'aria-label': 'Memo on this passage (Markdown)' });
  const preview = h('div', { class: 'preview' });
  ta.addEventListener('input', () => replace(preview, renderMarkdown(ta.value)));
  replace(menu, h('div', { class: 'cm-code' }, 'Memo on ', c.ref), ta, preview,
    h('div', { class: 'cm-actions' },
      h('button', { type: 'button', onclick: async () => {
        try { await post('/api/memos', { target: { kind: 'ref', name: c.ref }, body: ta.value }); menu.remove(); toast('Memo saved.'); }
        catch (e) { toast(e.message, true); }
      } }, 'Save memo'),
      h('button', { type: 'button', onclick: () => menu.remove() }, 'Cancel')));
  ta.focus();
}

