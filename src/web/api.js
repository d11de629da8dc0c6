// @ts-check
// The page's calls to the server: JSON GETs (report text and details cached per page), and the
// Server-Sent Events of POST /api/chat read over fetch.

/**
 * @typedef {import('../domain/types.ts').Answer} Answer
 * @typedef {import('../domain/types.ts').Citation} Citation
 * @typedef {import('../domain/types.ts').Turn} Turn
 * @typedef {import('../domain/types.ts').Cell} Cell
 * @typedef {import('../domain/types.ts').Section} Section
 * @typedef {import('../domain/types.ts').RuleResult} RuleResult
 * @typedef {import('../domain/ports.ts').ReportInfo} ReportInfo
 * @typedef {import('../domain/layout.ts').TableLayout} TableLayout
 * @typedef {{ report: ReportInfo, sections: Section[], cells: Cell[], validation: RuleResult[], layouts: TableLayout[] }} ReportDetail
 */

/** The server's limit on a question's length (MAX_QUESTION_CHARS), in UTF-16 code units. */
export const MAX_QUESTION_CHARS = 500;

/**
 * GETs JSON; a failure throws with the server's message (or the HTTP status).
 * @param {string} url
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>}
 */
export async function getJSON(url, signal) {
  const res = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error ?? `请求失败（HTTP ${res.status}）`);
  return body;
}

/** @type {Map<number, Promise<string>>} */
const textCache = new Map();
/** @type {Map<number, Promise<ReportDetail>>} */
const detailCache = new Map();

/**
 * A report's normalised text (the one citation offsets point into); a failure is not cached.
 * @param {number} id
 * @returns {Promise<string>}
 */
export function reportText(id) {
  let p = textCache.get(id);
  if (!p) {
    p = getJSON(`/api/reports/${id}/text`).then((r) => r.text);
    p.catch(() => textCache.delete(id));
    textCache.set(id, p);
  }
  return p;
}

/**
 * A report's metadata, sections, cells, validation and table layouts; a failure is not cached.
 * @param {number} id
 * @returns {Promise<ReportDetail>}
 */
export function reportDetail(id) {
  let p = detailCache.get(id);
  if (!p) {
    p = getJSON(`/api/reports/${id}`);
    p.catch(() => detailCache.delete(id));
    detailCache.set(id, p);
  }
  return p;
}

/**
 * One page of the report list.
 * @param {ReportFilter} filter
 * @param {AbortSignal} [signal]
 * @returns {Promise<ReportListPage>}
 * @typedef {{ q?: string, year?: string, level?: string, offset?: number, limit?: number }} ReportFilter
 * @typedef {import('../domain/ports.ts').ReportPage & { limit: number, offset: number }} ReportListPage
 */
export function listReports(filter, signal) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, String(v));
  return getJSON(`/api/reports${q.size ? `?${q}` : ''}`, signal);
}

/**
 * Yields {event, data} from a text/event-stream body.
 * @param {ReadableStream<BufferSource>} body
 * @returns {AsyncGenerator<{ event: string, data: string }>}
 */
export async function* readSSE(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  /** @param {string} block */
  const parse = (block) => {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      let value = i < 0 ? '' : line.slice(i + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return data.length ? { event, data: data.join('\n') } : null;
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf = (buf + value).replace(/\r\n?/g, '\n');
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const ev = parse(buf.slice(0, i));
      buf = buf.slice(i + 2);
      if (ev) yield ev;
    }
  }
  const last = parse(buf);
  if (last) yield last;
}
