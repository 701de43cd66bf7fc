// dom.js: building elements. Text is always inserted as text nodes; this
// module has no way to insert HTML.

// h(tag, attrs, ...children): attrs are attributes (class, id, aria-*,
// data-*, ...) or on* functions as event listeners; children are nodes or
// strings (made text nodes), arrays of them, null or false (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'style') {
      for (const [p, val] of Object.entries(v)) el.style.setProperty(p, val);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// clear removes every child of el and appends children.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// cps returns the code points of s (the unit of every span the API uses).
export function cps(s) { return Array.from(s); }

// cpLen is the number of code points of s.
export function cpLen(s) { let n = 0; for (const _ of s) n++; return n; }

// A palette with enough contrast against white text-background tints.
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#1f77b4', '#d62728'];

// colorOf returns a code's colour: its own, else a stable one from its name.
export function colorOf(name, own) {
  if (own && /^#[0-9a-fA-F]{6}$/.test(own)) return own;
  let x = 0;
  for (const ch of name.toLowerCase()) x = (x * 31 + ch.codePointAt(0)) >>> 0;
  return palette[x % palette.length];
}

// tint is colour c at alpha a, as rgba().
export function tint(c, a) {
  const n = parseInt(c.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

export function fmtTime(s) {
  if (!s) return '';
  const d = new Date(s);
  return isNaN(d) ? s : d.toISOString().slice(0, 16).replace('T', ' ');
}
