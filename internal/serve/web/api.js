// api.js: the JSON API. Writes send the revision the page last saw in
// If-Match, so a change made underneath is refused (409), not overwritten.

// writing counts the page's own writes in flight: the revision event a
// write causes can arrive before the write's response, and must not redraw
// the view underneath the user (app.js waits until writing is 0; by then
// the response has set revision, and the event is the page's own).
export const state = { revision: '', coder: '', readOnly: false, listeners: [], writing: 0 };

export class APIError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.field = body && body.field;
    this.candidates = (body && body.candidates) || [];
  }
}

async function call(method, path, body) {
  const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  if (method !== 'GET' && state.revision) opts.headers['If-Match'] = state.revision;
  const write = method !== 'GET';
  if (write) state.writing++;
  try {
    const res = await fetch(path, opts);
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new APIError(res.status, data);
    const etag = res.headers.get('ETag');
    if (etag) state.revision = etag.replaceAll('"', '');
    return data;
  } finally {
    if (write) state.writing--;
  }
}

export const get = (path, params) => {
  if (params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      for (const x of [].concat(v)) if (x !== '' && x !== undefined && x !== null) q.append(k, x);
    }
    const s = q.toString();
    if (s) path += '?' + s;
  }
  return call('GET', path);
};
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);
