// picker.js: the code picker, an ARIA combobox (input + listbox). Type to
// filter, arrows to move, Enter to apply, Escape to close. Recent codes come
// first; the last options create a new code or an in-vivo code named after
// the selected words.
import { h, replace, colorOf } from './dom.js';

const RECENT = 'grounded.recent';
let open = null;

export function recentCodes() {
  try { return JSON.parse(localStorage.getItem(RECENT) || '[]'); } catch { return []; }
}

function remember(name) {
  const r = recentCodes().filter((n) => n.toLowerCase() !== name.toLowerCase());
  r.unshift(name);
  localStorage.setItem(RECENT, JSON.stringify(r.slice(0, 12)));
}

export function closePicker() {
  if (open) { open.remove(); open = null; }
}

// openPicker shows the picker near rect. codes: [{name, color}]; quote: the
// selected words (for in vivo); onApply(name) is called with the chosen
// code's name; onClose when it closes without one.
export function openPicker({ rect, codes, quote, title, onApply, onClose, restoreFocus }) {
  closePicker();
  const recent = recentCodes();
  const rank = (n) => { const i = recent.findIndex((r) => r.toLowerCase() === n.toLowerCase()); return i < 0 ? 1e6 : i; };
  const sorted = [...codes].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  const input = h('input', {
    type: 'text', id: 'picker-input', class: 'picker-input', role: 'combobox', 'aria-expanded': 'true',
    'aria-controls': 'picker-list', 'aria-autocomplete': 'list', 'aria-label': 'Code name: type to filter or to create a new code',
    placeholder: 'Code… (type to filter)', autocomplete: 'off', spellcheck: 'false',
  });
  const list = h('ul', { id: 'picker-list', class: 'picker-list', role: 'listbox', 'aria-label': 'Codes' });
  const box = h('div', { class: 'picker', role: 'dialog', 'aria-label': title || 'Apply a code' },
    h('div', { class: 'picker-head' }, title || 'Apply a code'),
    quote ? h('div', { class: 'picker-quote' }, '“', quote.length > 120 ? quote.slice(0, 119) + '…' : quote, '”') : null,
    input, list,
    h('div', { class: 'picker-help' }, '↑↓ choose · Enter apply · Esc close'));
  let options = [], active = 0, enterDown = false;
  const done = (name) => {
    closePicker();
    if (restoreFocus) restoreFocus.focus();
    if (name) { remember(name); onApply(name); } else if (onClose) onClose();
  };
  const render = () => {
    const q = input.value.trim();
    const ql = q.toLowerCase();
    options = sorted.filter((c) => c.name.toLowerCase().includes(ql)).slice(0, 50).map((c) => ({ name: c.name, color: c.color, label: c.name, kind: rank(c.name) < 1e6 ? 'recent' : '' }));
    if (q && !codes.some((c) => c.name.toLowerCase() === ql)) options.push({ name: q, label: `Create code “${q}”`, kind: 'new' });
    if (quote && !q) {
      const iv = quote.trim().replace(/\s+/g, ' ').slice(0, 80);
      if (iv && !codes.some((c) => c.name.toLowerCase() === iv.toLowerCase())) options.push({ name: iv, label: `In vivo: “${iv}”`, kind: 'invivo' });
    }
    active = Math.min(active, Math.max(0, options.length - 1));
    replace(list, options.map((o, i) => h('li', {
      id: 'picker-opt-' + i, role: 'option', class: 'picker-opt ' + o.kind, 'aria-selected': i === active ? 'true' : 'false',
      onmousedown: (e) => { e.preventDefault(); done(o.name); },
    }, o.kind === 'new' || o.kind === 'invivo' ? null : h('span', { class: 'swatch', style: { background: colorOf(o.name, o.color) } }), o.label,
    o.kind === 'recent' ? h('span', { class: 'tag' }, 'recent') : null)));
    if (options.length) {
      input.setAttribute('aria-activedescendant', 'picker-opt-' + active);
      list.children[active].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  input.addEventListener('input', () => { active = 0; render(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { active = Math.min(options.length - 1, active + 1); render(); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { active = Math.max(0, active - 1); render(); e.preventDefault(); }
    // Apply on Enter's release: applied on the press, the focus would go
    // back (restoreFocus) before the key's release and keypress, which would
    // press the button that opened the picker, opening it again.
    else if (e.key === 'Enter') { e.preventDefault(); enterDown = true; }
    else if (e.key === 'Escape') { e.preventDefault(); done(null); }
  });
  input.addEventListener('keyup', (e) => {
    if (e.key !== 'Enter' || !enterDown) return;
    enterDown = false;
    if (options[active]) done(options[active].name);
  });
  input.addEventListener('blur', () => setTimeout(() => { if (open === box && !box.contains(document.activeElement)) done(null); }, 150));
  document.body.appendChild(box);
  const top = Math.min(window.innerHeight - 320, (rect ? rect.bottom : 120) + 6);
  const left = Math.min(window.innerWidth - 340, Math.max(8, rect ? rect.left : 120));
  box.style.setProperty('top', Math.max(8, top) + window.scrollY + 'px');
  box.style.setProperty('left', left + 'px');
  open = box;
  render();
  input.focus();
}
