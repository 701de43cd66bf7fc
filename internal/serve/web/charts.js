// charts.js: the saturation chart and the co-occurrence heat map, built
// with DOM APIs (SVG elements made with createElementNS, text as text
// nodes); nothing is parsed as HTML.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// saturationChart draws 'report saturation --json': the running totals of
// codes and categories over the coded transcripts, with the saturation
// point marked.
export function saturationChart(r) {
  const steps = r.steps || [];
  if (!steps.length) return h('p', { class: 'muted' }, 'No transcript is coded yet, so there is nothing to saturate.');
  const W = 560, H = 260, L = 44, R = 16, T = 16, B = 56;
  const max = Math.max(1, ...steps.map((s) => Math.max(s.codes, s.categories)));
  const x = (i) => L + (steps.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (steps.length - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const line = (key, cls) => svg('polyline', { class: cls, fill: 'none', points: steps.map((s, i) => `${x(i)},${y(s[key])}`).join(' ') });
  const ticks = [0, Math.round(max / 2), max];
  const chart = svg('svg', { class: 'saturation', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'sat-title' },
    svg('title', { id: 'sat-title' }, `Codes and categories over ${steps.length} coded transcripts${r.reached ? `; saturation after ${r.after}` : '; saturation not reached'}`),
    ticks.map((v) => [svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }), svg('text', { class: 'tick', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v)]),
    steps.map((s, i) => svg('text', { class: 'tick', x: x(i), y: H - B + 16, 'text-anchor': 'middle' }, s.source)),
    r.reached ? svg('line', { class: 'point', x1: x(r.point - 1), x2: x(r.point - 1), y1: T, y2: H - B }) : null,
    line('codes', 'codes'), line('categories', 'categories'),
    steps.map((s, i) => svg('circle', { class: 'codes', cx: x(i), cy: y(s.codes), r: 3 }, svg('title', {}, `${s.source}: ${s.codes} codes (${s.new_codes.length} new)`))),
    svg('text', { class: 'legend codes', x: L, y: H - 12 }, '● codes'),
    svg('text', { class: 'legend categories', x: L + 80, y: H - 12 }, '● categories'),
    r.reached ? svg('text', { class: 'legend point', x: L + 190, y: H - 12 }, `┆ saturation after ${r.after} (k = ${r.k})`) : null);
  return h('figure', { class: 'chart' }, chart,
    h('figcaption', {}, r.reached ? `Saturation reached after ${r.after}: the next ${r.k} transcript(s) brought no new code.` : `Saturation not reached (k = ${r.k}).`));
}

// heatMap draws 'report cooccurrence --json' as a matrix of the codes that
// co-occur most, each cell shaded by the Jaccard index and giving the
// count of shared units.
export function heatMap(ct, limit = 16) {
  const pairs = ct.pairs || [];
  if (!pairs.length) return h('p', { class: 'muted' }, 'No two codes share a turn yet.');
  const weight = new Map();
  for (const p of pairs) for (const n of [p.a, p.b]) weight.set(n, (weight.get(n) || 0) + p.both);
  const names = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a) || a.localeCompare(b)).slice(0, limit);
  const cell = new Map();
  for (const p of pairs) { cell.set(p.a + '\u0000' + p.b, p); cell.set(p.b + '\u0000' + p.a, p); }
  const table = h('table', { class: 'heat' },
    h('caption', {}, `Co-occurrence in the same ${ct.scope} of the ${names.length} codes that co-occur most (${ct.units} ${ct.scope}s hold codings). Darker: higher Jaccard index; the number is the ${ct.scope}s holding both.`),
    h('thead', {}, h('tr', {}, h('th', {}, ''), names.map((n) => h('th', { scope: 'col', class: 'col' }, h('span', {}, n))))),
    h('tbody', {}, names.map((a) => h('tr', {}, h('th', { scope: 'row' }, a), names.map((b) => {
      const p = a === b ? null : cell.get(a + '\u0000' + b);
      const td = h('td', { class: 'num', title: p ? `${a} & ${b}: ${p.both} ${ct.scope}s together, Jaccard ${p.jaccard.toFixed(3)}` : '' }, p ? String(p.both) : '');
      if (p) {
        td.style.setProperty('background', `rgba(37, 99, 235, ${(0.08 + 0.85 * p.jaccard).toFixed(3)})`);
        if (p.jaccard > 0.45) td.classList.add('dark');
      }
      return td;
    })))));
  return h('div', { class: 'heat-wrap' }, table);
}
