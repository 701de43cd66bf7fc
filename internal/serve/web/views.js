// views.js: the sources list, codebook, a code's passages, search, memos,
// analysis and log.
import { h, replace, cps, colorOf, fmtTime } from './dom.js';
import { get, post, state } from './api.js';
import { renderMarkdown } from './markdown.js';
import { openPicker } from './picker.js';
import { saturationChart, heatMap } from './charts.js';
import { toast, codeColors, navigate } from './app.js';

const link = (href, ...text) => h('a', { href, 'data-nav': '' }, ...text);
const srcLink = (ref) => {
  const m = /^([^#]+)(?:#(\d+))?/.exec(ref);
  return `/sources/${encodeURIComponent(m[1])}${m[2] ? '#turn-' + m[2] : ''}`;
};

async function sources(main) {
  const [srcs, prog] = await Promise.all([get('/api/sources'), get('/api/progress')]);
  const byID = new Map(prog.map((p) => [p.source, p]));
  const coders = [...new Set(prog.flatMap((p) => Object.keys(p.coded)))].sort();
  const attrKeys = [...new Set(srcs.flatMap((s) => Object.keys(s.attributes || {})))].sort().slice(0, 3);
  replace(main, h('h1', {}, 'Sources'),
    srcs.length === 0 ? h('p', { class: 'empty' }, 'No transcripts yet: add them with grounded ingest.') :
      h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Source'), h('th', {}, 'Participant'), attrKeys.map((k) => h('th', {}, k)),
          h('th', { class: 'num' }, 'Turns'), coders.map((c) => h('th', {}, 'Coded by ', c)))),
        h('tbody', {}, srcs.map((s) => {
          const p = byID.get(s.id) || { coded: {}, turns: s.turns };
          return h('tr', {}, h('td', {}, link('/sources/' + encodeURIComponent(s.id), s.id)), h('td', {}, s.participant),
            attrKeys.map((k) => h('td', {}, (s.attributes || {})[k] || '')),
            h('td', { class: 'num' }, String(s.turns)),
            coders.map((c) => {
              const n = p.coded[c] || 0, pct = s.turns ? Math.round(100 * n / s.turns) : 0;
              const bar = h('span', { class: 'bar-fill' });
              bar.style.setProperty('width', pct + '%');
              return h('td', {}, h('span', { class: 'bar', role: 'img', 'aria-label': `${n} of ${s.turns} turns coded by ${c}` }, bar), h('span', { class: 'bar-num' }, `${n}/${s.turns}`));
            }));
        }))));
}

// ---- codebook ----

async function codebook(main) {
  const cb = await get('/api/codebook');
  const colors = codeColors(cb);
  const codesIn = (cat) => cb.codes.filter((c) => (c.category || '').toLowerCase() === (cat || '').toLowerCase());
  const children = (name) => cb.categories.filter((c) => (c.parent || '').toLowerCase() === name.toLowerCase());
  const codeRow = (c) => h('li', { class: 'code-row' },
    h('span', { class: 'swatch', style: { background: colorOf(c.name, colors.get(c.name.toLowerCase())) } }),
    link('/codes/' + encodeURIComponent(c.name), c.name),
    h('span', { class: 'count', title: `${c.codings} codings in ${c.sources} sources, ${c.participants} participants` }, String(c.codings)),
    h('span', { class: 'row-actions' }, state.readOnly ? null : codeActions(c, cb)));
  // A category's count covers its sub-categories too, as in the hierarchy.
  const total = (cat) => cat.codings + children(cat.name).reduce((n, c) => n + total(c), 0);
  const catNode = (cat, depth) => h('li', { class: 'cat depth-' + depth },
    h('div', { class: 'cat-head' }, h('span', { class: 'cat-name' }, cat.name),
      h('span', { class: 'count', title: 'codings, sub-categories included' }, String(total(cat))),
      cat.provisional ? h('span', { class: 'tag' }, 'provisional') : null),
    cat.description ? h('div', { class: 'desc' }, cat.description) : null,
    h('ul', {}, children(cat.name).map((c) => catNode(c, depth + 1)), codesIn(cat.name).map(codeRow)));
  const stageSet = new Set(cb.stages.map((s) => s.toLowerCase()));
  const inTree = new Set();
  const mark = (name) => { inTree.add(name.toLowerCase()); children(name).forEach((c) => mark(c.name)); };
  cb.stages.forEach(mark);
  const looseCats = cb.categories.filter((c) => !inTree.has(c.name.toLowerCase()) && !c.parent);
  const tree = h('ul', { class: 'tree' },
    cb.core ? h('li', { class: 'core' }, h('div', { class: 'cat-head core-head' }, h('span', { class: 'level' }, 'Core'), h('span', { class: 'cat-name' }, cb.core)),
      h('ol', { class: 'stages' }, cb.stages.map((s) => {
        const cat = cb.categories.find((c) => c.name.toLowerCase() === s.toLowerCase()) || { name: s, codings: 0 };
        return h('li', { class: 'stage' }, catNode(cat, 1));
      }))) : null,
    looseCats.length || codesIn('').length ? h('li', { class: 'unassigned' }, h('div', { class: 'cat-head' }, h('span', { class: 'cat-name' }, 'Not under the core')),
      h('ul', {}, looseCats.filter((c) => !stageSet.has(c.name.toLowerCase())).map((c) => catNode(c, 1)), codesIn('').map(codeRow))) : null);
  const newCat = h('form', { class: 'inline-form' },
    h('input', { name: 'name', placeholder: 'New category', 'aria-label': 'New category name', required: true }),
    h('select', { name: 'parent', 'aria-label': 'Parent' }, h('option', { value: '' }, 'no parent'), cb.categories.map((c) => h('option', { value: c.name }, c.name))),
    h('button', { type: 'submit' }, 'Add category'));
  newCat.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await post('/api/categories', { name: newCat.name.value, parent: newCat.parent.value }); toast('Category added.'); await codebook(main); }
    catch (err) { toast(err.message, true); }
  });
  replace(main, h('div', { class: 'page-head' }, h('h1', {}, 'Codebook'), h('span', { class: 'muted' }, `${cb.codes.length} codes · ${cb.categories.length} categories`)),
    state.readOnly ? null : newCat, tree);
}

// codeActions: rename, merge, move, describe, each an inline form.
function codeActions(c, cb) {
  const menu = h('select', { 'aria-label': `Change code ${c.name}` },
    h('option', { value: '' }, 'Edit…'), h('option', { value: 'rename' }, 'Rename'), h('option', { value: 'merge' }, 'Merge into…'),
    h('option', { value: 'move' }, 'Move to category…'), h('option', { value: 'describe' }, 'Describe'));
  menu.addEventListener('change', () => {
    const act = menu.value;
    menu.value = '';
    const row = menu.closest('li');
    row.querySelectorAll('form').forEach((f) => f.remove());
    const form = h('form', { class: 'inline-form editing' });
    let send;
    if (act === 'rename') {
      form.append(h('input', { name: 'v', value: c.name, 'aria-label': 'New name' }));
      send = (v) => post('/api/codes/rename', { old: c.name, new: v });
    } else if (act === 'merge') {
      form.append(h('select', { name: 'v', 'aria-label': 'Merge into' }, cb.codes.filter((x) => x.name !== c.name).map((x) => h('option', { value: x.name }, x.name))));
      send = (v) => post('/api/codes/merge', { codes: [c.name], into: v });
    } else if (act === 'move') {
      form.append(h('select', { name: 'v', 'aria-label': 'Category' }, h('option', { value: '' }, '(no category)'), cb.categories.map((x) => h('option', { value: x.name, selected: x.name === c.category }, x.name))));
      send = (v) => post('/api/categories/assign', { codes: [c.name], to: v });
    } else if (act === 'describe') {
      const d = cb.definitions.find((x) => x.name === c.name) || {};
      form.append(h('textarea', { name: 'v', rows: '3', 'aria-label': 'Description' }, d.description || ''));
      send = (v) => post('/api/codes/describe', { name: c.name, description: v });
    } else return;
    form.append(h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', onclick: () => form.remove() }, 'Cancel'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try { await send(form.v.value); toast('Saved.'); await codebook(document.getElementById('main')); }
      catch (err) { toast(err.message, true); }
    });
    row.append(form);
    form.v.focus();
  });
  return menu;
}

// code: a code's definition and every passage coded with it, in context.
async function code(main, name) {
  const [cb, codings] = await Promise.all([get('/api/codebook'), get('/api/codings', { code: name })]);
  const def = cb.definitions.find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (!def) { replace(main, h('h1', {}, 'No code ', name)); return; }
  const turns = new Map();
  for (const src of [...new Set(codings.map((c) => c.source))]) {
    const d = await get('/api/sources/' + encodeURIComponent(src));
    turns.set(src, d.turns);
  }
  const color = colorOf(def.name, def.color);
  replace(main, h('div', { class: 'page-head' }, h('span', { class: 'swatch big', style: { background: color } }), h('h1', {}, def.name),
    h('span', { class: 'muted' }, [def.stage, def.category].filter(Boolean).join(' › '))),
  h('dl', { class: 'definition' },
    [['Description', def.description], ['When to use', def.when_to_use], ['When not to use', def.when_not_to_use], ['Example', def.example]]
      .filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
  h('h2', {}, `${codings.length} passage${codings.length === 1 ? '' : 's'}`),
  h('ol', { class: 'passages' }, codings.map((c) => {
    const t = (turns.get(c.source) || [])[c.turn - 1];
    const chars = t ? cps(t.text) : [];
    const before = chars.slice(Math.max(0, c.start - 160), c.start).join(''), after = chars.slice(c.end, c.end + 160).join('');
    const mark = h('mark', {}, c.quote);
    mark.style.setProperty('--hl', color);
    return h('li', { class: 'passage' },
      h('div', { class: 'passage-meta' }, link(srcLink(c.ref), c.ref), t && t.speaker ? h('span', { class: 'speaker' }, t.speaker) : null, h('span', { class: 'muted' }, c.coder)),
      h('p', { class: 'kwic' }, c.start > 160 ? '…' : '', before, mark, after, chars.length > c.end + 160 ? '…' : ''));
  })));
}

// ---- search ----

async function search(main, params) {
  const form = h('form', { class: 'search-form', role: 'search' },
    h('input', { name: 'q', type: 'search', value: params.get('q') || '', placeholder: 'trust -judge, "warm handoff", showing*', 'aria-label': 'Search query' }),
    h('input', { name: 'speaker', value: params.get('speaker') || '', placeholder: 'speaker', 'aria-label': 'Speaker' }),
    h('input', { name: 'participant', value: params.get('participant') || '', placeholder: 'participant', 'aria-label': 'Participant' }),
    h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const k of ['q', 'speaker', 'participant']) if (form[k].value) q.set(k, form[k].value);
    navigate('/search?' + q);
  });
  const results = h('div', { class: 'results' });
  replace(main, h('h1', {}, 'Search'), form, results);
  if (!params.has('q') && !params.has('speaker') && !params.has('participant')) { form.q.focus(); return; }
  const [res, cb] = await Promise.all([get('/api/search', { q: params.get('q') || '', speaker: params.get('speaker'), participant: params.get('participant'), limit: 100 }), get('/api/codebook')]);
  const colors = codeColors(cb);
  const pickCodes = () => cb.codes.map((c) => ({ name: c.name, color: colors.get(c.name.toLowerCase()) }));
  // Several hits at once: tick them, then "Code selected…" applies one code
  // to every ticked turn in one change (one undo).
  const checks = [];
  const codeSel = h('button', { type: 'button', class: 'small', id: 'code-selected', disabled: true }, 'Code selected…');
  const all = h('input', { type: 'checkbox', id: 'select-all-hits', 'aria-label': 'Select every hit' });
  const sync = () => {
    const n = checks.filter((c) => c.checked).length;
    codeSel.disabled = n === 0;
    replace(codeSel, n ? `Code ${n} selected…` : 'Code selected…');
    all.checked = n > 0 && n === checks.length;
  };
  all.addEventListener('change', () => { checks.forEach((c) => { c.checked = all.checked; }); sync(); });
  codeSel.addEventListener('click', () => {
    const refs = checks.filter((c) => c.checked).map((c) => c.value);
    openPicker({
      rect: codeSel.getBoundingClientRect(), title: `Code ${refs.length} selected turn(s)`, restoreFocus: codeSel, codes: pickCodes(),
      onApply: async (name) => {
        try {
          const made = await post('/api/codings/batch', { code: name, refs });
          toast(`Coded ${made.length} turn(s) as “${name}”${made.length < refs.length ? `; ${refs.length - made.length} already had it` : ''}.`);
          checks.forEach((c) => { c.checked = false; }); sync();
        } catch (e) { toast(e.message, true); }
      },
    });
  });
  const tools = state.readOnly || !res.hits.length ? null : h('div', { class: 'hits-tools' }, h('label', {}, all, ' Select all'), codeSel);
  replace(results, h('p', { class: 'muted' }, `${res.hits.length} of ${res.total} matching turns`), tools,
    h('ol', { class: 'hits' }, res.hits.map((hit) => {
      const chars = cps(hit.text);
      const hl = hit.highlights[0] || { start: 0, end: 0 };
      const kwic = h('p', { class: 'kwic' }, hl.start > 80 ? '…' : '', chars.slice(Math.max(0, hl.start - 80), hl.start).join(''),
        h('mark', {}, chars.slice(hl.start, hl.end).join('')), chars.slice(hl.end, hl.end + 120).join(''), chars.length > hl.end + 120 ? '…' : '');
      const btn = h('button', { type: 'button', class: 'small' }, 'Code…');
      btn.addEventListener('click', () => openPicker({
        rect: btn.getBoundingClientRect(), quote: hit.text, title: `Code ${hit.ref}`, restoreFocus: btn, codes: pickCodes(),
        onApply: async (name) => {
          try { const c = await post('/api/codings', { code: name, ref: hit.ref }); toast(`Coded ${c.ref} as “${c.code}”.`); }
          catch (e) { toast(e.message, true); }
        },
      }));
      const check = h('input', { type: 'checkbox', class: 'hit-check', value: hit.ref, 'aria-label': 'Select ' + hit.ref });
      check.addEventListener('change', sync);
      checks.push(check);
      return h('li', { class: 'hit' }, h('div', { class: 'passage-meta' }, state.readOnly ? null : check, link(srcLink(hit.ref), hit.ref), hit.speaker ? h('span', { class: 'speaker' }, hit.speaker) : null, state.readOnly ? null : btn), kwic);
    })));
}

// ---- memos ----

async function memos(main) {
  const list = await get('/api/memos');
  const filter = h('input', { type: 'search', placeholder: 'Filter memos', 'aria-label': 'Filter memos' });
  const ul = h('ul', { class: 'memos' });
  const draw = () => {
    const q = filter.value.toLowerCase();
    replace(ul, list.filter((m) => !q || (m.body + ' ' + (m.target.name || '') + ' ' + m.author).toLowerCase().includes(q)).map(memoItem));
  };
  filter.addEventListener('input', draw);
  const kind = h('select', { name: 'kind', 'aria-label': 'Memo about' }, ['project', 'code', 'category', 'source', 'ref'].map((k) => h('option', { value: k }, k)));
  const target = h('input', { name: 'target', placeholder: 'name or reference', 'aria-label': 'Target name' });
  const newMemo = editor('', async (body) => {
    await post('/api/memos', { target: { kind: kind.value, name: kind.value === 'project' ? '' : target.value }, body });
    toast('Memo saved.');
    await memos(main);
  }, [kind, target]);
  replace(main, h('div', { class: 'page-head' }, h('h1', {}, 'Memos'), filter), state.readOnly ? null : h('details', { class: 'new-memo' }, h('summary', {}, 'New memo'), newMemo), ul);
  draw();
}

function memoItem(m) {
  const li = h('li', { class: 'memo' },
    h('div', { class: 'memo-meta' }, h('span', { class: 'tag' }, m.target.kind), m.target.name ? (m.target.kind === 'code' ? link('/codes/' + encodeURIComponent(m.target.name), m.target.name) : m.target.kind === 'source' || m.target.kind === 'ref' ? link(srcLink(m.target.name), m.target.name) : h('span', {}, m.target.name)) : null,
      h('span', { class: 'muted' }, `${m.author} · ${fmtTime(m.created)}`)),
    renderMarkdown(m.body));
  if (!state.readOnly) {
    const edit = h('button', { type: 'button', class: 'small' }, 'Edit');
    edit.addEventListener('click', () => {
      replace(li, li.firstChild, editor(m.body, async (body) => { await post('/api/memos', { id: m.id, body }); toast('Memo saved.'); await memos(document.getElementById('main')); }));
    });
    li.firstChild.append(edit);
  }
  return li;
}

// editor is a Markdown text area with a live, safe preview.
function editor(text, save, extra) {
  const ta = h('textarea', { rows: '8', 'aria-label': 'Memo (Markdown)' }, text);
  const preview = h('div', { class: 'preview', 'aria-label': 'Preview' }, renderMarkdown(text));
  ta.addEventListener('input', () => replace(preview, renderMarkdown(ta.value)));
  const form = h('form', { class: 'memo-editor editing' }, extra ? h('div', { class: 'row' }, extra) : null, h('div', { class: 'split' }, ta, preview), h('button', { type: 'submit' }, 'Save memo'));
  form.addEventListener('submit', async (e) => { e.preventDefault(); try { await save(ta.value); } catch (err) { toast(err.message, true); } });
  return form;
}

// ---- analysis ----

async function analysis(main) {
  const [hier, model, sat, cooc, guest] = await Promise.all([get('/api/hierarchy'), get('/api/model').catch((e) => ({ error: e.message })),
    get('/api/saturation').catch((e) => ({ error: e.message })), get('/api/cooccurrence').catch((e) => ({ error: e.message })),
    get('/api/saturation/guest').catch((e) => ({ error: e.message }))]);
  const node = (n, open) => h('li', { class: 'hnode ' + n.kind },
    h('details', { open: open || null },
      h('summary', {}, h('span', { class: 'level' }, n.order ? `${n.order}.` : n.kind), ' ', n.kind === 'code' ? link('/codes/' + encodeURIComponent(n.name), n.name) : n.name,
        h('span', { class: 'counts' }, `${n.codings} codings · ${n.participants} participants`)),
      n.description ? h('div', { class: 'desc' }, n.description) : null,
      (n.exemplars || []).length ? h('ul', { class: 'exemplars' }, n.exemplars.map((x) => h('li', {}, h('q', {}, x.quote), ' ', link(srcLink(x.ref), x.ref)))) : null,
      (n.children || []).length ? h('ul', {}, n.children.map((c) => node(c, false))) : null));
  const tree = h('ul', { class: 'htree' }, hier.core ? node(hier.core, true) : null, (hier.unassigned || []).length ? h('li', { class: 'hnode' }, h('details', {}, h('summary', {}, 'Unassigned'), h('ul', {}, hier.unassigned.map((c) => node(c, false))))) : null);
  const modelEl = model.error ? h('p', { class: 'muted' }, model.error) : modelCheck(model);
  const satEl = sat.error ? h('p', { class: 'muted' }, sat.error) : saturationChart(sat);
  const guestEl = guest.error ? h('p', { class: 'muted', id: 'guest-saturation' }, guest.error) : guestSaturation(guest);
  const coocEl = cooc.error ? h('p', { class: 'muted' }, cooc.error) : heatMap(cooc);
  replace(main, h('h1', {}, 'Analysis'), h('div', { class: 'two-col' }, h('section', {}, h('h2', {}, 'Hierarchy'), tree),
    h('section', {}, h('h2', {}, 'Model check'), modelEl, h('h2', {}, 'Saturation'), guestEl,
      h('h3', {}, 'New codes per transcript (ingest order)'), h('p', { class: 'muted' }, 'A description, not an assessment: recoding early transcripts with later ideas makes it look saturated early.'), satEl, h('p', {}, link('/agreement', 'Agreement between coders →')))),
  h('section', {}, h('h2', {}, 'Co-occurrence'), coocEl));
}

// modelCheck shows 'model check --json': coverage per stage with the
// negative cases beside their stage, the order in narrated time (its
// verdict and episodes) and the conditions, all as text.
function modelCheck(model) {
  const challenged = {};
  for (const c of model.challenges || []) challenged[c.stage] = c;
  const negs = (s) => {
    const c = challenged[s.name];
    const ncs = (c && c.negative_cases) || [];
    return ncs.length ? h('ul', { class: 'negatives' }, ncs.map((n) => h('li', {}, link(srcLink(n.ref), n.ref), ' ', h('span', { class: 'why' }, n.why)))) : '—';
  };
  const coverage = h('table', { class: 'grid model-stages' }, h('caption', {}, `Core: ${model.core}. ${model.participants} participants with coded transcripts; a stage needs at least ${model.min_participants}.`),
    h('thead', {}, h('tr', {}, ['Stage', 'Codes', 'Codings', 'Participants', 'Threshold', 'Negative cases'].map((t) => h('th', {}, t)))),
    h('tbody', {}, (model.stages || []).map((s) => h('tr', {}, h('td', {}, `${s.order}. ${s.name}`), h('td', { class: 'num' }, String(s.codes)), h('td', { class: 'num' }, String(s.codings)),
      h('td', { class: 'num' }, `${s.participants}/${model.participants}`), h('td', { class: s.meets_threshold ? 'ok' : 'warn' }, s.meets_threshold ? 'met' : 'under'), h('td', { class: 'negs' }, negs(s))))));
  const o = model.order || {};
  const order = h('div', { id: 'model-order' }, h('h3', {}, 'Order in narrated time (within episodes, volunteered codings only)'),
    h('p', { class: 'verdict' }, o.verdict || ''),
    o.episodes ? h('p', { class: 'muted' }, `Stage codings in episodes: ${o.volunteered} volunteered, ${o.prompted} prompted (left out), ${o.interviewer_codings} in interviewer turns, ${o.unknown_role} with unknown speaker role.`) : null,
    (o.per_episode || []).length ? h('table', { class: 'grid episodes' },
      h('thead', {}, h('tr', {}, ['Episode', 'Source', 'First appearance'].map((t) => h('th', {}, t)))),
      h('tbody', {}, o.per_episode.map((e) => h('tr', {}, h('td', {}, e.episode), h('td', {}, link(srcLink(e.source), e.source)), h('td', {}, (e.first_appearance || []).join(' > ') || '—'))))) : null);
  const cond = model.conditions || {};
  const conditions = o.episodes && (cond.tables || []).length ? h('div', { id: 'model-conditions' }, h('h3', {}, `Conditions: is ${cond.first} coded where each later stage is?`),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['Later stage', 'Both', 'Later only', 'First only', 'Neither', 'Fisher p', `Without ${cond.first}`].map((t) => h('th', {}, t)))),
      h('tbody', {}, cond.tables.map((c) => h('tr', {}, h('td', {}, c.stage), ...[c.table.a, c.table.c, c.table.b, c.table.d].map((n) => h('td', { class: 'num' }, String(n))),
        h('td', { class: 'num' }, c.p == null ? '—' : c.p.toPrecision(3)), h('td', {}, (c.contradicting || []).join('; ') || '—')))))) : null;
  return h('div', {}, coverage, order, conditions);
}

// guestSaturation shows 'report saturation --json' (Guest, Namey & Chen
// 2020): its sentence, its parameters and its runs, as text.
function guestSaturation(g) {
  const r = g.result;
  const how = g.order === 'analysis' ? 'analysis order: transcripts in the order their coding began, codes at their first appearance in the history' : 'interview (ingest) order, codes as coded now';
  return h('div', { id: 'guest-saturation' },
    h('p', { class: 'sentence' }, g.sentence),
    h('p', { class: 'muted params' }, `Guest, Namey & Chen (2020), ${how}. Base: the first ${r.params.base} transcript(s), ${r.base_codes} code(s); runs of ${r.params.run}; threshold ${(100 * r.params.threshold).toFixed(1)}% new information; ${r.transcripts} transcript(s).`),
    (r.runs || []).length ? h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, ['Run', 'New codes', 'Share of base'].map((t) => h('th', {}, t)))),
      h('tbody', {}, r.runs.map((x) => h('tr', {}, h('td', {}, `${x.from}-${x.to}`), h('td', { class: 'num' }, String(x.new)), h('td', { class: 'num' }, `${(100 * x.share).toFixed(1)}%`))))) : null);
}

// ---- agreement ----

// agreement: inter-coder agreement per code ('agreement --json'); a code's
// name opens its disagreements between the first two coders side by side
// ('agreement disagreements --json'), each linking to its turn, for a
// consensus meeting.
async function agreement(main, params) {
  const coders = params.get('coders') || '';
  const code = params.get('code') || '';
  let r;
  try { r = await get('/api/agreement', { coders }); } catch (e) {
    replace(main, h('h1', {}, 'Agreement'), h('p', { class: 'muted' }, e.message));
    return;
  }
  const pair = r.coders.slice(0, 2);
  const num = (s, pct) => (!s ? '–' : s.value === null || s.value === undefined ? 'n/a' : pct ? (100 * s.value).toFixed(1) + '%' : s.value.toFixed(3));
  const here = (c) => `/agreement?coders=${encodeURIComponent(r.coders.join(','))}${c ? '&code=' + encodeURIComponent(c) : ''}`;
  const row = (x, overall) => h('tr', { class: (overall ? 'overall ' : '') + (x.alpha && x.alpha.value !== null && x.alpha.value < 0.8 ? 'low' : '') + (x.name === code ? ' current' : '') },
    h('td', {}, overall ? x.name : link(here(x.name), x.name)),
    x.coded.map((n) => h('td', { class: 'num' }, String(n))), h('td', { class: 'num' }, String(x.units)),
    h('td', { class: 'num' }, num(x.percent, true)), h('td', { class: 'num' }, num(x.cohen)), h('td', { class: 'num' }, num(x.alpha)));
  const table = h('table', { class: 'grid agreement' },
    h('caption', {}, `Agreement of ${r.coders.join(', ')} on codes, a turn present or absent per code, in ${r.sources.length} source(s) coded by both. Alpha under 0.800 is marked.`),
    h('thead', {}, h('tr', {}, ['Code', ...r.coders, 'Turns', 'Agreement', 'Cohen κ', 'Alpha'].map((t) => h('th', {}, t)))),
    h('tbody', {}, r.rows.map((x) => row(x, false)), row(r.overall, true)));
  let side = null;
  if (code && pair.length === 2) {
    const dl = await get('/api/agreement/disagreements', { coders: pair.join(','), code });
    const col = (d, coder) => h('div', { class: 'side' }, h('div', { class: 'side-coder' }, coder),
      d.coded_by === coder ? [h('span', { class: 'tag' }, 'coded'), d.quotes.map((q) => h('blockquote', {}, q))] : h('span', { class: 'muted' }, 'not coded'));
    side = h('section', { class: 'disagreements' },
      h('h2', {}, `${code}: ${dl.disagreements.length} disagreement(s) between ${pair[0]} and ${pair[1]}`),
      dl.disagreements.length ? null : h('p', { class: 'muted' }, 'None: they coded the same turns.'),
      h('ol', {}, dl.disagreements.map((d) => h('li', { class: 'disagreement' },
        h('div', { class: 'passage-meta' }, link(srcLink(d.ref), d.ref), d.speaker ? h('span', { class: 'speaker' }, d.speaker) : null),
        h('div', { class: 'side-by-side' }, col(d, pair[0]), col(d, pair[1])),
        h('p', { class: 'dis-text' }, d.text)))));
  }
  replace(main, h('h1', {}, 'Agreement'), h('div', { class: 'two-col' }, h('section', {}, table), side || h('section', {}, h('p', { class: 'muted' }, 'Choose a code to see its disagreements side by side.'))));
}

async function log(main) {
  const rows = await get('/api/log', { limit: 200 });
  replace(main, h('h1', {}, 'Log'), h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, ['Time', 'Coder', 'Command', 'Summary'].map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((r) => h('tr', { class: r.undoes ? 'undo' : '' }, h('td', {}, fmtTime(r.time)), h('td', {}, r.coder), h('td', {}, r.command), h('td', {}, r.summary))))));
}

export const views = { sources, codebook, code, search, memos, analysis, agreement, log };
