// markdown.js: a tiny, safe Markdown subset for memo previews. The source
// is never parsed as HTML: it is split into blocks and inline runs, and
// every piece of text becomes a text node. Supported: # headings,
// paragraphs, - and 1. lists, > quotes, **bold**, *italic*, `code`.
import { h } from './dom.js';

export function renderMarkdown(src) {
  const out = h('div', { class: 'md' });
  const lines = String(src).replace(/\r\n?/g, '\n').split('\n');
  let para = [], list = null;
  const flush = () => {
    if (para.length) out.appendChild(h('p', {}, inline(para.join(' '))));
    para = [];
    list = null;
  };
  for (const line of lines) {
    let m;
    if (!line.trim()) { flush(); continue; }
    if ((m = /^(#{1,4})\s+(.*)$/.exec(line))) {
      flush();
      out.appendChild(h('h' + Math.min(6, m[1].length + 2), {}, inline(m[2])));
    } else if ((m = /^\s*(?:[-*+]|(\d+)\.)\s+(.*)$/.exec(line))) {
      if (para.length) { out.appendChild(h('p', {}, inline(para.join(' ')))); para = []; }
      const tag = m[1] ? 'ol' : 'ul';
      if (!list || list.tagName.toLowerCase() !== tag) { list = h(tag, {}); out.appendChild(list); }
      list.appendChild(h('li', {}, inline(m[2])));
    } else if ((m = /^>\s?(.*)$/.exec(line))) {
      flush();
      out.appendChild(h('blockquote', {}, inline(m[1])));
    } else {
      list = null;
      para.push(line.trim());
    }
  }
  flush();
  return out;
}

// inline splits text into text nodes and strong/em/code elements.
function inline(text) {
  const parts = [];
  const re = /(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`)/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const t = m[0];
    if (t.startsWith('**')) parts.push(h('strong', {}, t.slice(2, -2)));
    else if (t.startsWith('`')) parts.push(h('code', {}, t.slice(1, -1)));
    else parts.push(h('em', {}, t.slice(1, -1)));
    last = m.index + t.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
