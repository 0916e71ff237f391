// The khabar HTTP API (docs/api.md), relative to the page: the UI is served by the same
// `khabar serve` process, so it needs no configuration.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** GET /api/<path>?<params> as JSON; empty params are left out. Throws ApiError with the server's message. */
export async function getJson(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    qs.set(k, v === true ? '1' : String(v));
  }
  const url = `api/${path}${qs.toString() ? `?${qs}` : ''}`;
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(`تعذّر الاتصال بالخادم (${e.message})`, 0);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const msg = (body && (body.error?.message || body.error || body.message)) || res.statusText;
    throw new ApiError(res.status === 404 ? `غير موجود: ${msg}` : String(msg), res.status);
  }
  return body;
}

export const api = {
  health: () => getJson('health'),
  search: (params) => getJson('search', params),
  article: (id) => getJson(`articles/${encodeURIComponent(id)}`),
  entities: (params) => getJson('entities', params),
  entity: (id, params) => getJson(`entities/${encodeURIComponent(id)}`, params),
  stories: (params) => getJson('stories', params),
  story: (id) => getJson(`stories/${encodeURIComponent(id)}`),
};
